"""The tagging stage: the real taxonomy on the real sample listing, phrase matching rules,
no tag without evidence, merging user tags (broken taxonomy files: `test_taxonomy_file.py`)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.tagging import (
    Tag,
    Taxonomy,
    assign_tags,
    load_taxonomy,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sources" / "2024-03-14-trending-papers.txt"


def sample_papers() -> list[tuple[str, str]]:
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rest = lines[lines.index("Mar 14") + 1 :]
    assert len(rest) % 2 == 0
    return [(rest[i], rest[i + 1]) for i in range(0, len(rest), 2)]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(ROOT / "taxonomy.yml")


@pytest.fixture(scope="module")
def tagged(taxonomy) -> dict[str, list[str]]:
    return {title: assign_tags(title, abstract, taxonomy) for title, abstract in sample_papers()}


def tags_of(tagged: dict[str, list[str]], title_start: str) -> list[str]:
    (tags,) = [tags for title, tags in tagged.items() if title.startswith(title_start)]
    return tags


def small_taxonomy(*tags: tuple[str, list[str]]) -> Taxonomy:
    return Taxonomy(
        tuple(Tag(name, name.lower().replace(" ", "-"), "Methods", "", tuple(p)) for name, p in tags),
        ("Methods",),
    )


# ---------------------------------------------------------------- the real taxonomy

def test_taxonomy_is_broad_grouped_and_well_formed(taxonomy):
    # Broad enough to file most papers, few enough to browse; fields of research beyond machine learning
    # (ecology, condensed-matter physics) have each earned a tag of their own.
    assert 50 <= len(taxonomy.tags) <= 100
    assert {"Methods", "Tasks", "Domains"} <= set(taxonomy.families)
    assert [t.family for t in taxonomy.tags] == sorted(
        (t.family for t in taxonomy.tags), key=taxonomy.families.index
    )
    for tag in taxonomy.tags:
        assert tag.phrases and tag.description and tag.slug
    assert len({t.slug for t in taxonomy.tags}) == len(taxonomy.tags)
    for catch_all in ("Deep Learning", "Machine Learning", "Neural Networks", "Artificial Intelligence"):
        assert taxonomy.get(catch_all) is None


def test_lookup_by_name_is_case_insensitive(taxonomy):
    tag = taxonomy.get("neural architecture SEARCH")
    assert tag is not None and tag.name == "Neural Architecture Search"
    assert tag.slug == "neural-architecture-search"
    assert taxonomy.family_of("graph neural networks") == "Methods"
    assert taxonomy.get("No Such Tag") is None and taxonomy.family_of("No Such Tag") is None


def test_sample_has_66_papers():
    assert len(sample_papers()) == 66


def test_every_sample_paper_gets_1_to_6_known_tags(taxonomy, tagged):
    for title, tags in tagged.items():
        assert 1 <= len(tags) <= 6, title
        assert len(set(tags)) == len(tags), title
        assert all(taxonomy.get(tag) is not None for tag in tags), title


def test_no_tag_is_a_catch_all(tagged):
    counts = Counter(tag for tags in tagged.values() for tag in tags)
    tag, count = counts.most_common(1)[0]
    assert count / len(tagged) <= 0.40, (tag, count)
    assert len(counts) >= 30  # the sample spreads over many topics


@pytest.mark.parametrize(
    ("title_start", "expected"),
    [
        ("PC-DARTS", {"Neural Architecture Search"}),
        ("A Homogeneous Graph Neural Network for Precoding", {"Graph Neural Networks", "Wireless Communication"}),
        ("KIVI", {"Quantization", "LLMs"}),
        ("On the statistical theory of self-gravitating", {"Astrophysics"}),
        ("Motion Mamba", {"State Space Models", "Motion Generation"}),
        ("NetMamba", {"Network Security / Traffic", "State Space Models"}),
        ("LAPTOP-Diff", {"Pruning", "Knowledge Distillation", "Diffusion Models", "Model Compression"}),
        ("Lagrangian PINNs", {"Physics-Informed ML / PDEs"}),
        ("Multi-Objective GFlowNets", {"Generative Flow Networks"}),
        ("Barlow Twins", {"Self-Supervised Learning"}),
        ("Diversity-Driven Synthesis", {"Dataset Distillation"}),
        ("Say No to the Discrimination", {"Fairness", "Graph Neural Networks"}),
        ("STU-Net", {"Medical Image Segmentation"}),
        ("Approximately Piecewise E(3)", {"Equivariance / Symmetry", "3D / Point Clouds / Meshes"}),
        ("Geometric Knowledge-Guided", {"Federated Learning"}),
        ("SCALE: Synergized Collaboration", {"Machine Translation", "LLMs"}),
        ("Window-Based Early-Exit Cascades", {"Uncertainty Estimation", "Efficient Inference / Early Exit"}),
        ("Magnitude Invariant Parametrizations", {"Hypernetworks"}),
        ("The implications of stochastic gas torques", {"Astrophysics"}),
        ("Imbalanced Adversarial Training", {"Robustness / Adversarial"}),
    ],
)
def test_sample_papers_get_their_main_topics(tagged, title_start, expected):
    assert expected <= set(tags_of(tagged, title_start))


@pytest.mark.parametrize(
    ("title_start", "wrong"),
    [
        ("Improving equilibrium propagation without weight symmetry", "Equivariance / Symmetry"),
        ("How Over-Parameterization Slows Down", "Equivariance / Symmetry"),
        ("Diversity-Driven Synthesis", "Knowledge Distillation"),  # dataset, not knowledge, distillation
        ("EEEA-Net", "Efficient Inference / Early Exit"),  # "early exit" of an evolutionary search
        ("Neural Sheaf Diffusion", "Diffusion Models"),
        ("Lagrangian PINNs", "Causal Inference"),  # "causality-conforming"
        ("Revisiting Transformation Invariant", "Machine Translation"),  # "translation, rotation"
        ("Unified Data-Free Compression", "Foundation Models & Pre-training"),  # "without fine-tuning"
        ("Motion Mamba", "Diffusion Models"),  # compared with, not built on
    ],
)
def test_passing_or_other_senses_of_a_word_do_not_tag(tagged, title_start, wrong):
    assert wrong not in tags_of(tagged, title_start)


def test_tagging_is_deterministic_and_fast(taxonomy):
    papers = sample_papers()
    start = time.perf_counter()
    first = [assign_tags(t, a, taxonomy) for t, a in papers]
    assert time.perf_counter() - start < 1.0
    assert first == [assign_tags(t, a, taxonomy) for t, a in papers]
    fresh = load_taxonomy(ROOT / "taxonomy.yml")
    assert first == [assign_tags(t, a, fresh) for t, a in papers]


# ---------------------------------------------------------------- matching rules

def test_title_counts_more_than_the_abstract(taxonomy):
    # one mention in the title makes a tag, one passing mention in the abstract does not
    assert "Federated Learning" in assign_tags("Federated learning at scale", "We study clients.", taxonomy)
    tags = assign_tags(
        "Neural collapse in graph neural networks",
        "Unlike federated learning, we study neural collapse and its lower bound for GNNs.",
        taxonomy,
    )
    assert tags == ["Learning Theory", "Graph Neural Networks"]


def test_nas_never_matches_inside_other_words(taxonomy):
    text = "NASA telescopes and a game of canasta; the dynasty of nasal sprays."
    assert "Neural Architecture Search" not in assign_tags("NASA and canasta", text, taxonomy, in_field=True)
    assert "Neural Architecture Search" in assign_tags("One-shot NAS with supernets", "", taxonomy, in_field=True)


def test_acronyms_are_case_sensitive_and_take_a_plural(taxonomy):
    gan = small_taxonomy(("GANs", ["GAN"]), ("Organs", ["organ transplant"]), ("Other", ["zebra"]))
    assert assign_tags("The GAN of the organ", "", gan)[0] == "GANs"
    assert assign_tags("Training GANs", "", gan)[0] == "GANs"
    assert "GANs" not in assign_tags("A gan and organs", "an organ transplant", gan)[:1]
    # lower-case "nas" or "ssm" are not the acronyms
    assert "Neural Architecture Search" not in assign_tags("nas and ssm notes", "nas nas nas", taxonomy, in_field=True)
    assert "State Space Models" in assign_tags("Scaling SSMs", "", taxonomy, in_field=True)
    assert "Graph Neural Networks" in assign_tags("Expressive GNNs", "", taxonomy, in_field=True)
    assert "LLMs" in assign_tags("Serving LLMs cheaply", "", taxonomy, in_field=True)
    assert "Physics-Informed ML / PDEs" in assign_tags("Causal PINNs", "", taxonomy, in_field=True)


def test_plain_phrases_ignore_case_and_inflection(taxonomy):
    assert "Quantization" in assign_tags("Quantized transformers", "", taxonomy, in_field=True)
    assert "Pruning" in assign_tags("How to prune a network", "", taxonomy, in_field=True)
    assert "3D / Point Clouds / Meshes" in assign_tags("Learning from POINT CLOUDS", "", taxonomy, in_field=True)
    assert "Self-Supervised Learning" in assign_tags("Self supervised pretext tasks", "", taxonomy, in_field=True)


def test_camel_case_and_hyphenated_names_are_read_in_parts(taxonomy):
    assert "State Space Models" in assign_tags("NetMamba for traffic", "", taxonomy, in_field=True)
    assert "Neural Architecture Search" in assign_tags("PC-DARTS revisited", "", taxonomy, in_field=True)
    assert "Neural Architecture Search" in assign_tags("ShiftNAS", "Improving one-shot search.", taxonomy, in_field=True)
    assert "Diffusion Models" in assign_tags("Editing with StableDiffusion", "", taxonomy, in_field=True)
    assert "Graph Neural Networks" in assign_tags("FairGNN", "", taxonomy, in_field=True)
    # a split that would invent a phrase is not made: "GNNs" is not "GN" + "Ns"
    assert "Generative Flow Networks" in assign_tags("GFlowNets for molecules", "", taxonomy, in_field=True)


def test_the_longest_phrase_wins():
    tax = small_taxonomy(("Dataset Distillation", ["dataset distillation"]), ("KD", ["distillation"]))
    assert assign_tags("Dataset distillation", "", tax)[0] == "Dataset Distillation"
    assert assign_tags("Distillation for small students", "", tax)[0] == "KD"


def test_web_addresses_are_ignored(taxonomy):
    tags = assign_tags("A method", "Code: https://github.com/someone/NetMamba-GAN-NAS", taxonomy)
    assert "State Space Models" not in tags and "Neural Architecture Search" not in tags


def test_no_phrase_runs_across_a_colon_or_a_sentence_end(taxonomy):
    # arXiv 2607.18879 (cs.DC): the graphs it does without are no "graph learning".
    assert "Graph Neural Networks" not in assign_tags(
        "Mapping Without Graphs: Learning Coherence Traffic for Task Placement", "", taxonomy, in_field=True)
    # "learning. Based on ..." is no "learning-based": a review of gamified online courses is outside the field.
    assert assign_tags("Gamification in online courses", "We review its effects on online learning. Based on the "
                       "studies analysed, online learning gains from it.", taxonomy) == []
    assert "Graph Neural Networks" in assign_tags("Graph learning for task placement", "", taxonomy, in_field=True)


# ---------------------------------------------------------------- no tag without evidence

def test_text_the_taxonomy_does_not_cover_gets_no_tag(taxonomy):
    cooking = (
        "Slow-cooked braised short ribs",
        "Brown the ribs in a heavy pot, add onions, carrots and red wine, then braise for three hours.",
    )
    for title, abstract in [cooking, ("", ""), ("Untitled", "Lorem ipsum dolor sit amet.")]:
        assert assign_tags(title, abstract, taxonomy) == []


ARGONAUTS = (
    "Argonauts of the Western Pacific: An Account of Native Enterprise and Adventure in the "
    "Archipelagoes of Melanesian New Guinea",
    "An ethnographic study of the Kula ring, a system of ceremonial exchange among the Trobriand "
    "Islanders: its rules, its myths and magic, and the canoes and voyages it requires.",
)
LEPTONS = (
    "A Model of Leptons",
    "Leptons interact only with photons, and with the intermediate bosons that presumably mediate "
    "weak interactions. We propose a model in which the symmetries among leptons are broken "
    "spontaneously by a scalar doublet, which gives the electron its mass and predicts a neutral current.",
)
SORTING = (
    "Engineering a Sort Function",
    "We recount the history of a new qsort function for a C library. Our function is clearer, faster "
    "and more robust than existing sorts. It chooses partitioning elements by a new sampling scheme; "
    "it partitions by a novel solution to Dijkstra's Dutch National Flag problem; and it swaps "
    "efficiently. Its behavior was assessed with timing and debugging testbeds, and with a program "
    "to certify performance. The design techniques apply in domains beyond sorting; a sequence of "
    "moves is generated for each input.",
)
TEST_GENERATOR = (
    "A Random Test Generator for C Compilers",
    "We present a test generator that produces random C programs free of undefined behaviour. The "
    "generator found hundreds of bugs in production compilers; a discriminator of wrong-code "
    "failures reduces the programs it generates.",
)
PARSING = (
    "A Fast and Accurate Dependency Parser using Neural Networks",
    "Almost all current dependency parsers classify based on millions of sparse indicator features. "
    "We train a neural network classifier for a transition-based parser. Parsing speed is 1000 "
    "sentences per second at 92% accuracy; semantic parsing and constituency parsing follow.",
)
ML_TAGS = {tag.name for tag in load_taxonomy(ROOT / "taxonomy.yml").tags if tag.family != "Domains"}


@pytest.mark.parametrize(
    ("paper", "wrong"),
    [
        (ARGONAUTS, ML_TAGS),
        (LEPTONS, ML_TAGS),
        (SORTING, {"Motion Generation"}),
        (TEST_GENERATOR, {"Generative Adversarial Networks"}),
        (PARSING, {"Semantic Segmentation"}),
    ],
)
def test_known_false_positives_are_gone(taxonomy, paper, wrong):
    assert not set(assign_tags(*paper, taxonomy)) & wrong


def test_a_paper_with_one_clear_topic_gets_just_that_one(taxonomy):
    tags = assign_tags("Grokking in modular arithmetic", "A theoretical account of delayed generalization.", taxonomy)
    assert tags == ["Learning Theory"]
    assert assign_tags("A Model of Leptons", LEPTONS[1], taxonomy) in ([], ["Particle Physics"])


def test_equal_evidence_is_not_ordered_by_the_taxonomy_file(taxonomy):
    # Tags with the same title evidence: their order does not follow the file's.
    reordered = Taxonomy(tuple(reversed(taxonomy.tags)), taxonomy.families)
    text = ("Pruning and quantization", "")
    tags = assign_tags(*text, taxonomy, in_field=True)
    assert tags == assign_tags(*text, reordered, in_field=True)
    assert tags.index("Pruning") < tags.index("Quantization")


def test_never_more_than_six_tags(taxonomy):
    title = "Pruning, quantization and distillation of diffusion models, GNNs and LLMs for wireless PDEs"
    abstract = "We use federated learning, reinforcement learning and point clouds with Mamba and NAS."
    tags = assign_tags(title, abstract, taxonomy)
    assert len(tags) == 6


words = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
texty = st.lists(st.one_of(words, st.sampled_from(["NAS", "GNNs", "diffusion model", "CamelCaseNet", "(",
                                                   "https://x.org/a", "-", "E(3)", "\\'{e}", "$x$"])),
                 max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(title=texty, abstract=texty)
def test_any_text_gets_known_tags_or_none_and_never_fails(taxonomy, title, abstract):
    tags = assign_tags(title, abstract, taxonomy)
    assert len(tags) <= 6 and len(set(tags)) == len(tags)
    assert all(taxonomy.get(tag) is not None for tag in tags)


def test_tagging_time_grows_linearly_with_the_text(taxonomy):
    title, abstract = sample_papers()[0]
    def took(times: int) -> float:
        start = time.perf_counter()
        assign_tags(title, " ".join([abstract] * times), taxonomy)
        return time.perf_counter() - start
    took(1)
    small, large = min(took(20) for _ in range(3)), min(took(200) for _ in range(3))
    assert large < 25 * small + 0.05, (small, large)  # 10 times the text: about 10 times the time


def test_excluded_senses_do_not_count(taxonomy):
    tags = assign_tags("Vector quantization in VQ-VAE image tokenizers", "A codebook study.", taxonomy)
    assert "Quantization" not in tags and "Variational Autoencoders" in tags
    tags = assign_tags("Equilibrium propagation", "Weight symmetry and weight symmetry again.", taxonomy)
    assert "Equivariance / Symmetry" not in tags
