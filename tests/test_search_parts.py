"""Search in parts: an index of more papers than `search_part_size` is several
Pagefind indexes, each written by a process of its own (generator/search_index.py)."""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from urllib.parse import unquote

import cbor2
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import main
from generator.search_index import (
    ORDER_ANCHOR,
    SearchIndexError,
    SiteIndexer,
    body_tag_end,
    index_site,
    with_order_anchors,
)
from generator.search_meta import NO_SORT, PAGES, SIGNATURE, SORTS, compact_bundle
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
    # A value no run can take is said, not silently replaced by the default.
    config.write_text(config.read_text("utf-8").replace("search_part_size: 50", "search_part_size: lots"), "utf-8")
    defaulted = Project(project).run("generator.cli", "index", "site")
    assert re.match(r"search index: 66 pages in [0-9.]+ s ", defaulted.stdout)
    assert re.search(r"warning: mkdocs\.yml:\d+: option 'search_part_size' .*'lots'; the index is made in parts of 5000 papers", defaulted.stderr)


def test_a_part_pagefind_refuses_is_reported_in_one_line(unindexed_site, monkeypatch):
    import generator.search_index as search_index

    monkeypatch.setattr(search_index, "TIMEOUT_SECONDS", 0.000001)
    with pytest.raises(SearchIndexError) as failure:
        index_site(unindexed_site, part_size=20)
    assert str(failure.value).startswith(f"{unindexed_site}: Pagefind did not answer within")
    assert not (unindexed_site / "pagefind").exists()


def decoded_meta(part, meta_hash: str) -> list:
    return cbor2.loads(pagefind_index._chunk(part / f"pagefind.{meta_hash}.pf_meta"))


def test_the_header_search_has_each_part_without_sort_orders_and_short_fragment_names(unindexed_site):
    index_site(unindexed_site, part_size=20)
    for part in pagefind_index.parts(unindexed_site):
        languages = json.loads((part / "pagefind-entry.json").read_text("utf-8"))["languages"]
        assert list(languages) == ["en", "en" + NO_SORT]
        assert languages["en"]["page_count"] == languages["en" + NO_SORT]["page_count"]
        browse, search = (decoded_meta(part, languages[key]["hash"]) for key in languages)
        assert sorted(name for name, _ in browse[SORTS]) == ["newest", "title"] and search[SORTS] == []
        assert browse[:SORTS] == search[:SORTS]
        # Each page's fragment under its short name, and no fragment under Pagefind's own.
        names = [page[0] for page in browse[PAGES]]
        assert all(re.fullmatch(r"[0-9a-f]{6}/[0-9a-z]+", name) for name in names)
        on_disk = {path.relative_to(part / "fragment").as_posix() for path in (part / "fragment").rglob("*")}
        folder = names[0].split("/")[0]
        assert on_disk == {folder} | {f"{name}.pf_fragment" for name in names}
        # Nothing but what the entry names: no metadata file of Pagefind's own is left.
        assert {path.name for path in part.glob("*.pf_meta")} == {f"pagefind.{index['hash']}.pf_meta" for index in languages.values()}


def test_fragment_names_are_the_same_for_the_same_pages_and_new_for_changed_ones(unindexed_site, tmp_path):
    def fragment_files(site):
        return {path.relative_to(site).as_posix(): path.read_bytes() for path in (site / "pagefind").rglob("*.pf_fragment")}

    again = tmp_path / "again" / "site"
    shutil.copytree(unindexed_site, again)
    index_site(unindexed_site, part_size=40)
    index_site(again, part_size=40)
    assert fragment_files(unindexed_site) == fragment_files(again)
    # One page's title changes: its part's fragments move to a new folder, so no
    # cache of the old site serves an old fragment under a name it had.
    page = sorted((again / "papers").glob("*/index.html"))[0]
    page.write_text(page.read_text("utf-8").replace("</h1>", " changed</h1>", 1), "utf-8")
    index_site(again, part_size=40)
    before, after = fragment_files(unindexed_site), fragment_files(again)
    first = [{name for name in files if not name.startswith("pagefind/part-2/")} for files in (before, after)]
    assert len(first[0]) == len(first[1]) == 40 and not first[0] & first[1]
    assert {name for name in before if name not in first[0]} == {name for name in after if name not in first[1]}


@given(st.binary(max_size=200), st.sampled_from(["1.5.2", "2.0.0", ""]))
def test_a_bundle_not_as_pagefind_1_5_writes_it_is_left_as_it_is(meta_bytes, version):
    entry = json.dumps({"version": version, "languages": {"en": {"hash": "en_0123456789", "page_count": 1}}})
    files = [("pagefind-entry.json", entry.encode()), ("pagefind.en_0123456789.pf_meta", meta_bytes),
             ("fragment/en_abc.pf_fragment", b"x")]
    assert compact_bundle(files) == files
    odd = gzip.compress(SIGNATURE + cbor2.dumps([version, [["en_abc", 3]], [], [], {"not": "a list"}]))
    assert compact_bundle([*files[:1], (files[1][0], odd), *files[2:]])[1][1] == odd
