"""The taxonomy's field (its `context`): papers of other fields get only field-of-research
tags, and their keywords equal to a method's phrase stay their own; an arXiv category,
or a keyword naming one, puts a paper in the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import categories, topics
from generator.model import Paper
from generator.tagging import TaxonomyError, assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


OUTSIDE_THE_FIELD = [  # one line each from other fields, as libraries hold them: none is about machine learning
    ("Pruning of apple trees and fruit yield", ""),
    ("Llama and alpaca fibre quality in the Andes", ""),
    ("Black mamba venom dendrotoxins", ""),
    ("Propensity score matching in a cohort of hip fracture patients",
     "We compared mortality after surgery using propensity score matching. After matching, outcomes did not differ."),
    ("Clinical practice guideline: recommendations for the management of hypertension",
     "We provide recommendations on blood pressure targets. Recommendations were graded by evidence."),
    ("Statistical Properties of Soft X-Ray Emission of Solar Flares", ""),
    ("What drives inflation in emerging markets?", ""),
    ("Experimental manipulation of brood size in great tits", ""),
    ("The investment climate and firm growth in Africa", ""),
    ("Neonatal abstinence syndrome after prenatal opioid exposure",
     "Neonatal abstinence syndrome (NAS) incidence rose sharply. Infants with NAS had longer hospital stays."),
    ("Freedom of speech and the First Amendment", ""),
    ("Fluorescence quantum yield of rhodamine dyes", ""),
    ("Halo effect in teacher evaluations", ""),
    ("Anatomy of a Solid-State Drive", ""),
]


@pytest.mark.parametrize("title, abstract", OUTSIDE_THE_FIELD, ids=lambda value: value[:30])
def test_papers_of_other_fields_get_no_machine_learning_topic(taxonomy, title, abstract):
    tags = assign_tags(title, abstract, taxonomy)
    assert all(taxonomy.get(tag).field for tag in tags), tags


def test_a_field_of_research_is_a_tag_within_it_or_not(taxonomy):
    dark_matter = "On the statistical theory of self-gravitating collisionless dark matter flow"
    assert "Astrophysics" in assign_tags(dark_matter, "We study galaxies and dark matter haloes in simulations.", taxonomy)
    assert assign_tags("Remote ischemic preconditioning before cardiac surgery", "", taxonomy) == []
    # Within the field the same words are topics: the text says so, or the arXiv categories do.
    assert "Pruning" in assign_tags("Pruning of neural networks", "", taxonomy)
    assert "Pruning" in assign_tags("Pruning of apple trees", "", taxonomy, in_field=True)


def test_an_arxiv_category_puts_a_paper_in_the_field(taxonomy):
    full = categories.with_categories(taxonomy)
    paper = Paper(title="Efficient transformers for long documents", abstract="We make attention cheaper.", key="title:a")
    [outside], _ = topics.tag_papers([paper], full)
    [inside], _ = topics.tag_papers([paper.replace(categories=("cs.CL",))], full)
    [zotero], _ = topics.tag_papers([paper.replace(user_tags=("Computer Science - Computation and Language",))], full)
    assert "Transformers & Attention" not in outside.tags
    assert "Transformers & Attention" in inside.tags
    assert "Transformers & Attention" in zotero.tags  # the category as Zotero writes it among the keywords


def test_a_keyword_names_a_machine_learning_topic_only_within_the_field(taxonomy):
    full = categories.with_categories(taxonomy)
    grid = Paper(title="Ageing of power transformers in the grid", abstract="Oil samples from substations.",
                 key="title:a", user_tags=("Transformer", "Robotics"))
    nets = grid.replace(key="title:b", title="Transformers for language", abstract="A neural network for text.")
    tagged, _ = topics.tag_papers([grid, grid.replace(key="title:c"), nets], full)
    assert tagged[0].tags == ("Robotics", "Transformer")  # a tag named by its name, and its own word
    assert "Transformers & Attention" in tagged[2].tags and "Transformer" not in tagged[2].tags


def test_a_taxonomy_context_is_checked_where_it_is_written(tmp_path):
    path = tmp_path / "taxonomy.yml"
    tags = "families:\n  F:\n    - name: A\n      phrases: [alpha]\n    - name: B\n      phrases: [beta]\n"
    for text, line, message in [("context:\n  categories: [cs]\n" + tags, 2, "'context' has no 'phrases'"),
                                ("context:\n  phrases: []\n" + tags, 2, "empty 'phrases' list"),
                                ("context:\n  phrases: [x]\n  words: [y]\n" + tags, 3, "unknown key 'words'"),
                                (tags + "      field: maybe\n", 7, "the field of tag 'B' must be true or false")]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(TaxonomyError, match=f"{path}:{line}: .*{message}"):
            load_taxonomy(path)
    path.write_text("context:\n  phrases: [x]\n  categories: [cs, q-bio.GN]\n" + tags + "      field: true\n", encoding="utf-8")
    loaded = load_taxonomy(path)
    assert loaded.context.phrases == ("x",) and [tag.field for tag in loaded.tags] == [False, True]
    assert loaded.context.has_category(["cs.LG"]) and loaded.context.has_category(["q-bio.GN"])
    assert not loaded.context.has_category(["q-bio.PE", "stat.ML"])


OTHER_FIELDS_WITH_ML_WORDS = [  # the context phrases that are also ordinary words elsewhere stay out of it
    ("Lifelong learning and adult education policy in the European Union", ""),
    ("Scaling laws in biology: Kleiber's law revisited", ""),
    ("Self-attention and social anxiety", ""),
]


@pytest.mark.parametrize("title, abstract", OTHER_FIELDS_WITH_ML_WORDS, ids=lambda value: value[:30])
def test_words_machine_learning_shares_with_other_fields_put_no_paper_in_it(taxonomy, title, abstract):
    assert assign_tags(title, abstract, taxonomy) == []


def test_a_machine_learning_paper_is_in_the_field_by_its_own_terms(taxonomy):
    abstract = ("Class-incremental methods suffer from catastrophic forgetting. We store exemplars and "
                "show that continual learning improves with a balanced output head.")
    assert "Continual Learning" in assign_tags("Rehearsal revisited", abstract, taxonomy)


def test_boosting_as_a_verb_is_no_ensemble(taxonomy):
    reasoning = ("Boosting Large Language Model Reasoning with Self-Verification",
                 "Large language models struggle with multi-step reasoning. We boost their accuracy with a verifier, "
                 "boosting performance on math benchmarks.")
    assert "Ensemble Methods" not in assign_tags(*reasoning, taxonomy)
    adaboost = ("A decision-theoretic generalization of on-line learning and an application to boosting",
                "We show that the multiplicative weight-update rule can be adapted to boosting, the combination of "
                "weak learners into a strong classifier.")
    assert "Ensemble Methods" in assign_tags(*adaboost, taxonomy)


def test_hate_speech_is_text_not_audio(taxonomy):
    abstract = ("Online forums are rife with hate speech. We propose a graph neural network for hate speech "
                "detection that reads the conversation, and show that the context improves detection.")
    assert "Speech & Audio" not in assign_tags("Understanding online conversations", abstract, taxonomy)
    whisper = "We study speech processing systems trained to predict transcripts of audio. Our speech recognition models generalize."
    assert "Speech & Audio" in assign_tags("Robust Speech Recognition via Weak Supervision", whisper, taxonomy)


OTHER_SENSES = [  # (tag, a paper using the tag's word in another sense, a paper on the tag's topic)
    ("Transformers & Attention",
     ("Predicate Transformer Semantics of Quantum Programs",
      "We present a systematic exposition of predicate transformer semantics for quantum programs, "
      "with the weakest precondition of quantum while-programs."),
     ("Self-Attention with Relative Position Representations",
      "Relying entirely on an attention mechanism, the Transformer achieves state-of-the-art results for "
      "machine translation. We extend the Transformer's self-attention to relative positions.")),
    ("Transformers & Attention",
     ("Novel Power Transformer Fault Diagnosis Using Optimized Machine Learning Methods",
      "The early detection of transformer faults increases the power system reliability. A fault diagnosis "
      "for power transformers is introduced using six machine learning methods on the dissolved gasses of "
      "transformer oils; the transformer fault diagnosis had superior accuracy."), None),
    ("Optimization",
     ("A Verified Optimizer for Quantum Circuits",
      "We present VOQC, the first fully verified optimizer for quantum circuits, written with the Coq proof "
      "assistant. Like an optimizing compiler, the circuit optimizer rewrites programs for quantum computing."),
     ("The AdEMAMix Optimizer: Better, Faster, Older",
      "We propose AdEMAMix, a simple modification of the Adam optimizer with a mixture of two EMAs to better "
      "take advantage of past gradients in language model training.")),
    ("Optimization",
     ("ADAM: a Model of Artificial Psyche",
      "ADAM is an artificial intelligence architecture modelled on the human psyche. We describe how ADAM "
      "forms goals and emotions."), None),
    ("Pruning",
     ("Modular Component-Based Quantum Circuit Synthesis",
      "We synthesize quantum circuits from components with an enumerative search with pruning, and perform "
      "the search and pruning at the module level to accelerate the procedure."),
     ("Learned Token Pruning for Transformers",
      "We present learned token pruning, which prunes tokens with an attention score below a learned "
      "threshold as the data passes through the layers of the transformer.")),
    ("Bayesian Methods",
     ("Quantum Probabilistic Model Checking for Time-Bounded Properties",
      "Probabilistic model checking verifies properties of probabilistic models. We give a probabilistic "
      "model checking algorithm for quantum Markov chains."),
     ("Pathfinder: Parallel Quasi-Newton Variational Inference",
      "Pathfinder is a variational inference method for sampling from differentiable log densities; it "
      "returns draws from the approximation of the posterior distribution.")),
    ("Graph Neural Networks",
     ("The Complexity of Testing Message-Passing Concurrency",
      "Message-passing concurrency is the dominant model of distributed programs. We study the complexity "
      "of testing message-passing programs and give upper and hardness lower bounds."),
     ("A Homogeneous Graph Neural Network for Precoding and Power Allocation",
      "We propose a graph neural network whose message passing respects the permutation of users.")),
    ("Learning Theory",
     ("Comparing Stars: On Approximating Graph Edit Distance",
      "We introduce three novel methods to compute the upper and lower bounds for the edit distance "
      "between two graphs in polynomial time, and tighter lower bounds for machine learning on graphs."),
     ("How Powerful are Shallow Neural Networks with Bandlimited Random Weights?",
      "Random networks cannot achieve zero approximation error. We derive a new nontrivial approximation "
      "error lower bound for shallow neural networks with random weights; the proof uses ridgelet analysis.")),
    ("Neural Architecture Search",
     ("Efficient Robustness Assessment via Adversarial Spatial-Temporal Focus on Videos",
      "Adversarial attacks on video recognition need many queries. We focus the attack on key frames and "
      "regions, which reduces the search space, and a smaller search space needs fewer queries."),
     ("PA&DA: Jointly Sampling PAth and DAta for Consistent NAS",
      "One-shot NAS trains a supernet whose ranking of architectures should be consistent across search spaces.")),
    ("Continual Learning",
     ("Selective Forgetting: Advancing Machine Unlearning Techniques and Evaluation in Language Models",
      "Machine unlearning removes sensitive data from a language model. We achieve precise and selective "
      "forgetting, and reinforce the forgetting framework with annotated sensitive scopes."),
     ("MoFO: Momentum-Filtered Optimizer for Mitigating Forgetting in LLM Fine-Tuning",
      "During fine-tuning, LLMs may forget the knowledge acquired in pre-training. MoFO keeps parameters "
      "close to the pre-trained model, mitigating knowledge forgetting.")),
    ("Healthcare & Medicine",
     ("Diagnosis of Electric Vehicle Batteries Using Recurrent Neural Networks",
      "In electric vehicles, diagnosing battery states, such as state of health (SOH), is crucial to safety. "
      "We predict the state of health with recurrent neural networks."),
     ("Machine Learning in Healthcare",
      "Machine learning predicts health emergencies and disease states from clinical data.")),
    ("Parameter-Efficient Fine-Tuning",
     ("Leveraging Machine Learning for Spreading Factor Optimization in Lora WAN Networks",
      "We introduce a machine learning framework for spreading factor management in LoRa networks. "
      "A neural network selects the spreading factor on LoRa devices."),
     ("LoRA Learns Less and Forgets Less",
      "Low-Rank Adaptation (LoRA) is a parameter-efficient finetuning method for large language models.")),
    ("Knowledge Distillation",
     ("Neural decoders for magic state distillation",
      "We train a neural network decoder for the 15-to-1 magic state distillation circuit under circuit-level "
      "noise, and magic state distillation runs in fewer code cycles."),
     ("Compressing GANs using Knowledge Distillation",
      "A smaller student GAN learns to mimic a larger teacher GAN; distillation compresses the teacher.")),
    ("Diffusion Models",
     ("Drift-diffusion model of perceptual decisions in a recurrent neural network",
      "Reaction times are well fit by the drift-diffusion model. We train a recurrent neural network on the "
      "task and show that its dynamics implement a drift-diffusion model."),
     ("Diffusion Policies as an Expressive Policy Class for Offline Reinforcement Learning",
      "We propose Diffusion-QL, which uses a conditional diffusion model as a highly expressive policy class; "
      "the diffusion model learns the action distribution.")),
    ("Federated Learning",
     ("Spatial signatures for geographic feature types with federated queries",
      "Gazetteers of linked data differ, which makes federated queries challenging; we learn spatial "
      "signatures of feature types with machine learning to align federated queries."),
     ("Communication-Efficient Learning of Deep Networks from Decentralized Data",
      "We advocate federated learning, which leaves the training data on mobile devices, and a federated "
      "averaging of local updates.")),
]


@pytest.mark.parametrize("tag, other, topical", OTHER_SENSES, ids=[other[0][:40] for _, other, _ in OTHER_SENSES])
def test_a_word_in_another_sense_is_not_the_topic(taxonomy, tag, other, topical):
    # In the field by an arXiv category (cs.PL, cs.NI, ...) the words still mean something else.
    assert tag not in assign_tags(*other, taxonomy, in_field=True)
    if topical:
        assert tag in assign_tags(*topical, taxonomy, in_field=True)


def test_quantum_computing_is_a_field_of_its_own(taxonomy):
    abstract = ("Optimizers rewrite quantum circuits for quantum computers. We synthesize optimizers from a gate "
                "set; the synthesized optimizers outperform hand-written ones.")
    assert assign_tags("Synthesizing Quantum-Circuit Optimizers", abstract, taxonomy) == ["Quantum Computing"]


def test_a_taxonomy_in_utf16_reads_and_one_that_is_not_text_says_its_line(tmp_path):
    path = tmp_path / "taxonomy.yml"
    text = "families:\n  F:\n    - name: Réseaux\n      phrases: [réseau de neurones]\n    - name: B\n      phrases: [beta]\n"
    path.write_bytes(text.encode("utf-16"))  # Windows Notepad's "Unicode", with its byte-order mark
    assert [tag.name for tag in load_taxonomy(path).tags] == ["Réseaux", "B"]
    path.write_bytes(text.encode("cp1252"))
    with pytest.raises(TaxonomyError, match=f"{path}:3: not UTF-8 text \\(byte "):
        load_taxonomy(path)
