"""`overrides/sitemap.xml` renders both what MkDocs hands it (files, each with its `page`)
and what Zensical does (the pages themselves), so `zensical build` writes the sitemap too."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2

OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"


def sitemap(pages) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(OVERRIDES), autoescape=False)
    return environment.get_template("sitemap.xml").render(pages=pages)


def test_mkdocs_files_list_their_pages_but_a_moved_address():
    def file(url, meta):
        page = SimpleNamespace(is_link=False, meta=meta, abs_url=None, canonical_url=url, update_date="2024-03-14")
        return SimpleNamespace(page=page)

    text = sitemap([file("https://x.org/a/", {}), file("https://x.org/old/", {"redirect": "../a/"})])
    assert "<loc>https://x.org/a/</loc>" in text and "<lastmod>2024-03-14</lastmod>" in text
    assert "old" not in text


def test_zensical_pages_without_a_file_are_listed():
    # Zensical's pages carry no `page` of their own, and not every key MkDocs' pages have.
    pages = [SimpleNamespace(canonical_url="https://x.org/a/", meta={}),
             SimpleNamespace(canonical_url="https://x.org/old/", meta={"redirect": "../a/"})]
    text = sitemap(pages)
    assert "<loc>https://x.org/a/</loc>" in text and "old" not in text
