"""The site's generated files: every output of a run as relative path (under `docs/`) → text.

Paper pages are Markdown; the other outputs (tag pages, date archive, browse
index, bibliographies, feeds) are added here by the modules that make them.
A `Parts` says how: each paper page, BibTeX entry and `papers.json` entry
is made by one of its methods, and every other output by its `made`,
given the function and arguments that make it. `Parts` makes everything at
once with the plain functions; `site_cache.CachedParts` finds parts in the
cache and defers whole outputs (see `model.Deferred`).
"""

from __future__ import annotations

from generator.browse import browse_index, entry_text
from generator.cite import bibliographies, citation_keys, cite_section, entry
from generator.datearchive import archive_pages
from generator.feeds import feed_outputs
from generator.model import Deferred, Paper, made_now
from generator.related import related_section
from generator.render import render_page
from generator.cards import newest_first
from generator.tagpages import slugs_in_use, tag_groups, tag_pages


class Parts:
    """The pieces the site's outputs are made of, made by the plain functions."""

    def page(self, paper: Paper, note: str | None, by_key: dict[str, Paper], keys: dict[str, str]) -> str | Deferred:
        return paper_page(paper, note, by_key, keys)

    def citation_keys(self, papers: list[Paper]) -> dict[str, str]:
        return citation_keys(papers)

    def bib_entry(self, paper: Paper, key: str) -> str:
        return entry(paper, key)

    def browse_entry(self, paper: Paper) -> str:
        return entry_text(paper)

    def made(self, function, *arguments) -> str | Deferred:
        return made_now(function, *arguments)


def site_outputs(papers: list[Paper], taxonomy, notes: dict[str, str], settings, parts: Parts | None = None) -> dict[str, str | Deferred]:
    parts = parts or Parts()
    by_key = {paper.key: paper for paper in papers}
    keys = parts.citation_keys(papers)
    outputs: dict[str, str | Deferred] = {}
    for paper in papers:
        outputs[f"papers/{paper.slug}.md"] = parts.page(paper, notes.get(paper.slug), by_key, keys)
    ordered, slugs = newest_first(papers), slugs_in_use(papers, taxonomy)
    groups = tag_groups(papers, taxonomy, ordered, slugs)
    outputs.update(bibliographies(papers, taxonomy, keys, parts.bib_entry, parts.made, slugs, groups))
    outputs.update(tag_pages(papers, taxonomy, settings, outputs, groups, parts.made, ordered, slugs))
    outputs.update(archive_pages(papers, taxonomy, parts.made, ordered, slugs, settings.listing_page_size))
    outputs.update(browse_index(papers, parts.browse_entry, parts.made, ordered))
    outputs.update(feed_outputs(papers, taxonomy, settings, groups, parts.made, ordered))
    return outputs


def paper_page(paper: Paper, note: str | None, by_key: dict[str, Paper], keys: dict[str, str] | None = None) -> str:
    return render_page(paper, note, paper_sections(paper, by_key, keys))


def paper_sections(paper: Paper, by_key: dict[str, Paper], keys: dict[str, str] | None = None) -> list[str]:
    """Markdown sections below a paper's abstract and notes; `keys` are the archive's
    citation keys, when already known."""
    return [related_section(paper, by_key), cite_section(paper, by_key, keys)]
