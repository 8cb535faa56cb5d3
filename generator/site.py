"""The site's generated files: every output of a run as relative path → text."""

from __future__ import annotations

from generator.render import render_page


def site_outputs(papers, taxonomy, notes: dict[str, str], settings) -> dict[str, str]:
    outputs: dict[str, str] = {}
    for paper in papers:
        outputs[f"papers/{paper.slug}.md"] = render_page(paper, notes.get(paper.slug))
    return outputs
