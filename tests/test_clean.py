"""URL repair and classification on the sample's real breakage; TeX escapes; teasers."""

from __future__ import annotations

import pytest

from generator.clean import classify_url, find_urls, first_sentence, links_from_text, undo_tex_escapes

SAMPLE_BREAKAGE = [
    ("code at https://github.com/divelab/AIRS).", ["https://github.com/divelab/AIRS"]),
    ("available at https://github.com/Ziyan-Huang/STU-Net.", ["https://github.com/Ziyan-Huang/STU-Net"]),
    (
        "released at https://github.com/xuke225/EQ-Net.git{https://github.com/xuke225/EQ-Net}.",
        ["https://github.com/xuke225/EQ-Net"],
    ),
    ("Code: https://anonymous.4open.science/r/TangleNAS-527C{here}", ["https://anonymous.4open.science/r/TangleNAS-527C"]),
    (
        "is https://github.com/AngusDujw/Diversity-Driven-Synthesis.https://github.com/AngusDujw/Diversity-Driven-Synthesis.",
        ["https://github.com/AngusDujw/Diversity-Driven-Synthesis"],
    ),
    ("See project website https://steve-zeyu-zhang.github.io/MotionMamba/", ["https://steve-zeyu-zhang.github.io/MotionMamba/"]),
    ("two: (https://a.org/x) and www.b.org/y;", ["https://a.org/x", "https://www.b.org/y"]),
    ("a wiki https://en.wikipedia.org/wiki/Foo_(bar).", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
    ("no url here, just http:// and a.b", []),
]


@pytest.mark.parametrize("text, urls", SAMPLE_BREAKAGE)
def test_urls_are_repaired(text, urls):
    assert find_urls(text) == urls


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://github.com/a/b", "code"),
        ("https://gitlab.com/a/b", "code"),
        ("https://bitbucket.org/a/b", "code"),
        ("https://anonymous.4open.science/r/X-1", "code"),
        ("https://a.github.io/project/", "project"),
        ("https://arxiv.org/abs/2103.03230", "arxiv"),
        ("https://arxiv.org/pdf/2103.03230", "pdf"),
        ("https://doi.org/10.1000/1", "doi"),
        ("https://huggingface.co/datasets/a/b", "dataset"),
        ("https://lab.example.edu/paper", "project"),
    ],
)
def test_urls_are_classified(url, kind):
    assert classify_url(url) == kind


def test_links_mapping_numbers_second_url_of_a_kind():
    text = "code https://github.com/a/one and https://github.com/a/two, page https://x.github.io/p"
    assert links_from_text(text) == {
        "code": "https://github.com/a/one",
        "code-2": "https://github.com/a/two",
        "project": "https://x.github.io/p",
    }


def test_tex_escapes_are_undone_and_the_rest_kept():
    text = r"60\% reduction \& M^* in R^{n times n} with a_b and \alpha"
    assert undo_tex_escapes(text) == r"60% reduction & M^* in R^{n times n} with a_b and \alpha"


def test_escapes_inside_math_of_tex_text_are_kept():
    assert undo_tex_escapes(r"5\% of $x \% y$", math=True) == r"5% of $x \% y$"


def test_first_sentence_skips_abbreviations_and_cuts_long_ones():
    assert first_sentence("We use e.g. GNNs. Then more.") == "We use e.g. GNNs."
    long = "word " * 100
    teaser = first_sentence(long, limit=50)
    assert len(teaser) <= 51 and teaser.endswith("…")


def test_user_tags_lose_markup_and_repeats():
    from generator.clean import clean_tags

    assert clean_tags(["<b>vision</b>", "Vision", "  reading   group ", "", "\x07"]) == ("bvision/b", "Vision", "reading group")
    # Keywords copied from web pages, or escaped by an export, carry entities: read as characters.
    assert clean_tags(["R&amp;D", "R&D", "Q&notation", "&lt;i&gt;x", "&bogus;"]) == ("R&D", "Q&notation", "ix", "&bogus;")


def test_an_address_of_the_papers_doi_is_no_second_link():
    # Crossref's CSL JSON and Dimensions' RIS give the DOI, and its address again as the URL.
    from generator.clean import clean_paper
    from generator.model import Paper

    paper = clean_paper(Paper(key="k", title="T", abstract="Published as https://doi.org/10.5555/12345678ES.",
                              links={"url": "http://dx.doi.org/10.5555/12345678es", "doi": "https://doi.org/10.5555/12345678es"}))
    assert paper.links == {"doi": "https://doi.org/10.5555/12345678es"}
    encoded = clean_paper(Paper(key="k", title="T", links={"doi": "https://doi.org/10.1186/s1", "url": "https://doi.org/10.1186%2Fs1",
                                                           "url-2": "https://journal.org/10.1186/s1"}))
    assert encoded.links == {"doi": "https://doi.org/10.1186/s1", "url-2": "https://journal.org/10.1186/s1"}


