"""Browse cost: what the Browse page transfers to load and to combine two tags.

For each size, a throwaway project (the synthetic listing of `bench_build.py`)
is built with `mkdocs build`, which also indexes it with Pagefind. The site is
served on 127.0.0.1 under a sub-path, twice: as files are (Python's server,
as the tests serve it), and gzip-compressed where a host such as GitHub Pages
compresses (HTML, CSS, JavaScript, JSON, XML, SVG; Pagefind's chunks are
gzip files already). In a fresh Chromium context (nothing cached), the Browse
page is opened; once it lists papers, the most common tag is ticked, then the
tag most common among its papers. The server adds up every byte it sends
(headers and bodies, also what Pagefind's web worker fetches), by kind of
file; seconds are from the navigation, or the tick, until the list answers.

    python bench/bench_browse.py 1000 10000
"""

from __future__ import annotations

import argparse
import functools
import gzip
import mimetypes
import os
import platform
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_build import make_project  # noqa: E402
from bench.bench_search import CHROMIUM, SUB_PATH, build  # noqa: E402

BUDGET_BYTES = 2_000_000
# What a compressing static host sends compressed (GitHub Pages: text types).
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
KINDS = ("page", "theme", "katex", "sitemap", "pagefind code", "pagefind index", "fragments", "papers.json")
SERVINGS = ("plain", "gzip")


def kind_of(path: str) -> str:
    """Which part of the site a request path is, for the breakdown."""
    name = path.rsplit("/", 1)[-1]
    if "/pagefind/" in path and "/fragment/" in path:  # of any part of the index
        return "fragments"
    if "/pagefind/" in path:
        return "pagefind index" if ".pf_" in name else "pagefind code"
    if name.startswith("sitemap.xml"):
        return "sitemap"
    if name == "papers.json":
        return "papers.json"
    if "/vendor/katex/" in path:
        return "katex"
    if path.endswith("/") or name.endswith(".html"):
        return "page"
    return "theme"


class CountingWriter:
    """The response stream, adding up the bytes written to it."""

    def __init__(self, raw, add):
        self.raw, self.add = raw, add

    def write(self, data):
        self.add(len(data))
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


class CountingHandler(SimpleHTTPRequestHandler):
    """Serves the site and tallies what it sends per request path; the server
    says whether text is gzip-compressed."""

    def setup(self):
        super().setup()
        self.wfile = CountingWriter(self.wfile, lambda count: self.server.tally(self.path, count))

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.server.compress and accepts and path.suffix in COMPRESSED and path.is_file()
                and urlsplit(self.path).path.endswith(("/", path.name))):
            return super().do_GET()
        body = self.server.compressed(path)
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class CountingServer(ThreadingHTTPServer):
    def __init__(self, address, handler, compress: bool):
        super().__init__(address, handler)
        self.compress = compress
        self.sent: Counter = Counter()
        self.lock = threading.Lock()

    def tally(self, request_path: str, count: int) -> None:
        with self.lock:
            self.sent[kind_of(unquote(urlsplit(request_path).path))] += count

    @functools.lru_cache(maxsize=None)
    def compressed(self, path: Path) -> bytes:
        return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)

    def take(self) -> Counter:
        with self.lock:
            sent, self.sent = self.sent, Counter()
        return sent


@dataclass
class Visit:
    """One fresh visit: bytes per kind of file, results and seconds per step."""

    serving: str
    sent: Counter = field(default_factory=Counter)
    tags: list[str] = field(default_factory=list)
    results: list[int] = field(default_factory=list)  # after load, first tick, second tick
    seconds: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.sent.values())


@dataclass
class Figures:
    papers: int
    tag_pages: int
    papers_json: int
    papers_json_gzip: int
    visits: list[Visit]


def count_of(page) -> int:
    return int(page.locator("#browse-count").get_attribute("data-count"))


