"""The arXiv Atom reader on saved API answers and listing feeds, and on broken XML.

Golden files: see tests/golden.py.
"""

from __future__ import annotations

import random

import pytest

from generator.clean import clean_paper
from generator.model import Paper
from generator.readers import ReadSettings, arxiv_atom, decode, reader_for
from tests.conftest import FIXTURES
from tests.golden import check_golden

CASES = sorted((FIXTURES / "readers" / "arxiv").glob("*.xml"))
SETTINGS = ReadSettings()


def read(text: str, path: str = "sources/feed.xml"):
    return arxiv_atom.read(decode(text.encode("utf-8")), path, SETTINGS)



@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_golden(case):
    check_golden(arxiv_atom, case)


def api_records():
    case = FIXTURES / "readers" / "arxiv" / "api-query.xml"
    return arxiv_atom.read(decode(case.read_bytes()), "sources/api-query.xml", SETTINGS)


def test_api_answer_gives_ids_without_versions_and_joined_titles():
    records, problems = api_records()
    assert problems == []
    assert [record.arxiv for record in records] == ["2103.03230", "hep-th/9901001", "1706.03762"]
    assert records[0].title == "Barlow Twins: Self-Supervised Learning via Redundancy Reduction"
    assert [record.source for record in records] == ["sources/api-query.xml:10", "sources/api-query.xml:52", "sources/api-query.xml:77"]
    assert all(record.math and record.format == "arxiv" for record in records)


def test_old_style_id_keeps_archive_and_gets_doi_and_https_links():
    old = api_records()[0][1]
    assert old.doi == "10.1016/S0550-3213(99)00123-4"
    assert dict(old.links) == {
        "arxiv": "https://arxiv.org/abs/hep-th/9901001",
        "pdf": "https://arxiv.org/pdf/hep-th/9901001",
        "doi": "https://doi.org/10.1016/S0550-3213(99)00123-4",
    }
    assert old.journal_ref == "Nucl.Phys. B550 (1999) 123-145"
    assert old.categories == ("hep-th",)
    # The day as written in the feed, not shifted to UTC.
    assert old.date == "1998-12-31" and old.updated == "1999-01-01"


def test_tex_and_escaped_angle_brackets_come_out_as_text():
    old = api_records()[0][1]
    assert "$N_f < 2N_c$" in old.title
    assert "where $a < b$ and $x<y$ hold & the instanton" in old.abstract
    assert "$O(\\Lambda^{2N_c-N_f})$" in old.abstract
    assert "&lt;" not in old.abstract and "&amp;" not in old.abstract


def test_categories_primary_first_then_others_without_repeats():
    barlow = api_records()[0][0]
    assert barlow.categories == ("cs.CV", "cs.AI", "cs.LG", "q-bio.NC")
    assert barlow.comment == "13 pages, 5 figures. Code available at https://github.com/facebookresearch/barlowtwins"


def test_html_typed_summary_loses_its_markup():
    feed = """<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<id>http://arxiv.org/abs/2401.01234v1</id><title>T</title>
<summary type="html">a &amp;lt; b and &lt;b&gt;bold&lt;/b&gt;</summary></entry></feed>"""
    records, problems = read(feed)
    assert problems == []
    assert records[0].abstract == "a < b and bold"


def test_typewriter_address_in_summary_becomes_the_code_link():
    feed = r"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<id>http://arxiv.org/abs/2401.01234v1</id><title>T</title>
<summary>We propose \ourmethod, a reasoner. Code is available at
\texttt{https://github.com/LibroWu/SelF-Reasoner}.</summary></entry></feed>"""
    records, problems = read(feed)
    assert problems == []
    assert records[0].abstract == (
        "We propose ourmethod, a reasoner. Code is available at https://github.com/LibroWu/SelF-Reasoner."
    )
    paper = clean_paper(Paper(key="k", title="T", abstract=records[0].abstract, math=True))
    assert paper.links["code"] == "https://github.com/LibroWu/SelF-Reasoner"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("http://arxiv.org/abs/2103.03230v2", "2103.03230"),
        ("https://arxiv.org/pdf/2103.03230v2.pdf", "2103.03230"),
        ("arXiv:0704.0001", "0704.0001"),
        ("hep-th/9901001v1", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        # DataCite writes old-style ids in upper case; arXiv's own form is published.
        ("HEP-TH/9901001", "hep-th/9901001"),
        ("MATH.GT/0309136V2", "math.GT/0309136"),
        ("https://arxiv.org/abs/Hep-Th/9901001", "hep-th/9901001"),
        ("2103.０3230", None),
        ("oai:arXiv.org:2403.08001v1", "2403.08001"),
        ("https://example.org/2103.03230", None),
        ("1234.5", None),
        ("2103.0323", None),
        ("1412.12345", None),
        ("2113.03230", None),
    ],
)
def test_arxiv_id(raw, expected):
    assert arxiv_atom.arxiv_id(raw) == expected


