"""The whole site in several processes: one shard each, merged, indexed once.

Responsible for running `paper-archive build --shard i/N` in N processes at
once, for giving Pagefind their pages while they build, and for merging their
folders into the site; nothing more (`shards.py` builds a shard,
`merge_site.py` merges).

Each shard process names every page of its slice on its standard output once
it has written it. Shard i builds the pages at positions i-1, i-1+N, … of
the build's page order, so taking one name from each shard in turn gives the
pages in the order a single `mkdocs build` writes them, and Pagefind gets them
in that order: it numbers pages as they come, so the index equals a single
build's. Pagefind, the shards and this process share the cores.
"""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.merge_site import MergeReport, merge_site
from generator.search_index import IndexReport, SiteIndexer
from generator.shards import Shard, ShardError

PAGE_LINE = "page "  # what a shard process writes before each page it built


@dataclass(frozen=True)
class ParallelReport:
    merge: MergeReport
    index: IndexReport | None


@dataclass
class ShardProcess:
    shard: Shard
    folder: Path
    process: subprocess.Popen
    log: tempfile.TemporaryFile
    pages: queue.Queue  # names of built pages, then None

    def read_pages(self) -> None:
        for line in self.process.stdout:
            if line.startswith(PAGE_LINE):
                self.pages.put(line[len(PAGE_LINE) :].rstrip("\n"))
        self.pages.put(None)


def build_in_processes(
    config_file: Path, jobs: int, site: Path, strict: bool, index: bool, show: Callable[[str], None]
) -> ParallelReport:
    """Build the site of `config_file` into `site` in `jobs` processes; `show` gets their warnings, once each."""
    site.parent.mkdir(parents=True, exist_ok=True)
    # Beside the site, so that merging moves files instead of copying them.
    work = Path(tempfile.mkdtemp(prefix=f".{site.name}-shards-", dir=site.parent))
    indexer = SiteIndexer(site) if index else None
    try:
        shards = [_start(config_file, Shard(number, jobs), work, strict) for number in range(1, jobs + 1)]
        try:
            if indexer is not None:
                _index_as_built(shards, indexer)
        finally:
            _finish(shards, show)
        merged = merge_site([shard.folder for shard in shards], site, move=True)
        return ParallelReport(merged, indexer.finish() if indexer is not None else None)
    finally:
        if indexer is not None:
            indexer.close()
        shutil.rmtree(work, ignore_errors=True)


def _start(config_file: Path, shard: Shard, work: Path, strict: bool) -> ShardProcess:
    folder = work / f"shard-{shard.number}"
    command = [
        sys.executable, "-m", "generator.cli", "build", "-f", str(config_file), "--shard", str(shard),
        "--site-dir", str(folder), "--name-pages", *(["--strict"] if strict else []),
    ]
    log = tempfile.TemporaryFile("w+", encoding="utf-8", dir=work)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8")
    running = ShardProcess(shard, folder, process, log, queue.Queue())
    threading.Thread(target=running.read_pages, name=f"shard-{shard.number}", daemon=True).start()
    return running


def _index_as_built(shards: list[ShardProcess], indexer: SiteIndexer) -> None:
    """Give Pagefind each page as soon as its shard wrote it, in the single build's order."""
    while True:
        for shard in shards:
            name = shard.pages.get()
            if name is None:  # the last page, or a shard that stopped: the merge says which
                return
            page = shard.folder / name
            if page.is_file():  # MkDocs writes no file for a page that renders empty
                indexer.add(name, page.read_text("utf-8"))


def _finish(shards: list[ShardProcess], show: Callable[[str], None]) -> None:
    """Wait for every shard; show their warnings once each (pages in the navigation are
    rendered, and warned about, by every shard); fail with what failed."""
    shown: set[str] = set()
    failures = []
    for shard in shards:
        code = shard.process.wait()
        shard.log.seek(0)
        lines = shard.log.read().splitlines()
        shard.log.close()
        error = lines.pop() if code != 0 and lines and lines[-1].startswith("Error: ") else f"exit {code}"
        for line in lines:
            if line not in shown and not line.startswith(f"shard {shard.shard}: "):
                shown.add(line)
                show(line)
        if code != 0:
            failures.append(f"shard {shard.shard} failed: {error.removeprefix('Error: ')}")
    if failures:
        raise ShardError("; ".join(failures))
