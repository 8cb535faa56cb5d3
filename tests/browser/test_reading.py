"""Finding papers the ways a reader does: search, tags, the tag index, and mathematics."""

from __future__ import annotations

import re

import pytest

from tests.browser.pages import links_at_target, result_titles, search, without_query

pytestmark = pytest.mark.browser


def test_search_shows_the_matching_papers_and_opens_one(page, served_site):
    papers = served_site.papers()
    expected = sorted(post["title"] for post in papers.values() if re.search(r"quantization", post["title"], re.I))
    assert 2 <= len(expected) <= 8, "the query should match a handful of titles, all on the first screen of results"
    page.goto(served_site.url)
    search(page, "quantization")
    titles = result_titles(page)
    assert set(expected) <= set(titles), f"missing from the results: {set(expected) - set(titles)}"

    [slug] = [slug for slug, post in papers.items() if post["title"].startswith("KIVI")]
    page.locator(".md-search-result__item > a", has=page.locator("h1", has_text="KIVI")).click()
    page.wait_for_url(lambda url: without_query(url) == served_site.paper_url(slug))
    assert page.locator("h1.pa-title").inner_text().strip() == papers[slug]["title"]


def test_a_tag_on_a_paper_leads_to_that_tags_papers(page, served_site):
    papers = served_site.papers()
    slug, post = next((slug, post) for slug, post in sorted(papers.items()) if len(post.get("tags", [])) >= 2)
    page.goto(served_site.paper_url(slug))
    chips = page.locator("article .md-tag")
    assert chips.count() >= len(post["tags"])
    for index, tag in enumerate(post["tags"]):
        page.goto(served_site.paper_url(slug))
        chip = page.locator("article a.md-tag", has_text=tag).first
        chip.click()
        page.wait_for_url(lambda url: "/tags/" in url)
        # Instant navigation swaps the content in after the address changes.
        page.wait_for_function(
            "title => (document.querySelector('article h1')?.innerText ?? '').trim() !== title", arg=post["title"]
        )
        listed = links_at_target(page)
        assert listed is not None, f"{page.url}: the tag's anchor is missing"
        assert served_site.paper_url(slug) in map(without_query, listed), f"{tag!r}: {page.url} does not list the paper"


def test_the_tag_index_lists_every_tag(page, served_site):
    tags = {tag for post in served_site.papers().values() for tag in post.get("tags", [])}
    assert len(tags) > 20
    page.goto(served_site.url + "tags/")
    shown = page.locator("article").inner_text()
    assert not sorted(tag for tag in tags if tag not in shown), "tags missing from the tag index"


def test_tex_in_a_paper_is_typeset_and_a_price_is_not(page, served_site):
    # The heading typesets the title's TeX; the front matter holds its plain form.
    slug = served_site.slug_where(lambda post: "mathcal" in post.content.split("</h1>")[0])
    page.goto(served_site.paper_url(slug))
    page.locator(".pa-abstract .katex").first.wait_for()
    assert page.locator(".pa-abstract .katex").count() == 3
    assert page.locator("h1 .katex").count() == 1
    assert "\\mathcal" not in page.locator("h1").inner_text() + page.locator(".pa-abstract").inner_text()

    dollars = served_site.slug_where(lambda post: post["title"].startswith("Dollar $5"))
    page.goto(served_site.paper_url(dollars))
    assert "Price $5 vs $10" in page.locator(".pa-abstract").inner_text()
    assert page.locator(".katex").count() == 0
