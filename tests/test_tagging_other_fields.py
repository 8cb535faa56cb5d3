"""Words of a topic or a field that other fields use in their own senses, found in libraries
of physics, biology, cryptography, engineering, farming, music and machine-learning digests:
tags must not follow them there, and the topics' own senses must still tag."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import assign_tags, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(ROOT / "taxonomy.yml")


@pytest.mark.parametrize(("title", "wrong"), [
    # Titles of rmlmcfadden/bibliotex (condensed-matter, muon and accelerator physics, materials), the
    # Mendeley library of DarwinAwardWinner/Thesis (genomics) and the Zotero libraries of
    # akiratk0355/crypto-bib (cryptography) and Blaisorblade/Bibs (programming languages); the
    # niobium cavity title is shortened from that physics library's.
    ("Nitrogen and argon doping of niobium for superconducting radio frequency cavities", "Wireless Communication"),
    ("Nuclear reorientation in static and radio-frequency electro-magnetic fields", "Wireless Communication"),
    ("Vortex nucleation in type II superconductors", "Fluid Dynamics & Turbulence"),
    ("Bound Fermion states on a vortex line in a type II superconductor", "Fluid Dynamics & Turbulence"),
    ("Observation of precipitation in Mg-Al alloys by NMR", "Climate & Weather"),
    ("Counting Individual DNA Molecules by the Stochastic Attachment of Diverse Labels", "Chemistry & Materials"),
    ("CRYSTALS-Dilithium: A Lattice-Based Digital Signature Scheme", "Chemistry & Materials"),
    ("Private Information Retrieval", "Retrieval & RAG"),
    ("Near-Optimal Linear Decision Trees for k-SUM and Related Problems", "Ensemble Methods"),
    ("Mechanical properties of single-cell niobium cavities", "Computational Biology"),
])
def test_physics_biology_and_cryptography_senses_of_field_words(taxonomy, title, wrong):
    assert wrong not in assign_tags(title, "", taxonomy)
    assert wrong not in assign_tags(title, "We fit a random forest to the measurements.", taxonomy)  # in the field


def test_the_field_words_own_senses_still_tag(taxonomy):
    assert "Fluid Dynamics & Turbulence" in assign_tags("Learning vortex shedding behind a cylinder", "", taxonomy)
    assert "Climate & Weather" in assign_tags("Extreme precipitation nowcasting with diffusion models", "", taxonomy)
    assert "Climate & Weather" in assign_tags("SynWeather: Weather Observation Data Synthesis", "", taxonomy)
    assert "Quantum Computing" in assign_tags("A Hybrid Quantum-Classical Algorithm for Global Optimization", "", taxonomy)
    assert "Wireless Communication" in assign_tags(
        "Radio frequency fingerprinting of transmitters", "A deep network identifies each transmitter by its radio "
        "frequency signal; receivers of a cellular network log them.", taxonomy)


def test_an_acronym_of_hyphenated_words_one_initial_each(taxonomy):
    text = "Self-normalizing neural networks (SNNs) keep activations normalized. SNNs train deep networks."
    assert "Neuroscience-Inspired Learning" not in assign_tags("Self-Normalizing Neural Networks", text, taxonomy)


def test_robotic_alone_is_weak_though_robotics_names_the_field(taxonomy):
    # A genomics thesis's ChIP-Seq paper (DarwinAwardWinner/Thesis): a lab's machines.
    chip = ("We present a high-throughput ChIP-Seq protocol. It runs without any robotic instrumentation, "
            "and robotic liquid handling is optional; a random forest classifier calls peaks.")
    assert "Robotics" not in assign_tags("A High-throughput ChIP-Seq for Large-scale Chromatin Studies", chip, taxonomy)
    assert "Robotics" in assign_tags("Neuromorphic control for robotic navigation", "", taxonomy)
    assert "Robotics" in assign_tags("Learning for robotics", "", taxonomy)


@pytest.mark.parametrize(("title", "abstract", "wrong"), [
    # Titles of daily arXiv digests (cs.CL, cs.CR, cs.CV, cs.RO), abstracts shortened to the words at issue.
    ("Where Computation Lives Inside TabPFN: Causal Localisation of Attention Head Function",
     "We use activation patching for causal localisation of what each attention head computes.", "Causal Inference"),
    ("Moderating insensitive speech with language models", "An LLM flags harmful speech and insensitive speech in posts.",
     "Speech & Audio"),
    ("Propeller health monitoring of drones from flight logs", "A neural network scores propeller health from logs.",
     "Healthcare & Medicine"),
    ("A visual tokenizer for image generation", "A transformer learns an image tokenizer; image tokenization is 1D.",
     "Natural Language Processing"),
    ("MAStrike: Shapley-Guided Collusive Red-Teaming on Multi-Agent Systems",
     "Shapley values assign credit among LLM agents; Shapley credit guides the attack.", "Interpretability"),
    ("Deconfounding with the backdoor criterion in deep learning", "A neural network estimates the backdoor adjustment.",
     "Robustness / Adversarial"),
])
def test_ml_words_in_another_sense_within_the_field(taxonomy, title, abstract, wrong):
    assert wrong not in assign_tags(title, abstract, taxonomy)


def test_ml_security_and_safety_words_name_their_topics(taxonomy):
    assert "Robustness / Adversarial" in assign_tags(
        "Learning to Inject: Automated Prompt Injection via Reinforcement Learning", "", taxonomy)
    assert "AI Safety & Alignment" in assign_tags(
        "Abliteration Mitigation via Refusal Aliases", "Abliteration removes the refusal of a large language model.", taxonomy)
    assert "Interpretability" in assign_tags("SHAP values explain a gradient boosting model", "", taxonomy)


@pytest.mark.parametrize(("title", "wrong"), [
    # Titles of a hydrology Zotero library, a Scopus export on policy diffusion, a psychology library
    # (crcox/MASTERBIB), a viticulture and a music-technology (NIME) bibliography.
    ("A comprehensive mathematical model for transport of soil-dissolved chemicals by overland flow", "Chemistry & Materials"),
    ("Financial health of banks and fiscal health of cities", "Healthcare & Medicine"),
    ("Virtual lesions of the anterior intraparietal area disrupt goal-dependent on-line adjustments", "Healthcare & Medicine"),
    ("Breeding for Disease and Insect-Pest Resistance in grapevines", "Healthcare & Medicine"),
    ("Towards Smart Pruning: ViNet, a neural network for vine pruning", "Pruning"),
    ("A sound installation written in SuperCollider", "Particle Physics"),
])
def test_other_fields_words_seen_in_more_libraries(taxonomy, title, wrong):
    assert wrong not in assign_tags(title, "", taxonomy)
    assert wrong not in assign_tags(title, "We fit a random forest to the measurements.", taxonomy)  # in the field
