"""The Browse page's benchmark on a small archive (a smoke test): it visits the
page served plainly and gzip-compressed, ticks two tags and adds up every
byte the server sent, Pagefind's web worker's included."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.browser.conftest import locate_chromium, missing_browser
from tests.conftest import REPO

pytestmark = pytest.mark.browser

PAPERS = 30


def test_bench_browse_counts_what_a_visit_transfers(tmp_path, monkeypatch):
    chromium, reason = locate_chromium()
    if chromium is None:
        missing_browser(reason)
    monkeypatch.syspath_prepend(str(REPO))
    sys.modules.pop("bench.bench_browse", None)
    from bench import bench_browse
    from bench.bench_build import make_project
    from bench.bench_search import build

    monkeypatch.setattr(bench_browse, "CHROMIUM", chromium)
    make_project(tmp_path, PAPERS)
    build(tmp_path)
    site = tmp_path / "site"
    # In a thread of its own: Playwright's sync API refuses a thread where another of its
    # sessions runs (the browser tests' shared Chromium, when they ran first).
    with ThreadPoolExecutor(1) as thread:
        plain, compressed = thread.submit(bench_browse.measure_visits, site).result()

    assert (plain.serving, compressed.serving) == ("plain", "gzip")
    for visit in (plain, compressed):
        # All papers, then the first tag's, then those of both tags: never more, never none.
        assert visit.results[0] == PAPERS and len(visit.tags) == 2
        assert visit.results[0] >= visit.results[1] >= visit.results[2] >= 1
        assert visit.sent["papers.json"] == 0
        assert visit.sent["fragments"] > 0 and visit.sent["pagefind index"] > 0
    assert plain.results == compressed.results and plain.tags == compressed.tags
    # The worker's downloads are counted: Pagefind's WebAssembly is fetched by it.
    code = site / "pagefind"
    assert plain.sent["pagefind code"] > sum((code / name).stat().st_size for name in ("pagefind.js", "wasm.en.pagefind"))
    # Compression shrinks the page, the theme and the sitemap, not Pagefind's gzip chunks.
    assert compressed.total < plain.total
    assert compressed.sent["fragments"] == pytest.approx(plain.sent["fragments"], rel=0.1)
