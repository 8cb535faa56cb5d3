"""Long listings over several pages (`listing_page_size`): checked in real builds of the
sample, against a build that keeps every listing on one page, and in the files an
edit makes the generator write again."""

from __future__ import annotations

import math
import posixpath
import re

import pytest
from hypothesis import given, strategies as st

from generator.pagination import Place, link, page_path, page_slices, pager
from tests.conftest import SAMPLE, make_project
from tests.dated_site import article, linked_papers

SIZE = 7


def with_page_size(project, size: int):
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("      taxonomy: taxonomy.yml\n", f"      taxonomy: taxonomy.yml\n      listing_page_size: {size}\n"), "utf-8")
    assert f"listing_page_size: {size}" in config.read_text("utf-8")
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The sample built with pages of `SIZE` papers, and with every listing on one page."""
    paged = with_page_size(make_project(tmp_path_factory.mktemp("paged") / "project"), SIZE)
    whole = with_page_size(make_project(tmp_path_factory.mktemp("whole") / "project"), 0)
    paged.build()
    whole.build()
    return paged, whole


def listing_pages(site, first: str) -> list[str]:
    """URL paths of a listing's pages in order: `first`, then `first/page/2`, …"""
    found = [first]
    while (site / first / "page" / str(len(found) + 1) / "index.html").is_file():
        found.append(f"{first}/page/{len(found) + 1}")
    return found


def listings(project) -> list[str]:
    tags = [f"tags/{path.stem}" for path in sorted((project.docs / "tags").glob("*.md"))]
    return [*tags, "archive/2024/03"]


def test_each_long_listing_goes_on_over_pages_holding_its_papers_once_in_order(sites):
    paged, whole = sites
    split = 0
    for first in listings(whole):
        expected = linked_papers(article(whole.html(first)))
        urls = listing_pages(paged.site, first)
        shown = [linked_papers(article(paged.html(url))) for url in urls]
        assert len(urls) == max(1, math.ceil(len(expected) / SIZE)), first
        assert all(0 < len(cards) <= SIZE for cards in shown), first
        assert [slug for cards in shown for slug in cards] == expected, first
        split += len(urls) > 1
    assert split >= 3  # the month page and several tags
    assert not list((whole.docs / "tags").rglob("page")) and not list((whole.docs / "archive").rglob("page"))


