"""Engineering's own uses of words that name machine-learning topics: a microphone array's
beamforming, a controller's linear system or optimality, a driver's human feedback, a
network's fairness index, an agent's context pruning. Excerpts of arXiv abstracts (as daily
arXiv listings on GitHub carry them), each beside a text in the topic's own sense that keeps its tag.
Software engineering's own words for generating code (coding agents) name Code Generation."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


# Each row: a text in engineering's sense, the tags it must not get, whether its arXiv
# category is in the field, and texts in the topic's own sense that keep the first tag.
SENSES = [
    pytest.param(
        # arXiv 2511.19396 (cs.SD).
        "Real-Time Object Tracking with On-Device Deep Learning for Adaptive Beamforming in Dynamic Acoustic Environments",
        "Advances in object tracking and acoustic beamforming are driving new capabilities in surveillance, "
        "human-computer interaction, and robotics. This work presents an embedded system that integrates deep "
        "learning-based tracking with beamforming to achieve precise sound source localization and directional "
        "audio capture in dynamic environments.",
        ("Wireless Communication",), False,
        [("Hybrid Beamforming for mmWave Massive MIMO", "We design analog and digital precoders.")],
        id="a microphone array's beamforming"),
    pytest.param(
        # arXiv 2510.01059 (eess.SY).
        "Predictive Control Barrier Functions for Discrete-Time Linear Systems with Unmodeled Delays",
        "This paper introduces a predictive control barrier function (PCBF) framework for enforcing state "
        "constraints in discrete-time systems with unknown relative degree, which can be caused by input delays "
        "or unmodeled input dynamics.",
        ("Numerical Methods & Scientific Computing",), False,
        [("Learned preconditioners for sparse linear systems", "")],
        id="a controller's linear system"),
    pytest.param(
        # arXiv 2511.12248 (eess.IV).
        "Deep Unfolded BM3D: Unrolling Non-local Collaborative Filtering into a Trainable Neural Network",
        "Block-Matching and 3D Filtering (BM3D) exploits non-local self-similarity priors for denoising but "
        "relies on fixed parameters. We propose a hybrid framework that unrolls BM3D into a trainable "
        "architecture by replacing its fixed collaborative filtering with a learnable U-Net denoiser.",
        ("Recommender Systems",), False,
        [("Neural Collaborative Filtering", "A deep neural network learns user-item interactions.")],
        id="BM3D's collaborative filtering"),
    pytest.param(
        # arXiv 2511.12492 (eess.SY, cs.RO).
        "Density-Driven Multi-Agent Coordination for Efficient Farm Coverage and Management in Smart Agriculture",
        "Traditional methods such as manual inspection and blanket pesticide spraying often lead to excessive "
        "chemical use, resource waste, and environmental impact. The method supports non-uniform, priority-aware "
        "resource allocation based on infestation intensity, reducing unnecessary chemical application.",
        ("Chemistry & Materials",), False,
        [("High Resolution NMR: Theory and Chemical Applications", "")],
        id="a farm's chemical use"),
    pytest.param(
        # arXiv 2601.16533 (cs.NI): Jain's index of how evenly sensors are served.
        "UAV-Assisted Joint Data Collection and Wireless Power Transfer for Batteryless Sensor Networks",
        "The goal is to maximize the collected data volume and fairness index while minimizing the UAV energy "
        "consumption. A deep reinforcement learning (DRL)-based algorithm is proposed to solve the problem. "
        "The proposed approach consistently outperforms benchmark schemes in terms of collected data volume, "
        "fairness, and UAV energy consumption.",
        ("Fairness",), False,
        [("Fairness in Machine Learning", "We measure discrimination against protected groups by classifiers.")],
        id="a network's fairness index"),
    pytest.param(
        # arXiv 2605.05729 (eess.SP): telling lesion types apart.
        "Optimizing In Vivo Oral Lesion Classification from Electrical Impedance Spectroscopy Using Data-driven "
        "Approaches",
        "Classification frameworks for in vivo oral lesion discrimination remain underdeveloped. This paper "
        "presents a machine-learning (ML) pipeline. Three classification tasks were evaluated: (1) healthy vs. "
        "cancer, (2) multi-class lesion-type discrimination, and (3) multi-class discrimination between the "
        "three lesion pathologies and healthy tissue.",
        ("Fairness",), False,
        [("Fairness in Machine Learning", "We measure discrimination against protected groups by classifiers.")],
        id="a classifier's discrimination"),
    pytest.param(
        # arXiv 2601.16746 (cs.SE).
        "SWE-Pruner: Self-Adaptive Context Pruning for Coding Agents",
        "LLM agents have demonstrated remarkable capabilities in software development, but their performance is "
        "hampered by long interaction contexts. In this paper, we propose SWE-Pruner, a self-adaptive context "
        "pruning framework tailored for coding agents.",
        ("Pruning", "Model Compression"), False,
        [("Structured Pruning of Large Language Models", "")],
        id="an agent's context pruning"),
    pytest.param(
        # arXiv 2512.09097 (eess.SY, cs.RO): a driver's feedback controller, learned by regression.
        "Characterizing Human Feedback-Based Control in Naturalistic Driving Interactions via Gaussian Process "
        "Regression with Linear Feedback",
        "We model the human driver responses as state-based feedback controllers learned via Gaussian Process "
        "regression methods.",
        ("AI Safety & Alignment",), True,
        # Ouyang et al. 2022; Stiennon et al. 2020.
        [("Training language models to follow instructions with human feedback", ""),
         ("Learning to Summarize with Human Feedback", "")],
        id="a driver's human feedback"),
    pytest.param(
        # arXiv 2511.13588 (eess.SY).
        "Data-driven Acceleration of MPC with Guarantees",
        "Model Predictive Control (MPC) is a powerful framework for optimal control but can be too slow for "
        "low-latency applications. Our analysis shows that under sufficient coverage condition of the offline "
        "data, the policy is recursively feasible and admits provable, bounded optimality gap. Our experiments "
        "show that this policy is between 100 and 1000 times faster than standard MPC, with only a modest hit to "
        "optimality.",
        ("Learning Theory",), True,
        [("Generalization bounds for deep networks", "We prove a generalization bound and study optimality.")],
        id="a controller's optimality"),
]


@pytest.mark.parametrize(("title", "abstract", "wrong", "in_field", "own"), SENSES)
def test_engineerings_sense_of_a_word_is_no_topic_and_the_topics_own_sense_keeps_it(
        taxonomy, title, abstract, wrong, in_field, own):
    assert not set(wrong) & set(assign_tags(title, abstract, taxonomy, in_field=in_field))
    for own_title, own_abstract in own:
        assert wrong[0] in assign_tags(own_title, own_abstract, taxonomy, in_field=in_field)


@pytest.mark.parametrize(("title", "abstract"), [
    # arXiv 2601.16809 (cs.SE).
    ('Will It Survive? Deciphering the Fate of AI-Generated Code in Open Source',
     ('The integration of AI agents as coding assistants into software development has raised questions '
      'about the long-term viability of AI agent-generated code. A prevailing hypothesis within the '
      'software engineering community suggests this code is "disposable", meaning it is merged quickly but '
      'discarded shortly thereafter. If true, organizations risk shifting maintenance burden from '
      'generation to post-deployment remediation.')),
    # arXiv 2606.07448 (cs.SE).
    ('Agentic Very Much! Adoption of Coding Agent in New GitHub Projects',
     ('In previous work, we investigated the adoption of coding agents in GitHub projects, finding that it '
      'was very significant. This study follows this line of work, but analyses new projects, that were '
      'created after the previous study. In this new sample, we find that the adoption of coding agents is '
      'more than twice as high.')),
    # arXiv 2512.05239 (cs.SE).
    ('A Survey of Bugs in AI-Generated Code',
     ('Developers are widely using AI code-generation models, aiming to increase productivity and '
      'efficiency. However, there are also quality concerns regarding the AI-generated code. The generated '
      'code is produced by models trained on publicly available code, which are known to contain bugs and '
      'quality issues.')),
])
def test_coding_agents_and_the_code_they_write_are_code_generation(taxonomy, title, abstract):
    # Software engineering's studies of coding agents and the code they write are about
    # generating code, though they seldom say "code generation". cs.SE is in the field.
    assert "Code Generation" in assign_tags(title, abstract, taxonomy, in_field=True)
