"""ProperDocs, the MkDocs 1.6 fork, builds the same site from the same `mkdocs.yml`.

It loads plugins from the `mkdocs.plugins` entry-point group as well as its
own, and redirects `mkdocs.*` imports to itself, so the plugin needs nothing
extra. It still reads `mkdocs.yml` when no `properdocs.yml` exists, but says
that fallback will go; `-f mkdocs.yml` is the lasting spelling.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def properdocs_build(project, check: bool = True):
    return project.run("properdocs", "build", "--strict", "-f", "mkdocs.yml", check=check)


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory):
    from tests.conftest import make_project

    project = make_project(tmp_path_factory.mktemp("properdocs") / "project")
    result = properdocs_build(project)
    assert "paper-archive: 66 papers" in result.stderr
    return project


def html_files(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*.html")}


def article(site: Path, name: str) -> str:
    found = ARTICLE.search((site / name).read_text("utf-8"))
    return found.group() if found else ""


def test_the_same_pages_are_built(properdocs_site, sample_site):
    assert len(list((properdocs_site.site / "papers").glob("*/index.html"))) == 66
    assert html_files(properdocs_site.site) == html_files(sample_site.site)
    assert "mkdocs-ProperDocs" in (properdocs_site.site / "index.html").read_text("utf-8")


def test_every_page_reads_the_same_as_with_mkdocs(properdocs_site, sample_site):
    """Paper pages with their tag chips, the home listing, the tag index: the
    content each page shows is identical whichever engine built it."""
    different = [
        name for name in sorted(html_files(sample_site.site))
        if article(properdocs_site.site, name) != article(sample_site.site, name)
    ]
    assert not different, f"content differs from the MkDocs build: {different[:10]}"
    some_paper = min(html_files(properdocs_site.site / "papers"))
    assert 'class="md-tag' in article(properdocs_site.site, f"papers/{some_paper}")


def test_tags_link_to_pages_that_list_the_paper(properdocs_site):
    for page in (properdocs_site.site / "papers").glob("*/index.html"):
        chips = re.findall(r'<a href="([^"]+)" class="md-tag', page.read_text("utf-8"))
        assert chips, f"{page}: no tag chips"
        for href in chips:
            target = (page.parent / href.split("#")[0]).resolve() / "index.html"
            assert f"papers/{page.parent.name}/" in target.read_text("utf-8")


def test_the_search_index_holds_every_paper(properdocs_site, sample_site):
    fragments = properdocs_site.search_fragments()
    assert fragments == sample_site.search_fragments()
    assert set(fragments) == {f"papers/{path.stem}/" for path in properdocs_site.paper_pages()}


def test_strict_mode_still_fails_on_a_bad_record(sample_project):
    sample_project.add_source("reading-list.jsonl", '{"title": "Fine", "abstract": ""}\nnot json\n')
    result = properdocs_build(sample_project, check=False)
    assert result.returncode != 0
    assert "sources/reading-list.jsonl:2" in result.stderr
