"""Google Scholar (Highwire) and OpenGraph tags in the built HTML of paper pages."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import frontmatter
import pytest

pytestmark = pytest.mark.slow

SITE_URL = "https://example.github.io/paper-archive/"


class MetaTags(HTMLParser):
    """Every `<meta name|property=… content=…>` of a page, values unescaped once."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name") or attributes.get("property")
        if tag == "meta" and name and "content" in attributes:
            self.tags.append((name, attributes["content"]))


def meta_tags(markup: str) -> dict[str, list[str]]:
    parser = MetaTags()
    parser.feed(markup)
    found: dict[str, list[str]] = {}
    for name, content in parser.tags:
        found.setdefault(name, []).append(content)
    return found


def scholar_date(day: str) -> str:
    return day.replace("-", "/") if len(day) == 10 else day[:4]


def test_every_sample_paper_page_has_scholar_and_card_tags(sample_site):
    pages = sample_site.paper_pages()
    assert pages
    for path in pages:
        post = frontmatter.load(path)
        tags = meta_tags(sample_site.html(f"papers/{path.stem}"))
        assert tags["citation_title"] == [post["title"]]
        assert tags["og:title"] == [post["title"]]
        assert tags["og:type"] == ["article"]
        assert tags["twitter:card"] == ["summary"]
        assert tags["og:url"] == [f"{SITE_URL}papers/{path.stem}/"]
        if "description" in post:
            assert tags["og:description"] == [post["description"]]
        if "date" in post:
            assert tags["citation_publication_date"] == [scholar_date(str(post["date"]))]
        assert tags.get("citation_author", []) == post.get("authors", [])
        if "tags" in post:
            assert tags["citation_keywords"] == ["; ".join(post["tags"])]


def test_other_pages_are_not_cited(sample_site):
    for url_path in ("", "about", "tags"):
        tags = meta_tags(sample_site.html(url_path))
        assert "citation_title" not in tags and "og:type" not in tags


HOSTILE = {
    "title": 'Tags & "Quotes" <script>alert(1)</script>',
    "abstract": 'An abstract with "quotes" & <markup>. Second sentence.',  # no HTML tag: text
    "authors": ['A "B" <script>alert(2)</script>', "Zoë O'Brien & Co"],
    "date": "2023-06",
    "venue": '"><script>alert(3)</script>',
    "arxiv": "2306.00001v1",
    "doi": "10.1000/x\"<y>",
    "links": {"pdf": 'https://example.org/a.pdf?x="><script>alert(4)</script>'},
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from tests.conftest import make_project

    project = make_project(tmp_path_factory.mktemp("meta") / "project", with_sample=False)
    plain = {"title": "Plain Paper", "abstract": "Nothing odd.", "date": "2022-01-02"}
    project.add_source("odd.jsonl", json.dumps(HOSTILE) + "\n" + json.dumps(plain) + "\n")
    project.build()
    return project


def hostile_page(site) -> str:
    [path] = [path for path in site.paper_pages() if frontmatter.load(path)["title"] == HOSTILE["title"]]
    return site.html(f"papers/{path.stem}")


def test_hostile_values_are_escaped_exactly_once(hostile_site):
    markup = hostile_page(hostile_site)
    assert "<script>alert" not in markup
    tags = meta_tags(markup)
    assert tags["citation_title"] == [HOSTILE["title"]]
    assert tags["og:title"] == [HOSTILE["title"]]
    assert tags["citation_author"] == HOSTILE["authors"]
    assert tags["citation_journal_title"] == [HOSTILE["venue"]]
    assert tags["citation_pdf_url"] == [HOSTILE["links"]["pdf"]]
    assert tags["citation_publication_date"] == ["2023"]
    assert tags["og:description"][0].startswith('An abstract with "quotes" & <markup>.')
    assert "&amp;amp;" not in markup and "&amp;quot;" not in markup and "&amp;lt;" not in markup


def test_identifiers_are_given_when_known(hostile_site):
    tags = meta_tags(hostile_page(hostile_site))
    assert tags["citation_doi"] == [HOSTILE["doi"]]
    assert tags["citation_arxiv_id"] == ["2306.00001"]


def test_a_page_without_authors_or_links_has_no_empty_tags(hostile_site):
    [path] = [path for path in hostile_site.paper_pages() if frontmatter.load(path)["title"] == "Plain Paper"]
    tags = meta_tags(hostile_site.html(f"papers/{path.stem}"))
    assert tags["citation_publication_date"] == ["2022/01/02"]
    for name in ("citation_author", "citation_pdf_url", "citation_doi", "citation_arxiv_id", "citation_journal_title"):
        assert name not in tags
    assert all(value.strip() for values in tags.values() for value in values)
