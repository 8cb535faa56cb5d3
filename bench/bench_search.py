"""Search cost: Pagefind's index of a built synthetic archive, and what a query fetches.

For each size, a throwaway project (the synthetic listing of `bench_build.py`)
is built with `mkdocs build`, then indexed again with `paper-archive index`'s
code, timed alone. Reported: indexing seconds, the index's size on disk and
its file count (the bundle, and its index data alone: the `.pf_*`
chunks without Pagefind's code), the largest single file, and what MkDocs' own search index
for the same pages would weigh (the sum of the paper pages' text, a lower
bound of `search_index.json`). With Playwright and Chromium, the built site
is served on 127.0.0.1 and each query is typed into the header search box as
a reader does (a key every 100 ms); reported per query: bytes transferred
after the first key and seconds from the last key to the results of the
whole query. Ratios are against the
smallest size of the same run.

    python bench/bench_search.py 10000
    python bench/bench_search.py 250 1000 --queries diffusion mamba
    python bench/bench_search.py --site /tmp/kept/100000/site     # a site built by bench_scale.py --keep
"""

from __future__ import annotations

import argparse
import functools
import html
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_build import command_env, make_project  # noqa: E402
from generator.search_index import BUNDLE, index_site  # noqa: E402

CHROMIUM = os.environ.get("PAPER_ARCHIVE_CHROMIUM", "/usr/bin/chromium")
SUB_PATH = "paper-archive"
# A fast typist: about ten keys a second.
TYPING_DELAY_MS = 100


@dataclass
class Figures:
    papers: int
    build_seconds: float
    index_seconds: float
    index_bytes: int
    index_files: int
    data_bytes: int
    largest_file: int
    text_bytes: int
    queries: dict[str, tuple[int, int, float, int]] = field(default_factory=dict)  # bytes, of them pagefind/, seconds, results


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def build(root: Path) -> float:
    env = command_env()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def page_text_bytes(site: Path) -> int:
    """The text of every paper page's article: what a whole-archive index must at least hold."""
    total = 0
    for page in (site / "papers").glob("*/index.html"):
        article = re.search(r"<article[^>]*>(.*?)</article>", page.read_text("utf-8"), re.S)
        if article:
            total += len(html.unescape(re.sub(r"<[^>]+>", " ", article.group(1))).encode("utf-8"))
    return total


def measure_queries(site: Path, queries: list[str]) -> dict[str, tuple[int, int, float, int]]:
    """Per query: bytes fetched after the first key, those of them from pagefind/, seconds, results."""
    if not queries:
        return {}
    try:
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("# playwright is not installed: query figures skipped")
        return {}
    if not Path(CHROMIUM).exists():
        print(f"# no Chromium at {CHROMIUM}: query figures skipped")
        return {}
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / SUB_PATH).symlink_to(site, target_is_directory=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=folder))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
        figures = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                for query in queries:
                    # A fresh context each time: nothing cached from the last query.
                    context = browser.new_context()
                    page = context.new_page()
                    fetched: list = []
                    # A small page, so that the page's own load does not delay the keys.
                    page.goto(url + "about/", wait_until="networkidle")
                    page.wait_for_function("() => document.readyState === 'complete'")
                    page.on("requestfinished", lambda request: fetched.append(request))
                    page.keyboard.press("/")
                    page.keyboard.type(query, delay=TYPING_DELAY_MS)
                    typed = time.perf_counter()
                    # The list says which query it answers once it shows the whole one.
                    try:
                        page.wait_for_function(
                            "q => document.getElementById('pa-search-results').dataset.query === q",
                            arg=query,
                            timeout=60_000,
                        )
                    except PlaywrightTimeoutError:
                        meta = page.locator(".md-search-result__meta").inner_text()
                        box = page.locator(".md-search__input").input_value()
                        print(f"# {query!r}: no answer within 60 s (box: {box!r}, status: {meta!r})", file=sys.stderr)
                        context.close()
                        continue
                    seconds = time.perf_counter() - typed
                    page.wait_for_load_state("networkidle")
                    sizes = [request.sizes() for request in fetched]
                    transferred = sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes)
                    searched = sum(
                        size["responseBodySize"] + size["responseHeadersSize"]
                        for size, request in zip(sizes, fetched)
                        if f"/{SUB_PATH}/pagefind/" in request.url
                    )
                    count = page.locator(".md-search-result__meta").inner_text()
                    results = int(re.sub(r"\D", "", count) or 0)
                    figures[query] = (transferred, searched, seconds, results)
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return figures


def measure(count: int, queries: list[str]) -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, count)
        built = build(root)
        site = root / "site"
        report = index_site(site)
        files = [path for path in (site / BUNDLE).rglob("*") if path.is_file()]
        sizes = [path.stat().st_size for path in files]
        # The archive's own chunks, without Pagefind's code and its unused UI kits.
        data = [path.stat().st_size for path in files if path.suffix.startswith(".pf_")]
        return Figures(
            papers=count,
            build_seconds=built,
            index_seconds=report.seconds,
            index_bytes=sum(sizes),
            index_files=len(files),
            data_bytes=sum(data),
            largest_file=max(sizes),
            text_bytes=page_text_bytes(site),
            queries=measure_queries(site, queries),
        )


def print_query_table(measured: list[tuple[int, dict]]) -> None:
    """One row per (papers, query) of `measure_queries`' figures."""
    print("| papers | query | results | KB after typing | of which pagefind/ | s after last key |")
    print("| -----: | ----- | ------: | --------------: | -----------------: | ---------------: |")
    for papers, queries in measured:
        for query, (transferred, searched, seconds, results) in queries.items():
            print(f"| {papers:,} | {query} | {results:,} | {transferred / 1e3:,.0f} | {searched / 1e3:,.0f} | {seconds:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="*", help="archive sizes in papers")
    parser.add_argument("--queries", nargs="+", default=["diffusion", "mamba", "quantization"])
    parser.add_argument("--site", type=Path, help="time the queries on this built and indexed site instead (sizes ignored)")
    options = parser.parse_args()
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    if options.site is not None:
        # A site built elsewhere, such as the one `bench_scale.py` builds.
        papers = sum(1 for _ in (options.site / "papers").glob("*/index.html"))
        print_query_table([(papers, measure_queries(options.site, options.queries))])
        return
    if not options.sizes:
        parser.error("give archive sizes, or --site")
    rows = [measure(count, options.queries) for count in options.sizes]
    first = rows[0]
    print("| papers | mkdocs build s | index s | × | bundle MB | index data MB | × | files | largest KB | page text MB |")
    print("| -----: | -------------: | ------: | -: | --------: | ------------: | -: | ----: | ---------: | -----------: |")
    for row in rows:
        print(
            f"| {row.papers:,} | {row.build_seconds:.1f} | {row.index_seconds:.2f} | "
            f"{row.index_seconds / first.index_seconds:.1f} | {row.index_bytes / 1e6:.2f} | {row.data_bytes / 1e6:.2f} | "
            f"{row.data_bytes / first.data_bytes:.1f} | {row.index_files:,} | {row.largest_file / 1e3:.0f} | "
            f"{row.text_bytes / 1e6:.2f} |"
        )
    if any(row.queries for row in rows):
        print()
        print_query_table([(row.papers, row.queries) for row in rows])


if __name__ == "__main__":
    main()
