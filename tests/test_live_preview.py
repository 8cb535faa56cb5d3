"""`mkdocs serve` as a writer uses it: a new source file shows up as a page in the
preview, and the preview settles instead of rebuilding in a loop."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from urllib.error import URLError
from urllib.request import urlopen

import pytest

pytestmark = pytest.mark.slow

NEW_PAPER_TITLE = "Live Previews of Growing Paper Archives"
NEW_PAPER_SLUG = "live-previews-of-growing-paper-archives"
NEW_LISTING = f"""Mar 15

{NEW_PAPER_TITLE}

We watch a folder of sources and rebuild a static site when a file appears.
"""
BUILD_LINE = re.compile(r"Building documentation|Documentation built")
APPEAR_WITHIN = 60  # seconds
QUIET_PERIOD = 8  # seconds
SETTLE_WITHIN = 60  # seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(url: str) -> int | None:
    try:
        with urlopen(url, timeout=5) as response:
            return response.status
    except URLError as error:
        return getattr(error, "code", None)
    except OSError:
        return None


def indexed_pages(url: str) -> int | None:
    """How many pages the served Pagefind index holds."""
    try:
        with urlopen(f"{url}pagefind/pagefind-entry.json", timeout=5) as response:
            return json.loads(response.read())["languages"]["en"]["page_count"]
    except (OSError, ValueError, KeyError):
        return None


def wait_for(condition, timeout: float, what: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve exited ({server.returncode}) before {what}:\n{log()}")
        time.sleep(0.5)
    pytest.fail(f"not within {timeout} s: {what}\n{log()}")


@pytest.fixture(params=[[], ["--dirty"]], ids=["serve", "serve-dirty"])
def preview(request, sample_project, tmp_path):
    """`mkdocs serve` (as is, and with --dirty) on a free loopback port; stopped however the test ends."""
    port = free_port()
    log_path = tmp_path / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    env.pop("SITE_URL", None)
    with open(log_path, "wb") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *request.param],
            cwd=sample_project.root, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )
    try:
        # mkdocs serve mounts the site at site_url's path, as GitHub Pages does.
        yield sample_project, f"http://127.0.0.1:{port}/paper-archive/", server, lambda: log_path.read_text("utf-8", "replace")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


def settle(server, log) -> int:
    """Waits until serve has logged no build for QUIET_PERIOD seconds; returns its build lines.

    A build whose own writes into docs/ caused another build would never settle.
    """
    count, since = len(BUILD_LINE.findall(log())), time.monotonic()
    deadline = since + SETTLE_WITHIN
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = len(BUILD_LINE.findall(log()))
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= QUIET_PERIOD:
            return count
        if server.poll() is not None:
            pytest.fail(f"mkdocs serve exited ({server.returncode}):\n{log()}")
    pytest.fail(f"mkdocs serve kept rebuilding for {SETTLE_WITHIN} s with nothing changed:\n{log()}")


def test_a_new_source_file_appears_and_the_preview_then_settles(preview):
    project, url, server, log = preview
    wait_for(lambda: status(url) == 200, APPEAR_WITHIN, "the preview serves the home page", server, log)
    new_page = f"{url}papers/{NEW_PAPER_SLUG}/"
    assert status(new_page) == 404
    before = settle(server, log)
    assert before >= 2, f"expected the first build in the log:\n{log()}"
    wait_for(lambda: indexed_pages(url) == 66, APPEAR_WITHIN, "the search index holds the sample", server, log)

    project.add_source("2024-03-15-new.txt", NEW_LISTING)
    wait_for(lambda: status(new_page) == 200, APPEAR_WITHIN, f"{new_page} is served", server, log)
    with urlopen(new_page, timeout=5) as response:
        assert NEW_PAPER_TITLE in response.read().decode("utf-8")
    # Each rebuild is indexed for search too, in the background.
    wait_for(lambda: indexed_pages(url) == 67, APPEAR_WITHIN, "the search index holds the new paper", server, log)

    # The pages the generator wrote into docs/ are not taken for edits: one build.
    builds = (settle(server, log) - before) // 2
    assert builds == 1, f"one new file took {builds} builds:\n{log()}"
