"""The whole site in several processes: one shard each, merged, indexed once.

Responsible for running `paper-archive build --shard i/N` in N processes at
once, for giving Pagefind their pages while they build, and for merging their
folders into the site; nothing more (`shards.py` builds a shard,
`merge_site.py` merges).

Each shard process names every page of its slice on its standard output once
it has written it, with the page's position in the build's page order, and
Pagefind gets the pages in that order, the order of a single `mkdocs build`:
it numbers pages as they come, so the index equals a single build's.
Pagefind, the shards and this process share the cores.
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

PAGE_LINE = "page "  # a shard process's line for each page it wrote: this, its position, its path


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

    def read_pages(self, pages: queue.Queue) -> None:
        """Put (position, folder, path) for each page the shard wrote, then (None, self, None)."""
        for line in self.process.stdout:
            if line.startswith(PAGE_LINE):
                position, name = line[len(PAGE_LINE) :].rstrip("\n").split(" ", 1)
                pages.put((int(position), self.folder, name))
        pages.put((None, self, None))


def build_in_processes(
    config_file: Path, jobs: int, site: Path, strict: bool, index: bool, show: Callable[[str], None]
) -> ParallelReport:
    """Build the site of `config_file` into `site` in `jobs` processes; `show` gets their warnings, once each."""
    site.parent.mkdir(parents=True, exist_ok=True)
    # Beside the site, so that merging moves files instead of copying them.
    work = Path(tempfile.mkdtemp(prefix=f".{site.name}-shards-", dir=site.parent))
    indexer = SiteIndexer(site) if index else None
    try:
        pages: queue.Queue = queue.Queue()
        shards = [_start(config_file, Shard(number, jobs), work, strict, pages) for number in range(1, jobs + 1)]
        try:
            if indexer is not None:
                _index_as_built(len(shards), pages, indexer)
        finally:
            _finish(shards, show)
        merged = merge_site([shard.folder for shard in shards], site, move=True)
        return ParallelReport(merged, indexer.finish() if indexer is not None else None)
    finally:
        if indexer is not None:
            indexer.close()
        shutil.rmtree(work, ignore_errors=True)


def _start(config_file: Path, shard: Shard, work: Path, strict: bool, pages: queue.Queue) -> ShardProcess:
    folder = work / f"shard-{shard.number}"
    command = [
        sys.executable, "-m", "generator.cli", "build", "-f", str(config_file), "--shard", str(shard),
        "--site-dir", str(folder), "--name-pages", *(["--strict"] if strict else []),
    ]
    log = tempfile.TemporaryFile("w+", encoding="utf-8", dir=work)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8")
    running = ShardProcess(shard, folder, process, log)
    threading.Thread(target=running.read_pages, args=(pages,), name=f"shard-{shard.number}", daemon=True).start()
    return running


def _index_as_built(shards: int, pages: queue.Queue, indexer: SiteIndexer) -> None:
    """Give Pagefind each page once it and every page before it are written."""
    written: dict[int, tuple[Path, str]] = {}
    given = 0
    running = shards
    while running:
        position, folder, name = pages.get()
        if position is None:
            running -= 1
            continue
        written[position] = (folder, name)
        while given in written:
            _give(indexer, *written.pop(given))
            given += 1
    # Pages after a shard that stopped, in order; the merge says what stopped it.
    for position in sorted(written):
        _give(indexer, *written[position])


def _give(indexer: SiteIndexer, folder: Path, name: str) -> None:
    page = folder / name
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
