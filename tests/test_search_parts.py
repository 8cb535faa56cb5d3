"""Search in parts: an index of more papers than `search_part_size` is several
Pagefind indexes, each written by a process of its own (generator/search_index.py)."""

from __future__ import annotations

import html
import json
import re
import shutil
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.search_index import (
    ORDER_ANCHOR,
    SearchIndexError,
    SiteIndexer,
    body_tag_end,
    index_site,
    with_order_anchors,
)
from tests import pagefind_index
from tests.conftest import Project

SORT_SPAN = re.compile(r'<span data-pagefind-sort="(\w+)">([^<]*)</span>')


@pytest.fixture
def unindexed_site(sample_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sample_site.site, site, ignore=shutil.ignore_patterns("pagefind"))
    return site


def page_sort_keys(site, url: str) -> dict[str, str]:
    text = (site / url / "index.html").read_text("utf-8")
    return {name: html.unescape(value) for name, value in SORT_SPAN.findall(text)}


def order_keys(fragment: dict) -> dict[str, str]:
    keys = {}
    for anchor in fragment["anchors"]:
        if anchor["id"].startswith(ORDER_ANCHOR):
            name, _, value = anchor["id"][len(ORDER_ANCHOR) :].partition("-")
            keys[name] = unquote(value)
    return keys


def test_a_large_index_comes_in_parts_that_hold_each_paper_once(unindexed_site, sample_site):
    report = index_site(unindexed_site, part_size=20)
    assert (report.pages, report.parts) == (66, 4)
    assert re.fullmatch(r"search index: 66 pages in 4 parts in [\d.]+ s \(.*\)", str(report))
    parts = pagefind_index.parts(unindexed_site)
    assert [part.name for part in parts] == ["pagefind", "part-2", "part-3", "part-4"]
    assert json.loads((parts[0] / "parts.json").read_text("utf-8")) == {"parts": ["part-2/", "part-3/", "part-4/"]}
    counts = [len(pagefind_index.part_fragments(part)) for part in parts]
    assert counts == [20, 20, 20, 6]
    # Every paper page once, nothing else: the other pages have no body element.
    urls = [url for part in parts for url in pagefind_index.part_fragments(part)]
    assert len(urls) == len(set(urls)) == 66
    assert set(urls) == set(sample_site.search_fragments())
    # Pagefind's own files in each part: a part is a whole index.
    for part in parts:
        assert (part / "pagefind.js").is_file() and (part / "pagefind-entry.json").is_file()
    # Nothing staged is left beside the site.
    assert [path.name for path in unindexed_site.parent.iterdir()] == ["site"]


def test_parts_show_each_paper_as_one_index_does(unindexed_site, sample_site):
    index_site(unindexed_site, part_size=7)
    one = sample_site.search_fragments()
    parted = pagefind_index.fragments(unindexed_site)
    assert parted.keys() == one.keys()
    for url, fragment in parted.items():
        assert {key: fragment[key] for key in ("content", "meta", "filters", "word_count")} == {
            key: one[url][key] for key in ("content", "meta", "filters", "word_count")
        }
    assert pagefind_index.filter_names(unindexed_site) == {"tag", "year"}


def test_each_paper_carries_its_sort_keys_for_merging_the_parts(unindexed_site):
    index_site(unindexed_site, part_size=20)
    for url, fragment in pagefind_index.fragments(unindexed_site).items():
        keys = order_keys(fragment)
        assert keys == page_sort_keys(unindexed_site, url) and set(keys) == {"newest", "title"}
        # Anchors that are no headings make no sub-results, and add no words.
        assert all(anchor["element"] == "span" and anchor["text"] == "" for anchor in fragment["anchors"])


def test_sort_keys_survive_markup_spaces_and_any_character():
    key = 'a "b" & <c> é 𝔸 %20'
    page = (f'<h1 data-pagefind-body class="t">T</h1><span data-pagefind-sort="title">{html.escape(key, quote=False)}</span>')
    anchored = with_order_anchors(page, body_tag_end(page))
    [anchor] = re.findall(r'<span id="([^"]+)"></span>', anchored)
    assert " " not in anchor and unquote(anchor[len(f"{ORDER_ANCHOR}title-") :]) == key
    assert anchored.startswith('<h1 data-pagefind-body class="t"><span id=')
    assert with_order_anchors("<h1 data-pagefind-body>No keys</h1>", 23) == "<h1 data-pagefind-body>No keys</h1>"


