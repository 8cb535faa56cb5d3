"""The browse page with two tags picked, title words and order, without the search
index; and search reaching the parts of CamelCase names, the words typed first."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.cards import date_label
from tests import pagefind_index
from tests.browser.pages import result_titles, search, without_query

pytestmark = pytest.mark.browser

RESULT_LINES = """() => [...document.querySelectorAll('.browse-result')].map((line) => ({
  url: line.querySelector('a').href,
  title: line.querySelector('a').innerText.trim(),
  byline: line.querySelector('.browse-result__byline')?.innerText.trim() || '',
  teaser: line.querySelector('.browse-result__teaser')?.innerText.trim() || '',
  tags: line.querySelector('.browse-result__tags')?.innerText.trim() || '',
  katex: line.querySelectorAll('.katex').length,
}))"""


def two_shared_tags(papers) -> tuple[str, str, set[str]]:
    """Two tags that appear together on some papers but not on all papers of either."""
    tagged: dict[str, set[str]] = {}
    for slug, post in papers.items():
        for tag in post.get("tags", []):
            tagged.setdefault(tag, set()).add(slug)
    pairs = [
        (first, second, tagged[first] & tagged[second])
        for first in sorted(tagged)
        for second in sorted(tagged)
        if first < second and 2 <= len(tagged[first] & tagged[second]) < min(len(tagged[first]), len(tagged[second]))
    ]
    return max(pairs, key=lambda pair: len(pair[2]))


def test_browse_with_two_tags_shows_exactly_the_papers_carrying_both(page, served_site):
    papers = served_site.papers()
    first, second, expected = two_shared_tags(papers)
    page.goto(served_site.url + "browse/")
    page.locator(f'input[data-tag="{first}"]').check()
    page.locator(f'input[data-tag="{second}"]').check()
    page.wait_for_function("n => document.querySelector('#browse-count')?.dataset.count === String(n)", arg=len(expected))
    shown = {without_query(href) for href in page.locator(".browse-result a").evaluate_all("links => links.map(a => a.href)")}
    assert {served_site.paper_url(slug) for slug in expected} <= shown
    assert len(page.locator(".browse-result").all()) == len(expected)

    # The choice lives in the address: opening it again shows the same papers.
    picked = parse_qs(urlsplit(page.url).query)["tags"][0].split(",")
    assert sorted(picked) == sorted([first, second])
    shared = page.url
    page.goto(served_site.url)
    page.goto(shared)
    page.wait_for_function("n => document.querySelector('#browse-count')?.dataset.count === String(n)", arg=len(expected))
    assert page.locator(f'input[data-tag="{first}"]').is_checked()


def test_browse_title_filter_and_sort(page, served_site):
    papers = served_site.papers()
    page.goto(served_site.url + "browse/")
    page.locator("#browse-filter").fill("architecture search")
    expected = sorted(
        (post["title"] for post in papers.values() if all(word in post["title"].lower() for word in ("architecture", "search"))),
        key=str.casefold,
    )
    page.wait_for_function("n => document.querySelector('#browse-count')?.dataset.count === String(n)", arg=len(expected))
    page.locator("#browse-sort").select_option("title")
    # The list answers the new order once it carries its count again.
    page.wait_for_function("n => document.querySelector('#browse-count')?.dataset.count === String(n)", arg=len(expected))
    titles = [title.strip() for title in page.locator(".browse-result > a").all_inner_texts()]
    assert titles == expected


def every_line(page) -> list[dict]:
    """The browse page's lines once its list answers, every one shown ("More" clicked)."""
    page.wait_for_function("() => document.querySelector('#browse-count')?.dataset.count !== undefined")
    more = page.locator("#browse-more")
    while more.is_visible():
        shown = page.locator(".browse-result").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('.browse-result').length > n", arg=shown)
    return page.evaluate(RESULT_LINES)


def test_browse_lines_show_what_the_cards_show(page, served_site):
    """Title, authors, date, tags and teaser as `papers.json` (and the cards) give them; TeX typeset."""
    entries = {entry["url"]: entry for entry in json.loads((served_site.project.site / "papers.json").read_text("utf-8"))}
    page.goto(served_site.url + "browse/")
    lines = every_line(page)
    assert [line["url"].split(served_site.url, 1)[1] for line in lines] == [entry["url"] for entry in entries.values()]
    for line in lines:
        entry = entries[line["url"].split(served_site.url, 1)[1]]
        authors = ", ".join(entry["authors"][:6]) + (" et al." if len(entry["authors"]) > 6 else "")
        day = date_label(entry["date"]) if entry["date"] else ""
        assert line["byline"] == " · ".join(part for part in (authors, day) if part)
        assert line["tags"] == " · ".join(entry["tags"])
        if "tex" in entry:
            assert line["katex"] and "$" not in line["title"] + line["teaser"]
        else:
            assert (line["title"], line["teaser"]) == (entry["title"], entry["teaser"])


