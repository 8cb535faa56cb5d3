"""Real exports by other people, each built alone into a site with `mkdocs build --strict`:
nothing private published, commented entries ignored, TeX read as text, every paper a page."""

from __future__ import annotations

import re
import shutil

import frontmatter
import pytest

from tests.conftest import FIXTURES, make_project

READERS = FIXTURES / "readers"
REAL = [
    READERS / "bibtex" / "zotero-library.bib",
    READERS / "bibtex" / "thesis-commented.bib",
    READERS / "bibtex" / "biblatex-examples-excerpt.bib",
    READERS / "bibtex" / "google-scholar.bib",
    READERS / "arxiv" / "arxiv-py-recorded.xml",
    READERS / "kaggle" / "arxiv-metadata-oai-snapshot.json",
    READERS / "ris" / "zotero-export.ris",
    READERS / "ris" / "mendeley-export.ris",
    READERS / "csl" / "zotxt-biblio.json",
    READERS / "csl" / "zotero-arxiv-preprint.json",
]
PRIVATE = ("/Users/", "Zotero/storage", "file:///", "AppData", "My private note", "Read this before", "mendeley-tags", "urldate")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=REAL, ids=lambda path: path.name)
def built(request, tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("real") / "project", with_sample=False)
    shutil.copy2(request.param, project.sources / request.param.name)
    project.result = project.build(strict=True)
    return project


def pages(project) -> dict[str, frontmatter.Post]:
    return {path.stem: frontmatter.load(path) for path in project.paper_pages()}


def site_text(project):
    for path in sorted(project.site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".bib", ".txt", ".md"):
            yield path, path.read_text("utf-8", errors="replace")


def test_builds_strictly_with_a_page_per_paper_and_nothing_private(built):
    assert "Traceback" not in built.result.stderr
    found = pages(built)
    assert found
    for path, text in site_text(built):
        for private in PRIVATE:
            assert private not in text, (path, private)
    for path in built.papers.glob("*.md"):
        assert "/Users/" not in path.read_text("utf-8")


def test_titles_where_html_cannot_typeset_are_plain_text(built):
    for slug, page in pages(built).items():
        markup = built.html(f"papers/{slug}")
        title = re.search(r"<title>(.*?)</title>", markup, re.S).group(1)
        assert "$" not in title and "\\" not in title, title
        for name in ("citation_title", "og:title"):
            meta = re.search(rf'(?:name|property)="{name}" content="([^"]*)"', markup)
            assert meta and "$" not in meta.group(1) and "\\" not in meta.group(1)
        shown = "".join(re.findall(r'<(?:h1|p) class="pa-(?:title|abstract)"[^>]*>(.*?)</(?:h1|p)>', markup, re.S))
        shown = re.sub(r'<span class="arithmatex">.*?</span>', "", shown, flags=re.S)
        assert shown and "\\emph{" not in shown and "\\'{" not in shown and "{" not in shown
    feed = built.site / "feeds" / "papers.xml"
    if feed.exists():
        for title in re.findall(r"<title>(.*?)</title>", feed.read_text("utf-8")):
            assert "$" not in title


def test_every_page_has_its_bibtex_entry_in_papers_bib(built):
    bib = (built.site / "papers.bib").read_text("utf-8")
    assert bib.count("\n@") + bib.startswith("@") == len(pages(built))
    assert "file = " not in bib and "abstract = " not in bib and "keywords = " not in bib


@pytest.fixture(scope="module")
def zotero_and_friends(tmp_path_factory):
    """A library built from several real exports together."""
    project = make_project(tmp_path_factory.mktemp("together") / "project", with_sample=False)
    for path in REAL:
        shutil.copy2(path, project.sources / path.name)
    project.build(strict=True)
    return project


def test_library_together(zotero_and_friends):
    by_title = {page["title"]: page for page in pages(zotero_and_friends).values()}
    # Kaggle: every line a page with authors, an arXiv link and a date.
    diphoton = by_title["Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"]
    assert diphoton["authors"][0] == "C. Balázs" and diphoton["date"] == "2007-04-02"
    assert diphoton["links"]["arxiv"] == "https://arxiv.org/abs/0704.0001"
    # A crossref child shows its parent's year and venue.
    frontier = by_title["The True Frontier: Confronting and Avoiding the Realities of Space in American Science Fiction Films"]
    assert (frontier["date"], frontier["venue"]) == ("2000", "Space and Beyond")
    # Apostrophes survive; arXiv ids are never venues.
    gaze = next(page for title, page in by_title.items() if title.startswith("Where radiologists' eye gaze goes: BERT's"))
    assert gaze["title"] == "Where radiologists' eye gaze goes: BERT's view of Rényi entropy in ω-regular reading"
    assert "venue" not in gaze and gaze["ids"]["arxiv"] == "2403.01234"
    for page in by_title.values():
        assert not str(page.get("venue", "")).lower().startswith(("arxiv", "corr")), page["title"]
    markup = zotero_and_friends.html(f"papers/{next(s for s, p in pages(zotero_and_friends).items() if p['title'] == gaze['title'])}")
    assert "citation_journal_title" not in markup
    assert '<span class="arithmatex">\\(\\omega\\)</span>' in markup
    # The search index holds no private field and no TeX in titles.
    index = zotero_and_friends.search_fragments()
    text = str(index)
    assert "/Users/" not in text and "My private note" not in text
    papers = [fragment for url, fragment in index.items() if url.startswith("papers/")]
    assert papers and not any("$" in fragment["meta"]["title"] for fragment in papers)
