"""The JSON Lines reader: one paper per line, each bad line reported and skipped.

Golden files: see tests/golden.py.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from generator.readers import ReadSettings, decode, jsonl, parse_source, reader_for
from tests.conftest import FIXTURES
from tests.golden import check_golden

FOLDER = FIXTURES / "readers" / "jsonl"
CASES = sorted(FOLDER.glob("*.jsonl"))
SETTINGS = ReadSettings()


def read(text: str, path: str = "sources/papers.jsonl"):
    return jsonl.read(decode(text.encode("utf-8")), path, SETTINGS)


def line(**fields) -> str:
    return json.dumps({"title": "T", "abstract": "A", **fields})



@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_golden(case):
    check_golden(jsonl, case)


def test_fields_of_a_full_line():
    records, problems = read(
        line(
            title="Barlow Twins",
            abstract="Self-supervised $x$ learning.",
            authors=["Jure Zbontar", " Li Jing "],
            date="2021-03-04",
            tags=["ssl", "vision", "ssl"],
            links={"code": "https://github.com/facebookresearch/barlowtwins"},
            arxiv="arXiv:2103.03230v3",
            doi="https://doi.org/10.48550/arXiv.2103.03230",
            venue="ICML 2021",
            math=True,
            starred=True,
        )
    )
    assert problems == []
    (record,) = records
    assert record.source == "sources/papers.jsonl:1" and record.format == "jsonl"
    assert record.authors == ("Jure Zbontar", "Li Jing")
    assert record.tags == ("ssl", "vision")
    assert record.arxiv == "2103.03230" and record.doi == "10.48550/arXiv.2103.03230"
    assert record.links == (
        ("code", "https://github.com/facebookresearch/barlowtwins"),
        ("arxiv", "https://arxiv.org/abs/2103.03230"),
        ("doi", "https://doi.org/10.48550/arXiv.2103.03230"),
    )
    assert record.venue == "ICML 2021" and record.math is True


def test_math_is_off_unless_asked_for():
    records, _ = read(line() + "\n" + line(math=False))
    assert [record.math for record in records] == [False, False]


def test_old_style_arxiv_id_keeps_its_archive():
    records, _ = read(line(arxiv="math.GT/0309136v2"))
    assert records[0].arxiv == "math.GT/0309136"


@pytest.mark.parametrize("value", ["2024", "2024-03", "2024-02-29"])
def test_iso_dates_of_every_precision(value):
    records, problems = read(line(date=value))
    assert problems == [] and records[0].date == value


def test_a_date_that_is_no_iso_date_is_dropped_and_the_paper_kept():
    records, problems = read(line(date="March 2024"))
    assert len(records) == 1 and records[0].date is None
    assert [problem.line for problem in problems] == [1]
    assert problems[0].message == (
        '"date" must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got \'March 2024\'; the paper is kept without a date'
    )


@pytest.mark.parametrize("value, kept", [("2023-02-29", "2023-02"), ("2024-13-45", "2024")])
def test_of_an_impossible_date_the_paper_keeps_what_is_real(value, kept):
    records, problems = parse_source(Path("papers.jsonl"), line(date=value).encode(), "sources/papers.jsonl", SETTINGS)
    assert len(records) == 1 and records[0].date == kept
    assert [str(problem) for problem in problems] == [
        f"sources/papers.jsonl:1: impossible date {value!r}; the paper keeps {kept!r}"]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"authors": 3}, '"authors" must be a list of strings, got number'),
        ({"authors": ["A", None]}, '"authors" must be a list of strings, got a list holding null'),
        ({"tags": {"a": 1}}, '"tags" must be a list of strings, got object'),
        ({"date": 2024}, '"date" must be a string, got number'),
        ({"links": {"code": 5}}, '"links" → "code" must be an http(s) URL, got number'),
        ({"arxiv": "2103.0323"}, '"arxiv" must be an arXiv id'),
        ({"doi": "11.1000/x"}, '"doi" must be a DOI starting with "10."'),
        ({"venue": ["ICML"]}, '"venue" must be a string, got array'),
        ({"math": 1}, '"math" must be true or false, got number'),
        ({"title": None}, '"title" must be a string, got null'),
        ({"title": "   "}, '"title" must not be empty'),
        ({"abstract": False}, '"abstract" must be a string, got true/false'),
    ],
)
def test_schema_violations_name_the_key_and_what_was_expected(fields, message):
    records, problems = read(line(**fields))
    assert records == []
    assert len(problems) == 1
    assert problems[0].line == 1
    assert problems[0].message.startswith(message)
    assert problems[0].message.endswith("line skipped")


def test_null_is_absent_for_optional_keys():
    records, problems = read(line(authors=None, date=None, links=None, arxiv=None, venue=None, math=None))
    assert problems == []
    assert records[0].authors == () and records[0].date is None and records[0].math is False


def test_damaged_lines_are_reported_at_their_line_and_the_rest_is_read():
    records, problems = jsonl.read(decode((FOLDER / "damaged-lines.jsonl").read_bytes()), "sources/damaged-lines.jsonl", SETTINGS)
    assert [(record.title, record.source) for record in records] == [
        ("First Paper", "sources/damaged-lines.jsonl:1"),
        ("Second Paper", "sources/damaged-lines.jsonl:5"),
        ("Bad date", "sources/damaged-lines.jsonl:10"),
        ("Impossible date", "sources/damaged-lines.jsonl:11"),
        ("Bad link", "sources/damaged-lines.jsonl:14"),  # kept, without its ftp: link
        ("Third Paper", "sources/damaged-lines.jsonl:18"),
    ]
    assert [record.date for record in records[2:4]] == [None, "2024-02-30"]  # for validation to report
    assert records[4].links == ()
    assert [problem.line for problem in problems] == [2, 3, 4, *range(6, 11), 12, 13, 15, 16, 17]
    assert all(problem.path == "sources/damaged-lines.jsonl" for problem in problems)
    assert problems[0].message.startswith("not valid JSON: ")
    assert problems[2].message.startswith("not valid JSON: Expecting value at column 1")



def test_a_broken_line_says_what_is_wrong_and_at_which_column():
    text = '{"title": "Cut short, "abstract": "A"}\n{"title": "T",\n{"title": "Tab\tin a string", "abstract": "A"}\n'
    assert [str(problem) for problem in read(text)[1]] == [
        "sources/papers.jsonl:1: not valid JSON: Expecting ',' delimiter at column 24; line skipped",
        "sources/papers.jsonl:2: not valid JSON: Expecting property name enclosed in double quotes at column 15; line skipped",
        "sources/papers.jsonl:3: not valid JSON: Invalid control character at column 15; line skipped",
    ]
    _, [problem] = read('{"title": "T", "abstract": "An abstract cut off\n')
    assert str(problem) == "sources/papers.jsonl:1: not valid JSON: Unterminated string starting at column 28; line skipped"

def test_blank_lines_crlf_and_bom_are_fine():
    text = "\ufeff\r\n" + line(title="One") + "\r\n   \r\n\t\r\n" + line(title="Two") + "\r\n"
    records, problems = jsonl.read(decode(text.encode("utf-8")), "sources/papers.jsonl", SETTINGS)
    assert problems == []
    assert [(record.title, record.source) for record in records] == [("One", "sources/papers.jsonl:2"), ("Two", "sources/papers.jsonl:5")]


@pytest.mark.parametrize("text", ["", "\n\n  \n", "[" * 100_000, "1" * 5000, "null", '"a string"', "{]"])
def test_odd_inputs_never_raise(text):
    records, problems = read(text)
    assert records == []
    assert all(problem.line == 1 for problem in problems)


def test_random_bytes_never_raise():
    generator = random.Random(5)
    for _ in range(50):
        data = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 400)))
        records, problems = jsonl.read(data.decode("latin-1"), "sources/noise.jsonl", SETTINGS)
        assert all(problem.line for problem in problems)


def test_sniff_and_registry():
    assert jsonl.sniff("\n\n" + line() + "\n")
    assert not jsonl.sniff('["an array"]\n')
    assert not jsonl.sniff("A title\n\nAn abstract.\n")
    assert not jsonl.sniff("")
    assert reader_for(Path("sources/papers.ndjson"), "") is jsonl
    assert reader_for(Path("sources/exported"), line()) is jsonl


def test_a_doi_with_characters_that_mean_something_in_a_url_links_to_itself():
    # Old SICI DOIs end in `#`; a link `…/a#b` would take the browser to `…/a`.
    (record,), _ = read(line(doi="10.1002/(SICI)1097-4636(199806)40:3<357::AID-JBM3>3.0.CO;2-#"))
    assert dict(record.links)["doi"] == "https://doi.org/10.1002/(SICI)1097-4636(199806)40:3%3C357::AID-JBM3%3E3.0.CO;2-%23"
    (record,), _ = read(line(doi="10.1000/50%off?x"))
    assert dict(record.links)["doi"] == "https://doi.org/10.1000/50%25off%3Fx"
    # No DOI holds white space: what follows is another field an export glued on, never published.
    (record,), _ = read(line(doi="10.1000/x     LK  - https://lib.example.edu/link?aulast=Doe"))
    assert record.doi == "10.1000/x" and dict(record.links)["doi"] == "https://doi.org/10.1000/x"


def test_an_arxiv_doi_gives_the_arxiv_id_as_in_every_other_format():
    (record,), problems = read(line(doi="10.48550/arXiv.2103.03230"))
    assert problems == [] and record.arxiv == "2103.03230"
    assert dict(record.links)["arxiv"] == "https://arxiv.org/abs/2103.03230"


def test_other_tools_names_for_keys_are_read():
    """Papers with Code's `arxiv_id`, Semantic Scholar's author objects, `year` and
    `publicationDate`, `keywords` and `journal`: a paper is not read without its ids."""
    records, problems = read(
        "\n".join(
            [
                line(arxiv_id="2103.03230", DOI="10.1000/x1", published="2021-03-04T17:59:50Z", keywords=["ssl"], journal="J"),
                line(arxivId="hep-th/9901001", year=2019, authors=[{"name": "Li Jing", "authorId": "1"}, "Ada Lovelace"]),
                line(publicationDate="2020-05-06", year=1999),
                line(arxiv="2103.03230", arxiv_id="1234.56789", date=None, year="2022"),
            ]
        )
    )
    assert problems == []
    first, second, third, fourth = records
    assert (first.arxiv, first.doi, first.date, first.tags, first.venue) == ("2103.03230", "10.1000/x1", "2021-03-04", ("ssl",), "J")
    assert dict(first.links)["arxiv"] == "https://arxiv.org/abs/2103.03230"
    assert (second.arxiv, second.date, second.authors) == ("hep-th/9901001", "2019", ("Li Jing", "Ada Lovelace"))
    assert third.date == "2020-05-06"  # a date wins over a year
    assert (fourth.arxiv, fourth.date) == ("2103.03230", "2022")  # the key itself wins over another name


@pytest.mark.parametrize(
    "fields",
    [
        {"arxiv_id": "not an id"},
        {"arxivId": 2103.03230},
        {"DOI": "doi:nothing"},
        {"journal": {"volume": "3"}},
        {"keywords": "a; b"},
        {"published": True},
        {"publicationDate": "March 2024"},
        {"year": "last year"},
        {"year": True},
    ],
)
def test_another_tools_value_of_another_shape_is_ignored_as_any_other_key(fields):
    """Read before these names were known, such a line kept its paper: it still does."""
    records, problems = read(line(**fields))
    assert problems == []
    (record,) = records
    assert (record.arxiv, record.doi, record.venue, record.tags, record.date) == (None, None, None, (), None)


def test_a_semantic_scholar_line_gives_its_venue_ids_and_date():
    (record,), problems = read(line(journal={"name": "Nature", "volume": "3"}, publicationDate="2021-03-04", year=2021,
                                    externalIds={"ArXiv": "2103.03230", "DOI": "10.1038/x", "CorpusId": 5}))
    assert problems == []
    assert (record.venue, record.arxiv, record.doi, record.date) == ("Nature", "2103.03230", "10.1038/x", "2021-03-04")
    (record,), _ = read(line(arxiv="2001.00001", externalIds={"ArXiv": "2103.03230", "DOI": "no doi"}))
    assert (record.arxiv, record.doi) == ("2001.00001", None)


def test_an_author_object_without_a_name_is_reported_and_the_line_skipped():
    records, problems = read(line(authors=[{"id": 3}]))
    assert records == []
    assert [(problem.line, problem.message) for problem in problems] == [
        (1, '"authors" must be a list of strings, got a list holding object; line skipped')
    ]


def test_other_tools_records_are_read_with_their_names_for_the_abstract_and_authors():
    # The arXiv API's and Hugging Face's `summary`, OpenAlex's inverted abstract, Semantic Scholar's
    # authors (one without a name), authors in one string, a Zotero attachment among the links.
    lines = [
        {"title": "From the arXiv API", "summary": "We study X.", "authors": "Ada Lovelace, Alan Turing"},
        {"title": "From OpenAlex", "abstract_inverted_index": {"We": [0], "study": [1], "Y.": [2], "bad": ["x", -1]},
         "authors": "Lovelace, Ada"},
        {"title": "From Semantic Scholar", "abstract": None, "abstractNote": "Zotero's.",
         "authors": [{"authorId": "1", "name": "Ada Lovelace"}, {"authorId": "2", "name": None}]},
        {"title": "From Zotero", "abstract": "A.", "authors": "Ada Lovelace and Alan Turing",
         "links": {"pdf": "file:///home/me/Zotero/storage/ABCD1234/x.pdf", "code": "https://github.com/x/y"}},
    ]
    records, problems = read("".join(json.dumps(line) + "\n" for line in lines))
    assert problems == []
    assert [(record.abstract, record.authors) for record in records] == [
        ("We study X.", ("Ada Lovelace", "Alan Turing")), ("We study Y.", ("Lovelace, Ada",)),
        ("Zotero's.", ("Ada Lovelace",)), ("A.", ("Ada Lovelace", "Alan Turing"))]
    assert dict(records[3].links) == {"code": "https://github.com/x/y"}


def test_a_line_of_tex_has_its_names_and_venue_decoded_too():
    (record,), problems = read(json.dumps({"title": "T", "abstract": "A", "math": True, "authors": ["Ren\\'e Dupont"],
                                           "venue": "$K$-Theory"}) + "\n")
    assert problems == [] and record.authors == ("René Dupont",) and record.venue == "K-Theory"


def _without_source(record):
    return {key: value for key, value in vars(record).items() if key not in ("source", "format")}


def test_a_json_array_of_another_tools_records_is_read_as_its_lines_would_be():
    # Semantic Scholar's batch API answers with the records of `semantic-scholar.jsonl` as one JSON array: as
    # CSL JSON, authors, dates, venues and identifiers were lost without a word.
    path = FIXTURES / "readers/jsonl/semantic-scholar.jsonl"
    text = path.read_text(encoding="utf-8")
    lines, line_problems = parse_source(path, text.encode(), "s2.jsonl", ReadSettings())
    array = "[\n" + ",\n".join(line for line in text.splitlines() if line.strip()) + "\n]\n"
    items, item_problems = parse_source(Path("s2.json"), array.encode(), "s2.json", ReadSettings())
    assert line_problems == item_problems == [] and len(items) == 3
    assert [_without_source(record) for record in items] == [_without_source(record) for record in lines]
    assert all(record.authors and record.date for record in items)


def test_a_json_array_of_hugging_face_paper_objects_keeps_abstract_authors_date_and_arxiv_id():
    # Hugging Face's `paper` objects without the daily item around them (origin: tests/fixtures/readers/README.md).
    path = FIXTURES / "readers/csl/hf-paper-objects.json"
    (record,), problems = parse_source(path, path.read_bytes(), path.name, ReadSettings())
    assert problems == []
    assert (record.title, record.authors, record.date, record.arxiv) == (
        "Why Language Models Hallucinate", ("Adam Tauman Kalai",), "2025-09-04", "2509.04664")
    assert record.abstract.startswith("Like students facing hard exam questions")


def test_csl_items_stay_csl_and_a_null_abstract_is_no_abstract():
    csl = json.dumps([{"id": "a", "type": "article-journal", "title": "T", "author": [{"family": "Doe", "given": "J"}],
                       "issued": {"date-parts": [[2020]]}, "abstract": "A."}])
    (record,), _ = parse_source(Path("c.json"), csl.encode(), "c.json", ReadSettings())
    assert (record.format, record.authors, record.date) == ("csl", ("J Doe",), "2020")
    (record,), problems = read(line(abstract=None, year=2020))
    assert problems == [] and record.abstract == "" and record.date == "2020"


def test_without_math_a_formula_in_the_title_or_abstract_makes_the_line_tex():
    # arXiv listings kept as JSON Lines write TeX in titles ("$f$-GRPO"), as Semantic Scholar does in abstracts.
    (record,), _ = read(json.dumps({"title": "$f$-GRPO: Divergences for Policy Optimization", "abstract": "We fit $\\sim 5$ runs."}) + "\n")
    assert record.math and record.abstract == "We fit $\\sim 5$ runs."
    (record,), _ = read(json.dumps({"title": "Prices", "abstract": "It costs $5 and $10."}) + "\n")
    assert not record.math
    (record,), _ = read(json.dumps({"title": "$f$-GRPO", "abstract": "A.", "math": False}) + "\n")
    assert not record.math and record.title == "$f$-GRPO"


def test_html_of_a_catalogue_is_read_as_text_as_in_the_other_formats():
    # Abstracts of the Archive of Formal Proofs (its release metadata.json, carlinmack/afp at
    # 975c243, src/afp-devel/admin/hugo/static/release/metadata.json), one entry a line.
    (record,), problems = read(line(
        title="Gaussian Integers",
        abstract='<p>The Gaussian integers are the subring &#8484;[i] of the complex numbers, following '
                 '<a href="https://dx.doi.org/10.1007/978-3-662-57265-8">THE BOOK</a>:</p> <ol> <li> sums of '
                 'two squares</li> <li> Pythagorean triples</li> </ol> <p>The closed form '
                 '(<i>&phi;</i><sup><i>n</i></sup> - 1) / &radic;5 with <em>f</em>(<em>n</em>).</p>'))
    assert problems == []
    assert record.abstract == ("The Gaussian integers are the subring ℤ[i] of the complex numbers, following THE BOOK: "
                               "sums of two squares Pythagorean triples The closed form (φ$^{n}$ - 1) / √5 "
                               "with f(n).")
    (titled,), _ = read(line(title="Cu<sub>2</sub>O films of <em>ex vivo</em> CD8<sup>+</sup> cells", abstract=""))
    assert titled.title == "Cu₂O films of ex vivo CD8⁺ cells"


def test_text_without_markup_keeps_its_angle_brackets():
    (record,), _ = read(line(title="When a < b", abstract="P < 0.05 for x > 2 and <b> as written"))
    assert (record.title, record.abstract) == ("When a < b", "P < 0.05 for x > 2 and <b> as written")


def test_an_openalex_work_gives_its_authors_venue_and_citation():
    # tests/fixtures/readers/jsonl/openalex-works.jsonl: OpenAlex's answers recorded by commonmeta-py.
    records, problems = jsonl.read((FOLDER / "openalex-works.jsonl").read_text("utf-8"), "sources/works.jsonl", SETTINGS)
    assert problems == []
    by_doi = {record.doi: record for record in records}
    article = by_doi["10.1371/journal.pone.0000030"]
    assert article.authors[:2] == ("Markus Ralser", "Gino Heeren") and len(article.authors) == 5
    assert (article.date, article.venue) == ("2006-12-20", "PLoS ONE")
    assert article.abstract.startswith("Triosephosphate isomerase (TPI) deficiency")
    assert dict(article.citation) == {"ENTRYTYPE": "article", "journal": "PLoS ONE", "volume": "1", "number": "1", "pages": "e30"}
    chapter = by_doi["10.1007/978-3-319-75889-3_1"]  # in a book series: the series, no book title
    assert dict(chapter.citation) == {"ENTRYTYPE": "inbook", "series": "SpringerBriefs in medical earth sciences", "pages": "1--13"}
    thesis = by_doi["10.14264/uql.2020.791"]  # its repository is its university
    assert thesis.venue is None and dict(thesis.citation) == {"ENTRYTYPE": "phdthesis", "school": "The University of Queensland"}
    book = by_doi["10.1017/9781108348843"]  # an e-book shop is no venue; its owner published the book
    assert book.venue is None and dict(book.citation) == {"ENTRYTYPE": "book", "publisher": "Cambridge University Press"}
    preprint = by_doi["10.1101/097196"]
    assert dict(preprint.citation) == {"ENTRYTYPE": "misc", "howpublished": "bioRxiv (Cold Spring Harbor Laboratory)"}


def test_an_openalex_works_arxiv_copy_gives_its_id_and_a_lines_own_keys_come_first():
    work = json.loads((FOLDER / "openalex-works.jsonl").read_text("utf-8").splitlines()[0])
    work["locations"].append({"landing_page_url": "https://arxiv.org/abs/2103.03230v2", "source": {"display_name": "arXiv (Cornell University)", "type": "repository"}})
    (record,), _ = read(json.dumps(work))
    assert record.arxiv == "2103.03230"
    (own,), _ = read(json.dumps(dict(work, authors=["Ada Lovelace"], venue="Own Venue", title=None, display_name="Shown")))
    assert (own.authors, own.venue, own.title) == (("Ada Lovelace",), "Own Venue", "Shown")


def test_author_objects_of_given_and_family_names_and_empty_ids_keep_the_line():
    # The ML Anthology's lines (rbnyng/mlanthology at a9a5c3f, data/legacy/automl-legacy.jsonl.gz, its first
    # line, abstract cut): authors as CSL-like objects, an empty "doi" for one it does not know.
    (record,), problems = read(json.dumps({
        "bibtex_key": "abdulrahman2016automl-effect", "title": "Effect of Incomplete Meta-dataset on Average Ranking Method",
        "authors": [{"given": "Salisu Mamman", "family": "Abdulrahman", "slug": "abdulrahman-salisu-mamman"},
                    {"given": "Pavel", "family": "Brazdil", "slug": "brazdil-pavel"}],
        "year": "2016", "venue": "automl", "abstract": "One of the simplest metalearning methods is the average ranking method.",
        "pdf_url": "http://proceedings.mlr.press/v64/adbdulrahman_effect_2016.pdf", "doi": "", "openreview_url": "",
        "code_url": ""}))
    assert problems == []
    assert (record.authors, record.doi, record.date) == (("Salisu Mamman Abdulrahman", "Pavel Brazdil"), None, "2016")
    assert record.links == (("pdf", "http://proceedings.mlr.press/v64/adbdulrahman_effect_2016.pdf"),)
    records, problems = read("\n".join([
        line(authors=[{"firstName": "Ada", "lastName": "Lovelace", "creatorType": "author"}, {"literal": "CERN"}]),
        line(authors=[{"given": "小明", "family": "王"}, {"family": "Plato"},
                      {"given": "Vincent", "non-dropping-particle": "van", "family": "Gogh"},
                      {"given": "Martin Luther", "family": "King", "suffix": "Jr."}]),
        line(arxiv=" ", date="", doi="  ", published="2024-03-14"),
    ]))
    assert problems == []
    assert [record.authors for record in records[:2]] == [
        ("Ada Lovelace", "CERN"), ("王小明", "Plato", "Vincent van Gogh", "Martin Luther King Jr.")]
    assert (records[2].arxiv, records[2].doi, records[2].date) == (None, None, "2024-03-14")
