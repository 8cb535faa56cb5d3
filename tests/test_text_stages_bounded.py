"""Any input gives a record, a page or a Problem, never an exception; long tokens cost little."""

from __future__ import annotations

import re
import time

import frontmatter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import clean
from generator.mathspans import MATH_SPAN
from generator.model import Paper, Problem, Record
from generator.readers import ReadSettings, listing
from generator.render import plain_title, render_page

# Text with the characters the stages treat specially, in any mix.
SPECIAL = st.sampled_from(list("$\\(){}[]<>&*_#|.:/ \n\t") + ["http://", "www.", "https://github.com/a", "\\(", "$$", "e.g.", "Mar 14"])
TEXT = st.lists(st.one_of(st.text(max_size=8), SPECIAL), max_size=40).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

OLD_MATH_SPAN = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|\\\(.+?\\\)|\\\[.+?\\\]", re.DOTALL)


@SETTINGS
@given(TEXT, st.one_of(st.none(), st.integers(min_value=1900, max_value=2100)))
def test_listing_reader_gives_records_or_problems(text, year):
    records, problems = listing.read(text, "sources/x.txt", ReadSettings(year))
    assert all(isinstance(record, Record) for record in records)
    assert all(isinstance(problem, Problem) and problem.path == "sources/x.txt" for problem in problems)


@SETTINGS
@given(TEXT, st.booleans())
def test_clean_stage_takes_any_text(text, math):
    paper = clean.clean_paper(Paper(key="k", title="T", abstract=text, math=math, comment=text))
    assert all(url.startswith(("http://", "https://")) for url in paper.links.values())
    assert len(paper.links) <= clean.MAX_LINKS
    clean.first_sentence(text)


@SETTINGS
@given(st.sampled_from(["Abstract", "ABSTRACT", "abstract", " Abstract"]), TEXT)
def test_a_heading_abstract_goes_whole_or_not_at_all(heading, text):
    # The heading and what separates it go, or nothing does: never a word of the text.
    kept = clean.without_abstract_heading(heading + text)
    assert kept == heading + text or (kept and (heading + text).endswith(kept) and kept[0].isalnum())


@SETTINGS
@given(TEXT, TEXT, st.booleans())
def test_render_gives_a_page_whose_front_matter_reads_back(title, abstract, math):
    title = title.strip() or "T"
    paper = clean.clean_paper(Paper(key="k", title=title, abstract=abstract, math=math, slug="s"))
    # The title as readable text: TeX math turned into letters, anything else as given.
    assert frontmatter.loads(render_page(paper))["title"] == (plain_title(paper) if math else title)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="$\\()[]a \n", max_size=30))
def test_math_spans_are_those_of_the_regular_expression(text):
    assert [(m.start(), m.end()) for m in MATH_SPAN.finditer(text)] == [
        (m.start(), m.end()) for m in OLD_MATH_SPAN.finditer(text)
    ]


LONG_TOKENS = {
    "base64 image": "data:image/png;base64," + "A" * 200_000,
    "unclosed math": "\\(x" * 60_000,
    "dollars": "$a" * 100_000,
    "one long URL": "https://github.com/" + "a" * 200_000,
    "URLs without spaces": "http://x.org/" * 15_000,
    "closing brackets": "https://x.org/a" + ")" * 200_000,
    "initials": "a. B" * 50_000,
}


def test_long_tokens_cost_seconds_at_most():
    from generator.pipeline import tag_paper
    from generator.tagging import load_taxonomy
    from tests.conftest import REPO

    taxonomy = load_taxonomy(REPO / "taxonomy.yml")
    for name, token in LONG_TOKENS.items():
        for math in (False, True):
            started = time.perf_counter()
            paper = clean.clean_paper(Paper(key="k", title="Graphs", abstract=f"We embed {token} here.", math=math, slug="s"))
            render_page(tag_paper(paper, taxonomy))
            elapsed = time.perf_counter() - started
            assert elapsed < 5, f"{name} (math={math}): {elapsed:.1f} s"
