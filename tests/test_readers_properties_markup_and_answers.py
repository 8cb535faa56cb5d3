"""Property tests of the stages JSON Lines, CSL JSON and BibTeX share: HTML in a title or
abstract, author objects, an API's answer saved whole, a keywords field and a field's joined
addresses. Any input gives records or `path:line` problems, never an exception."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.proxy import published_address
from generator.readers import ReadSettings, csl_json, jsonl
from generator.readers.arxiv_atom import doi_name
from generator.readers.bibtex_fields import keywords
from generator.readers.markup import escaped_html

SETTINGS = ReadSettings()
# Pieces of the HTML catalogues and publishers write, IEEE's and JATS' among them, and what is no HTML.
HTML = st.sampled_from([
    "<p>", "</p>", "<i>", "</i>", "<em>", "</em>", "<sup>", "</sup>", "<sub>", "</sub>", "<inf>", "</inf>", "<br/>",
    '<sup xmlns:mml="http://www.w3.org/1998/Math/MathML">', "<inline-formula>", "</inline-formula>",
    '<tex-math notation="LaTeX">', "</tex-math>", "<a href='https://x.org/?a=1&amp;b=2'>", "</a>", "<ul>", "<li>",
    "</li>", "<jats:sup>", "</jats:sup>", "&amp;", "&lt;", "&gt;", "&#8484;", "&phi;", "&bogus;", "<", ">", "$", "\\",
    "$x$", "10", "φ", "n", " ", "A", "<h3>Abstract</h3>",
])
MARKED_TEXT = st.lists(HTML | st.text(max_size=4), max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(MARKED_TEXT, MARKED_TEXT, st.sampled_from([None, True, False]))
def test_any_html_in_a_lines_title_or_abstract_gives_a_record_or_a_line_problem(title, abstract, math):
    line = {"title": title, "abstract": abstract} | ({} if math is None else {"math": math})
    records, problems = jsonl.read(json.dumps(line), "sources/p.jsonl", SETTINGS)
    assert len(records) + len(problems) == 1
    assert all(record.title.strip() for record in records)
    assert all(str(problem).startswith("sources/p.jsonl:1:") for problem in problems)


@settings(max_examples=300, deadline=None)
@given(MARKED_TEXT)
def test_markup_of_any_text_is_read_without_an_exception(text):
    once = escaped_html(text, typeset=True)
    assert isinstance(once, str)


NAME_PART = st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.lists(st.text(max_size=3), max_size=2)
AUTHOR = st.text(max_size=10) | st.none() | st.integers() | st.dictionaries(
    st.sampled_from(["name", "literal", "given", "family", "firstName", "lastName", "first", "last", "slug",
                     "non-dropping-particle", "suffix"]), NAME_PART, max_size=4)


@settings(max_examples=400, deadline=None)
@given(st.lists(AUTHOR, max_size=4) | AUTHOR)
def test_authors_of_any_shape_give_a_record_or_a_line_problem(authors):
    records, problems = jsonl.read(json.dumps({"title": "T", "abstract": "A", "authors": authors}), "sources/p.jsonl", SETTINGS)
    assert len(records) + len(problems) == 1
    assert all(name.strip() for record in records for name in record.authors)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["pdf_url", "code_url", "url_pdf", "repo_url", "doi", "arxiv", "venue", "venue_name",
                                         "venue_type", "volume", "number", "pages"]),
                       st.none() | st.text(max_size=12) | st.integers() | st.lists(st.text(max_size=2), max_size=1) | st.sampled_from(["", " ", "https://x.org/a.pdf", "journal", "conference", "\\&",
                                                                                               "file:///Users/j/a.pdf"]),
                       max_size=4))
def test_link_venue_and_citation_keys_of_any_shape_give_a_record_or_a_line_problem(keys):
    records, problems = jsonl.read(json.dumps({"title": "T", "abstract": "A", **keys}), "sources/p.jsonl", SETTINGS)
    assert len(records) + len(problems) == 1
    assert all(url.startswith(("http://", "https://")) for record in records for _, url in record.links)


ITEM = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.fixed_dictionaries({"title": st.text(max_size=8), "abstract": st.text(max_size=8)},
                            optional={"paperId": st.text(max_size=4), "type": st.sampled_from(["article", "book"]),
                                      "authorships": st.lists(st.none(), max_size=1)}),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["meta", "results", "data", "title", "items", "count", "next"]), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["meta", "results", "data", "total", "offset", "next"]), ITEM, max_size=4),
       st.sampled_from([None, 0, 2]))
def test_an_answer_saved_whole_gives_records_or_problems_with_their_lines(answer, indent):
    text = json.dumps(answer, indent=indent)
    records, problems = csl_json.read(text, "sources/answer.json", SETTINGS)
    lines = text.count("\n") + 1
    assert all(record.title.strip() for record in records)
    assert all(1 <= problem.line <= lines for problem in problems if problem.line is not None)


KEYWORD_PIECES = st.sampled_from(["\n", "\r\n", "\n\t", "\n  ", ",", ";", "Cells", "Cultured", "*", "/", "/*genetics",
                                  "{", "}", "info:mesh/", "Mice", "Inbred C57BL", "a", " ", "(", ")"])


@settings(max_examples=400, deadline=None)
@given(st.lists(KEYWORD_PIECES | st.text(max_size=4), max_size=16).map("".join))
def test_any_keywords_field_gives_distinct_nonempty_tags(value):
    tags = keywords(value)
    assert all(tag and tag == tag.strip() for tag in tags) and len(set(tags)) == len(tags)


ADDRESSES = st.sampled_from(["http://a.org/x", "https://b.org/y?u=1&sid=2", "papers3://publication/uuid/A-1",
                             "file:///Users/j/a.pdf", "zotero://select/items/1", "\\url{http://c.org/z}", "ARTN R1 PII S0022 10.1016/j.x.2019.01",
                             "doi:10.1000/x"]) | st.text(max_size=6)
# How exports join a field's addresses: Mendeley's escaped line breaks among them.
SEPARATORS = st.sampled_from([" ", ";", ",", "{\\%}0A", "%0A", "%5Cn", "{\\%}5Cn", "{\\%}7B{\\%}25{\\%}7D5Cn", "\\n", "\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(SEPARATORS, ADDRESSES), max_size=4).map(lambda pairs: "".join(a + b for a, b in pairs)))
def test_joined_addresses_and_dois_never_raise_and_publish_no_librarys_record(value):
    address = published_address(value)
    assert address is None or address.startswith(("http://", "https://", "ftp://", "\\url{"))
    assert address is None or not any(scheme in address for scheme in ("papers3://", "zotero://", "file://"))
    found = doi_name(value)
    assert found is None or found.startswith("10.")
