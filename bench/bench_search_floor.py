"""What every search query downloads before the first word's index chunk, by archive size.

A query in the header search box (or on the Browse page) first loads Pagefind's
code and each part's metadata file (`pagefind.<lang>_<hash>.pf_meta`): the list
of every page, each sort key's order of the pages (the Browse page's file only),
the filters and the index chunks. That file grows with the pages, so it is a floor under the bytes of any
query. This script measures it: for each size, paper pages carrying exactly the
search markup of a real paper page (`search_fields`, the title and abstract
attributes; nothing else of the page matters to the metadata) are indexed with
the project's Pagefind code, and the metadata is decoded (CBOR) and each part
compressed on its own, as a host's gzip would send it.

    python bench/bench_search_floor.py --sizes 1000 10000 30000

Papers: sample sentences, dates over 2022–2024, authors, two to five tags of
sixty (`bench_incremental.synthetic_jsonl`'s records).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import platform
import random
import sys
import tempfile
from pathlib import Path

import cbor2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_incremental import synthetic_jsonl  # noqa: E402
from generator.model import Paper  # noqa: E402
from generator.search_fields import ABSTRACT_ATTRIBUTES, TITLE_ATTRIBUTES, search_fields  # noqa: E402
from generator.search_index import PART_SIZE, index_site  # noqa: E402
from generator.search_meta import NO_SORT, language_keys  # noqa: E402

SIGNATURE = b"pagefind_dcd"  # before the CBOR of a decompressed .pf_meta
# What the search box loads of Pagefind's code before its first query.
CODE_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
TOPICS = [f"Topic {number}" for number in range(60)]


def write_pages(site: Path, count: int) -> None:
    rng = random.Random(5)
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("<html lang='en'><body><p>Archive</p></body></html>", encoding="utf-8")
    for number, line in enumerate(synthetic_jsonl(count).splitlines()):
        record = json.loads(line)
        tags = tuple(record["tags"]) + tuple(rng.sample(TOPICS, rng.randrange(2, 6)))
        paper = Paper(key=f"k{number}", title=record["title"], abstract=record["abstract"], date=record["date"],
                      authors=tuple(record["authors"]), tags=tags, slug=f"paper-{number}")
        abstract = f"<p>{html.escape(paper.abstract)}</p>"
        page = site / "papers" / paper.slug / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            f"<html lang='en'><body><article><h1 {TITLE_ATTRIBUTES}>{html.escape(paper.title)}</h1>"
            f"<div {ABSTRACT_ATTRIBUTES}>{abstract}</div>{search_fields(paper, [abstract])}</article></body></html>",
            encoding="utf-8",
        )


def gz(value) -> int:
    return len(gzip.compress(cbor2.dumps(value), compresslevel=9))


def _decoded(path: Path) -> list:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise SystemExit(f"{path}: not a Pagefind metadata file this script knows")
    return cbor2.loads(raw[len(SIGNATURE):])


def metadata_parts(bundle: Path) -> dict[str, int]:
    """Compressed bytes of each part of the bundle's metadata, and of the files, over all
    the index's parts: `search file`, what the header search loads (the copy without
    sort orders, `search_meta.py`, but for the first part); `browse file`, what the Browse
    page loads."""
    listed = json.loads((bundle / "parts.json").read_text("utf-8"))["parts"]
    totals: dict[str, int] = {}
    for folder in [bundle, *(bundle / part for part in listed)]:
        languages = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))["languages"]
        [key] = language_keys(languages)
        sorted_path = folder / f"pagefind.{languages[key]['hash']}.pf_meta"
        # Pagefind chooses the first part's file by the page's language alone: the sorted one.
        search_key = key + NO_SORT if folder != bundle and key + NO_SORT in languages else key
        search_path = folder / f"pagefind.{languages[search_key]['hash']}.pf_meta"
        # Pagefind 1.x: version, pages (fragment name, word count), index chunks, filter chunks, sorts, ...
        _, pages, chunks, filters, sorts, *_ = _decoded(sorted_path)
        found = {"search file": search_path.stat().st_size, "browse file": sorted_path.stat().st_size,
                 "pages": gz(pages), "index chunks": gz(chunks), "filters": gz(filters), "page count": len(pages)}
        for name, order in sorts:
            found[f"sort {name}"] = gz(order)
        for name, value in found.items():
            totals[name] = totals.get(name, 0) + value
    # The WebAssembly of the site's language; `wasm.unknown` is for pages without one.
    wasm = [path for path in bundle.glob("wasm.*.pagefind") if "unknown" not in path.name]
    code = sum((bundle / name).stat().st_size for name in CODE_FILES) + sum(path.stat().st_size for path in wasm)
    return {**totals, "code": code, "parts": 1 + len(listed)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--part-size", type=int, default=PART_SIZE, help="papers per part of the index")
    options = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    rows = []
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            site = Path(folder) / "site"
            write_pages(site, size)
            index_site(site, part_size=options.part_size)
            rows.append((size, metadata_parts(site / "pagefind")))
    sorts = sorted({name for _, parts in rows for name in parts if name.startswith("sort ")})
    columns = ["search file", "browse file", "pages", *sorts, "filters", "index chunks", "code"]
    # Two decimals: a part of some fifty bytes (the filters' list) would show as 0.0 or 0.1.
    print("\nKB (1,000 bytes), summed over the index's parts, each part of a file gzip-compressed alone;")
    print("floor: code + the header search's metadata files\n")
    print("| papers | parts | " + " | ".join(f"{name} KB" for name in columns) + " | floor KB | search B/paper |")
    print("| -: | -: |" + " -: |" * (len(columns) + 2))
    for size, parts in rows:
        cells = " | ".join(f"{parts.get(name, 0) / 1000:,.2f}" for name in columns)
        floor = (parts["code"] + parts["search file"]) / 1000
        per_paper = parts["search file"] / parts["page count"]
        print(f"| {size:,} | {parts['parts']} | {cells} | {floor:,.1f} | {per_paper:.1f} |")


if __name__ == "__main__":
    main()