def test_pager_links_lead_to_every_page_and_mark_the_current_one(sites):
    paged, _ = sites
    urls = listing_pages(paged.site, "archive/2024/03")
    assert len(urls) == math.ceil(66 / SIZE)
    for number, url in enumerate(urls, 1):
        markup = paged.html(url)
        labelled = re.findall(r'<nav aria-label="([^"]*)" class="pa-pager">(.*?)</nav>', markup)
        labels, navs = [label for label, _ in labelled], [nav for _, nav in labelled]
        assert len(navs) == 2 and navs[0] == navs[1]  # above and below the cards
        assert len(set(labels)) == 2 and all(label.startswith("Pages of this list") for label in labels)
        current = re.findall(r'aria-current="page">(\d+)<', navs[0])
        assert current == [str(number)]
        targets = {text: href for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', navs[0])}
        for href in targets.values():
            assert (paged.site / posixpath.normpath(posixpath.join(url, href)) / "index.html").is_file(), (url, href)
        assert ("← Newer" in targets) == (number > 1) and ("Older →" in targets) == (number < len(urls))
        assert "1" in targets or number == 1
        assert str(len(urls)) in targets or number == len(urls)
        title = re.search(r"<title>([^<]*)</title>", markup).group(1)
        assert title.startswith("March 2024" if number == 1 else f"March 2024 (page {number} of {len(urls)})")
        # The trail and the other months' links still lead to the right pages from any depth.
        for href in re.findall(r'<a href="([^"]+)">(?:Archive|2024)</a>', article(markup)):
            assert (paged.site / posixpath.normpath(posixpath.join(url, href)) / "index.html").is_file(), (url, href)


def test_an_edited_first_sentence_writes_one_page_of_each_listing_again(tmp_path):
    project = with_page_size(make_project(tmp_path / "project"), SIZE)
    project.generate()
    before = {path: path.read_bytes() for path in project.docs.rglob("*.md")}
    text = SAMPLE.read_text("utf-8")
    # The tenth paper: its first sentence is its card's teaser on its tag and date pages.
    abstract = [line for line in text.splitlines() if len(line) > 200][9]
    (project.sources / SAMPLE.name).write_text(text.replace(abstract, "A new opening sentence. " + abstract), "utf-8")
    project.generate()
    changed = {path.relative_to(project.docs).as_posix() for path in project.docs.rglob("*.md") if before.get(path) != path.read_bytes()}
    listing_pages_changed = sorted(path for path in changed if not path.startswith("papers/"))
    assert listing_pages_changed, changed
    firsts = {re.sub(r"/page/\d+\.md$", ".md", path) for path in listing_pages_changed}
    assert len(firsts) == len(listing_pages_changed)  # one page of each listing
    assert "archive/2024/03.md" in firsts and any(first.startswith("tags/") for first in firsts)
    many = [first for first in firsts if (project.docs / first.removesuffix(".md") / "page").is_dir()]
    assert many  # listings of several pages, of which one was written


def test_pages_a_shorter_listing_no_longer_needs_are_removed(tmp_path):
    project = with_page_size(make_project(tmp_path / "project"), SIZE)
    project.generate()
    assert (project.docs / "archive" / "2024" / "03" / "page" / "10.md").is_file()
    lines = SAMPLE.read_text("utf-8").splitlines()
    cut = [i for i, line in enumerate(lines) if len(line) > 200][SIZE * 2]  # the 15th abstract
    (project.sources / SAMPLE.name).write_text("\n".join(lines[: cut - 2]) + "\n", "utf-8")
    project.build()
    assert (project.docs / "archive" / "2024" / "03" / "page" / "2.md").is_file()
    assert not (project.docs / "archive" / "2024" / "03" / "page" / "3.md").exists()
    leftovers = [path for path in project.docs.rglob("page") if not any(path.iterdir())]
    assert leftovers == []
    assert not (project.site / "archive" / "2024" / "03" / "page" / "3").exists()


def test_a_negative_page_size_is_a_clear_configuration_error(tmp_path):
    project = with_page_size(make_project(tmp_path / "project"), -1)
    result = project.build(check=False)
    assert result.returncode != 0
    assert "listing_page_size" in result.stderr + result.stdout and "Traceback" not in result.stderr


@given(count=st.integers(0, 500), size=st.integers(0, 60))
def test_page_slices_hold_every_item_once_in_order(count, size):
    items = list(range(count))
    slices = page_slices(items, size)
    assert [item for part in slices for item in part] == items
    assert len(slices) == (1 if size == 0 or count <= size else math.ceil(count / size))
    assert all(len(part) <= size for part in slices) or len(slices) == 1


@given(first=st.sampled_from(["tags/robotics.md", "tags/untagged.md", "archive/index.md", "archive/2024/index.md",
                              "archive/2024/03.md"]),
       count=st.integers(1, 40), data=st.data())
def test_pages_have_distinct_paths_and_links_between_them_resolve(first, count, data):
    number = data.draw(st.integers(1, count))
    paths = [page_path(first, n) for n in range(1, count + 1)]
    assert len(set(paths)) == count and paths[0] == first
    here = paths[number - 1]
    for target in (*paths, "archive/index.md", "tags.md", "papers/x.md"):
        assert posixpath.normpath(posixpath.join(posixpath.dirname(here), link(target, here))) == target
    root = Place(first, number, count).root
    assert posixpath.normpath(posixpath.join(posixpath.dirname(here), root + "tags.md")) == "tags.md"
    nav = pager(first, number, count)
    assert (nav == "") == (count == 1)
    if nav:
        assert nav.count('aria-current="page"') == 1 and len(re.findall(r"\]\(", nav)) <= 2 + 2 + 2 * 2  # newer, older, first, last, the window
