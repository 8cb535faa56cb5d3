"""Reading a built site's Pagefind bundle (`site/pagefind/`) in tests.

Pagefind's chunks are gzip files that start with `pagefind_dcd`: a page's
fragment is then JSON (its URL, content, meta and filters), the other chunks
CBOR. Fragments say what the search box can show; the filter chunks, which
filters a query can use.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def _chunk(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise AssertionError(f"{path}: not a Pagefind chunk")
    return data[len(SIGNATURE) :]


def parts(site: Path) -> list[Path]:
    """The folders of the index's parts: `pagefind/`, then those `parts.json` lists."""
    bundle = site / "pagefind"
    listed = json.loads((bundle / "parts.json").read_text("utf-8"))["parts"]
    return [bundle, *(bundle / part for part in listed)]


def part_fragments(part: Path) -> dict[str, dict]:
    """The fragments of one part's pages, by URL relative to the site (`papers/<slug>/`)."""
    pages = [json.loads(_chunk(path)) for path in sorted((part / "fragment").rglob("*.pf_fragment"))]
    return {page["url"].lstrip("/"): page for page in pages}


def fragments(site: Path) -> dict[str, dict]:
    """Every indexed page's fragment, in any part, by its URL relative to the site."""
    return {url: page for part in parts(site) for url, page in part_fragments(part).items()}


def filter_names(site: Path) -> set[str]:
    """Names of the filters in the index (each filter chunk starts with a CBOR text: its name)."""
    names = set()
    for path in (path for part in parts(site) for path in (part / "filter").glob("*.pf_filter")):
        data = _chunk(path)
        # CBOR: an array header, then a text string of up to 23 bytes (0x60 + length).
        length = data[1] - 0x60
        if not 0 < length < 24:
            raise AssertionError(f"{path}: unexpected filter chunk")
        names.add(data[2 : 2 + length].decode("utf-8"))
    return names


def pages_fetching_whole_index(site: Path) -> list[str]:
    """Built pages that refer to a whole-archive search index (MkDocs' search_index.json)."""
    return [
        str(page.relative_to(site))
        for page in site.rglob("*.html")
        if re.search(r"search_index\.js(on)?\b", page.read_text("utf-8"))
    ]
