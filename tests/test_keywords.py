"""A person's keywords: identity, what they name, what is dropped; and the arXiv category list."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import categories
from generator.keywords import DEFAULT_WORKFLOW_LABELS, keyword_key, known_keys, tidy
from generator.tagging import load_taxonomy
from tests.conftest import REPO

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")
FULL = categories.with_categories(TAXONOMY)
KNOWN = known_keys(FULL)


@pytest.mark.parametrize(
    "spellings",
    [
        ["Neural networks", "neural-network", "NEURAL NETWORKS", "neural_networks.", " Neural  Networks "],
        ["Optimal transport", "optimal-transport", "Optimal Transports"],
        ["Bayesian inference", "bayesian-inference", "Bayesian Inference;"],
        ["Processes", "process"],
        ["to-read", "To Read", "to_read", "#to-read"],
    ],
)
def test_spellings_of_one_keyword_share_a_key(spellings):
    assert len({keyword_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [("C++", "C"), ("C#", "C"), ("physics", "physic s"), ("analysis", "analysi"), ("GAN", "GANs inversion")],
)
def test_different_keywords_keep_different_keys(one, other):
    assert keyword_key(one) != keyword_key(other)


def test_a_dotted_capital_i_is_the_same_keyword_as_its_lower_case():
    assert keyword_key("İstanbul") == keyword_key("istanbul") == keyword_key("ISTANBUL".title())


def test_tidy_shows_a_keyword_without_outer_punctuation_or_extra_space():
    assert tidy("  Optimal   transport. ") == "Optimal transport"
    assert tidy("#todo") == "todo" and tidy("C++") == "C++" and tidy("(GANs)") == "GANs"


@pytest.mark.parametrize(
    ("keyword", "shown"),
    [("C#", "C#"), ("F#.", "F#"), ("Lasso (statistics)", "Lasso (statistics)"), ("(Un)supervised", "(Un)supervised"),
     ("Ref [1].", "Ref [1]"), ("f(x)).", "f(x)"), ("((a))", "a"), ("#hashtag", "hashtag"),
     ("A*", "A*"), ("A* search.", "A* search"), ("A*.", "A*"), ("*important*", "important")],
)
def test_tidy_keeps_a_trailing_sharp_and_brackets_whose_partner_stays(keyword, shown):
    assert tidy(keyword) == shown


@pytest.mark.parametrize(
    ("keyword", "expected"),
    [
        ("Unread", ("dropped", "workflow label")),
        ("TO-READ", ("dropped", "workflow label")),
        ("important", ("dropped", "workflow label")),
        ("_tablet", ("dropped", "workflow label")),
        ("1234", ("dropped", "no letters")),
        ("—", ("dropped", "no letters")),
        ("x" * 61, ("dropped", "too long for a tag")),
        ("graph neural networks", ("topic", "Graph Neural Networks")),
        ("GNN", ("topic", "Graph Neural Networks")),
        ("Diffusion models", ("topic", "Diffusion Models")),
        ("Computer Science - Machine Learning", ("topic", "Machine Learning")),
        ("Statistics - Machine Learning", ("topic", "Statistics – Machine Learning")),
        ("hep-ph", ("topic", "High Energy Physics – Phenomenology")),
        ("High Energy Physics - Phenomenology", ("topic", "High Energy Physics – Phenomenology")),
        ("math.IT", ("topic", "Information Theory")),
        ("Computer Science - Robotics", ("topic", "Robotics")),
        ("Computer Science - Learning", ("topic", "Machine Learning")),  # cs.LG's name until 2017
        ("Kula ring", ("keyword", "Kula ring")),
        ("Bacon", ("keyword", "Bacon")),
    ],
)
def test_keywords_are_topics_keywords_or_dropped(keyword, expected):
    assert KNOWN.classify(keyword) == expected


def test_the_workflow_list_is_the_configured_one():
    custom = known_keys(FULL, ("seminar",))
    assert custom.classify("Seminars") == ("dropped", "workflow label")
    assert custom.classify("unread") == ("keyword", "unread")
    assert {"unread", "read", "important", "to-read", "toread", "printed", "favorite", "todo", "skimmed"} <= set(
        DEFAULT_WORKFLOW_LABELS)


keyword_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=300, deadline=None)
@given(keyword_text)
def test_any_keyword_is_classified_and_its_key_is_stable(keyword):
    kind, value = KNOWN.classify(keyword)
    assert kind in ("topic", "keyword", "dropped") and isinstance(value, str) and value
    key = keyword_key(keyword)
    # A key is its own key, but for a short acronym ending in s: "AIDS" is "aids", while the word "aids" is "aid".
    rekeyed = keyword_key(key)
    assert rekeyed == key or (len(rekeyed.split(" ")) == len(key.split(" ")) and all(
        again == word or (len(word) <= 4 and again + "s" == word) for again, word in zip(rekeyed.split(" "), key.split(" "))))
    if kind == "keyword":
        assert value == tidy(keyword) and len(value) <= 60
    if kind == "topic":
        assert FULL.get(value) is not None


def test_keyword_time_grows_linearly_with_length():
    def took(size: int) -> float:
        text = ("Neural-Networks, (GANs); " * size)[: 25 * size]
        start = time.perf_counter()
        KNOWN.classify(text + str(size))
        return time.perf_counter() - start
    took(10)
    small, large = min(took(2_000) for _ in range(3)), min(took(20_000) for _ in range(3))
    assert large < 25 * small + 0.05, (small, large)


# ---------------------------------------------------------------- arXiv categories

@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("hep-ph", "High Energy Physics – Phenomenology"),
        ("hep-th", "High Energy Physics – Theory"),
        ("cs.LG", "Machine Learning"),
        ("stat.ML", "Statistics – Machine Learning"),
        ("math.AG", "Algebraic Geometry"),
        ("alg-geom", "Algebraic Geometry"),
        ("q-bio.NC", "Neurons and Cognition"),
        ("astro-ph.CO", "Cosmology and Nongalactic Astrophysics"),
        ("astro-ph", "Astrophysics"),
        ("cond-mat.stat-mech", "Statistical Mechanics"),
        ("cond-mat", "Condensed Matter"),
        ("physics.optics", "Optics"),
        ("econ.EM", "Econometrics"),
        ("eess.IV", "Image and Video Processing"),
        ("cs.SY", "Systems and Control"),
        ("math.MP", "Mathematical Physics"),
        ("stat.TH", "Statistics Theory"),
        (" CS.lg ", "Machine Learning"),
    ],
)
def test_category_codes_old_and_new_have_their_official_names(code, name):
    assert categories.category(code).name == name


def test_unknown_codes_are_no_category():
    for code in ("", "cs", "math", "cs.XX", "no-such", "hep-ph.XY"):
        assert categories.category(code) is None


def test_every_category_has_a_tag_with_a_unique_name_and_slug():
    added = [tag for tag in FULL.tags if tag.family == categories.FAMILY]
    # All but those a taxonomy tag is: by its name (Robotics) or its `categories` (Fluid Dynamics).
    taken = {item.code for item in categories.all_categories() if TAXONOMY.get(item.name) is not None}
    taken |= {code for tag in TAXONOMY.tags for code in tag.categories}
    assert len(added) == len(categories.all_categories()) - len(taken) >= 130 and FULL.families[-1] == categories.FAMILY
    assert len({tag.name.casefold() for tag in FULL.tags}) == len(FULL.tags)
    assert len({tag.slug for tag in FULL.tags}) == len(FULL.tags)
    assert all(tag.phrases == () and tag.description for tag in added)
    assert categories.with_categories(FULL) is FULL


def test_categories_named_like_taxonomy_tags_are_those_tags():
    assert categories.category_tag("cs.RO", FULL) == "Robotics" == TAXONOMY.get("Robotics").name
    assert FULL.family_of("Robotics") == TAXONOMY.family_of("Robotics")
    assert categories.category_tag("nope", FULL) is None


def test_categories_a_taxonomy_tag_stands_for_are_that_tag_by_code_name_and_keyword():
    # arXiv's "Fluid Dynamics" is the taxonomy's "Fluid Dynamics & Turbulence": one tag, one page.
    for code in ("physics.flu-dyn", "PHYSICS.FLU-DYN"):
        assert categories.category_tag(code, FULL) == "Fluid Dynamics & Turbulence"
    assert categories.category_tag("eess.AS", FULL) == "Speech & Audio"
    assert FULL.get("Fluid Dynamics") is None and FULL.get("Audio and Speech Processing") is None
    for keyword in ("Physics - Fluid Dynamics", "physics.flu-dyn", "Fluid Dynamics"):
        assert KNOWN.classify(keyword) == ("topic", "Fluid Dynamics & Turbulence")
    assert KNOWN.category_codes(["Physics - Fluid Dynamics"]) == ["physics.flu-dyn"]


def test_a_possessive_is_one_spelling_however_its_apostrophe_is_written():
    # A Mendeley library of education research held all three.
    assert keyword_key("Children's literature") == keyword_key("Childrens literature") == keyword_key("children’s literature")
    assert keyword_key("vitamin S") != keyword_key("vitamin")


def test_reading_status_labels_of_zotero_libraries_are_no_tags():
    # An astronomy Zotero library marks papers read with "finished" (130 of them) and "bookmark".
    for label in ("finished", "Bookmark", "bookmarked"):
        assert KNOWN.classify(label) == ("dropped", "workflow label"), label
