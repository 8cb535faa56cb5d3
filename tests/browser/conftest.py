"""The site as readers meet it: built once, served over HTTP under a sub-path as
GitHub Pages serves a project site, and driven by a real Chromium.

`served_site` needs no browser (the link checker uses it too); `page` does, and
decides through `locate_chromium` and `missing_browser` whether a machine
without one skips or fails.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import pytest

from tests.conftest import FIXTURES, Project, make_project

SUB_PATH = "paper-archive"
HOSTILE = FIXTURES / "listing" / "2024-03-14-hostile.txt"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ENV = "PAPER_ARCHIVE_CHROMIUM"
REQUIRE_ENV = "PAPER_ARCHIVE_REQUIRE_BROWSER"
# Without the background-networking flags Chromium keeps calling home, and
# this machine's network is closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

MATH_PAPER = {
    "title": "Sorting in $\\mathcal{O}(n)$ expected time with learned buckets",
    "abstract": "We sort $n$ keys in $\\mathcal{O}(n)$ expected time when a learned model "
    "predicts each key's bucket, and in $\\mathcal{O}(n \\log n)$ in the worst case.",
    "authors": ["Ada Example"],
    "date": "2024-03-14",
    "arxiv": "2403.00001",
    "math": True,
}


def locate_chromium(environ=os.environ, which=shutil.which) -> tuple[str | None, str]:
    """The Chromium to drive and where it came from, or None and why there is none."""
    chosen = environ.get(CHROMIUM_ENV)
    if chosen:
        if os.path.isfile(chosen) and os.access(chosen, os.X_OK):
            return chosen, f"{CHROMIUM_ENV}={chosen}"
        return None, f"{CHROMIUM_ENV}={chosen} is not an executable file"
    if os.path.isfile(DEFAULT_CHROMIUM) and os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM, DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser"):
        found = which(name)
        if found:
            return found, found
    return None, f"no Chromium: neither {DEFAULT_CHROMIUM} nor `chromium` on PATH, and {CHROMIUM_ENV} is not set"


def missing_browser(reason: str, environ=os.environ) -> None:
    """Skip a browser test, or fail it where a browser is required (CI)."""
    if environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1, so browser tests may not be skipped)", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@dataclass
class ServedSite:
    """A built project and the address it is served at."""

    project: Project
    url: str  # ends in "/paper-archive/"

    def papers(self) -> dict[str, frontmatter.Post]:
        return {path.stem: frontmatter.load(path) for path in self.project.paper_pages()}

    def slug_where(self, predicate) -> str:
        """The one paper whose page (front matter and body) satisfies `predicate`."""
        [slug] = [slug for slug, post in self.papers().items() if predicate(post)]
        return slug

    def paper_url(self, slug: str) -> str:
        return f"{self.url}papers/{slug}/"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    """A server that says nothing when a page hangs up mid-answer (a test moved on while a
    chunk was still on its way); any other error it prints as it would."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def built_and_served(project: Project, base) -> Iterator[ServedSite]:
    """`project` built for, and served at, a sub-path of a local server, as GitHub Pages serves a site."""
    root = base / "www"
    root.mkdir()
    (root / SUB_PATH).symlink_to(project.site, target_is_directory=True)
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    try:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("SITE_URL", url)
            project.build()
        yield ServedSite(project, url)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# Papers per part of the served site's search index: several parts, so that every
# search and Browse test also checks that the parts are merged as one index is.
SERVED_PART_SIZE = 25


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> ServedSite:
    """The sample, the hostile listing and a paper with TeX, built once and served,
    its search index in parts."""
    base = tmp_path_factory.mktemp("served")
    project = make_project(base / "project")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("      taxonomy: taxonomy.yml\n",
                                   f"      taxonomy: taxonomy.yml\n      search_part_size: {SERVED_PART_SIZE}\n"), "utf-8")
    shutil.copy2(HOSTILE, project.sources / HOSTILE.name)
    project.add_source("2024-03-14-math.jsonl", json.dumps(MATH_PAPER) + "\n")

    with built_and_served(project, base) as site:
        yield site


@pytest.fixture(scope="session")
def chromium():
    path, reason = locate_chromium()
    if path is None:
        missing_browser(reason)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What a page did that no page of ours may do: dialogs, uncaught errors, other hosts."""

    dialogs: list[str]
    errors: list[str]
    foreign: list[str]


def open_page(browser, served_site: ServedSite, watch: Watch, **context_options):
    """A new browser context and tab whose misdeeds are recorded in `watch`."""
    context = browser.new_context(**context_options)
    page = context.new_page()

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def route(route):
        if route.request.url.startswith(served_site.origin + "/"):
            route.continue_()
        else:
            watch.foreign.append(route.request.url)
            route.abort()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    context.route("**/*", route)
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def watch() -> Watch:
    """What the test's tab did; tests may assert on it mid-test."""
    return Watch([], [], [])


def watched_tab(chromium, served_site: ServedSite, watch: Watch, **context_options):
    context, tab = open_page(chromium, served_site, watch, **context_options)
    yield tab
    context.close()
    assert not watch.dialogs, f"dialogs opened: {watch.dialogs}"
    assert not watch.errors, f"uncaught script errors: {watch.errors}"
    assert not watch.foreign, f"requests to other hosts: {watch.foreign}"


@pytest.fixture
def page(chromium, served_site, watch):
    """A fresh desktop tab on the served site; fails the test if a dialog opens,
    a script throws, or anything is fetched from another host."""
    yield from watched_tab(chromium, served_site, watch, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(chromium, served_site, watch):
    """As `page`, on a phone-sized touch screen that honours the viewport meta tag."""
    yield from watched_tab(
        chromium, served_site, watch,
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True,
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    tab = item.funcargs.get("page") or item.funcargs.get("phone_page")
    if tab is None or tab.is_closed():
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name)
    try:
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    except Exception as error:  # a screenshot must never hide the real failure
        report.sections.append(("screenshot", f"could not save a screenshot: {error}"))
