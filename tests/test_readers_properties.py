"""Property tests of the arXiv Atom and JSON Lines readers: any input gives records
or problems, never an exception; every record has a title and its text decoded."""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.mathspans import MATH_SPAN

from generator.readers import ReadSettings, arxiv_atom, jsonl, listing
from generator.readers.listing import nonblank_lines

SETTINGS = ReadSettings()
TEX = st.sampled_from(["R\\'{e}nyi", "\\emph{x}", "i.i.d.\\ ", "$\\alpha$", "\\(", "{", "}", "\\", "~", "%", "BERT\\'s", " ", "a"])
TEXT = st.lists(TEX | st.text(max_size=6), max_size=12).map("".join)


def outside_math(text: str) -> str:
    """The text without its math spans, where TeX is kept as written for KaTeX."""
    spans = list(MATH_SPAN.finditer(text))
    bounds = [0] + [edge for span in spans for edge in (span.start(), span.end())] + [len(text)]
    return " ".join(text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2))


def feed(entries: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<entry><id>{escape(identifier)}</id><title>{escape(title)}</title><summary>{escape(summary)}</summary>"
        f"<published>2024-01-02T00:00:00Z</published></entry>"
        for identifier, title, summary in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'


IDS = st.sampled_from(["http://arxiv.org/abs/2103.03230v2", "http://arxiv.org/abs/hep-th/9901001v1", "not-an-id", ""])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(IDS, TEXT, TEXT), max_size=4))
def test_any_atom_feed_gives_records_or_problems(entries):
    text = feed([(identifier, title, summary) for identifier, title, summary in entries])
    records, problems = arxiv_atom.read(text, "sources/f.xml", SETTINGS)
    assert len(records) <= len(entries)
    for record in records:
        # Each on its own: joined, a title `$` and an abstract `0$\\emph{x}$` make a span `$0$`.
        assert record.title and record.arxiv and "\\emph{" not in outside_math(record.title) + outside_math(record.abstract)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_as_atom_never_raises(text):
    arxiv_atom.read(text, "sources/f.xml", SETTINGS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({"title": TEXT, "abstract": TEXT}, optional={"math": st.booleans(), "categories": st.one_of(st.text(max_size=10), st.lists(st.text(max_size=5), max_size=3))}), max_size=5))
def test_any_jsonl_lines_give_records_or_problems(rows):
    text = "\n".join(json.dumps(row) for row in rows)
    records, problems = jsonl.read(text, "sources/p.jsonl", SETTINGS)
    assert len(records) + len(problems) == sum(1 for row in rows)
    for record in records:
        assert record.title.strip()
        if record.math:
            assert "\\emph{" not in outside_math(record.title)


def _sniffed_whole(text: str) -> tuple[bool, bool]:
    """The listing and JSON Lines sniffs as they were, over every line of the text."""
    lines = [line for line in text.split("\n") if line.strip()]
    # JSON, XML or BibTeX by its first line: `{`, `<`, `@`, or an array's `[` (not "[Re] A title").
    first = lines[0].strip() if lines else ""
    as_listing = len(lines) >= 2 and not first.startswith(("{", "<", "@")) and not re.match(r'\[\s*(?:[\[{"\]\d-]|true|false|null|$)', first)
    try:
        as_jsonl = bool(lines) and isinstance(json.loads(lines[0]), dict)
    except (ValueError, RecursionError):
        as_jsonl = False
    return as_listing, as_jsonl


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", " ", "\t", "\x85", "\x0c", "{}", '{"a": 1}', "[", "@x", "Title", "  "])
                | st.text(max_size=12), max_size=20).map("".join))
def test_sniffs_read_the_first_lines_only_and_answer_as_over_the_whole_text(text):
    assert (listing.sniff(text), jsonl.sniff(text)) == _sniffed_whole(text)
    assert list(nonblank_lines(text)) == [line for line in text.split("\n") if line.strip()]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(["2103.03230", "10.1000/x", "2024-03-14", "1999", "hep-th/9901001", "Conference", "JournalArticle", "journal"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["name", "ArXiv", "DOI", "x", "type", "volume", "pages"]),
                                                                inner, max_size=3),
    max_leaves=6,
)
OTHER_NAMES = sorted({name for names in jsonl.OTHER_NAMES.values() for name in names}
                     | {"year", "externalIds", "publicationTypes", "publicationVenue"})


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(OTHER_NAMES), JSON_VALUES, max_size=5))
def test_other_tools_names_never_cost_a_line_nor_make_a_problem(extra):
    records, problems = jsonl.read(json.dumps({"title": "T", "abstract": "A", **extra}), "sources/p.jsonl", SETTINGS)
    assert len(records) == 1 and problems == []


OPENALEX_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.sampled_from(["article", "book-chapter", "dissertation", "book", "conference", "journal", "ebook platform",
                       "https://arxiv.org/abs/2103.03230v2", "arXiv (Cornell University)"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["author", "display_name", "raw_author_name", "source", "type", "landing_page_url", "volume",
                         "issue", "first_page", "last_page", "host_organization_name"]), inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["authorships", "primary_location", "locations", "biblio", "type", "display_name"]),
                       OPENALEX_VALUES, max_size=6))
def test_openalex_keys_of_any_shape_never_cost_a_line_nor_make_a_problem(work):
    records, problems = jsonl.read(json.dumps({"title": "T", "abstract": "A", **work}), "sources/w.jsonl", SETTINGS)
    assert len(records) == 1 and problems == []
