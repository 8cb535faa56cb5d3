"""`docs/papers.json`: the archive's papers as data, a download for scripts.

One entry per paper with what a listing line shows (no abstracts), so the
file stays small for large archives. Entries are sorted newest first, then by
title and slug, and written with sorted keys, so the same papers always give
the same bytes. The Browse page does not read it: it asks the Pagefind index
(`search_fields.py`, `docs/assets/javascripts/browse.js`), which it never
downloads whole.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from generator.cards import newest_first, teaser
from generator.model import Paper
from generator.render import description, plain_title

INDEX_PATH = "papers.json"


def entry(paper: Paper) -> dict:
    entry = {
        "id": paper.key,
        "slug": paper.slug,
        "url": f"papers/{paper.slug}/",
        "title": plain_title(paper),
        "authors": list(paper.authors),
        "date": paper.sort_date or None,
        "tags": list(paper.tags),
        "links": {kind: url for kind, url in paper.links.items() if url.lower().startswith(("https://", "http://"))},
        "teaser": description(paper) if paper.abstract.strip() else "",
    }
    if paper.math:
        # Plain text above; the title and teaser as TeX for scripts that typeset.
        entry["tex"] = {"title": paper.title, "teaser": teaser(paper) if paper.abstract.strip() else ""}
    return entry


def browse_index(papers: Sequence[Paper]) -> dict[str, str]:
    entries = [entry(paper) for paper in newest_first(papers)]
    return {INDEX_PATH: json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"}
