"""Source text in cards: shown literally, TeX set apart for typesetting, teasers never cut inside a formula."""

from __future__ import annotations

import html
import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cards import MATH_OPENING, inline_text, teaser
from generator.clean import MATH_SPAN, normalise_space
from generator.model import Paper
from generator.render import MARKDOWN_SPECIAL

MATH_TAG = re.compile(r'<span class="arithmatex">(.*?)</span>')
# Text with the characters that matter here: Markdown and HTML specials, TeX delimiters.
PIECES = list("ab xy_*$\\()[]{}<>&#.`!|^~") + ["$$", "\\(", "\\)", "\\$", "\n", ". A"]
SOURCE_TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def as_html(inline: str) -> str:
    return markdown.markdown(inline, extensions=["attr_list", "md_in_html"])


@settings(max_examples=300, deadline=None)
@given(SOURCE_TEXT, st.booleans())
def test_inline_text_leaves_nothing_for_markdown_to_read(text, math):
    inline = inline_text(text, math)
    outside = MATH_TAG.sub("", inline)
    assert not set(re.sub(r"&#\d+;", "", outside)) & MARKDOWN_SPECIAL
    assert not set(re.sub(r"&#\d+;", "", "".join(MATH_TAG.findall(inline)))) & MARKDOWN_SPECIAL
    if not math:
        assert html.unescape(inline) == normalise_space(text)


@settings(max_examples=200, deadline=None)
@given(SOURCE_TEXT)
def test_markdown_shows_the_text_and_each_formula_as_written(text):
    rendered = as_html(inline_text(text, math=True))
    formulas = [html.unescape(tex) for tex in MATH_TAG.findall(rendered)]
    assert len(formulas) == len(MATH_SPAN.findall(normalise_space(text)))
    assert all(tex.startswith("\\(") and tex.endswith("\\)") for tex in formulas)
    assert "<em>" not in rendered and "<strong>" not in rendered and "<code>" not in rendered


@settings(max_examples=300, deadline=None)
@given(SOURCE_TEXT, st.booleans())
def test_a_teaser_never_ends_inside_a_formula(abstract, math):
    paper = Paper(title="T", abstract=abstract, key="k", math=math)
    text = teaser(paper)
    if math:
        last = max((span.end() for span in MATH_SPAN.finditer(text)), default=0)
        assert MATH_OPENING.search(text, last) is None


def test_a_long_first_sentence_is_cut_before_its_formula():
    # The 240-character limit falls inside the formula, after one of its spaces.
    abstract = "We bound " + "the error " * 22 + "by $x + y + z + w + v + u$ in all cases. Then more."
    text = teaser(Paper(title="T", abstract=abstract, key="k", math=True))
    assert text.endswith("…") and "$" not in text
    assert teaser(Paper(title="T", abstract=abstract, key="k", math=False)).count("$") == 1


DATES = st.one_of(
    st.just(""),
    st.dates().map(lambda day: day.isoformat()),
    st.dates().map(lambda day: day.isoformat()[:7]),
    st.dates().map(lambda day: day.isoformat()[:4]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(SOURCE_TEXT, DATES, st.booleans()), max_size=12), st.integers(min_value=-2, max_value=15))
def test_the_home_listing_shows_the_newest_papers_by_date(rows, size):
    from generator.home import home_listing

    papers = [
        Paper(title=title or "untitled", abstract=title, key=f"k{n}", slug=f"p{n}", listing_date=date or None, math=math)
        for n, (title, date, math) in enumerate(rows)
    ]
    listing = home_listing(papers, "", {}, size=size)
    shown = re.findall(r"\]\(papers/(p\d+)\.md\)", listing)
    assert len(shown) == min(max(size, 0), len(papers))
    dates = [papers[int(slug[1:])].sort_date for slug in shown]
    assert dates == sorted(dates, reverse=True)
    assert ("papers by date" in listing) == (len(shown) < len(papers))


def test_a_card_made_once_links_from_every_listing_it_is_on():
    from generator.cards import card_list, paper_card

    paper = Paper(title="Graph $x$ nets", abstract="We study graphs. More.", key="k", slug="graph-nets", math=True,
                  listing_date="2024-03-14", authors=("A. Author",), tags=("GNN", "mine"),
                  links={"code": "https://github.com/a/b"})
    slugs = {"GNN": "graph-neural-networks"}
    for root in ("../", "../../", "", "../"):
        listed = card_list([paper], root, slugs)
        assert paper_card(paper, root, slugs) in listed
        assert f"]({root}papers/graph-nets.md){{ .pa-card__title }}" in listed
        assert f"[GNN]({root}tags/graph-neural-networks.md) · mine</span>" in listed