@pytest.mark.parametrize(
    ("page", "end"),
    [
        ("<h1 data-pagefind-body>x", 23),
        ('<div class="a" data-pagefind-body="">x', 37),
        ("<h1\ndata-pagefind-body/>", 24),
        ("<p>data-pagefind-body</p>", None),  # text, not an attribute
        ('<a title="x">data-pagefind-body', None),
        ("<h1 data-pagefind-bodyx>", None),
        ("<h1 data-pagefind-body", None),  # a tag never closed
        ("<p>no body</p>", None),
    ],
)
def test_the_element_pagefind_indexes_is_found_by_its_attribute(page, end):
    assert body_tag_end(page) == end


def test_a_site_without_body_elements_has_every_page_indexed(tmp_path):
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text("<html lang='en'><body><h1>Home</h1><p>Welcome words</p></body></html>")
    (site / "about" / "index.html").write_text("<html lang='en'><body><h1>About</h1><p>More words</p></body></html>")
    report = index_site(site, part_size=1)
    assert (report.pages, report.parts) == (2, 2)
    assert set(pagefind_index.fragments(site)) == {"", "about/"}


def test_an_index_that_stops_leaves_the_last_one_and_nothing_staged(sample_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sample_site.site, site)
    before = pagefind_index.fragments(site)
    indexer = SiteIndexer(site, part_size=10)
    for page in sorted(site.glob("papers/*/index.html"))[:25]:  # two parts written, a third begun
        indexer.add(page.relative_to(site).as_posix(), page.read_text("utf-8"))
    indexer.close()
    assert pagefind_index.fragments(site) == before
    assert [path.name for path in tmp_path.iterdir()] == ["site"]
    # What a killed run left beside the site, the next run removes.
    (tmp_path / ".site-pagefind-parts" / "part-1").mkdir(parents=True)
    index_site(site, part_size=40)
    assert [path.name for path in tmp_path.iterdir()] == ["site"]
    assert pagefind_index.fragments(site).keys() == before.keys()


def test_a_part_size_below_one_is_refused(unindexed_site):
    result = CliRunner().invoke(main, ["index", str(unindexed_site), "--part-size", "0"])
    assert result.exit_code == 2 and "--part-size" in result.output


def test_the_index_command_and_the_plugin_take_the_part_size(unindexed_site, sample_site, tmp_path):
    result = CliRunner().invoke(main, ["index", str(unindexed_site), "--part-size", "30"])
    assert result.exit_code == 0, result.output
    assert re.match(r"search index: 66 pages in 3 parts in ", result.output)

    project = tmp_path / "project"
    shutil.copytree(sample_site.root, project, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "      taxonomy: taxonomy.yml\n", "      taxonomy: taxonomy.yml\n      search_part_size: 50\n"), "utf-8")
    built = Project(project).run("mkdocs", "build", "--strict")
    assert re.search(r"search index: 66 pages in 2 parts in ", built.stderr)
    assert pagefind_index.fragments(project / "site").keys() == sample_site.search_fragments().keys()
    # `paper-archive index` in the project takes it from there too (the sharded workflow's merge job).
    indexed = Project(project).run("generator.cli", "index", "site")
    assert re.match(r"search index: 66 pages in 2 parts in ", indexed.stdout)


def test_a_part_pagefind_refuses_is_reported_in_one_line(unindexed_site, monkeypatch):
    import generator.search_index as search_index

    monkeypatch.setattr(search_index, "TIMEOUT_SECONDS", 0.000001)
    with pytest.raises(SearchIndexError) as failure:
        index_site(unindexed_site, part_size=20)
    assert str(failure.value).startswith(f"{unindexed_site}: Pagefind did not answer within")
    assert not (unindexed_site / "pagefind").exists()
