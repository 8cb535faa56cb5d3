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


def test_a_microphone_arrays_beamforming_is_no_wireless_communication(taxonomy):
    # arXiv 2511.19396 (cs.SD).
    title = ("Real-Time Object Tracking with On-Device Deep Learning for Adaptive Beamforming in Dynamic Acoustic "
             "Environments")
    abstract = ("Advances in object tracking and acoustic beamforming are driving new capabilities in surveillance, "
                "human-computer interaction, and robotics. This work presents an embedded system that integrates deep "
                "learning-based tracking with beamforming to achieve precise sound source localization and directional "
                "audio capture in dynamic environments.")
    assert "Wireless Communication" not in assign_tags(title, abstract, taxonomy)
    assert "Wireless Communication" in assign_tags(
        "Hybrid Beamforming for mmWave Massive MIMO", "We design analog and digital precoders.", taxonomy)


def test_a_controllers_linear_system_is_no_numerical_linear_algebra(taxonomy):
    # arXiv 2510.01059 (eess.SY).
    title = "Predictive Control Barrier Functions for Discrete-Time Linear Systems with Unmodeled Delays"
    abstract = ("This paper introduces a predictive control barrier function (PCBF) framework for enforcing state "
                "constraints in discrete-time systems with unknown relative degree, which can be caused by input delays "
                "or unmodeled input dynamics.")
    assert "Numerical Methods & Scientific Computing" not in assign_tags(title, abstract, taxonomy)
    assert "Numerical Methods & Scientific Computing" in assign_tags(
        "Learned preconditioners for sparse linear systems", "", taxonomy)


def test_bm3ds_collaborative_filtering_recommends_nothing(taxonomy):
    # arXiv 2511.12248 (eess.IV).
    title = "Deep Unfolded BM3D: Unrolling Non-local Collaborative Filtering into a Trainable Neural Network"
    abstract = ("Block-Matching and 3D Filtering (BM3D) exploits non-local self-similarity priors for denoising but "
                "relies on fixed parameters. We propose a hybrid framework that unrolls BM3D into a trainable "
                "architecture by replacing its fixed collaborative filtering with a learnable U-Net denoiser.")
    assert "Recommender Systems" not in assign_tags(title, abstract, taxonomy)
    assert "Recommender Systems" in assign_tags(
        "Neural Collaborative Filtering", "A deep neural network learns user-item interactions.", taxonomy)


def test_a_farms_chemical_use_is_no_chemistry(taxonomy):
    # arXiv 2511.12492 (eess.SY, cs.RO).
    title = "Density-Driven Multi-Agent Coordination for Efficient Farm Coverage and Management in Smart Agriculture"
    abstract = ("Traditional methods such as manual inspection and blanket pesticide spraying often lead to excessive "
                "chemical use, resource waste, and environmental impact. The method supports non-uniform, priority-aware "
                "resource allocation based on infestation intensity, reducing unnecessary chemical application.")
    assert "Chemistry & Materials" not in assign_tags(title, abstract, taxonomy)
    assert "Chemistry & Materials" in assign_tags(
        "High Resolution NMR: Theory and Chemical Applications", "", taxonomy)


def test_a_networks_fairness_index_and_a_classifiers_discrimination_are_no_fairness(taxonomy):
    # arXiv 2601.16533 (cs.NI): Jain's index of how evenly sensors are served.
    title = "UAV-Assisted Joint Data Collection and Wireless Power Transfer for Batteryless Sensor Networks"
    abstract = ("The goal is to maximize the collected data volume and fairness index while minimizing the UAV energy "
                "consumption. A deep reinforcement learning (DRL)-based algorithm is proposed to solve the problem. "
                "The proposed approach consistently outperforms benchmark schemes in terms of collected data volume, "
                "fairness, and UAV energy consumption.")
    assert "Fairness" not in assign_tags(title, abstract, taxonomy)
    # arXiv 2605.05729 (eess.SP): telling lesion types apart.
    title = ("Optimizing In Vivo Oral Lesion Classification from Electrical Impedance Spectroscopy Using Data-driven "
             "Approaches")
    abstract = ("Classification frameworks for in vivo oral lesion discrimination remain underdeveloped. This paper "
                "presents a machine-learning (ML) pipeline. Three classification tasks were evaluated: (1) healthy vs. "
                "cancer, (2) multi-class lesion-type discrimination, and (3) multi-class discrimination between the "
                "three lesion pathologies and healthy tissue.")
    assert "Fairness" not in assign_tags(title, abstract, taxonomy)
    assert "Fairness" in assign_tags(
        "Fairness in Machine Learning", "We measure discrimination against protected groups by classifiers.", taxonomy)


def test_pruning_an_agents_context_is_no_model_pruning(taxonomy):
    # arXiv 2601.16746 (cs.SE).
    title = "SWE-Pruner: Self-Adaptive Context Pruning for Coding Agents"
    abstract = ("LLM agents have demonstrated remarkable capabilities in software development, but their performance is "
                "hampered by long interaction contexts. In this paper, we propose SWE-Pruner, a self-adaptive context "
                "pruning framework tailored for coding agents.")
    tags = assign_tags(title, abstract, taxonomy)
    assert "Pruning" not in tags and "Model Compression" not in tags
    assert "Pruning" in assign_tags("Structured Pruning of Large Language Models", "", taxonomy)


def test_a_drivers_human_feedback_is_no_alignment(taxonomy):
    # arXiv 2512.09097 (eess.SY, cs.RO): a driver's feedback controller, learned by regression.
    title = ("Characterizing Human Feedback-Based Control in Naturalistic Driving Interactions via Gaussian Process "
             "Regression with Linear Feedback")
    abstract = ("We model the human driver responses as state-based feedback controllers learned via Gaussian Process "
                "regression methods.")
    assert "AI Safety & Alignment" not in assign_tags(title, abstract, taxonomy, in_field=True)
    # Ouyang et al. 2022; Stiennon et al. 2020.
    for title in ("Training language models to follow instructions with human feedback",
                  "Learning to Summarize with Human Feedback"):
        assert "AI Safety & Alignment" in assign_tags(title, "", taxonomy, in_field=True)


def test_a_controllers_optimality_is_no_learning_theory(taxonomy):
    # arXiv 2511.13588 (eess.SY).
    title = "Data-driven Acceleration of MPC with Guarantees"
    abstract = ("Model Predictive Control (MPC) is a powerful framework for optimal control but can be too slow for "
                "low-latency applications. Our analysis shows that under sufficient coverage condition of the offline "
                "data, the policy is recursively feasible and admits provable, bounded optimality gap. Our experiments "
                "show that this policy is between 100 and 1000 times faster than standard MPC, with only a modest hit to "
                "optimality.")
    assert "Learning Theory" not in assign_tags(title, abstract, taxonomy, in_field=True)
    assert "Learning Theory" in assign_tags(
        "Generalization bounds for deep networks", "We prove a generalization bound and study optimality.", taxonomy,
        in_field=True)


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
