"""Building the site in slices: each shard builds some of the pages with MkDocs.

Responsible for which pages a shard builds and for building one shard into a
folder of its own with a manifest of what it built; `merge_site.py` puts the
shards' folders together and `build_cli.py` runs them in processes.

Every shard runs the whole MkDocs build (configuration, generator, files,
navigation, link validation, static files, sitemap, 404 page) and leaves out
only the work per page: a page outside its slice is neither rendered nor
written. The slices are shared out by the length of the pages' Markdown, so
that each shard has about as much to render (`shares`).

MkDocs has no event that keeps a page in the build (a link target, a sitemap
entry) yet skips its rendering, so a shard wraps the two functions of
`mkdocs.commands.build` that handle one page each, `_populate_page` and
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
import heapq
import json
import os
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
    """Shard `number` of `count` (counted from 1): a `count`-th of the build's pages."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = SHARD_PATTERN.fullmatch(text)
        if not match or not 1 <= int(match.group(1)) <= int(match.group(2)) <= MAX_SHARDS:
            raise ShardError(f"{text!r}: expected a shard as i/N with 1 ≤ i ≤ N ≤ {MAX_SHARDS}, such as 1/4")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"

    @property
    def first(self) -> bool:
        return self.number == 1


# More shards than this cost more than they share: each builds the site's fixed part (a few
# seconds) for a few hundred pages even at 100,000 papers; GitHub Actions allows 256 jobs.
MAX_SHARDS = 256

# What rendering a page costs beyond its Markdown (template, navigation), in
# bytes of Markdown: a paper page's Markdown is about this long and takes as
# long again to put into its template.
PAGE_COST = 4096


def page_cost(file: File) -> int:
    """A page's share of a build's work: the length of its Markdown, and what every page costs."""
    size = os.path.getsize(file.abs_src_path) if file.abs_src_path else len(file.content_bytes)
    return size + PAGE_COST


def shares(costs: list[int], count: int) -> list[list[int]]:
    """Positions of the pages each of `count` shards builds, given each page's cost: the
    costliest page first, each to the shard with the least work so far. A month page
    listing ten thousand papers outweighs hundreds of paper pages, so every N-th page
    would not share the work."""
    work = [(0, number) for number in range(count)]
    positions: list[list[int]] = [[] for _ in range(count)]
    for position in sorted(range(len(costs)), key=lambda position: (-costs[position], position)):
        done, number = heapq.heappop(work)
        positions[number].append(position)
        heapq.heappush(work, (done + costs[position], number))
    return [sorted(share) for share in positions]


@dataclass
class PageSlice:
    """What one shard does with each page of one build, and what it built."""

    shard: Shard
    # Told of each page of the shard once it is written, with its position in the build's page order.
    on_page: Callable[[int, File], None] | None = None
    files: Files | None = None
    own: dict[str, int] = field(default_factory=dict)  # src_uri of this shard's pages: their position
    digest: str = ""
    built: list[File] = field(default_factory=list)

    def choose(self, files: Files) -> None:
        self.files = files
        pages = files.documentation_pages(inclusion=InclusionLevel.is_included)
        costs = [page_cost(file) for file in pages]
        mine = shares(costs, self.shard.count)[self.shard.number - 1]
        self.own = {pages[position].src_uri: position for position in mine}
        # Shards that weigh the pages differently would build some twice and others never.
        listing = "\n".join(f"{file.src_uri} {cost}" for file, cost in zip(pages, costs))
        self.digest = hashlib.sha256(listing.encode("utf-8")).hexdigest()

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
                    self.on_page(self.own[page.file.src_uri], page.file)

        mkdocs_build._populate_page, mkdocs_build._build_page = populate_slice, build_slice
        try:
            yield self
        finally:
            mkdocs_build._populate_page, mkdocs_build._build_page = populate_page, build_page

    def manifest(self, site_dir: Path, anchor_level: int) -> dict:
        """What the merge needs: this shard's place, its pages, and its links to other shards' anchors."""
        if self.files is None:
            raise ShardError(f"shard {self.shard}: MkDocs built no pages")
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
            "pages_digest": self.digest,
            "pages": written,
            "anchors": anchors,
            "links_to_other_shards": links,
            "anchor_level": anchor_level,
        }


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


def build_shard(config, shard: Shard, on_page: Callable[[int, File], None] | None = None) -> dict:
    """Build one shard of the loaded `config` into its `site_dir`, with a manifest; returns the manifest.
    `on_page` is told of each page of the shard once it is written, with its position."""
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
