"""Search: Pagefind's chunked index of a built site, and the header search box.

Responsible for giving a built site's pages to Pagefind (as MkDocs builds
them, or from `site/` after any other engine through `paper-archive index`)
and for letting Material draw its header search box without Material's search
plugin; nothing more. The search box's behaviour lives in
`docs/assets/javascripts/search.js`; the talk with Pagefind, in
`pagefind_service.py`.

Pagefind writes `site/pagefind/`: a small entry file, the WebAssembly search
code, and the index, filters and per-page fragments split into chunks, so a
query fetches a few chunks and the fragments of the results it shows instead
of the whole archive. The binary ships in the `pagefind_bin` wheel; nothing is
downloaded at run time.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from generator.pagefind_service import PagefindService, PagefindServiceError

BUNDLE = "pagefind"
MATERIAL_SEARCH = "material/search"
# Ten minutes for Pagefind to finish the index once it has every page.
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


def page_url(path: str) -> str:
    """The address Pagefind's command line gives a built file: `papers/x/index.html` → `/papers/x/`."""
    url = "/" + path
    return url[: -len("index.html")] if url.endswith("/index.html") else url


class SiteIndexer:
    """The Pagefind index of one built site.

    Pages can be handed over while the site is being built (`add`); `finish`
    then gives Pagefind every other HTML file of the site, in path order, as
    its command line would have found them, and writes the bundle. Pagefind
    numbers pages in the order it gets them, so the same pages in the same
    order give the same bundle (but for the order of filter values, which
    Pagefind does not keep).
    """

    def __init__(self, site_dir: Path, bundle_name: str = BUNDLE):
        self.site_dir = Path(site_dir)
        self.bundle_name = bundle_name  # the bundle's folder in the site
        self._service: PagefindService | None = None
        self._given: set[str] = set()

    def add(self, path: str, html: str) -> None:
        """Give Pagefind the page MkDocs writes at `path` (relative to the site) with this content."""
        try:
            if self._service is None:
                self._service = PagefindService(pagefind_executable())
            self._service.add_page(page_url(path), html)
        except PagefindServiceError as error:
            self.close()
            raise SearchIndexError(f"{self.site_dir}: {error}") from None
        self._given.add(path)

    def finish(self) -> IndexReport:
        """Give Pagefind the rest of the site, write `site_dir/pagefind/` and stop Pagefind."""
        started = time.perf_counter()
        try:
            if not (self.site_dir / "index.html").is_file():
                raise SearchIndexError(f"{self.site_dir}: no built site here (no index.html); build it first")
            bundle = self.site_dir / self.bundle_name
            # A fresh bundle: Pagefind would keep the chunks of pages that are gone.
            shutil.rmtree(bundle, ignore_errors=True)
            for path in sorted(self.site_dir.rglob("*.html")):
                name = path.relative_to(self.site_dir).as_posix()
                if name not in self._given and path.is_file():
                    self.add(name, path.read_text("utf-8", errors="replace"))
            if self._service is None:
                raise SearchIndexError(f"{self.site_dir}: no HTML pages to index")
            try:
                files = self._service.bundle_files(TIMEOUT_SECONDS)
            except PagefindServiceError as error:
                raise SearchIndexError(f"{self.site_dir}: {error}") from None
        finally:
            self.close()
        write_bundle(bundle, files)
        return IndexReport(indexed_pages(bundle), time.perf_counter() - started, bundle)

    def close(self) -> None:
        if self._service is not None:
            self._service.close()
            self._service = None

    def __enter__(self) -> SiteIndexer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def write_bundle(bundle: Path, files: list[tuple[str, bytes]]) -> None:
    """Pagefind's files, as it would write them, into `bundle`."""
    for name, content in files:
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts:
            raise SearchIndexError(f"{bundle}: Pagefind named a file outside the bundle: {name}")
        path = bundle.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def indexed_pages(bundle: Path) -> int:
    """How many pages a written bundle holds, from its entry file."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SearchIndexError(f"{bundle}: Pagefind wrote no readable bundle: {error}") from None


def index_site(site_dir: Path, bundle_name: str = BUNDLE) -> IndexReport:
    """Index the built site in `site_dir` into `site_dir/pagefind/` (or another
    folder of the site, `bundle_name`), replacing an older index there."""
    with SiteIndexer(site_dir, bundle_name) as indexer:
        return indexer.finish()


def main(arguments: list[str]) -> int:
    """`python -m generator.search_index SITE_DIR [BUNDLE_NAME]`: `index_site` in a process
    of its own (the live preview's background index); the report on stdout, a failure
    as one line on stderr."""
    if hasattr(os, "nice"):
        os.nice(10)  # and Pagefind with it: the server's next rebuild comes first
    try:
        print(index_site(Path(arguments[0]), *arguments[1:2]))
    except (SearchIndexError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
