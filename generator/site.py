"""The site's generated files: every output of a run as relative path (under `docs/`) → text.

Paper pages are Markdown; the other outputs (tag pages, date archive, browse
index, bibliographies, feeds) are added here by the modules that make them.
"""

from __future__ import annotations

from generator.browse import browse_index
from generator.cite import bibliographies, cite_section
from generator.datearchive import archive_pages
from generator.feeds import feed_outputs
from generator.model import Paper
from generator.related import related_section
from generator.render import render_page
from generator.tagpages import tag_pages


def site_outputs(papers: list[Paper], taxonomy, notes: dict[str, str], settings, page=None) -> dict[str, str]:
    """`page` renders one paper page (`paper_page`, or a cached equivalent)."""
    page = page or paper_page
    by_key = {paper.key: paper for paper in papers}
    outputs: dict[str, str] = {}
    for paper in papers:
        outputs[f"papers/{paper.slug}.md"] = page(paper, notes.get(paper.slug), by_key)
    outputs.update(bibliographies(papers, taxonomy))
    outputs.update(tag_pages(papers, taxonomy, settings, others=outputs))
    outputs.update(archive_pages(papers, taxonomy))
    outputs.update(browse_index(papers))
    outputs.update(feed_outputs(papers, taxonomy, settings))
    return outputs


def paper_page(paper: Paper, note: str | None, by_key: dict[str, Paper]) -> str:
    return render_page(paper, note, paper_sections(paper, by_key))


def paper_sections(paper: Paper, by_key: dict[str, Paper]) -> list[str]:
    """Markdown sections below a paper's abstract and notes."""
    return [related_section(paper, by_key), cite_section(paper, by_key)]
