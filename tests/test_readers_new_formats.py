"""The Kaggle arXiv snapshot, RIS and CSL JSON readers on real exports and on damage.

Golden files: see tests/golden.py and tests/fixtures/readers/README.md.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Problem
from generator.readers import ReadSettings, csl_json, decode, jsonl, kaggle, parse_text, reader_for, ris
from tests.conftest import FIXTURES
from tests.golden import check_golden

READERS = FIXTURES / "readers"
SETTINGS = ReadSettings()


def cases(folder: str, pattern: str) -> list[Path]:
    return sorted(path for path in (READERS / folder).glob(pattern) if not path.name.endswith(".expected.json"))


def read(reader, name: str):
    path = next(path for path in READERS.rglob(name))
    return reader.read(decode(path.read_bytes()), f"sources/{name}", SETTINGS)


@pytest.mark.parametrize(
    ("reader", "case"),
    [(kaggle, case) for case in cases("kaggle", "*.json")]
    + [(ris, case) for case in cases("ris", "*.ris")]
    + [(csl_json, case) for case in cases("csl", "*.json")],
    ids=lambda value: value.name if isinstance(value, Path) else value.FORMAT,
)
def test_golden(reader, case):
    check_golden(reader, case)


def test_kaggle_snapshot_lines_become_papers_with_authors_links_and_dates():
    records, problems = read(kaggle, "arxiv-metadata-oai-snapshot.json")
    assert problems == []
    first = records[0]
    assert first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert first.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan")
    assert (first.date, first.updated, first.arxiv) == ("2007-04-02", "2008-11-26", "0704.0001")
    assert first.categories == ("hep-ph",) and first.journal_ref == "Phys.Rev.D76:013009,2007"
    assert dict(first.links)["arxiv"] == "https://arxiv.org/abs/0704.0001"
    assert dict(first.links)["doi"] == "https://doi.org/10.1103/PhysRevD.76.013009"
    assert records[1].categories == ("cs.DS", "cs.MS") and "github.com/fastfloat" in records[1].comment
    third = records[2]
    assert third.arxiv == "hep-th/9901001"
    assert third.authors == ("Y. Imamura", "A. N. Other")
    assert third.title == r"A Rényi bound on $\mathcal{O}(n)$ junctions"
    assert third.abstract == r"We show the i.i.d. case costs $\omega(n)$, BERT's rival."


def test_kaggle_snapshot_is_recognised_by_content_whatever_its_name(tmp_path):
    text = (READERS / "kaggle" / "arxiv-metadata-oai-snapshot.json").read_text("utf-8")
    assert reader_for(Path("arxiv-metadata-oai-snapshot.json"), text) is kaggle
    assert reader_for(Path("snapshot"), text) is kaggle
    assert reader_for(Path("snapshot.data"), text) is kaggle
    # Saved as JSON Lines, its lines are still read as the snapshot's.
    records, problems = jsonl.read(text, "sources/snapshot.jsonl", SETTINGS)
    assert problems == [] and [record.arxiv for record in records] == ["0704.0001", "2101.11408", "hep-th/9901001"]


def test_json_files_go_to_the_reader_whose_content_they_hold():
    csl_text = (READERS / "csl" / "zotxt-biblio.json").read_text("utf-8")
    assert reader_for(Path("library.json"), csl_text) is csl_json
    assert reader_for(Path("library"), csl_text) is csl_json
    # A broken .json gets one error at its line, not one per line.
    records, problems = csl_json.read('[\n  {"type": "book",\n  "title": }\n]', "sources/broken.json", SETTINGS)
    assert records == [] and [(problem.line, "not valid JSON" in problem.message) for problem in problems] == [(3, True)]
    assert reader_for(Path("broken.json"), "[\n{,,,") is csl_json


def test_kaggle_damage_is_reported_per_line():
    records, problems = read(kaggle, "damaged-lines.json")
    assert [record.arxiv for record in records] == ["2101.00001", "2101.00004"]
    assert [problem.line for problem in problems] == [2, 3, 4, 5]
    odd = records[1]
    assert odd.authors == () and odd.date is None and odd.updated is None and odd.categories == ()


def test_ris_exports_of_three_managers():
    mendeley, problems = read(ris, "mendeley-export.ris")
    assert problems == []
    assert mendeley[0].authors[:3] == ("O.Y. Edelenbosch", "D.L. McCollum", "D.P. van Vuuren")
    assert "Ó Broin" in " ".join(mendeley[0].authors)
    assert mendeley[0].date == "2017-08" and mendeley[0].venue == "Transportation Research Part D: Transport and Environment"
    assert mendeley[0].doi == "10.1016/J.TRD.2016.07.003"
    assert all("file:" not in url for record in mendeley for _, url in record.links)
    zotero, problems = read(ris, "zotero-export.ris")
    assert problems == [] and [record.source for record in zotero] == [f"sources/zotero-export.ris:{n}" for n in (1, 20, 33)]
    assert zotero[0].venue == "American Sociological Review" and zotero[0].date == "2011"
    assert zotero[2].venue.startswith("Trade Union Renewal") and zotero[2].authors == ("Kate Bronfenbrenner",)
    endnote, problems = read(ris, "endnote-export.ris")
    assert problems == []
    assert endnote[0].tags[:3] == ("citation", "reference", "library") and len(endnote[0].tags) == 8
    assert endnote[0].authors[0] == "A. Nonymous Smith"


def test_ris_character_entities_read_as_characters():
    # SciELO and Scopus write titles, journals and abstracts as HTML: `D&#039;Anta`, `P &lt; 0.0001`.
    records, problems = read(ris, "scielo-scopus-entities.ris")
    assert problems == []
    scielo, colombia, scopus = records
    assert scielo.title == "Avifauna da Reserva Biológica Municipal Poço D'Anta, Juiz de Fora, MG"
    assert colombia.venue == "Revista U.D.C.A Actualidad & Divulgación Científica"
    assert "(F1,517 = 106.15, P < 0.0001)" in scopus.abstract
    for record in records:
        assert not re.search(r"&[#\w]+;", repr(record))


def test_ris_of_ebsco_names_the_journal_and_the_doi():
    # EBSCO writes the journal in JO and JF, a translated title in T2 and the DOI in L3.
    records, problems = read(ris, "ebsco-export.ris")
    assert problems == []
    vole, rice = records
    assert (vole.venue, vole.doi) == ("Agriculture, Ecosystems & Environment", "10.1016/j.agee.2016.06.041")
    assert (rice.venue, rice.doi) == ("Transactions of the Chinese Society of Agricultural Engineering", "10.11975/j.issn.1002-6819.2016.21.005")
    assert ("doi", "https://doi.org/10.1016/j.agee.2016.06.041") in vole.links
    assert rice.authors[0] == "朱德泉" and rice.abstract == "Rice production is distributed broadly in China."
    for record in records:  # N1 holds the authors' e-mail addresses
        assert "@" not in repr(record) and "Accession" not in repr(record)


def test_ris_damage_costs_only_the_damaged_record():
    records, problems = read(ris, "damaged-records.ris")
    assert [record.title for record in records] == ["A Fine Record", "Cut Off at the End"]
    assert records[1].date is None or records[1].date.startswith("20")
    assert [(problem.line, "no title" in problem.message) for problem in problems] == [(7, True)]
    assert ris.read("just some text\n", "sources/x.ris", SETTINGS)[1][0].message.startswith("not RIS")


def test_a_ris_record_titled_only_by_its_short_title_is_read(project):
    # Some exports carry only `ST`: the record was skipped as having no title.
    text = ("TY  - JOUR\nST  - Short Title Only\nAU  - Doe, Jane\nPY  - 2019\nAB  - Kept.\nER  - \n"
            "TY  - JOUR\nTI  - The Full Title\nST  - Full\nER  - \n"
            "TY  - JOUR\nAU  - Nobody, Titled\nER  - \n")
    records, problems = ris.read(text, "sources/r.ris", SETTINGS)
    assert [(record.title, record.source) for record in records] == [
        ("Short Title Only", "sources/r.ris:1"), ("The Full Title", "sources/r.ris:7")]
    assert [(problem.line, problem.message) for problem in problems] == [(11, "record has no title (TI, T1, TT or ST); skipped")]
    project.add_source("r.ris", text)
    project.generate()
    titles = sorted(frontmatter.load(path)["title"] for path in project.paper_pages())
    assert titles == ["Short Title Only", "The Full Title"]


def test_ris_tags_with_one_space_are_read_or_the_record_reported():
    text = ("TY - JOUR\nTI - One Space\nAU - Doe, Jane\nPY - 2020/05/01/\nAB - First line\nsecond line\nER -\n"
            "TY  - JOUR\nTI  - Two Spaces Ended With One\nAB  - Trade\nUS - China relations\nER -\n"
            "TY  - JOUR\nTI  - Fine\nER  - \n")
    records, problems = ris.read(text, "sources/r.ris", SETTINGS)
    assert [(record.title, record.authors, record.date, record.abstract, record.source) for record in records] == [
        ("One Space", ("Jane Doe",), "2020-05-01", "First line second line", "sources/r.ris:1"),
        ("Fine", (), None, "", "sources/r.ris:13")]
    # Among two-space tags a one-space line (`US - China`) is text, so `ER -` ends nothing there.
    assert [(problem.line, problem.message[:21]) for problem in problems] == [(8, "unreadable RIS record")]


def test_ris_keeps_every_author_line_even_a_repeated_abbreviated_name():
    text = ("TY  - JOUR\nTI  - Scopus\nAU  - Wu, Q.\nAU  - Wang, H.\nAU  - Wang, H.\nER  - \n"
            "TY  - JOUR\nTI  - Both Tags\nAU  - Doe, Jane\nAU  - Roe, Rick\nA1  - Doe, Jane\nA1  - Roe, Rick\nER  - \n")
    records, problems = ris.read(text, "sources/r.ris", SETTINGS)
    assert problems == []
    assert [record.authors for record in records] == [("Q. Wu", "H. Wang", "H. Wang"), ("Jane Doe", "Rick Roe")]


def test_ris_dates_as_exporters_write_them():
    dates = {"2024/123/": "2024", "2024///Spring": "2024", "2024/1/5/": "2024-01-05", "2024/03/": "2024-03",
             "03/14/2024": "2024-03-14", "14/03/2024": "2024-03-14", "14.03.2024": "2024-03-14", "03/04/2024": "2024"}
    text = "".join(f"TY  - JOUR\nTI  - T{index}\nDA  - {value}\nER  - \n\n" for index, value in enumerate(dates))
    records, problems = parse_text(Path("r.ris"), text, "sources/r.ris", SETTINGS)
    assert problems == []
    assert [record.date for record in records] == list(dates.values())
    records, problems = parse_text(Path("r.ris"), "TY  - JOUR\nTI  - T\nDA  - 40/41/2024\nER  - \n", "sources/r.ris", SETTINGS)
    assert records[0].date == "2024" and [problem.line for problem in problems] == [1]
    records, problems = parse_text(Path("r.ris"), "TY  - JOUR\nTI  - T\nPY  - 20133\nER  - \n", "sources/r.ris", SETTINGS)
    assert records[0].date is None
    assert [str(problem) for problem in problems] == [
        "sources/r.ris:1: unreadable date '20133' dropped; the paper is kept without it"]


def test_dates_with_a_time_or_written_by_hand_are_read_and_others_reported():
    lines = [json.dumps({"title": f"T{index}", "abstract": "a", "date": value})
             for index, value in enumerate(["2024-03-14T10:00:00Z", "2024-03-14 10:00", "2024-03-14T10:00:00.5+02:00"])]
    records, problems = parse_text(Path("p.jsonl"), "\n".join(lines) + "\n", "sources/p.jsonl", SETTINGS)
    assert problems == [] and [record.date for record in records] == ["2024-03-14"] * 3
    dates = ["2024/03/14", "2024-3-4", "2024-03-14T10:00:00", "2024-03-14/2024-03-20", "03/14/2024", "20240314", "2024-13-01"]
    text = "".join(f"@article{{k{index}, title={{T{index}}}, date={{{value}}}}}\n" for index, value in enumerate(dates))
    records, problems = parse_text(Path("b.bib"), text, "sources/b.bib", SETTINGS)
    assert [record.date for record in records] == ["2024-03-14", "2024-03-04", "2024-03-14", "2024-03-14", None, None, "2024"]
    assert [str(problem) for problem in problems] == [
        "sources/b.bib:5: unreadable date '03/14/2024' dropped; the paper is kept without it",
        "sources/b.bib:6: unreadable date '20240314' dropped; the paper is kept without it",
        "sources/b.bib:7: impossible date '2024-13-01'; the paper keeps '2024'"]


def test_csl_items_from_zotero_and_pandoc():
    items, problems = read(csl_json, "zotxt-biblio.json")
    assert problems == []
    assert [item.date for item in items] == ["2012", "2013-05-01", "2015"]
    assert items[1].authors == ("Esa Díaz-León",) and items[1].venue == "European Journal of Philosophy"
    assert items[1].doi == "10.1111/ejop.12033"
    preprint, odd = read(csl_json, "zotero-arxiv-preprint.json")[0]
    assert (preprint.arxiv, preprint.date, preprint.venue) == ("2306.13455", "2023-06-29", None)
    assert preprint.authors[0] == "Jingyu Zhuang"
    assert odd.title == r"A sparse attention in $\mathcal{O}(n)$ for Rényi entropy" and odd.math
    assert odd.authors == ("J. D. van der Waals", "The LIGO Scientific Collaboration")
    assert (odd.date, odd.arxiv, odd.venue, odd.tags) == ("2021-01-05", "2101.00001", None, ("attention", "sparsity"))


def test_csl_damage_is_reported_at_the_item_line():
    records, problems = read(csl_json, "damaged-items.json")
    assert [record.title for record in records] == ["A Fine Book", "Odd Values"]
    assert [problem.line for problem in problems] == [3, 4]
    assert records[1].authors == () and records[1].date is None and records[1].doi is None


def read_csl(items: list) -> tuple[list, list[str]]:
    """The items as published, one a line from line 2: read as a `.json` source and validated."""
    text = "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"
    records, problems = parse_text(Path("c.json"), text, "sources/c.json", SETTINGS)
    return records, [str(problem) for problem in problems]


def test_csl_from_doi_org_loses_its_jats_markup_and_gets_its_arxiv_id():
    (crossref, datacite), problems = read(csl_json, "doi-org-answers.json")
    assert problems == []
    assert crossref.abstract.startswith("El tema característico de las obras de Stone")
    assert "<" not in crossref.abstract and crossref.abstract.endswith("para denotar una paradoja cultural.")
    # DataCite writes an old-style arXiv DOI in upper case; the id is arXiv's own.
    assert datacite.arxiv == "hep-th/9901001" and datacite.doi == "10.48550/ARXIV.HEP-TH/9901001"
    assert ("arxiv", "https://arxiv.org/abs/hep-th/9901001") in datacite.links


def test_csl_html_entities_and_jats_are_text():
    records, problems = read_csl([
        {"type": "article-journal", "title": "Soil &amp; water <i>in situ</i>", "container-title": "Soil &amp; Tillage",
         "abstract": "<jats:title>Abstract</jats:title><jats:p>We study <jats:italic>X</jats:italic> &amp; Y.</jats:p>"
                     "<jats:p>Then <jats:sup>2</jats:sup>&#x2013;Z.</jats:p>"},
        {"type": "article", "title": "When a <x> b and &lt;i&gt; is typed", "abstract": "AT&T's &bogus; R&D<br/>done"},
        {"type": "article", "title": "Structured", "abstract": "<jats:sec><jats:title>Background</jats:title><jats:p>Why.</jats:p></jats:sec>"},
    ])
    assert problems == []
    assert (records[0].title, records[0].venue) == ("Soil & water in situ", "Soil & Tillage")
    assert records[0].abstract == "We study X & Y. Then 2–Z."
    # Only markup goes: text that looks like a tag, or like an entity, stays as written.
    assert records[1].title == "When a <x> b and <i> is typed"
    assert records[1].abstract == "AT&T's &bogus; R&D done"
    assert records[2].abstract == "Background Why."


def test_csl_jats_mathematics_keeps_its_tex_and_is_typeset():
    mathml = ('<jats:inline-formula><mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:semantics><mml:mrow>'
              '<mml:mi>x</mml:mi><mml:mo>&lt;</mml:mo><mml:msup><mml:mi>y</mml:mi><mml:mn>2</mml:mn></mml:msup></mml:mrow>'
              '<mml:annotation encoding="application/x-tex">x &lt; y^2</mml:annotation></mml:semantics></mml:math>'
              '</jats:inline-formula>')
    tex_math = ("<jats:inline-formula><jats:tex-math>\\documentclass[12pt]{minimal}\\begin{document}$$\\alpha_1$$"
                "\\end{document}</jats:tex-math></jats:inline-formula>")
    records, problems = read_csl([
        {"type": "article-journal", "title": "Bounds",
         "abstract": f"<jats:p>We show {mathml} for all {tex_math}, and <mml:math><mml:mi>z</mml:mi></mml:math> too.</jats:p>"},
    ])
    assert problems == []
    assert records[0].abstract == "We show $x < y^2$ for all $\\alpha_1$, and z too."
    assert records[0].math


def test_csl_seasons_leave_the_year_and_impossible_months_are_reported():
    records, problems = read_csl([
        {"type": "article", "title": "Spring", "issued": {"date-parts": [[2017, 21]]}},
        {"type": "article", "title": "Season range", "issued": {"date-parts": [["2017", 15], ["2017", 16]]}},
        {"type": "article", "title": "EDTF season", "issued": {"raw": "2017-24"}},
        {"type": "article", "title": "Month 17", "issued": {"date-parts": [[2017, 17]]}},
        {"type": "article", "title": "February 30", "issued": {"date-parts": [[2017, 2, 30]]}},
    ])
    assert [record.date for record in records] == ["2017", "2017", "2017", "2017", "2017-02"]
    assert problems == [
        "sources/c.json:5: impossible date '2017-17'; the paper keeps '2017'",
        "sources/c.json:6: impossible date '2017-02-30'; the paper keeps '2017-02'",
    ]


def test_csl_date_parts_that_are_not_numbers_are_reported_and_the_item_kept():
    records, problems = read_csl([
        {"type": "article", "title": "A", "issued": {"date-parts": [["²³"]]}},
        {"type": "article", "title": "B", "issued": {"date-parts": [["2017", "spring"]]}},
        {"type": "article", "title": "C", "issued": {"raw": "٢٠١٧"}},
        {"type": "article", "title": "D", "issued": {"date-parts": [["-334"]]}},
    ])
    assert [(record.title, record.date) for record in records] == [("A", None), ("B", None), ("C", None), ("D", None)]
    assert problems == [
        "sources/c.json:2: impossible date '²³' dropped (its parts must be numbers in digits); the paper is kept without it",
        "sources/c.json:3: impossible date '2017-spring' dropped (its parts must be numbers in digits); the paper is kept without it",
    ]


def test_a_csl_number_too_long_for_python_is_one_problem_at_its_item():
    text = '[\n{"type": "book", "title": "A"},\n{"type": "book", "title": "B", "volume": ' + "1" * 5_000 + "}\n]"
    assert csl_json.read(text, "sources/c.json", SETTINGS) == ([], [Problem("sources/c.json", 3, "not valid JSON: a number in this item is too long")])



def test_a_broken_csl_file_says_what_is_wrong_and_where():
    text = '[\n{"type": "book", "title": "A"},\n{"type": "book", "title": "B cut off'
    assert csl_json.read(text, "sources/c.json", SETTINGS) == (
        [], [Problem("sources/c.json", 3, "not valid JSON: Unterminated string starting at column 27")])
    assert csl_json.read(text + "}\n]", "sources/c.json", SETTINGS) == (
        [], [Problem("sources/c.json", 3, "not valid JSON: Invalid control character at column 38")])

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
SNAPSHOT_KEYS = st.sampled_from(["id", "title", "abstract", "authors", "authors_parsed", "versions", "categories", "doi", "update_date", "journal-ref"])
CSL_KEYS = st.sampled_from(["id", "type", "title", "abstract", "author", "issued", "DOI", "URL", "keyword", "number", "container-title"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(SNAPSHOT_KEYS, JSON_VALUES | st.just("0704.0001"), max_size=10), max_size=5))
def test_any_snapshot_lines_give_records_or_problems(lines):
    text = "\n".join(json.dumps(line) for line in lines)
    records, problems = kaggle.read(text, "sources/s.json", SETTINGS)
    assert len(records) + len(problems) == len(lines)
    assert all(record.title and record.arxiv for record in records)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(CSL_KEYS, JSON_VALUES, max_size=10) | JSON_VALUES, max_size=5))
def test_any_csl_items_give_records_or_problems(items):
    records, problems = csl_json.read(json.dumps(items, indent=1), "sources/c.json", SETTINGS)
    assert len(records) + len(problems) == len(items)
    assert all(record.title for record in records)


MARKUP_PIECES = st.sampled_from(
    ["<", ">", "/", " ", "a", ":", "&", ";", "#", "$", "<jats:p>", "</jats:p>", "<jats:title>", "</jats:title>",
     "<i>", "</i>", "<br/>", "<x y='1'>", "&amp;", "&#x2013;", "\\emph{", "}", "<mml:math>", "</mml:math>",
     "<jats:tex-math>", "</jats:tex-math>", '<mml:annotation encoding="application/x-tex">', "</mml:annotation>",
     "\\begin{document}", "\\end{document}"]
)


@settings(max_examples=200, deadline=None)
@given(*[st.lists(MARKUP_PIECES | st.text(max_size=4), max_size=30).map("".join)] * 2)
def test_any_markup_in_csl_text_gives_a_record_or_a_problem(title, abstract):
    records, problems = csl_json.read(json.dumps([{"type": "article", "title": title, "abstract": abstract}]), "sources/c.json", SETTINGS)
    assert len(records) + len(problems) == 1
    assert all("<jats:" not in record.abstract and "</i>" not in record.title for record in records)


def test_csl_markup_is_read_in_time_linear_in_its_length():
    def took(size: int) -> float:
        pieces = ["<jats:", "<i ", "<" + "a" * size, "&#", "<jats:title>" + "x" * size, "<jats:p>a&amp;", "<mml:math>",
                  "<mml:math><mml:annotation encoding='application/x-tex'>", "</mml:math>", "<jats:tex-math>\\begin{document}"]
        abstract = "".join(piece * (size // len(piece) if len(piece) < 20 else 1) for piece in pieces)
        text = json.dumps([{"type": "article", "title": "T", "abstract": abstract}])
        start = time.perf_counter()
        csl_json.read(text, "sources/c.json", SETTINGS)
        return time.perf_counter() - start
    took(100)
    small, large = min(took(2_000) for _ in range(3)), min(took(20_000) for _ in range(3))
    assert large < 25 * small + 0.05, (small, large)


RIS_LINES = st.sampled_from(
    ["TY  - JOUR", "TI  - A title", "T1  - B", "AU  - Doe, Jane", "AU  - ", "PY  - 2020/05/01/", "PY  - 99/99",
     "KW  - k", "DO  - 10.1/x", "UR  - https://arxiv.org/abs/2101.00001", "L1  - file:///Users/a.pdf", "ER  - ",
     "ER  -", "garbage", "", "N1  - note", "XX  - unknown", "AB  - $x$ and \\emph{y}",
     "TY - JOUR", "TI - One space", "ER -", "AU - Doe, Jane"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(RIS_LINES | st.text(max_size=20), max_size=30).map("\n".join))
def test_any_ris_gives_records_or_problems(text):
    records, problems = ris.read(text, "sources/r.ris", SETTINGS)
    for record in records:
        assert record.title and all("file:" not in url for _, url in record.links)
    assert all(problem.path == "sources/r.ris" for problem in problems)


def test_east_asian_names_read_family_name_first_in_every_format():
    bib = "@article{a, title = {T}, author = {王, 小明 and 山田, 太郎 and 김, 철수 and Doe, Jane and Wang, 小明}}\n"
    [record], _ = parse_text(Path("a.bib"), bib, "sources/a.bib", SETTINGS)
    assert record.authors == ("王小明", "山田太郎", "김철수", "Jane Doe", "小明 Wang")
    ris = "TY  - JOUR\nTI  - T\nAU  - 王, 小明\nAU  - Doe, Jane\nER  - \n"
    [record], _ = parse_text(Path("a.ris"), ris, "sources/a.ris", SETTINGS)
    assert record.authors == ("王小明", "Jane Doe")
    records, _ = read_csl([{"type": "article", "title": "T", "author": [{"family": "王", "given": "小明"}, {"family": "Doe", "given": "Jane"}]}])
    assert records[0].authors == ("王小明", "Jane Doe")
