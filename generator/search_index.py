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

import html as html_module
import json
import os
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from generator.pagefind_service import PagefindService, PagefindServiceError
from generator.search_meta import compact_bundle, language_keys

BUNDLE = "pagefind"
MATERIAL_SEARCH = "material/search"
# Ten minutes for Pagefind to finish a part of the index once it has its pages.
TIMEOUT_SECONDS = 600
# Papers per part of the index: Pagefind's process for a part of 5,000 papers of
# about 175 words peaks at about 730 MB (bench/README.md, "Search in parts").
PART_SIZE = 5000
PARTS_FILE = "parts.json"
ORDER_ANCHOR = "pa-order-"
# The attribute of an element Pagefind indexes, and a sort key as search_fields writes it.
BODY_ATTRIBUTE = "data-pagefind-body"
SORT_FIELD = re.compile(r'<span data-pagefind-sort="([A-Za-z_-]+)">([^<]*)</span>')


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why in one line."""


@dataclass(frozen=True)
class IndexReport:
    pages: int
    seconds: float
    bundle: Path
    parts: int = 1

    def __str__(self) -> str:
        parts = f" in {self.parts} parts" if self.parts > 1 else ""
        return f"search index: {self.pages} pages{parts} in {self.seconds:.1f} s ({self.bundle})"


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
    """The Pagefind index of one built site, in parts of at most `part_size` papers.

    Pagefind holds every word of the pages it indexes in memory (about 140 KB
    per paper) and two more copies while it writes the index, so one index of
    a large archive outgrows a build machine. Each part is an index of its own,
    indexed by a Pagefind process of its own: a part is written, and its
    process ends, as soon as it has its papers, while the build goes on. The
    first part is `site/pagefind/`, as a one-part site has always had it; the
    others are `site/pagefind/part-2/`, …, listed in `site/pagefind/parts.json`,
    and the search box and the Browse page search them all (see their scripts).

    Pages can be handed over while the site is being built (`add`); `finish`
    then gives Pagefind every other HTML file of the site, in path order, as
    its command line would have found them, and puts the parts in place.
    Pagefind numbers pages in the order it gets them, and a part takes the
    pages in that order, so the same pages in the same order give the same
    bundle (but for the order of filter values, which Pagefind does not keep).

    Pagefind indexes only the pages with a `data-pagefind-body` element once a
    site has one; the others are held back, and given to Pagefind only when no
    page has one.
    """

    def __init__(self, site_dir: Path, bundle_name: str = BUNDLE, part_size: int = PART_SIZE):
        self.site_dir = Path(site_dir)
        self.bundle_name = bundle_name  # the bundle's folder in the site
        self.part_size = max(1, part_size)
        self._staging: Path | None = None  # where parts are written until `finish`
        self._parts: list[_Part] = []
        self._held: list[str] = []  # pages without a body element, by path
        self._given: set[str] = set()

    def add(self, path: str, html: str) -> None:
        """Give Pagefind the page MkDocs writes at `path` (relative to the site) with this content."""
        self._given.add(path)
        body_end = body_tag_end(html)
        if body_end is None:
            self._held.append(path)
            return
        self._give(path, with_order_anchors(html, body_end))

    def finish(self) -> IndexReport:
        """Give Pagefind the rest of the site, write `site_dir/pagefind/` and stop Pagefind."""
        started = time.perf_counter()
        try:
            if not (self.site_dir / "index.html").is_file():
                raise SearchIndexError(f"{self.site_dir}: no built site here (no index.html); build it first")
            for path in sorted(self.site_dir.rglob("*.html")):
                name = path.relative_to(self.site_dir).as_posix()
                if name not in self._given and path.is_file():
                    self.add(name, path.read_text("utf-8", errors="replace"))
            if not self._parts:  # no page with a body element: Pagefind indexes every page
                for name in self._held:
                    page = self.site_dir / name
                    if page.is_file():
                        self._give(name, page.read_text("utf-8", errors="replace"))
            if not self._parts:
                raise SearchIndexError(f"{self.site_dir}: no HTML pages to index")
            if self._parts[-1].thread is None:
                self._parts[-1].write(self._staging)
            for part in self._parts:
                part.wait()
            for part in self._parts:
                if part.error is not None:
                    raise SearchIndexError(f"{self.site_dir}: {part.error}")
            bundle = self._put_in_place()
        finally:
            self.close()
        return IndexReport(indexed_pages(bundle), time.perf_counter() - started, bundle, len(self._parts))

    def close(self) -> None:
        for part in self._parts:
            part.service.close()
        for part in self._parts:
            part.wait()
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)

    def __enter__(self) -> SiteIndexer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _give(self, path: str, html: str) -> None:
        try:
            if not self._parts or self._parts[-1].thread is not None:
                if self._staging is None:
                    # Beside the site, on its file system: parts are moved into place, not
                    # copied; a build that stops leaves the site's old index as it was; and
                    # a parallel build's merge, which empties the site, leaves the parts.
                    # One name per site and bundle: what a killed run left, the next removes.
                    self._staging = self.site_dir.parent / f".{self.site_dir.name}-{self.bundle_name}-parts"
                    shutil.rmtree(self._staging, ignore_errors=True)
                # At most one part written while the next gets pages: when pages come faster
                # than Pagefind writes parts (from a built folder), they wait, not pile up.
                for written in self._parts[:-1]:
                    written.wait()
                self._parts.append(_Part(len(self._parts) + 1, PagefindService(pagefind_executable())))
            part = self._parts[-1]
            part.service.add_page(page_url(path), html)
        except PagefindServiceError as error:
            self.close()
            raise SearchIndexError(f"{self.site_dir}: {error}") from None
        part.pages += 1
        if part.pages >= self.part_size:
            part.write_in_background(self._staging)

    def _put_in_place(self) -> Path:
        """The parts, written under the staging folder, moved into the bundle's folder."""
        bundle = self.site_dir / self.bundle_name
        # A fresh bundle: Pagefind would keep the chunks of pages that are gone.
        shutil.rmtree(bundle, ignore_errors=True)
        os.rename(self._staging / self._parts[0].folder, bundle)
        for part in self._parts[1:]:
            os.rename(self._staging / part.folder, bundle / part.folder)
        others = [f"{part.folder}/" for part in self._parts[1:]]
        (bundle / PARTS_FILE).write_text(json.dumps({"parts": others}) + "\n", "utf-8")
        return bundle


