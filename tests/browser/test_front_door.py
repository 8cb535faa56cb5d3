"""The archive as a reader meets it in Chromium: the home page as its front door,
sections reachable at every width, TeX typeset in every listing, Browse and Tags
without dead ends, and the pages still usable without JavaScript.

The site is the sample plus newer and older dated papers (a listing of the next
day, a JSON Lines reading list, a real arXiv export) and a newer paper with TeX.
"""

from __future__ import annotations

import json
import shutil

import frontmatter
import pytest

from tests.browser.conftest import MATH_PAPER, ServedSite, built_and_served, watched_tab
from tests.conftest import FIXTURES, make_project

pytestmark = pytest.mark.browser

# Its arXiv category gives it a tag page: the sorting paper has no taxonomy topic.
NEWER_MATH_PAPER = dict(MATH_PAPER, date="2024-03-16", arxiv="2403.00002", categories=["cs.DS"])
SECTIONS = ["Tags", "Browse", "Archive", "About"]
BACKLOG = 40
PAGE_SIZE = 50  # browse.js
RAW_TEX = ["$\\mathcal", "\\(", "\\mathcal{O}(n)$"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Table-of-contents links whose target a reader cannot see.
TOC_LINKS_TO_HIDDEN = """() => [...document.querySelectorAll('.md-sidebar--secondary:not([hidden]) .md-nav__link[href^="#"]')]
  .filter((link) => {
    const target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    return !target || target.closest('[hidden]') || target.getClientRects().length === 0;
  }).map((link) => link.getAttribute('href'))"""


@pytest.fixture(scope="module")
def front_door_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("front-door")
    project = make_project(base / "project")
    for path in sorted((FIXTURES / "dated").iterdir()):
        shutil.copy2(path, project.sources / path.name)
    shutil.copy2(FIXTURES / "readers" / "arxiv" / "api-query.xml", project.sources / "api-query.xml")
    project.add_source("2024-03-16-math.jsonl", json.dumps(NEWER_MATH_PAPER) + "\n")
    # Older papers, fewer than the browse page shows at once, that one title word finds.
    project.add_source("backlog.jsonl", "".join(
        json.dumps({"title": f"Backlog paper {n} on graph neural networks", "abstract": f"Message passing, part {n}.", "date": f"2020-01-{n % 28 + 1:02d}"}) + "\n"
        for n in range(BACKLOG)
    ))
    with built_and_served(project, base) as site:
        yield site


@pytest.fixture
def desktop(chromium, front_door_site, watch):
    yield from watched_tab(chromium, front_door_site, watch, **DESKTOP)


@pytest.fixture
def phone(chromium, front_door_site, watch):
    yield from watched_tab(chromium, front_door_site, watch, **PHONE)


@pytest.fixture
def no_script(chromium, front_door_site, watch):
    yield from watched_tab(chromium, front_door_site, watch, java_script_enabled=False, **DESKTOP)


def math_slug(site: ServedSite) -> str:
    return site.slug_where(lambda post: post.get("ids", {}).get("arxiv") == NEWER_MATH_PAPER["arxiv"])


def visible_paper_links(tab, site: ServedSite) -> set[str]:
    hrefs = tab.locator("article a[href*='papers/']:visible").evaluate_all("links => links.map(a => a.href)")
    return {href.split("/papers/", 1)[1].split("/", 1)[0] for href in hrefs if href.startswith(site.url + "papers/")}


def test_home_shows_twenty_or_more_papers_from_several_days_and_every_section(desktop, front_door_site):
    desktop.goto(front_door_site.url)
    linked = visible_paper_links(desktop, front_door_site)
    assert len(linked) >= 20
    days = desktop.locator("article h3:visible").all_inner_texts()
    assert [day.strip().rstrip("¶") for day in days[:3]] == ["16 March 2024", "15 March 2024", "14 March 2024"]
    older = desktop.locator("article h3:has-text('14 March 2024') + .pa-cards a.pa-card__title:visible")
    assert older.count() >= 10
    for name in SECTIONS:
        link = desktop.locator(f"a:visible:text-is('{name}')")
        assert link.count() >= 1, f"no visible link named {name} on the home page at 1280 px"
    # The header tabs stay while the reader scrolls down the listing.
    desktop.mouse.wheel(0, 3000)
    desktop.wait_for_timeout(400)
    assert desktop.locator(".md-tabs a.md-tabs__link:visible:text-is('Tags')").count() == 1


@pytest.fixture
def tablet(chromium, front_door_site, watch):
    yield from watched_tab(chromium, front_door_site, watch, viewport={"width": 1000, "height": 800})


@pytest.mark.parametrize("path", ["", "tags/", "browse/", "archive/", "about/", "papers/{math}/", "archive/2024/03/"])
def test_a_phone_reaches_every_section_from_the_menu(phone, front_door_site, path):
    reach_every_section_from_the_menu(phone, front_door_site, path)


@pytest.mark.parametrize("path", ["", "browse/"])
def test_a_narrow_window_without_tabs_reaches_every_section_from_the_menu(tablet, front_door_site, path):
    tablet.goto(front_door_site.url + path)
    assert not tablet.locator(".md-tabs").is_visible()
    reach_every_section_from_the_menu(tablet, front_door_site, path)


def reach_every_section_from_the_menu(phone, front_door_site, path):
    phone.goto(front_door_site.url + path.format(math=math_slug(front_door_site)))
    phone.locator("label.md-header__button[for=__drawer]").click()
    drawer = phone.locator(".md-sidebar--primary")
    for name in SECTIONS:
        # The current page's own entry is a label that opens its contents; the others are links.
        drawer.get_by_text(name, exact=True).locator("visible=true").first.wait_for()
    target = "tags/" if path == "about/" else "about/"
    drawer.get_by_role("link", name="Tags" if path == "about/" else "About", exact=True).locator("visible=true").first.click()
    phone.wait_for_url(front_door_site.url + target)


def visible_text(tab) -> str:
    return tab.locator("article.md-content__inner").inner_text()


@pytest.mark.parametrize("where", ["home", "tag", "month", "browse"])
def test_tex_is_typeset_in_every_listing(desktop, front_door_site, where):
    slug = math_slug(front_door_site)
    post = front_door_site.papers()[slug]
    path = {
        "home": "",
        "tag": f"tags/{tag_slug(front_door_site, post['tags'][0])}/",
        "month": "archive/2024/03/",
        "browse": "browse/?title=sorting",
    }[where]
    desktop.goto(front_door_site.url + path)
    card = desktop.locator(f"article a[href$='papers/{slug}/']").first
    card.locator(".katex").first.wait_for()
    text = visible_text(desktop)
    for raw in RAW_TEX:
        assert raw not in text, f"{raw!r} shows on {where}"
    assert "expected time with learned buckets" in text


def tag_slug(site: ServedSite, name: str) -> str:
    [slug] = [path.stem for path in (site.project.docs / "tags").glob("*.md") if frontmatter.load(path)["title"] == name]
    return slug


def test_a_shared_title_filter_filters_and_leaves_search_closed(desktop, front_door_site):
    desktop.goto(front_door_site.url + "browse/")
    desktop.locator("#browse-filter").fill("sorting")
    desktop.wait_for_function("() => document.querySelector('#browse-count')?.dataset.count === '1'")
    shared = desktop.url
    assert "title=sorting" in shared and "q=" not in shared
    desktop.goto(front_door_site.url)
    desktop.goto(shared)
    desktop.wait_for_function("() => document.querySelector('#browse-count')?.dataset.count === '1'")
    assert desktop.locator("#browse-filter").input_value() == "sorting"
    assert not desktop.locator("#__search").is_checked()


def test_browse_shows_more_only_while_papers_are_left_and_no_link_to_hidden_headings(desktop, front_door_site):
    desktop.goto(front_door_site.url + "browse/")
    desktop.locator(".browse-result").first.wait_for()
    total = len(front_door_site.papers())
    assert total > PAGE_SIZE
    assert int(desktop.locator("#browse-count").get_attribute("data-count")) == total
    assert desktop.locator(".browse-result").count() == PAGE_SIZE
    more = desktop.locator("#browse-more")
    # Each click adds a page of papers; the button stays while papers are left, and only then.
    for shown in range(PAGE_SIZE, total, PAGE_SIZE):
        assert more.is_visible(), f"no Show more with {shown} of {total} papers shown"
        more.click()
        desktop.wait_for_function("n => document.querySelectorAll('.browse-result').length === n", arg=min(total, shown + PAGE_SIZE))
    assert not more.is_visible()
    # Newest first as the other listings file papers (the listing day, else the date),
    # then by title and address: the same order for papers of one day in every build.
    shown = [href.split("/papers/", 1)[1].rstrip("/") for href in desktop.locator(".browse-result > a").evaluate_all("links => links.map(a => a.href)")]
    papers = front_door_site.papers()
    by_title = sorted(papers, key=lambda slug: f"{' '.join(papers[slug]['title'].casefold().split())} {slug}")
    assert shown == sorted(by_title, key=lambda slug: str(papers[slug].get("listed") or papers[slug].get("date") or ""), reverse=True)
    # A filter that leaves fewer papers than a page: complete at once, no button.
    desktop.locator("#browse-filter").fill("backlog")
    desktop.wait_for_function("n => document.querySelector('#browse-count')?.dataset.count === String(n)", arg=BACKLOG)
    assert desktop.locator(".browse-result").count() == BACKLOG
    assert not more.is_visible()
    desktop.locator("#browse-filter").fill("")
    desktop.wait_for_function("n => document.querySelector('#browse-count')?.dataset.count === String(n)", arg=total)
    assert more.is_visible()
    assert not desktop.locator("#browse-static").is_visible()
    assert desktop.evaluate(TOC_LINKS_TO_HIDDEN) == []
    # Newest first, dated as the cards of the other listings are.
    assert desktop.locator(".browse-result__byline").first.inner_text().endswith("16 March 2024")


@pytest.mark.parametrize("path", ["", "tags/", "archive/", "archive/2024/03/", "about/"])
def test_no_table_of_contents_links_a_hidden_heading(desktop, front_door_site, path):
    desktop.goto(front_door_site.url + path)
    desktop.wait_for_load_state("load")
    assert desktop.evaluate(TOC_LINKS_TO_HIDDEN) == []


def test_the_tags_page_leads_to_tag_pages_not_to_every_paper(desktop, front_door_site):
    desktop.goto(front_door_site.url + "tags/")
    papers = len(front_door_site.papers())
    paper_links = desktop.locator("article a[href*='papers/']").count()
    assert paper_links <= 0.2 * papers
    tag_links = desktop.locator("article a.pa-tag-link:visible")
    tag_pages = [path for path in (front_door_site.project.docs / "tags").glob("*.md") if path.stem != "untagged"]
    assert tag_links.count() == len(tag_pages)
    assert desktop.locator("article .pa-tag-description:visible").count() >= 10
    height = desktop.evaluate("() => document.documentElement.scrollHeight")
    assert height < 6000, f"the tag index is {height}px tall"


def test_counts_and_meta_text_are_set_in_one_size(desktop, front_door_site):
    """A count reads as part of its line: never smaller than the text beside it."""
    desktop.goto(front_door_site.url + f"tags/{tag_slug(front_door_site, 'Graph Neural Networks')}/")
    sizes = desktop.evaluate("""() => {
      const size = (el) => parseFloat(getComputedStyle(el).fontSize);
      const facts = document.querySelector('.pa-tag-facts');
      return {count: size(facts.querySelector('.pa-count')), line: size(facts), link: size(facts.querySelector('a')),
              byline: [...document.querySelectorAll('.pa-cards .pa-byline')].map(size)};
    }""")
    assert sizes["count"] == sizes["line"] == sizes["link"]
    assert len(set(sizes["byline"])) == 1 and sizes["byline"][0] == sizes["line"]
    desktop.goto(front_door_site.url + "tags/")
    pairs = desktop.evaluate("""() => [...document.querySelectorAll('.pa-tag-overview li')].map((li) => [
      parseFloat(getComputedStyle(li.querySelector('a')).fontSize), parseFloat(getComputedStyle(li.querySelector('.pa-count')).fontSize)])""")
    assert pairs and all(link == count for link, count in pairs)


def test_without_javascript_browse_falls_back_to_tag_pages(no_script, front_door_site):
    no_script.goto(front_door_site.url + "browse/")
    assert not no_script.locator("#browse-app").is_visible()
    fallback = no_script.locator("#browse-static")
    assert fallback.is_visible()
    links = fallback.locator("a[href*='/tags/']:visible")
    assert links.count() == len(list((front_door_site.project.docs / "tags").glob("*.md")))
    links.first.click()
    no_script.wait_for_url(lambda url: "/tags/" in url)
    assert no_script.locator("article .pa-cards a.pa-card__title").count() >= 1


@pytest.mark.parametrize("path", ["", "tags/", "archive/2024/03/"])
def test_without_javascript_listings_and_sections_still_work(no_script, front_door_site, path):
    no_script.goto(front_door_site.url + path)
    for name in SECTIONS:
        assert no_script.locator(f"a:visible:text-is('{name}')").count() >= 1, name
    if path != "tags/":
        assert len(visible_paper_links(no_script, front_door_site)) >= 20
    else:
        assert no_script.locator("article a.pa-tag-link:visible").count() >= 20
