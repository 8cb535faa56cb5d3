"""Titles and abstracts full of markup, met in a real browser: shown as text, never run.

The `page` fixture already fails a test on any dialog, uncaught script error or
request to another host; these tests also say so where it matters.
"""

from __future__ import annotations

import pytest

from tests.browser.pages import result_titles, search, without_query

pytestmark = pytest.mark.browser

SCRIPT_TITLE = "<script>alert('title')</script> Quantization of <b>LLMs</b>"
# Long enough for an onerror handler or an iframe's javascript: URL to have fired.
SETTLE_MS = 1_000


def test_markup_in_an_abstract_is_shown_as_text(page, served_site, watch):
    slug = served_site.slug_where(lambda post: "onerror" in post.content)
    page.goto(served_site.paper_url(slug))
    page.wait_for_timeout(SETTLE_MS)
    abstract = page.locator(".pa-abstract").inner_text()
    assert "<script>alert('abstract')</script>" in abstract
    assert "<img src=x onerror=alert(1)>" in abstract
    assert "<iframe src=javascript:alert(2)></iframe>" in abstract
    assert page.locator("article img, article iframe, article script, article b").count() == 0
    assert page.locator("h1.pa-title").inner_text().strip() == SCRIPT_TITLE
    assert page.title().startswith(SCRIPT_TITLE)
    assert watch.dialogs == []


def test_searching_for_the_hostile_paper_and_opening_it_runs_nothing(page, served_site, watch):
    slug = served_site.slug_where(lambda post: post["title"] == SCRIPT_TITLE)
    page.goto(served_site.url)
    search(page, "LLMs quantization")
    assert SCRIPT_TITLE in result_titles(page)
    page.wait_for_timeout(SETTLE_MS)
    page.locator(".md-search-result__item > a", has=page.locator("h1", has_text="alert('title')")).click()
    page.wait_for_url(lambda url: without_query(url) == served_site.paper_url(slug))
    page.wait_for_timeout(SETTLE_MS)
    assert page.locator("h1.pa-title").inner_text().strip() == SCRIPT_TITLE
    assert watch.dialogs == []


@pytest.mark.parametrize("path", ["", "archive/2024/03/"], ids=["home", "month-archive"])
def test_lists_of_hostile_titles_run_nothing(page, served_site, watch, path):
    page.goto(served_site.url + path)
    page.wait_for_timeout(SETTLE_MS)
    assert page.locator("article", has_text=SCRIPT_TITLE).count() == 1
    assert page.locator("article b, article script, article img[src=x]").count() == 0
    assert watch.dialogs == []
