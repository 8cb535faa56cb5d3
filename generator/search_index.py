"""Search: Pagefind's chunked index of a built site, and the header search box.

Responsible for running Pagefind over a built `site/` (after MkDocs, or after
any other engine through `paper-archive index`) and for letting Material draw
its header search box without Material's search plugin; nothing more. The
search box's behaviour lives in `docs/assets/javascripts/search.js`.

Pagefind writes `site/pagefind/`: a small entry file, the WebAssembly search
code, and the index, filters and per-page fragments split into chunks, so a
query fetches a few chunks and the fragments of the results it shows instead
of the whole archive. The binary ships in the `pagefind_bin` wheel; nothing is
downloaded at run time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

BUNDLE = "pagefind"
MATERIAL_SEARCH = "material/search"
# Ten minutes: Pagefind indexes about a thousand pages a second on one core.
TIMEOUT_SECONDS = 600


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why in one line."""


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float
    bundle: Path

    def __str__(self) -> str:
        return f"search index: {self.pages} pages in {self.seconds:.1f} s ({self.bundle})"


def pagefind_executable() -> Path:
    """The Pagefind binary of the installed `pagefind_bin` wheel."""
    try:
        import pagefind_bin
    except ImportError:
        raise SearchIndexError("Pagefind is not installed: pip install 'pagefind[bin]'") from None
    try:
        return Path(pagefind_bin.get_executable())
    except (FileNotFoundError, OSError) as error:
        raise SearchIndexError(f"Pagefind's binary is missing from pagefind_bin: {error}") from None


def index_site(site_dir: Path, bundle_name: str = BUNDLE) -> IndexReport:
    """Index the built site in `site_dir` into `site_dir/pagefind/` (or another
    folder of the site, `bundle_name`), replacing an older index there."""
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise SearchIndexError(f"{site_dir}: no built site here (no index.html); build it first")
    bundle = site_dir / bundle_name
    # Pagefind adds to an existing bundle; a fresh one drops removed pages' chunks.
    shutil.rmtree(bundle, ignore_errors=True)
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", bundle_name]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"{site_dir}: Pagefind did not run: {error}") from None
    seconds = time.perf_counter() - started
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = " ".join((done.stderr or done.stdout).split())[-500:]
        raise SearchIndexError(f"{site_dir}: Pagefind failed (exit {done.returncode}): {detail}")
    indexed = re.search(r"Indexed (\d+) pages?", done.stdout)
    return IndexReport(int(indexed.group(1)) if indexed else 0, seconds, bundle)


class _SearchBoxConfig(Config):
    enabled = c.Type(bool, default=True)


class HeaderSearchBox(BasePlugin[_SearchBoxConfig]):
    """Stands in for Material's search plugin in `config.plugins`.

    Material's header draws its search box only when `material/search` is a
    configured plugin; this entry draws it (through overrides/partials/search.html)
    without that plugin's whole-archive index. It handles no events.
    """

    def __init__(self):
        self.load_config({})


def install_search_box(config) -> None:
    """Let the header show the search box; a real Material search plugin is left alone."""
    if MATERIAL_SEARCH not in config.plugins:
        config.plugins[MATERIAL_SEARCH] = HeaderSearchBox()
