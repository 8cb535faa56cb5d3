"""The site's generated files: every output of a run as relative path (under `docs/`) → text.

Paper pages are Markdown; the other outputs (tag pages, date archive, browse
index, bibliographies, feeds) are added here by the modules that make them.
"""

from __future__ import annotations

from generator.cite import bibliographies, cite_section
from generator.model import Paper
from generator.related import related_section
from generator.render import render_page


def site_outputs(papers: list[Paper], taxonomy, notes: dict[str, str], settings) -> dict[str, str]:
    by_key = {paper.key: paper for paper in papers}
    outputs: dict[str, str] = {}
    for paper in papers:
        outputs[f"papers/{paper.slug}.md"] = render_page(paper, notes.get(paper.slug), paper_sections(paper, by_key))
    outputs.update(bibliographies(papers, taxonomy))
    return outputs


def paper_sections(paper: Paper, by_key: dict[str, Paper]) -> list[str]:
    """Markdown sections below a paper's abstract and notes."""
    return [related_section(paper, by_key), cite_section(paper, by_key)]