def test_browse_without_the_search_index_keeps_the_links_to_tag_pages(page, served_site):
    # As on a site built with search_index: false and never indexed.
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(served_site.url + "browse/")
    fallback = page.locator("#browse-static")
    fallback.get_by_text("needs the site's search index").wait_for()
    assert fallback.is_visible() and not page.locator("#browse-app").is_visible()
    assert fallback.locator("a[href*='/tags/']:visible").count() >= 10


@pytest.mark.parametrize("query, name", [("mamba", "NetMamba"), ("diffusion", "StableDiffusion")])
def test_search_finds_a_camel_case_name_by_its_part(page, served_site, query, name):
    [title] = [post["title"] for post in served_site.papers().values() if name in post["title"]]
    page.goto(served_site.url)
    search(page, query)
    page.wait_for_function(
        "title => [...document.querySelectorAll('.md-search-result__item h1')].some(h => h.innerText.trim() === title)",
        arg=title,
    )
    assert title in result_titles(page)


def test_results_naming_the_word_typed_come_before_those_that_only_share_its_stem(page, served_site):
    # Pagefind finds "Network Transformation" for "transformer" (one stem), ranked among the rest.
    names = re.compile(r"\btransformers?\b", re.IGNORECASE)
    papers = {post["title"]: post for post in served_site.papers().values()}
    page.goto(served_site.url)
    search(page, "transformer")
    named = [bool(names.search(f"{title} {papers[title].content}")) for title in result_titles(page)]
    assert True in named and False in named
    assert named == sorted(named, reverse=True), named


def test_the_served_index_is_in_parts_so_these_tests_merge_them(served_site):
    assert len(pagefind_index.parts(served_site.project.site)) >= 3


def test_search_finds_papers_of_every_part_of_the_index(page, served_site):
    page.goto(served_site.url)
    for part in pagefind_index.parts(served_site.project.site):
        # The part's last paper by address: its title's longest word, searched.
        url = sorted(pagefind_index.part_fragments(part))[-1]
        title = pagefind_index.part_fragments(part)[url]["meta"]["title"]
        word = max((word.strip(".,:;()") for word in title.split()), key=len)
        page.goto(served_site.url)
        search(page, word)
        assert title in result_titles(page), (part.name, word)


def test_browse_by_title_merges_the_parts_in_the_order_of_the_title_keys(page, served_site):
    site = served_site.project.site
    keys = {}
    for url in pagefind_index.fragments(site):
        text = (site / url / "index.html").read_text("utf-8")
        [key] = re.findall(r'<span data-pagefind-sort="title">([^<]*)</span>', text)
        keys[url] = html.unescape(key)
    page.goto(served_site.url + "browse/?sort=title")
    shown = [line["url"].split(served_site.url, 1)[1] for line in every_line(page)]
    assert shown == sorted(keys, key=keys.get)  # Python orders text by code point, as Pagefind does


def test_the_keyboards_place_in_the_browse_controls_shows(page, served_site):
    # Material takes the outline off inputs: without one of their own, a tag box or the title field
    # focused from the keyboard looks as it does unfocused.
    page.goto(served_site.url + "browse/")
    page.wait_for_selector("input[data-tag]")
    outline = "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    for selector in ("#browse-filter", "input[data-tag]"):
        field = page.locator(selector).first
        before = field.evaluate(outline)
        field.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focused from the keyboard, so :focus-visible applies
        assert field.evaluate("el => el === document.activeElement")
        assert field.evaluate(outline) != before and field.evaluate(outline).startswith("solid"), selector


def test_a_shared_address_naming_a_tag_the_archive_lacks_says_so(page, served_site):
    papers = served_site.papers()
    first, _, _ = two_shared_tags(papers)
    page.goto(served_site.url + f"browse/?tags={first},No%20Such%20Tag")
    note = page.locator("#browse-unknown")
    note.wait_for()
    assert "No Such Tag" in note.inner_text()
    page.wait_for_function("name => document.querySelector(`input[data-tag=\"${name}\"]`)?.checked", arg=first)
