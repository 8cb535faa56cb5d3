"""Hostile TeX in a real browser: KaTeX runs with trust off and size and expansion limits."""

from __future__ import annotations

import pytest

from tests.browser.pages import SEARCH_RESULTS, search

pytestmark = pytest.mark.browser

HOSTILE_TEX = {
    "huge rule": r"\(\rule{5000em}{5000em}\)",
    "javascript link": r"\(\href{javascript:alert(1)}{\text{click}}\)",
    "html class": r"\(\htmlClass{md-header}{x}\)",
    "macro bomb": r"\(\def\a{\a\a}\a\)",
    "huge kern": r"\(x\kern5000em y\)",
}


def render_hostile(page, tex: str, name: str = "hostile"):
    page.evaluate(
        """([tex, name]) => {
            const span = document.createElement("span");
            span.className = "arithmatex";
            span.id = name;
            span.textContent = tex;
            document.querySelector("article").appendChild(span);
            document$.next(document);
        }""",
        [tex, name],
    )
    page.wait_for_function(f"document.getElementById('{name}').dataset.rendered === '1'", timeout=10_000)
    return page.locator(f"#{name}")


@pytest.mark.parametrize("name", sorted(HOSTILE_TEX))
def test_hostile_tex_stays_small_and_inert(page, served_site, watch, name):
    slug = served_site.slug_where(lambda post: "mathcal" in post.content.split("</h1>")[0])
    page.goto(served_site.paper_url(slug))
    page.wait_for_function("document.querySelector('.arithmatex .katex')")
    hostile = render_hostile(page, HOSTILE_TEX[name])
    box = hostile.bounding_box()
    assert box is None or (box["width"] < 2000 and box["height"] < 600), box
    assert hostile.locator("a").count() == 0
    assert hostile.locator(".md-header").count() == 0
    assert watch.dialogs == []


def test_number_sets_written_as_one_letter_are_typeset(page, served_site):
    # arXiv titles write ℚ and ℂ as `\Q` and `\C`, which KaTeX does not know by itself.
    slug = served_site.slug_where(lambda post: "mathcal" in post.content.split("</h1>")[0])
    page.goto(served_site.paper_url(slug))
    page.wait_for_function("document.querySelector('.arithmatex .katex')")
    sets = render_hostile(page, r"\(\Q(\sqrt{5}) \subset \C, \R^n, \N, \Z_p\)")
    assert sets.locator(".katex-error").count() == 0
    assert sets.locator(".mathbb").count() == 5, sets.inner_html()
    later = render_hostile(page, r"\(\def\Q{x}\Q\)", "second")
    assert later.locator(".katex-error").count() == 0
    assert render_hostile(page, r"\(\Q\)", "third").locator(".mathbb").count() == 1  # no \def reaches it


# Commands of arXiv abstracts that KaTeX does not know by itself: a package's
# (bbm, dsfont, nicefrac), amsxtra's capital accents, LaTeX's \mbox and \textsc,
# and the shorthands authors define in their preambles.
ARXIV_MACROS = r"\(\mathbbm{1}_{x>0} + \mathds{R} + \nicefrac{1}{2} + \Tilde{x} + \Bar{y} + \Hat{z} + \E[X] + \tr(A)"
ARXIV_MACROS += r" \mbox{ if } \textsc{Adam}\)"


def test_commands_of_arxiv_abstracts_that_katex_lacks_are_typeset(page, served_site):
    slug = served_site.slug_where(lambda post: "mathcal" in post.content.split("</h1>")[0])
    page.goto(served_site.paper_url(slug))
    page.wait_for_function("document.querySelector('.arithmatex .katex')")
    shown = render_hostile(page, ARXIV_MACROS, "arxiv-macros")
    assert shown.locator(".katex-error").count() == 0, shown.inner_html()
    assert shown.locator(".mathbb").count() >= 2  # ℝ and 𝔼
    assert shown.locator(".accent").count() == 3
    assert "Adam" in shown.inner_text() and "if" in shown.inner_text()


def test_search_results_typeset_with_the_macros_of_the_pages(page, served_site):
    # The results are typeset by search.js, which asks math.js for its macros:
    # a macro given there reaches a result's title.
    page.goto(served_site.url)
    page.evaluate("""() => { window.archiveMathMacros = () => ({ "\\\\mathcal": "\\\\mathbb" }); }""")
    search(page, "learned buckets")
    result = page.locator(SEARCH_RESULTS, has=page.locator("h1", has_text="Sorting in"))
    assert result.locator("h1 .katex .mathbb").count() == 1



def test_tex_katex_cannot_read_is_shown_as_text_and_unknown_commands_not_in_red(page, served_site):
    slug = served_site.slug_where(lambda post: "mathcal" in post.content.split("</h1>")[0])
    page.goto(served_site.paper_url(slug))
    page.wait_for_function("document.querySelector('.arithmatex .katex')")
    # A brace the source lost: no KaTeX error (its source in red), but the formula as text.
    broken = render_hostile(page, r"\(\mathcal{O}(n^{2)\)", "broken")
    assert broken.locator(".katex-error").count() == 0 and broken.locator(".katex").count() == 0
    assert broken.inner_text() == "O(n^2)"
    # An author's own command stays in the typeset formula, in the text's colour.
    own = render_hostile(page, r"\(\ours_{\theta} + x\)", "own")
    assert own.locator(".katex").count() == 1 and "\\ours" in own.inner_text()
    colours = own.evaluate("node => [...node.querySelectorAll('.katex-html *')].map(n => getComputedStyle(n).color)")
    assert "rgb(204, 0, 0)" not in colours, colours
