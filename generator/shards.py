"""Building the site in slices: each shard builds some of the pages with MkDocs.

Responsible for which pages a shard builds and for building one shard into a
folder of its own with a manifest of what it built; `merge_site.py` puts the
shards' folders together and `build_cli.py` runs them in processes.

Every shard runs the whole MkDocs build (configuration, generator, files,
navigation, link validation, static files, sitemap, 404 page) and leaves out
only the work per page: a page outside its slice is neither rendered nor
written. MkDocs has no event that keeps a page in the build (a link target,
a sitemap entry) yet skips its rendering, so a shard wraps the two functions
of `mkdocs.commands.build` that handle one page each, `_populate_page` and
`_build_page` (MkDocs 1.6); `--dirty` builds skip pages at the same place.
So each page is rendered exactly as in a single build, from the same files,
navigation and plugin state.

Pages in the navigation are rendered in every shard, since every page shows
their titles. The first shard also reads the front matter of every other
page and runs the plugins' `on_page_markdown` on it, so that what plugins
collect from all pages (Material's `tags.json`) is complete in its folder,
whose files other than pages are the ones the merged site keeps.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import File, Files, InclusionLevel

MANIFEST = "paper-archive-shard.json"
SHARD_PATTERN = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


class ShardError(Exception):
    """A shard that cannot be built or merged; the message says why in one line."""


@dataclass(frozen=True)
class Shard:
    """Shard `number` of `count` (counted from 1): every `count`-th page of the build."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = SHARD_PATTERN.fullmatch(text)
        if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
            raise ShardError(f"{text!r}: expected a shard as i/N with 1 ≤ i ≤ N, such as 1/4")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"

    @property
    def first(self) -> bool:
        return self.number == 1

    def builds(self, position: int) -> bool:
        """Whether the page at this position of the build's page order is this shard's."""
        return position % self.count == self.number - 1


@dataclass
class PageSlice:
    """What one shard does with each page of one build, and what it built."""

    shard: Shard
    on_page: Callable[[File], None] | None = None  # told of each page once it is written
    files: Files | None = None
    own: set[str] = field(default_factory=set)  # src_uri of this shard's pages
    built: list[File] = field(default_factory=list)

    def choose(self, files: Files) -> None:
        self.files = files
        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.own = {file.src_uri for position, file in enumerate(pages) if self.shard.builds(position)}

    def renders(self, file: File) -> bool:
        return file.src_uri in self.own or file.inclusion.is_in_nav()

    @contextmanager
    def applied(self):
        """MkDocs' build, for as long as this lasts, handles only this slice's pages."""
        populate_page, build_page = mkdocs_build._populate_page, mkdocs_build._build_page

        def populate_slice(page, config, files, dirty=False):
            if self.files is not files:
                self.choose(files)
            if self.renders(page.file):
                populate_page(page, config, files, dirty)
            elif self.shard.first:
                read_front_matter(page, config, files)

        def build_slice(page, config, doc_files, nav, env, dirty=False, excluded=False):
            if page.file.src_uri in self.own:
                build_page(page, config, doc_files, nav, env, dirty, excluded)
                self.built.append(page.file)
                if self.on_page is not None:
                    self.on_page(page.file)

        mkdocs_build._populate_page, mkdocs_build._build_page = populate_slice, build_slice
        try:
            yield self
        finally:
            mkdocs_build._populate_page, mkdocs_build._build_page = populate_page, build_page

    def manifest(self, site_dir: Path, anchor_level: int) -> dict:
        """What the merge needs: this shard's place, its pages, and its links to other shards' anchors."""
        if self.files is None:
            raise ShardError(f"shard {self.shard}: MkDocs built no pages")
        pages = self.files.documentation_pages(inclusion=InclusionLevel.is_included)
        written = [file.dest_uri for file in self.built if (site_dir / file.dest_uri).is_file()]
        anchors, links = {}, []
        for file in self.built:
            page = file.page
            anchors[file.src_uri] = sorted(page.present_anchor_ids or ())
            for target, found in (page.links_to_anchors or {}).items():
                if target.page is None or target.page.present_anchor_ids is None:  # not rendered here
                    links.extend([file.src_uri, target.src_uri, anchor, link] for anchor, link in found.items())
        return {
            "shard": str(self.shard),
            "pages_digest": pages_digest(pages),
            "pages": written,
            "anchors": anchors,
            "links_to_other_shards": links,
            "anchor_level": anchor_level,
        }


def pages_digest(pages: list[File]) -> str:
    """A digest of the build's page list: shards of one site have the same."""
    return hashlib.sha256("\n".join(file.src_uri for file in pages).encode("utf-8")).hexdigest()


def read_front_matter(page, config, files) -> None:
    """The start of MkDocs' `_populate_page`: front matter and Markdown, with
    the plugins' events on them, but no rendering."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    finally:
        config._current_page = None


def build_shard(config, shard: Shard, on_page: Callable[[File], None] | None = None) -> dict:
    """Build one shard of the loaded `config` into its `site_dir`, with a manifest; returns the manifest.
    `on_page` is told of each page of the shard once it is written."""
    site_dir = Path(config.site_dir)
    plugin = config.plugins.get("paper-archive")
    if plugin is not None:
        plugin.shard = shard
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with PageSlice(shard, on_page).applied() as pages:
            mkdocs_build.build(config)
    finally:
        config.plugins.on_shutdown()
    manifest = pages.manifest(site_dir, config.validation.links.anchors)
    (site_dir / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return manifest
