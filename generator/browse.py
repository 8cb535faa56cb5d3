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
from generator.model import Paper, joined, made_now
from generator.render import description, plain_title

INDEX_PATH = "papers.json"


def entry(paper: Paper) -> dict:
    entry = {
        "id": paper.key,
        "slug": paper.slug,
        "url": f"papers/{paper.slug}/",
        "title": plain_title(paper),
        "authors": list(paper.authors),
        "date": paper.date or paper.listing_date or None,  # as the page says it
        "tags": list(paper.tags),
        "links": {kind: url for kind, url in paper.links.items() if url.lower().startswith(("https://", "http://"))},
        "teaser": description(paper) if paper.abstract.strip() else "",
    }
    if paper.more_authors:
        entry["more_authors"] = True  # its sources name only the first authors, as the page's
    if paper.listing_date and paper.listing_date != entry["date"]:
        entry["listed"] = paper.listing_date  # the day a listing gave it, as the page's `listed`
    if paper.math:
        # Plain text above; the title and teaser as TeX for scripts that typeset.
        entry["tex"] = {"title": paper.title, "teaser": teaser(paper) if paper.abstract.strip() else ""}
    return entry


def entry_text(paper: Paper) -> str:
    """The paper's entry as it is written into `papers.json`."""
    return json.dumps(entry(paper), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def browse_index(papers: Sequence[Paper], entry_of=entry_text, made=made_now, ordered=None) -> dict:
    """`papers.json`; `entry_of` gives an entry's text (`entry_text`, or a cached
    equivalent), `made(function, *arguments)` makes the file (see `site.Parts`);
    `ordered`: the papers `newest_first`, when already known."""
    return {INDEX_PATH: made(browse_text, newest_first(papers) if ordered is None else ordered, entry_of)}


def browse_text(ordered: Sequence[Paper], entry_of=entry_text) -> str:
    """The entries joined as `json.dumps` joins a list's items; an `entry_of` that gives
    them all at once (`many`: see `site_cache.PartMaker`) is asked so."""
    entries = ",".join(entry_of.many(ordered)) if hasattr(entry_of, "many") else joined(entry_of, ordered, ",")
    return f"[{entries}]\n"