def tag_counts(page) -> dict[str, int]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.browse-tag')].map(
      (label) => [label.querySelector('input').dataset.tag, Number(label.querySelector('.browse-tag__count').textContent)]))""")


def settle(page, started: float) -> float:
    """Seconds until the list answers the choice, then waits for the network to rest."""
    page.wait_for_function("() => document.querySelector('#browse-count')?.dataset.count !== undefined", timeout=120_000)
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    return seconds


def visit(browser, server: CountingServer, url: str, serving: str) -> Visit:
    context = browser.new_context()
    page = context.new_page()
    record = Visit(serving)
    server.take()
    started = time.perf_counter()
    page.goto(url + "browse/")
    record.seconds.append(settle(page, started))
    record.results.append(count_of(page))
    counts = tag_counts(page)
    first = max(sorted(counts), key=counts.get)
    for name in (first, None):
        if name is None:
            # The tag most common among the first tag's papers, if any other is.
            others = {tag: number for tag, number in tag_counts(page).items() if tag != first and number > 0}
            if not others:
                break
            name = max(sorted(others), key=others.get)
        record.tags.append(name)
        started = time.perf_counter()
        boxes = page.locator("input[data-tag]")
        boxes.nth(boxes.evaluate_all("(inputs, name) => inputs.findIndex((i) => i.dataset.tag === name)", name)).check()
        record.seconds.append(settle(page, started))
        record.results.append(count_of(page))
    # Whatever Material or Pagefind still fetched after the list answered.
    page.wait_for_timeout(500)
    record.sent = server.take()
    context.close()
    return record


def measure_visits(site: Path, servings=SERVINGS) -> list[Visit]:
    from playwright.sync_api import sync_playwright

    visits = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        (Path(folder) / SUB_PATH).symlink_to(site, target_is_directory=True)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-quic"])
        for serving in servings:
            handler = functools.partial(CountingHandler, directory=folder)
            server = CountingServer(("127.0.0.1", 0), handler, compress=serving == "gzip")
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                visits.append(visit(browser, server, f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/", serving))
            finally:
                server.shutdown()
                server.server_close()
        browser.close()
    return visits


def measure(count: int, servings=SERVINGS) -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, count)
        build(root)
        site = root / "site"
        papers_json = (site / "papers.json").read_bytes()
        tags = len(list((site / "tags").glob("*/index.html")))
        return Figures(count, tags, len(papers_json), len(gzip.compress(papers_json, mtime=0)), measure_visits(site, servings))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="+", help="archive sizes in papers")
    options = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"no Chromium at {CHROMIUM} (set PAPER_ARCHIVE_CHROMIUM)")
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    rows = [measure(count) for count in options.sizes]
    print("| papers | served | KB in all | ≤ 2 MB | " + " | ".join(f"{kind} KB" for kind in KINDS)
          + " | papers: all, 1 tag, 2 tags | s: load, tick, tick |")
    print("| -----: | :----- | --------: | :----: | " + " | ".join("-" * (len(kind) + 2) + ":" for kind in KINDS)
          + " | :-- | :-- |")
    for row in rows:
        for seen in row.visits:
            kinds = " | ".join(f"{seen.sent[kind] / 1e3:,.0f}" for kind in KINDS)
            print(
                f"| {row.papers:,} | {seen.serving} | {seen.total / 1e3:,.0f} | "
                f"{'yes' if seen.total <= BUDGET_BYTES else 'no'} | {kinds} | "
                f"{', '.join(f'{n:,}' for n in seen.results)} | {', '.join(f'{s:.2f}' for s in seen.seconds)} |"
            )
    print()
    print("| papers | tag pages | papers.json KB (before: what the page downloaded) | gzipped KB |")
    print("| -----: | ---: | ------------------------------------------------: | ---------: |")
    for row in rows:
        print(f"| {row.papers:,} | {row.tag_pages:,} | {row.papers_json / 1e3:,.0f} | {row.papers_json_gzip / 1e3:,.0f} |")


if __name__ == "__main__":
    main()
