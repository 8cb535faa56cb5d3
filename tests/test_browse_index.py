"""The browse page and `papers.json`: the download for scripts as built, the
page's elements and its script, checked in the output of real throwaway sites.
The page itself reads the Pagefind index (tests/browser/ drive it)."""

from __future__ import annotations

import json
import re

from generator.search_fields import PAPER_WORD
from tests.dated_site import article, pages, slug_of, text_of

FIELDS = {"id", "slug", "url", "title", "authors", "date", "tags", "links", "teaser"}
SCRIPT = "assets/javascripts/browse.js"


def index_of(project) -> list[dict]:
    return json.loads((project.site / "papers.json").read_text("utf-8"))


def test_papers_json_has_one_entry_per_paper_with_its_fields(sample_site):
    entries = index_of(sample_site)
    built = pages(sample_site)
    assert (sample_site.docs / "papers.json").read_bytes() == (sample_site.site / "papers.json").read_bytes()
    assert len(entries) == len(built) == 66
    for entry in entries:
        # A scraped listing's `$` is a dollar sign: no entry carries TeX for the page to typeset.
        assert set(entry) == FIELDS
        page = built[entry["slug"]]
        assert entry["url"] == f"papers/{entry['slug']}/"
        assert (sample_site.site / entry["url"] / "index.html").is_file()
        assert entry["title"] == page["title"]
        assert entry["tags"] == page["tags"]
        assert entry["links"] == page.get("links", {})
        assert entry["date"] == page["date"] == "2024-03-14"
        assert entry["teaser"] == page["description"]
    assert len({entry["id"] for entry in entries}) == 66


def test_papers_json_is_sorted_newest_first_then_by_title(dated_site):
    entries = index_of(dated_site)
    assert len(entries) == len(pages(dated_site))
    # Filed by the day a listing gave a paper, else its own date, as the archive pages are.
    keys = [(entry.get("listed") or entry["date"] or "", entry["title"].casefold()) for entry in entries]
    assert [key[0] for key in keys] == sorted((key[0] for key in keys), reverse=True)
    for day in {key[0] for key in keys}:
        titles = [key[1] for key in keys if key[0] == day]
        assert titles == sorted(titles)
    assert entries[-1]["date"] is None and entries[-1]["title"] == "A Paper With No Date"


def test_papers_json_dates_a_paper_as_its_page_does(dated_site):
    built = pages(dated_site)
    for entry in index_of(dated_site):
        page = built[entry["slug"]]
        assert (entry["date"], entry.get("listed")) == (page.get("date"), page.get("listed"))


def test_a_listed_paper_with_a_date_of_its_own_keeps_it_in_papers_json():
    from generator.browse import entry
    from generator.model import Paper

    motion = Paper(title="Motion Mamba", key="arxiv:2403.07487", slug="motion-mamba", date="2024-03-12", listing_date="2024-03-14")
    assert (entry(motion)["date"], entry(motion)["listed"]) == ("2024-03-12", "2024-03-14")
    assert "listed" not in entry(motion.replace(date=None)) and entry(motion.replace(date=None))["date"] == "2024-03-14"


def test_papers_json_keeps_hostile_titles_and_authors_as_data(dated_site):
    entries = {entry["slug"]: entry for entry in index_of(dated_site)}
    hostile = entries[slug_of(dated_site, "<script>")]
    assert hostile["title"] == "<script>alert('card')</script> & *Stars* in a _Title_"
    sparse = entries[slug_of(dated_site, "Sparse Routing")]
    assert sparse["authors"] == ["Ada Example", "Alan Example"]
    assert sparse["links"]["code"] == "https://github.com/example/sparse_routing?a=1&b=2"
    assert sparse["tags"][:2] == ["Reading Group", "C++"]


def test_browse_page_is_in_the_navigation_and_loads_its_script(sample_site):
    markup = sample_site.html("browse")
    assert (sample_site.site / SCRIPT).is_file()
    assert f'<script src="../{SCRIPT}"></script>' in markup
    assert re.search(r'<a href="browse/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Browse', sample_site.html(""))


def test_browse_page_offers_the_elements_its_script_and_tests_use(sample_site):
    content = article(sample_site.html("browse"))
    for element in (
        '<div id="browse-app" class="pa-browse" hidden>',
        '<input id="browse-filter" type="search"',
        '<select id="browse-sort"><option value="date">Newest first</option><option value="title">',
        '<fieldset id="browse-tags"',
        '<p id="browse-count"',
        '<ol id="browse-results"',
        '<div id="browse-static">',
    ):
        assert element in content, element
    # The download for scripts, linked relatively so that it works under any sub-path.
    assert re.search(r'<a href="\.\./papers\.json" id="browse-data">', content)
    assert len(re.findall(r'\bid="([^"]+)"', sample_site.html("browse"))) == len(
        set(re.findall(r'\bid="([^"]+)"', sample_site.html("browse")))
    )


def test_without_javascript_the_page_lists_every_tag_with_a_link_to_its_page(sample_site):
    static = article(sample_site.html("browse")).split('<div id="browse-static">', 1)[1]
    tags = {tag for page in pages(sample_site).values() for tag in page["tags"]}
    linked = dict(
        (text_of(name), slug) for slug, name in re.findall(r'<a href="\.\./tags/([^/"]+)/">(.*?)</a>', static)
    )
    assert set(linked) == tags
    for slug in linked.values():
        assert (sample_site.site / "tags" / slug / "index.html").is_file()


def test_script_builds_elements_only_from_text_and_follows_the_contract():
    from tests.conftest import REPO

    script = (REPO / "docs" / SCRIPT).read_text("utf-8")
    code = re.sub(r"^\s*//.*$", "", script, flags=re.M)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in code, sink
    for needle in (
        'setAttribute("data-tag", name)',
        '"browse-result"',
        'getElementById("browse-filter")',
        'getElementById("browse-sort")',
        'getElementById("browse-count")',
        # Every part of the index (index_parts.js), each by its own module.
        "window.archiveIndexParts()",
        '"pagefind.js?browse"',
        "document$.subscribe",
        "history.replaceState",
        "textContent",
    ):
        assert needle in code, needle
    assert "http://" not in code and "https://" not in code
    # The word every paper page carries (search_fields.py), searched to list them all.
    assert f'var PAPER_WORD = "{PAPER_WORD}";' in code
    # The whole archive is never downloaded: papers.json is for scripts only.
    assert "papers.json" not in code and "browse-data" not in code