def test_truncated_feed_keeps_the_entries_before_the_break():
    text = (FIXTURES / "readers" / "arxiv" / "api-query.xml").read_text("utf-8")
    cut = text[: text.index("<entry>", text.index("<id>http://arxiv.org/abs/hep-th")) + 200]
    records, problems = read(cut)
    assert [record.arxiv for record in records][:2] == ["2103.03230", "hep-th/9901001"]
    assert problems[0].line == cut.count("\n") + 1
    assert "broken" in problems[0].message


@pytest.mark.parametrize(
    "text, line",
    [
        ("just some prose\nthat is no XML\n", 1),
        ("<html><body><p>Sign in</body></html>", 1),
        ('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry><title>a & b</title>\n', 3),
    ],
)
def test_broken_xml_is_reported_at_its_line(text, line):
    records, problems = read(text, "sources/bad.xml")
    assert records == []
    assert problems[0].path == "sources/bad.xml" and problems[0].line == line
    assert "XML is broken" in problems[0].message


def test_xml_that_is_no_feed_is_one_problem():
    records, problems = read('<?xml version="1.0"?>\n<catalog><book>x</book></catalog>\n')
    assert records == [] and len(problems) == 1
    assert "not an Atom feed" in problems[0].message


def test_empty_file_and_feed_without_entries_give_nothing():
    assert read("") == ([], [])
    assert read('<feed xmlns="http://www.w3.org/2005/Atom"><title>none found</title></feed>') == ([], [])


def test_random_bytes_never_raise():
    generator = random.Random(7)
    for _ in range(50):
        data = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 400)))
        text = data.decode("latin-1")
        records, problems = arxiv_atom.read(text, "sources/noise.xml", SETTINGS)
        assert records == [] or all(record.title for record in records)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_cut_anywhere_never_raises(case):
    text = case.read_text("utf-8")
    for end in range(0, len(text), 37):
        records, problems = arxiv_atom.read(text[:end], "sources/cut.xml", SETTINGS)
        assert all(problem.path == "sources/cut.xml" for problem in problems)


def test_a_url_as_content_is_not_fetched():
    records, problems = read("https://example.invalid/feed.atom")
    assert records == [] and len(problems) == 1


def test_sniff_and_registry():
    feed = (FIXTURES / "readers" / "arxiv" / "api-query.xml").read_text("utf-8")
    assert arxiv_atom.sniff(feed)
    assert not arxiv_atom.sniff("A title\n\nAn abstract mentioning <feed> tags.\n")
    from pathlib import Path

    assert reader_for(Path("sources/x.atom"), "") is arxiv_atom
    assert reader_for(Path("sources/saved-query"), feed) is arxiv_atom


def test_the_journal_and_publisher_a_publication_note_names_are_not_the_papers_project_page():
    # VTeX's note on arXiv papers of the IMS journals names their home pages in parentheses.
    records, problems = arxiv_atom.read(
        decode((FIXTURES / "readers" / "arxiv" / "vtex-published-in-comment.xml").read_bytes()),
        "sources/feed.xml", SETTINGS)
    assert problems == []
    assert "(http://www.imstat.org/sts/)" in records[0].comment
    record = records[0]
    paper = clean_paper(Paper(key="k", title=record.title, comment=record.comment, links=dict(record.links)))
    assert paper.links == {"arxiv": "https://arxiv.org/abs/0808.0631", "pdf": "https://arxiv.org/pdf/0808.0631",
                           "doi": "https://doi.org/10.1214/07-STS246B"}
    # Outside the note, or with a query (a review page), an address stays a link.
    paper = clean_paper(Paper(key="k", title="T", comment="Published at ICLR 2024 (https://openreview.net/forum?id=x). "
                                                          "Project page (https://x.github.io/)"))
    assert paper.links == {"project": "https://openreview.net/forum?id=x", "project-2": "https://x.github.io/"}
