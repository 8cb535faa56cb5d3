"""The header search box over Pagefind's chunked index, as a reader uses it."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import MATH_PAPER
from tests.browser.pages import SEARCH_RESULTS, result_titles, search, without_query

# Issue 10's target for one query, on an archive far larger than the sample.
MAX_QUERY_BYTES = 1_500_000
RAW_TEX = ("\\(", "\\)", "$\\mathcal", "\\mathcal")


def abstract_text(page, url: str) -> str:
    """The abstract of the paper at `url` as its page shows it, spaces collapsed."""
    other = page.context.new_page()
    other.goto(url)
    text = " ".join(other.locator("p.pa-abstract").all_inner_texts())
    other.close()
    return " ".join(text.split())


def test_results_show_the_abstracts_matching_excerpt_not_the_title(page, served_site):
    page.goto(served_site.url)
    search(page, "quantization")
    first = page.locator(SEARCH_RESULTS).first
    title = first.locator("h1").inner_text().strip()
    excerpt = " ".join(first.locator(".pa-search-result__excerpt").inner_text().split())
    assert not excerpt.startswith(title)
    assert first.locator(".pa-search-result__excerpt mark").count() >= 1
    assert all("quantiz" in mark.lower() for mark in first.locator(".pa-search-result__excerpt mark").all_inner_texts())
    abstract = abstract_text(page, without_query(first.locator("a").get_attribute("href")))
    assert excerpt.strip("… ") in abstract
    # Authors or date, and the paper's tags, beside the excerpt.
    assert re.search(r"\d{4}-\d{2}-\d{2}", first.locator(".pa-search-result__byline").inner_text())
    assert first.locator(".pa-search-result__tags .md-tag").count() >= 2


def test_tex_in_results_is_typeset_and_the_match_marked(page, served_site):
    page.goto(served_site.url)
    search(page, "learned buckets")
    result = page.locator(SEARCH_RESULTS, has=page.locator("h1", has_text="Sorting in"))
    result.wait_for()
    assert result.locator("h1 .katex").count() == 1
    assert result.locator(".pa-search-result__excerpt .katex").count() >= 2
    shown = result.inner_text()
    assert not [raw for raw in RAW_TEX if raw in shown], shown
    assert "learned" in [mark.strip() for mark in result.locator(".pa-search-result__excerpt mark").all_inner_texts()]
    assert MATH_PAPER["authors"][0] in result.locator(".pa-search-result__byline").inner_text()


def test_keyboard_shortcuts_focus_the_box_and_escape_closes_it(page, served_site):
    page.goto(served_site.url)
    focused = "() => document.activeElement && document.activeElement.matches('.md-search__input')"
    for key in ("/", "s", "f"):
        page.locator("body").press("Escape")
        assert not page.evaluate(focused)
        page.keyboard.press(key)
        page.wait_for_function(focused)
        assert page.evaluate("() => document.getElementById('__search').checked")
        # The key opened the box; it was not typed into it.
        assert page.locator(".md-search__input").input_value() == ""
    page.keyboard.type("mamba")
    page.locator(SEARCH_RESULTS).first.wait_for()
    assert page.locator(".md-search__input").input_value() == "mamba"
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")


def test_a_query_fetches_chunks_not_a_whole_archive_index(page, served_site):
    fetched = []
    page.goto(served_site.url, wait_until="networkidle")
    page.on("requestfinished", lambda request: fetched.append(request))
    search(page, "diffusion")
    page.wait_for_load_state("networkidle")
    urls = [request.url for request in fetched]
    transferred = sum(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"] for request in fetched)
    assert transferred <= MAX_QUERY_BYTES, f"{transferred} bytes: {urls}"
    assert any("/paper-archive/pagefind/fragment/" in url for url in urls)
    assert not [url for url in urls if "search_index" in url or "/workers/search." in url]
    titles = result_titles(page)
    assert any("Diffusion" in title for title in titles)


def test_result_links_highlight_the_words_on_the_paper_page(page, served_site):
    page.goto(served_site.url)
    search(page, "mamba")
    page.locator(f"{SEARCH_RESULTS} > a", has=page.locator("h1", has_text="NetMamba")).click()
    page.wait_for_url(re.compile(r"/papers/.*pagefind-highlight=mamba"))
    page.locator("article mark.pa-highlight").first.wait_for()
    assert "mamba" in page.locator("article mark.pa-highlight").first.inner_text().lower()
    assert not page.evaluate("() => document.getElementById('__search').checked")


@pytest.mark.parametrize("query", ["alert", "iframe onerror"])
def test_hostile_text_in_results_stays_text(page, served_site, watch, query):
    page.goto(served_site.url)
    search(page, query)
    page.wait_for_timeout(500)
    results = page.locator(".md-search-result__list")
    assert results.locator("script, img, iframe, b").count() == 0
    assert "<" in results.inner_text()
    assert watch.dialogs == [] and watch.errors == []


def test_the_opened_page_marks_the_words_the_result_matched_not_only_those_typed(page, served_site):
    # Pagefind matches stems: "architectures" finds "Architecture" and "architecture", which the
    # page's marker, given only the typed word, left unmarked.
    page.goto(served_site.url)
    search(page, "architectures")
    page.locator(f"{SEARCH_RESULTS} > a", has=page.locator("h1", has_text="Efficient Architecture Search by")).first.click()
    page.wait_for_url(re.compile(r"/papers/.*pagefind-highlight=architecture(&|$)"))
    page.locator("article mark.pa-highlight").first.wait_for()
    marked = {text.lower() for text in page.locator("article mark.pa-highlight").all_inner_texts()}
    assert "architecture" in marked
