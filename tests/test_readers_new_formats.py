"""The Kaggle arXiv snapshot, RIS and CSL JSON readers on real exports and on damage.

Golden files: see tests/golden.py and tests/fixtures/readers/README.md.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.merge import merge_records
from generator.model import Problem
from generator.readers import (
    ReadSettings,
    csl_json,
    decode,
    jsonl,
    kaggle,
    parse_text,
    reader_for,
    ris,
)
from generator.readers.person import CUT_SHORT
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
    # Crossref's `<jats:sup>` is a superscript as `<sup>` is (see the test below).
    assert records[0].abstract == "We study X & Y. Then ²–Z."
    # Only markup goes: text that looks like a tag, or like an entity, stays as written.
    assert records[1].title == "When a <x> b and <i> is typed"
    assert records[1].abstract == "AT&T's &bogus; R&D done"
    assert records[2].abstract == "Background Why."


def test_csl_superscripts_and_subscripts_of_a_title_and_abstract_keep_their_meaning():
    # What doi.org answers for an ACS paper, as citation.js recorded it: a footnote mark.
    (record,), problems = read(csl_json, "citationjs-doi-org-acs.json")
    assert problems == []
    assert record.title == "Correlation of the Base Strengths of Amines¹"
    assert record.authors == ("H. K. Hall Jr.",) and record.date == "1957-10"
    records, problems = read_csl([{"type": "article-journal", "title": "10<sup>-3</sup> of H<sub>2</sub>O",
                                   "container-title": "J<sub>x</sub>", "abstract": "At T <sub>eff</sub>."}])
    assert problems == []
    assert (records[0].title, records[0].venue, records[0].abstract) == ("10⁻³ of H₂O", "Jx", "At T$_{\\mathrm{eff}}$.")
    # Crossref's JATS, as doi.org answers: the same tags with its namespace prefix.
    records, problems = read_csl([{"type": "journal-article", "title": "10<jats:sup>-3</jats:sup> of H<jats:sub>2</jats:sub>O",
                                   "abstract": "<jats:p>At T <jats:sub>eff</jats:sub>, <jats:italic>k</jats:italic>"
                                               "<jats:sup>2</jats:sup> &lt; 10<jats:sup>−6</jats:sup>.</jats:p>"
                                               "<jats:p>Cu<jats:sub>2</jats:sub>O.</jats:p>"}])
    assert problems == []
    assert (records[0].title, records[0].abstract) == ("10⁻³ of H₂O", "At T$_{\\mathrm{eff}}$, k² < 10⁻⁶. Cu₂O.")


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


def test_csl_dates_under_date_parts_as_python_tools_write_them():
    # A Pydantic model of CSL writes `date_parts`; the paper keeps its date.
    (record,), problems = read(csl_json, "date-parts-underscore.json")
    assert problems == [] and record.date == "2023-06-15"
    records, problems = read_csl([
        {"type": "article", "title": "A", "issued": {"date_parts": [[2019, 5, 2]]}},
        {"type": "article", "title": "B", "issued": {"date-parts": [[2020]], "date_parts": [[2019]]}},
        {"type": "article", "title": "C", "issued": {"date_parts": [], "raw": "2018-03"}},
        {"type": "article", "title": "D", "issued": {"date_parts": [["2017", "spring"]]}},
    ])
    assert [record.date for record in records] == ["2019-05-02", "2020", "2018-03", None]
    assert problems == ["sources/c.json:5: impossible date '2017-spring' dropped (its parts must be numbers in digits); "
                        "the paper is kept without it"]


def test_csl_variables_under_python_names_are_read_as_csl_names():
    # The same model writes `container_title`: the venue, volume and pages reach the page and citation.
    (record,), _ = read(csl_json, "date-parts-underscore.json")
    assert record.venue == "Nature Machine Intelligence"
    assert dict(record.citation)["journal"] == "Nature Machine Intelligence" and dict(record.citation)["pages"] == "123--134"
    (both, place), _ = read_csl([
        {"type": "article-journal", "title": "A", "container-title": "Kept", "container_title": "Not this"},
        {"type": "book", "title": "B", "publisher": "P", "publisher_place": "Oslo", "collection_title": "Series"},
    ])
    assert both.venue == "Kept"
    assert dict(place.citation)["address"] == "Oslo" and dict(place.citation)["series"] == "Series"


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
CSL_KEYS = st.sampled_from(["id", "type", "title", "abstract", "author", "issued", "DOI", "URL", "keyword", "number", "container-title",
                            "editor", "volume", "issue", "page", "publisher", "publisher-place", "genre", "collection-title",
                            "event-title", "edition"])
CSL_TYPES = st.sampled_from(["paper-conference", "chapter", "thesis", "report", "book", "article-journal", "webpage", "x"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(SNAPSHOT_KEYS, JSON_VALUES | st.just("0704.0001"), max_size=10), max_size=5))
def test_any_snapshot_lines_give_records_or_problems(lines):
    text = "\n".join(json.dumps(line) for line in lines)
    records, problems = kaggle.read(text, "sources/s.json", SETTINGS)
    assert len(records) + len(problems) == len(lines)
    assert all(record.title and record.arxiv for record in records)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(CSL_KEYS, JSON_VALUES | CSL_TYPES, max_size=10) | JSON_VALUES, max_size=5))
def test_any_csl_items_give_records_or_problems(items):
    records, problems = csl_json.read(json.dumps(items, indent=1), "sources/c.json", SETTINGS)
    assert len(records) + len(problems) == len(items)
    assert all(record.title for record in records)
    assert all(record.citation[0][0] == "ENTRYTYPE" and all(isinstance(value, str) and value for _, value in record.citation)
               for record in records if record.citation)


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


def test_east_asian_names_read_family_name_first_in_every_format():
    bib = "@article{a, title = {T}, author = {王, 小明 and 山田, 太郎 and 김, 철수 and Doe, Jane and Wang, 小明}}\n"
    [record], _ = parse_text(Path("a.bib"), bib, "sources/a.bib", SETTINGS)
    assert record.authors == ("王小明", "山田太郎", "김철수", "Jane Doe", "小明 Wang")
    ris = "TY  - JOUR\nTI  - T\nAU  - 王, 小明\nAU  - Doe, Jane\nER  - \n"
    [record], _ = parse_text(Path("a.ris"), ris, "sources/a.ris", SETTINGS)
    assert record.authors == ("王小明", "Jane Doe")
    records, _ = read_csl([{"type": "article", "title": "T", "author": [{"family": "王", "given": "小明"}, {"family": "Doe", "given": "Jane"}]}])
    assert records[0].authors == ("王小明", "Jane Doe")


def test_better_bibtex_own_json_is_named_as_not_csl():
    # retorquere/zotero-better-bibtex, test/fixtures/export/*.json: `{"config": …, "items": […]}`.
    text = json.dumps({"config": {"label": "BetterBibTeX JSON"}, "items": [{"itemType": "case", "caseName": "White v. State"}]}, indent=2)
    records, problems = csl_json.read(text, "sources/library.json", SETTINGS)
    assert records == [] and [(problem.line, problem.message.split(" (")[0]) for problem in problems] == [
        (1, "not CSL JSON but an object holding `items`")]


def test_a_list_cut_short_names_no_et_al_person_in_any_format():
    # Cochrane's RIS ends a list at ten people with `AU  - et al.`; BibTeX's `and others` is read so.
    texts = {
        "a.ris": "TY  - JOUR\nTI  - T\nAU  - Bove, R\nAU  - Graves, JS\nAU  - et al.\nER  - \n",
        "a.bib": "@article{a, title = {T}, author = {Bove, R. and Graves, J. S. and others}}\n",
        "a.jsonl": json.dumps({"title": "T", "abstract": "A", "authors": ["R. Bove", "J. S. Graves", "et al"]}) + "\n",
        "b.jsonl": json.dumps({"title": "T", "abstract": "A", "authors": "R. Bove, J. S. Graves, et al."}) + "\n",
        "a.json": json.dumps([{"type": "article", "title": "T", "author": [
            {"family": "Bove", "given": "R."}, {"family": "Graves", "given": "J. S."}, {"literal": "et al."}]}]),
        "b.json": json.dumps({"id": "0704.0001", "title": "T", "abstract": "A", "authors": "R. Bove, J. S. Graves, et al."}) + "\n",
        "a.xml": '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2103.03230v1</id>'
                 "<title>T</title><summary>A</summary><author><name>R. Bove, J. S. Graves, et al.</name></author></entry></feed>",
    }
    for name, text in texts.items():
        records, problems = parse_text(Path(name), text, f"sources/{name}", SETTINGS)
        assert len(records) == 1, (name, problems)
        record = records[0]
        # The record keeps a mark that the list goes on, for merging; no paper shows it.
        assert [author.split()[-1] for author in record.authors] == ["Bove", "Graves", CUT_SHORT], (name, record.authors)
        assert [author.split()[-1] for author in merge_records(records)[0].authors] == ["Bove", "Graves"]


def test_an_api_answer_saved_whole_is_read_as_its_list_of_papers():
    # OpenAlex's `/works` answer: `meta`, then the works under `results`; each at its own line.
    records, problems = read(csl_json, "openalex-answer.json")
    text = (READERS / "csl" / "openalex-answer.json").read_text("utf-8").splitlines()
    assert problems == [] and [record.title for record in records] == [
        "Climate Change and Increasing Risk of Extreme Heat", "Vector Quotient Filters"]
    assert [text[int(record.source.rsplit(":", 1)[1]) - 1].strip() for record in records] == ["{", "{"]
    # Semantic Scholar's search answer holds its papers under `data`.
    answer = {"total": 1, "offset": 0, "data": [{"paperId": "x", "title": "A", "abstract": "B", "authors": [{"name": "C D"}]}]}
    (paper,), problems = csl_json.read(json.dumps(answer, indent=1), "sources/s2.json", SETTINGS)
    assert problems == [] and (paper.title, paper.authors, paper.source) == ("A", ("C D",), "sources/s2.json:5")
    # The list at the top, not one of the same name before it.
    nested = {"meta": {"data": [1]}, "data": answer["data"]}
    (paper,), problems = csl_json.read(json.dumps(nested), "sources/s2.json", SETTINGS)
    assert problems == [] and paper.title == "A"
    # An object that is one paper stays one paper, though it has a list named `data`.
    (one,), _ = csl_json.read(json.dumps({"type": "dataset", "title": "T", "data": [1, 2]}), "sources/one.json", SETTINGS)
    assert one.title == "T"
