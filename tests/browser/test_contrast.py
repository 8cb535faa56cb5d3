"""Text the site colours itself stays readable in both colour schemes: the
buttons, the accent-coloured text, muted controls, and links among muted text."""

from __future__ import annotations

import pytest

from tests.browser.contrast import too_faint
from tests.browser.pages import SEARCH_RESULTS, search

pytestmark = pytest.mark.browser

SCHEMES = ["default", "slate"]
# Material's transitions of a button's colours take 125 ms.
SETTLE_MS = 400


def open_in(page, url: str, scheme: str) -> None:
    """`url` in `scheme`, as a reader whose system is light or dark first sees it."""
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(url)
    page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=scheme)


def paper_with_arxiv(served_site) -> str:
    return min(slug for slug, post in served_site.papers().items() if post.get("ids", {}).get("arxiv"))


def browse_with_a_tag_picked(page, served_site, scheme: str) -> None:
    open_in(page, served_site.url + "browse/", scheme)
    # The tags' counts are there once the list answers the (empty) choice.
    page.wait_for_function("() => document.querySelector('#browse-count')?.dataset.count")
    # The tag with the fewest papers leaves many others without any.
    tag = page.evaluate("""() => [...document.querySelectorAll('#browse-tags .browse-tag')]
        .map((label) => [Number(label.querySelector('.browse-tag__count').textContent), label.querySelector('input').dataset.tag])
        .filter(([count]) => count > 0).sort((a, b) => a[0] - b[0])[0][1]""")
    page.locator(f'input[data-tag="{tag}"]').check()
    page.locator(".browse-tag--picked").first.wait_for()
    page.locator(".browse-tag--empty").first.wait_for()
    page.locator(".browse-result").first.wait_for()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_buttons_are_readable(page, served_site, scheme):
    open_in(page, served_site.url, scheme)
    assert not too_faint(page, ".pa-home-doors .md-button")
    assert not too_faint(page, ".pa-cards .pa-links .md-button", at_least=3)

    open_in(page, served_site.paper_url(paper_with_arxiv(served_site)), scheme)
    assert not too_faint(page, ".pa-links .md-button")
    # Focused (or hovered), a button is filled with the accent under white text.
    page.locator(".pa-links .md-button").first.focus()
    page.wait_for_timeout(SETTLE_MS)
    assert not too_faint(page, ".pa-links .md-button:focus")

    browse_with_a_tag_picked(page, served_site, scheme)
    assert not too_faint(page, "#browse-clear")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_accent_coloured_text_is_readable(page, served_site, scheme):
    open_in(page, served_site.url, scheme)
    # The tags' own links have the links' colour; the separators between them, this.
    assert not too_faint(page, ".pa-cards .pa-tags", at_least=3)

    browse_with_a_tag_picked(page, served_site, scheme)
    assert not too_faint(page, ".browse-tag--picked .browse-tag__name")
    assert not too_faint(page, ".browse-result__tags", at_least=1)

    open_in(page, served_site.url, scheme)
    search(page, "quantization")
    assert not too_faint(page, f"{SEARCH_RESULTS} .pa-search-result mark", at_least=2)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_tags_without_papers_in_browse_are_muted_yet_readable(page, served_site, scheme):
    browse_with_a_tag_picked(page, served_site, scheme)
    assert not too_faint(page, ".browse-tag--empty .browse-tag__name", at_least=3)
    assert not too_faint(page, ".browse-tag--empty .browse-tag__count", at_least=3)
    # Still told from the tags a paper of the choice carries.
    colours = page.evaluate("""() => ['.browse-tag--empty', '.browse-tag:not(.browse-tag--empty):not(.browse-tag--picked)']
        .map((kind) => getComputedStyle(document.querySelector(kind + ' .browse-tag__name')).color)""")
    assert colours[0] != colours[1]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_links_among_a_tag_pages_facts_are_underlined(page, served_site, scheme):
    open_in(page, served_site.url + "tags/", scheme)
    tag_page = page.locator(".pa-tag-overview li a").first.evaluate("a => a.href")
    open_in(page, tag_page, scheme)
    links = page.locator(".pa-tag-facts a")
    assert links.count() >= 2
    decorations = links.evaluate_all("links => links.map((a) => getComputedStyle(a).textDecorationLine)")
    assert all("underline" in decoration for decoration in decorations), decorations
