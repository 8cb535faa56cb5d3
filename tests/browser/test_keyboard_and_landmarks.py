"""Reaching the site with a keyboard and a screen reader: the search box lets focus
go, what it announces, and landmarks a reader can tell apart."""

from __future__ import annotations

import pytest

from tests.browser.pages import SEARCH_RESULTS, search

pytestmark = pytest.mark.browser

OPEN = "() => document.getElementById('__search').checked"
IN_SEARCH = "() => !!document.activeElement.closest('.md-search')"
ON_INPUT = "() => document.activeElement.matches('.md-search__input')"
IN_ARTICLE = "() => !!document.activeElement.closest('article')"
# Whether the focused element is what a reader sees at its place, not something
# laid over it (the search overlay, or the search panel on a phone).
FOCUS_ON_TOP = """() => {
  const focused = document.activeElement;
  const box = focused.getBoundingClientRect();
  const x = Math.min(innerWidth - 1, Math.max(0, box.left + box.width / 2));
  const y = Math.min(innerHeight - 1, Math.max(0, box.top + box.height / 2));
  const top = document.elementFromPoint(x, y);
  return !!top && (top === focused || focused.contains(top));
}"""
MAX_TABS = 40


def tab_to_the_search_box(tab) -> None:
    for _ in range(MAX_TABS):
        tab.keyboard.press("Tab")
        if tab.evaluate(ON_INPUT):
            return
    raise AssertionError("Tab never reached the search box")


def tab_out_of_the_search(tab, key: str = "Tab") -> None:
    """Press `key` until focus leaves the search, which stays open while focus is in it."""
    for _ in range(MAX_TABS):
        tab.keyboard.press(key)
        if not tab.evaluate(IN_SEARCH):
            return
        assert tab.evaluate(OPEN), "the search closed while focus was still in it"
    raise AssertionError(f"{key} never left the search")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_tabbing_past_the_search_box_closes_it(request, served_site, size):
    tab = request.getfixturevalue("page" if size == "desktop" else "phone_page")
    tab.goto(served_site.url + "tags/")
    tab_to_the_search_box(tab)
    assert tab.evaluate(OPEN)
    tab_out_of_the_search(tab)
    tab.wait_for_function(f"() => !({OPEN})()")
    # On to the first link of the page itself, past the header's hidden palette inputs.
    for _ in range(MAX_TABS):
        if tab.evaluate(IN_ARTICLE):
            break
        tab.keyboard.press("Tab")
        assert not tab.evaluate(OPEN)
    # The overlay or the phone's search panel fades out; then the link is seen.
    tab.wait_for_function(FOCUS_ON_TOP, timeout=3_000)


def test_shift_tab_from_the_search_box_closes_it(page, served_site):
    page.goto(served_site.url)
    page.keyboard.press("/")
    page.wait_for_function(ON_INPUT)
    tab_out_of_the_search(page, "Shift+Tab")
    page.wait_for_function(f"() => !({OPEN})()")


def test_arrow_keys_walk_the_results_and_tab_past_the_last_closes_the_search(page, served_site):
    page.goto(served_site.url)
    search(page, "mamba")
    links = page.locator(f"{SEARCH_RESULTS} > a")
    assert links.count() >= 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.href") == links.nth(1).evaluate("a => a.href")
    assert page.evaluate(OPEN)
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(ON_INPUT) and page.evaluate(OPEN)
    # Tab walks the results too, with the search open, and leaves it after them.
    tab_out_of_the_search(page)
    page.wait_for_function(f"() => !({OPEN})()")


def test_only_the_count_of_search_results_is_announced(page, served_site):
    page.goto(served_site.url)
    search(page, "mamba")
    live = page.evaluate("""() => [...document.querySelectorAll('[aria-live], [role=status], [role=log], [role=alert]')]
        .filter((node) => node.closest('.md-search')).map((node) => node.className)""")
    assert live == ["md-search-result__meta"]
    meta = page.locator("#pa-search-results .md-search-result__meta")
    assert meta.get_attribute("aria-live") == "polite"
    assert "matching paper" in meta.inner_text()


NAVS = """() => [...document.querySelectorAll('nav, [role=navigation]')].map((nav) => ({
  name: nav.getAttribute('aria-label')
    || (nav.getAttribute('aria-labelledby') || '').split(/\\s+/).map((id) => document.getElementById(id)?.textContent.trim() || '').join(' ').trim(),
  inLink: !!nav.closest('a'),
  html: nav.outerHTML.slice(0, 160),
}))"""


def navs_of(tab) -> list[dict]:
    return tab.evaluate(NAVS)


def test_search_results_hold_no_navigation_landmarks(page, served_site):
    page.goto(served_site.url)
    search(page, "mamba")
    assert page.locator(f"{SEARCH_RESULTS} .pa-search-result__tags .md-tag").count() >= 1
    assert page.locator("#pa-search-results nav").count() == 0
    assert not [nav for nav in navs_of(page) if nav["inLink"]]


def test_a_papers_tags_are_a_named_navigation_landmark(page, served_site):
    papers = served_site.papers()
    slug = next(slug for slug, post in sorted(papers.items()) if post.get("tags"))
    page.goto(served_site.paper_url(slug))
    tags = page.locator("article nav.md-tags")
    assert tags.count() == 1
    assert tags.get_attribute("aria-label")
    # Material's script gives each code block (the citation) a copy button in a nav of its own.
    unnamed = [nav["html"] for nav in navs_of(page) if not nav["name"] and "md-code__nav" not in nav["html"]]
    assert not unnamed
