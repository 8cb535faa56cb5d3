"""Search: the Pagefind markup of paper pages, `paper-archive index`, and the bench script."""

from __future__ import annotations

import html
import re
import shutil
import sys
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.model import Paper
from generator.preview import index_in_own_process
from generator.render import html_text
from generator.search_fields import newest_key, search_fields, title_key, visible_words
from generator.search_index import SearchIndexError
from tests import pagefind_index
from tests.conftest import REPO, Project

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


class Fields(HTMLParser):
    """The `data-pagefind-*` spans of the hidden block, as (kind, name, text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[list[str]] = []
        self.depth = 0
        self.elements = 0

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        attributes = dict(attrs)
        for kind in ("meta", "filter", "sort"):
            name = attributes.get(f"data-pagefind-{kind}")
            if name is not None:
                self.found.append([kind, name, ""])
        if "data-pagefind-body" in attributes:
            self.found.append(["body", "", ""])

    def handle_data(self, data):
        if self.found:
            self.found[-1][2] += data


@settings(max_examples=60, deadline=None)
@given(
    title=TEXT.filter(str.strip),
    abstract=TEXT,
    authors=st.lists(TEXT, max_size=3),
    tags=st.lists(TEXT.filter(str.strip), max_size=4),
    venue=TEXT,
    date=st.sampled_from(["", "2024", "2024-03", "2024-03-14"]),
    listed=st.sampled_from(["", "2024-03-14", "2024-03-15"]),
    math=st.booleans(),
)
def test_any_paper_gets_fields_that_read_back_as_given(title, abstract, authors, tags, venue, date, listed, math):
    paper = Paper(key="k", title=title, abstract=abstract, authors=tuple(authors), tags=tuple(tags),
                  venue=venue or None, date=date or None, listing_date=listed or None, math=math, slug="s",
                  sources=("a.txt:1",))
    shown = [html_text(abstract, math)]
    markup = search_fields(paper, shown)
    parser = Fields()
    parser.feed(markup)
    found = {(kind, name): text for kind, name, text in parser.found if kind != "filter"}
    filters = [(name, text) for kind, name, text in parser.found if kind == "filter"]
    # Nothing from the paper became an element of its own.
    assert parser.elements == len(parser.found) + 1
    assert found[("meta", "abstract_words")] == str(len(html.unescape(re.sub(r"<[^>]*>", "", shown[0])).split()))
    assert [text for name, text in filters if name == "tag"] == [" ".join(tag.split()) for tag in tags]
    day = date or listed
    if day:
        assert ("filter", "year") not in found and ("year", day[:4]) in filters
        assert found[("meta", "date")] == day
    # The listing day, where the archive files the paper under it rather than its date.
    assert found.get(("meta", "listed")) == (listed if listed and listed != day else None)
    # Every paper carries the browse page's sort keys (Pagefind leaves out a page without
    # one), and no other: each costs every query the order of the whole archive.
    assert found[("sort", "newest")] == newest_key(paper) and found[("sort", "title")] == title_key(paper)
    assert {name for kind, name in found if kind == "sort"} == {"newest", "title"}
    assert (("meta", "math") in found) == math


def test_sort_keys_put_the_newest_first_then_titles_and_never_tie():
    def paper(slug, title, date=None, listed=None, math=False):
        return Paper(key=slug, slug=slug, title=title, date=date, listing_date=listed, math=math)

    papers = [
        paper("beta", "beta", "2024-03-14"),
        paper("alpha-2", "Alpha", "2024-03-14"),
        paper("alpha", "ALPHA", "2024-03-14"),
        paper("month", "Zeta", "2024-03"),
        paper("year", "Eta", "2024"),
        paper("older", "Omega", "2023-12-31"),
        paper("undated", "Aardvark"),
        # Filed under the day it was listed, as the other listings file it.
        paper("listed", "Listed late", "2023-01-01", listed="2024-03-20"),
        paper("omega-test", "$\\omega$Test", "2024-03-14", math=True),
    ]
    newest = [p.slug for p in sorted(papers, key=newest_key)]
    assert newest == ["listed", "alpha", "alpha-2", "beta", "omega-test", "month", "year", "older", "undated"]
    by_title = [p.slug for p in sorted(papers, key=title_key)]
    # TeX as the plain text shown (ωTest), after every Latin letter as in code-point order.
    assert by_title == ["undated", "alpha", "alpha-2", "beta", "year", "listed", "older", "month", "omega-test"]
    assert len({newest_key(p) for p in papers}) == len({title_key(p) for p in papers}) == len(papers)


def test_abstract_words_count_the_text_pagefind_sees():
    assert visible_words('We sort <span class="arithmatex">\\(\\mathcal{O}(n \\log n)\\)</span> keys &amp; more') == 8
    assert visible_words('cost<span class="arithmatex">\\(x\\)</span>, then') == 2


def test_index_command_indexes_a_built_site(sample_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sample_site.site, site, ignore=shutil.ignore_patterns("pagefind"))
    result = CliRunner().invoke(main, ["index", str(site)])
    assert result.exit_code == 0, result.output
    assert re.match(r"search index: 66 pages in [\d.]+ s", result.output)
    assert pagefind_index.fragments(site) == sample_site.search_fragments()
    assert pagefind_index.filter_names(site) == {"tag", "year"}


def test_index_command_says_in_one_line_when_there_is_no_site(tmp_path):
    result = CliRunner().invoke(main, ["index", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'nowhere'}: no built site here (no index.html); build it first"


def test_the_previews_own_process_indexes_into_the_bundle_it_is_given(sample_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(sample_site.site, site, ignore=shutil.ignore_patterns("pagefind"))
    report = index_in_own_process(site, ".pagefind-next")
    assert re.fullmatch(rf"search index: 66 pages in [\d.]+ s \({re.escape(str(site / '.pagefind-next'))}\)", report)
    (site / ".pagefind-next").rename(site / "pagefind")
    assert pagefind_index.fragments(site) == sample_site.search_fragments()


def test_the_previews_own_process_fails_in_one_line(tmp_path):
    with pytest.raises(SearchIndexError) as failure:
        index_in_own_process(tmp_path / "nowhere", "pagefind")
    assert str(failure.value) == f"{tmp_path / 'nowhere'}: no built site here (no index.html); build it first"


def test_bench_script_measures_a_small_archive(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO))
    sys.modules.pop("bench.bench_search", None)
    from bench.bench_search import measure

    figures = measure(24, [])
    assert figures.papers == 24 and figures.index_files > 24
    assert 0 < figures.data_bytes < figures.index_bytes
    assert figures.index_seconds > 0 and figures.text_bytes > 0


def test_a_dirty_build_indexes_the_whole_built_folder(sample_site, tmp_path):
    # --dirty renders only the pages changed since the last build (here none, the
    # copy keeps their times): Pagefind gets the others from the folder.
    project = tmp_path / "project"
    shutil.copytree(sample_site.root, project, ignore=shutil.ignore_patterns("pagefind"))
    built = Project(project).run("mkdocs", "build", "--dirty")
    assert re.search(r"search index: 66 pages in ", built.stderr)
    assert pagefind_index.fragments(project / "site") == sample_site.search_fragments()