def test_addresses_in_an_abstract_become_buttons_only_where_a_visitor_can_open_them():
    # As a source's own links (proxy.published_address): no address of this machine or a
    # private network, no session; the abstract's text itself is left as written.
    from generator.clean import clean_paper
    from generator.model import Paper

    abstract = ("Code: https://github.com/a/b. Demo at http://192.168.1.20/demo and http://127.0.0.1:8000/app; "
                "data at https://data.example.org/set;jsessionid=ABC123?id=7.")
    paper = clean_paper(Paper(key="k", title="T", abstract=abstract))
    assert paper.links == {"code": "https://github.com/a/b", "project": "https://data.example.org/set?id=7"}
    assert paper.abstract == abstract


def test_a_structured_abstracts_heading_is_no_teaser():
    # A&A abstracts open "Context. … Aims. …" (22 papers of an astronomy Zotero library had the teaser
    # "Context."); medical ones "BACKGROUND: …" (EPPI-Reviewer's RIS export).
    from generator.clean import first_sentence
    assert first_sentence("Context. Dwarf galaxies are dark matter dominated. Aims. We measure them.") == \
        "Dwarf galaxies are dark matter dominated."
    assert first_sentence("BACKGROUND: Living birds are diverse. RESULTS: A fossil.") == "Living birds are diverse."
    assert first_sentence("Contextual bandits are hard. We show why.") == "Contextual bandits are hard."


# Abstracts as exports give them, each with the heading "Abstract" of the publisher's page glued to
# its start (ReadCube's alicia-lledo/My_thesis_latex, Paperpile's taprs/library, IEEE's in a Zotero
# library, Springer's "Abstract  " with no-break spaces, Oxford's "ABSTRACT"), and openings where
# the word is the text's own.
ABSTRACT_OPENINGS = [
    ("Abstract Psoriasis is a common immune-mediated disease.", "Psoriasis is a common immune-mediated disease."),
    ("Abstract Heat Shock Transcription Factor 1 (HSF1) is a regulator.", "Heat Shock Transcription Factor 1 (HSF1) is a regulator."),
    ("Abstract Objectives To review the pathophysiology.", "Objectives To review the pathophysiology."),
    ("Abstract β-active 110Ag nuclei have been produced.", "β-active 110Ag nuclei have been produced."),
    ("Abstract. IQ-TREE is widely used.", "IQ-TREE is widely used."),
    ("Abstract: we show that x holds.", "we show that x holds."),
    ("Abstract\u00a0\u00a0The equilibrium phase relationships.", "The equilibrium phase relationships."),
    ("Abstract\u2014Most of today's processors include vector units.", "Most of today's processors include vector units."),
    ("Abstract - Background: sleep matters.", "Background: sleep matters."),
    ("AbstractTraditionally, decidability is hard.", "Traditionally, decidability is hard."),
    ("ABSTRACTWe created a new dataset.", "We created a new dataset."),
    # A rulemaking library (judgelord/dissertation): the heading glued to the article "A".
    ("ABSTRACTA new dataset of organizational testimony.", "A new dataset of organizational testimony."),
    ("ABSTRACT Mean motion resonances are common.", "Mean motion resonances are common."),
    ("Abstract interpretation is a theory of sound approximation.", None),
    ("Abstract Interpretation is a theory of sound approximation.", None),
    ("Abstract Meaning Representation (AMR) is a semantic formalism.", None),
    ("Abstract words are typically harder to identify than concrete words.", None),
    ("Abstract-level reasoning helps.", None),
    ("Abstracting abstract machines is a methodology.", None),
    ("ABSTRACTION is the key.", None),
    ("Abstract (C-X-C motif) ligand 10 belongs to a family.", None),
    ("Abstract", None),
]


@pytest.mark.parametrize("abstract, published", ABSTRACT_OPENINGS)
def test_a_publishers_heading_abstract_is_not_part_of_the_abstract(abstract, published):
    from generator.clean import clean_paper
    from generator.model import Paper

    paper = clean_paper(Paper(key="k", title="T", abstract=abstract))
    assert paper.abstract == (published or abstract)


# "Abstract" and a term that no list of words holds, which the paper names again: in its title, or
# further on in the text. A heading before a sentence's first word stays a heading though the
# text uses "abstract" as a verb later ("we abstract the …").
ABSTRACT_TERMS_NAMED_AGAIN = [
    ("Abstract Markov Decision Processes", "Abstract Markov decision processes (AMDPs) generalise MDPs.", None),
    ("Dynamic programming", "Abstract Dynamic Programming is a framework; abstract dynamic programming models.", None),
    ("Abstract Semantic Graphs for code", "Abstract Semantic Graphs extend syntax trees.", None),
    ("Scheduling", "Abstract The scheduling problem is hard. We abstract the problem as a graph.",
     "The scheduling problem is hard. We abstract the problem as a graph."),
    ("Abstract games", "Abstract We study games.", "We study games."),
]


@pytest.mark.parametrize("title, abstract, published", ABSTRACT_TERMS_NAMED_AGAIN)
def test_an_abstract_term_the_paper_names_again_keeps_its_word_abstract(title, abstract, published):
    from generator.clean import clean_paper
    from generator.model import Paper

    paper = clean_paper(Paper(key="k", title=title, abstract=abstract))
    assert paper.abstract == (published or abstract)