class _Part:
    """One part of the index: its Pagefind process, and the thread that writes it."""

    def __init__(self, number: int, service: PagefindService):
        self.folder = f"part-{number}"
        self.service = service
        self.pages = 0
        self.thread: threading.Thread | None = None
        self.error: str | None = None

    def write_in_background(self, staging: Path) -> None:
        """Have Pagefind write this part while the next one gets pages."""
        self.thread = threading.Thread(target=self.write, args=(staging,), name=f"pagefind-{self.folder}", daemon=True)
        self.thread.start()

    def write(self, staging: Path) -> None:
        """Have Pagefind build this part, write it under `staging`, and stop its process."""
        try:
            files = self.service.bundle_files(TIMEOUT_SECONDS)
            self.service.close()  # its memory goes before the files are written
            write_bundle(staging / self.folder, compact_bundle(files))
        except (PagefindServiceError, SearchIndexError, OSError) as error:
            self.error = str(error)
        finally:
            self.service.close()

    def wait(self) -> None:
        if self.thread is not None and self.thread is not threading.current_thread():
            self.thread.join()


def with_order_anchors(html: str, body_end: int) -> str:
    """The page with its sort keys as anchors of its first body element (whose opening
    tag ends at `body_end`, see `body_tag_end`), for Pagefind only.

    Pagefind gives a result's sort keys to no one, and each part of the index
    sorts only its own papers; the Browse page merges the parts' lists by these
    keys, which a paper's fragment then carries among its anchors
    (`pa-order-newest-…`, the key percent-encoded: an id has no spaces)."""
    keys = [(name, html_module.unescape(value)) for name, value in SORT_FIELD.findall(html)]
    if not keys:
        return html
    anchors = "".join(f'<span id="{ORDER_ANCHOR}{name}-{quote(value, safe="")}"></span>' for name, value in keys)
    return html[:body_end] + anchors + html[body_end:]


def body_tag_end(html: str) -> int | None:
    """Where the opening tag of the first element with `data-pagefind-body` ends; None
    when there is none. Found by the attribute's name, not a regular expression
    over every tag: a build asks it of every page."""
    at = html.find(BODY_ATTRIBUTE)
    while at != -1:
        start, after = html.rfind("<", 0, at), at + len(BODY_ATTRIBUTE)
        in_tag = start != -1 and html.find(">", start, at) == -1
        if in_tag and html[at - 1].isspace() and (after == len(html) or html[after] in " \t\r\n=/>"):
            end = html.find(">", after)
            return end + 1 if end != -1 else None
        at = html.find(BODY_ATTRIBUTE, after)
    return None


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
    """How many pages a written bundle holds, in all its parts, from their entry files."""
    try:
        parts = json.loads((bundle / PARTS_FILE).read_text("utf-8"))["parts"] if (bundle / PARTS_FILE).exists() else []
        total = 0
        for folder in [bundle, *(bundle / part for part in parts)]:
            entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
            total += sum(entry["languages"][key]["page_count"] for key in language_keys(entry["languages"]))
        return total
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SearchIndexError(f"{bundle}: Pagefind wrote no readable bundle: {error}") from None


def index_site(site_dir: Path, bundle_name: str = BUNDLE, part_size: int = PART_SIZE) -> IndexReport:
    """Index the built site in `site_dir` into `site_dir/pagefind/` (or another
    folder of the site, `bundle_name`), replacing an older index there."""
    with SiteIndexer(site_dir, bundle_name, part_size) as indexer:
        return indexer.finish()


def main(arguments: list[str]) -> int:
    """`python -m generator.search_index SITE_DIR [BUNDLE_NAME [PART_SIZE]]`: `index_site` in a process
    of its own (the live preview's background index); the report on stdout, a failure
    as one line on stderr."""
    if hasattr(os, "nice"):
        os.nice(10)  # and Pagefind with it: the server's next rebuild comes first
    try:
        print(index_site(Path(arguments[0]), *arguments[1:2], *map(int, arguments[2:3])))
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
