"""Pages per the page contract: exact front matter, literal abstracts, link buttons."""

from __future__ import annotations

import frontmatter
import pytest

from generator.model import Paper
from generator.render import html_text, md_text, render_page

HOSTILE_TITLES = [
    'foo: "bar" #1',
    "- [ ] looks like a task",
    "'quoted' & <b>bold</b>",
    "Über 深度学习 — ελληνικά",
    "yes",
    "2024-03-14",
    "null",
    "line\u2028separator",
    "x" * 300,
]


def paper(**fields) -> Paper:
    values = dict(key="title:x", title="A title", abstract="An abstract.", slug="a-title", sources=("sources/a.txt:3",))
    values.update(fields)
    return Paper(**values)


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_title_round_trips_exactly_through_front_matter(title):
    page = frontmatter.loads(render_page(paper(title=title)))
    assert page["title"] == title


def test_front_matter_has_the_contract_keys_in_order():
    page = frontmatter.loads(
        render_page(
            paper(
                tags=("Quantization", "Large Language Models"),
                authors=("Ada Lovelace",),
                date="2024-03-01",
                listing_date="2024-03-14",
                links={"code": "https://github.com/a/b"},
                arxiv="2402.02750",
            )
        )
    )
    assert list(page.keys()) == ["title", "description", "date", "listed", "authors", "tags", "links", "ids", "sources"]
    assert page["tags"] == ["Quantization", "Large Language Models"]
    assert page["links"] == {"code": "https://github.com/a/b"}
    assert page["ids"] == {"arxiv": "2402.02750"}
    assert page["sources"] == ["sources/a.txt:3"]
    assert page["date"] == "2024-03-01"


def test_abstract_markup_is_escaped_not_interpreted():
    abstract = "Use *stars*, _under_, `tick`, | pipe, # hash, <script>alert(1)</script> & $x$."
    text = render_page(paper(abstract=abstract))
    assert '<p class="pa-abstract" data-pagefind-body>Use *stars*, _under_, `tick`, | pipe, # hash, &lt;script&gt;alert(1)&lt;/script&gt; &amp; $x$.</p>' in text
    assert "<script>" not in frontmatter.loads(text).content


def test_tex_becomes_arithmatex_spans_only_for_tex_sources():
    assert html_text("cost $O(n)$ for $5", math=False) == "cost $O(n)$ for $5"
    assert html_text(r"cost $\mathcal{O}(n)$ and $x<y$", math=True) == (
        r'cost <span class="arithmatex">\(\mathcal{O}(n)\)</span> and <span class="arithmatex">\(x&lt;y\)</span>'
    )


def test_only_web_links_become_buttons():
    text = render_page(paper(links={"code": "https://github.com/a/b", "project": "javascript:alert(1)"}))
    assert 'href="https://github.com/a/b"' in text
    assert "javascript:" not in text.split("---", 2)[2]


def test_inline_text_is_shown_literally():
    assert "*" not in md_text("a *b* [c](d)") and "&#42;" in md_text("*")


def test_escaped_dollar_in_tex_text_is_a_dollar_and_opens_no_math():
    from generator.clean import undo_tex_escapes

    text = undo_tex_escapes(r"costs \$5, saves 5\% and runs in $\mathcal{O}(n)$ or \(n^2\)", math=True)
    assert html_text(text, math=True) == (
        r'costs $5, saves 5% and runs in <span class="arithmatex">\(\mathcal{O}(n)\)</span>'
        r' or <span class="arithmatex">\(n^2\)</span>'
    )
