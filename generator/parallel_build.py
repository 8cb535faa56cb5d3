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

Stopping this process stops its shards: each runs in a process group of its
own (so a terminal's Ctrl-C reaches only this process, which stops them),
SIGTERM and SIGHUP stop the build as Ctrl-C does, and once the merge has
begun it runs to its end first, so `site/` is never left half replaced. A
shard stops by itself when its standard input closes, which happens however
this process ends, SIGKILL too; the temporary folder such an end leaves is
removed by the next build, unless the build that made it still holds its lock.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from generator.archive_state import LOCK
from generator.merge_site import MergeReport, merge_site
from generator.search_index import IndexReport, SiteIndexer
from generator.shards import Shard, ShardError

PAGE_LINE = "page "  # a shard process's line for each page it wrote: this, its position, its path
# Signals that stop a build as Ctrl-C does (SIGHUP: the terminal was closed).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
STOP_SECONDS = 10  # how long a shard has to end after SIGTERM before it gets SIGKILL


class BuildStopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP stopped the build; raised where Ctrl-C raises KeyboardInterrupt."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


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
    stopped: bool = False  # stopped by this process, because another shard failed or the build was stopped

    def read_pages(self, pages: queue.Queue) -> None:
        """Put (position, folder, path) for each page the shard wrote, then (None, self, None)."""
        for line in self.process.stdout:
            if line.startswith(PAGE_LINE):
                position, name = line[len(PAGE_LINE) :].rstrip("\n").split(" ", 1)
                pages.put((int(position), self.folder, name))
        pages.put((None, self, None))


def build_in_processes(
    config_file: Path, jobs: int, site: Path, strict: bool, index: int | None, show: Callable[[str], None]
) -> ParallelReport:
    """Build the site of `config_file` into `site` in `jobs` processes; `show` gets their warnings, once each.
    With `index` (the search index's part size), Pagefind indexes the pages as they come."""
    site.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_folders(site)
    # Beside the site, so that merging moves files instead of copying them.
    work = Path(tempfile.mkdtemp(prefix=f".{site.name}-shards-", dir=site.parent))
    lock = FileLock(work / LOCK)
    lock.acquire(timeout=0)
    indexer = SiteIndexer(site, part_size=index) if index is not None else None
    shards: list[ShardProcess] = []
    with StopSignals() as signals:
        try:
            pages: queue.Queue = queue.Queue()
            with signals.held():  # a shard started but not yet listed would not be stopped
                shards.extend(_start(config_file, Shard(number, jobs), work, strict, pages) for number in range(1, jobs + 1))
            _wait(shards, pages, indexer)
            _stop(shards)  # the others, when one failed
            _finish(shards, show)
            with signals.held():
                merged = merge_site([shard.folder for shard in shards], site, move=True)
                return ParallelReport(merged, indexer.finish() if indexer is not None else None)
        finally:
            signals.hold()  # the clean-up runs to its end
            _stop(shards)
            if indexer is not None:
                indexer.close()
            shutil.rmtree(work, ignore_errors=True)
            lock.release()


def remove_abandoned_folders(site: Path) -> None:
    """Remove the temporary folders of earlier builds into `site` that ended without
    removing them (killed with SIGKILL, the machine stopped); a running build holds
    its folder's lock, and its folder is kept."""
    for folder in site.parent.glob(f".{site.name}-shards-*"):
        if folder.is_symlink() or not folder.is_dir():
            continue
        lock = FileLock(folder / LOCK)
        try:
            lock.acquire(timeout=0)
        except (Timeout, OSError):
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            lock.release()


class StopSignals:
    """While a build runs, SIGINT raises KeyboardInterrupt and SIGTERM and SIGHUP raise
    BuildStopped in the main thread, so that they stop it with the same clean-up;
    while held, a signal waits until the hold ends. Signals set to be ignored
    (nohup, a background job) stay ignored."""

    def __init__(self):
        self._holding = False
        self._pending: int | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                if signal.getsignal(signum) is not signal.SIG_IGN:
                    self._previous[signum] = signal.signal(signum, self._received)
        return self

    def __exit__(self, *exc_info) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _received(self, signum: int, frame) -> None:
        if self._holding:
            self._pending = self._pending or signum
        else:
            raise _stop_by(signum)

    def hold(self) -> None:
        self._holding = True

    @contextmanager
    def held(self):
        """Signals wait until this ends, then stop the build."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if self._pending is not None:
            signum, self._pending = self._pending, None
            raise _stop_by(signum)


def _stop_by(signum: int) -> KeyboardInterrupt:
    return KeyboardInterrupt() if signum == signal.SIGINT else BuildStopped(signum)


def _start(config_file: Path, shard: Shard, work: Path, strict: bool, pages: queue.Queue) -> ShardProcess:
    folder = work / f"shard-{shard.number}"
    command = [
        sys.executable, "-m", "generator.cli", "build", "-f", str(config_file), "--shard", str(shard),
        "--site-dir", str(folder), "--name-pages", *(["--strict"] if strict else []),
    ]
    log = tempfile.TemporaryFile("w+", encoding="utf-8", dir=work)
    # A session of its own, so that a terminal's signals reach only this process, which
    # stops the shard with everything it started; its standard input stays open while
    # this process lives (see `watch_parent` in build_cli).
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8", start_new_session=True
    )
    running = ShardProcess(shard, folder, process, log)
    threading.Thread(target=running.read_pages, args=(pages,), name=f"shard-{shard.number}", daemon=True).start()
    return running


def _wait(shards: list[ShardProcess], pages: queue.Queue, indexer: SiteIndexer | None) -> None:
    """Wait for every shard to end, or for the first to fail; give Pagefind each page
    once it and every page before it are written."""
    written: dict[int, tuple[Path, str]] = {}
    given = 0
    running = len(shards)
    while running:
        position, folder, name = pages.get()
        if position is None:
            running -= 1
            if folder.process.wait() != 0:
                return
            continue
        if indexer is None:
            continue
        written[position] = (folder, name)
        while given in written:
            _give(indexer, *written.pop(given))
            given += 1
    for position in sorted(written):
        _give(indexer, *written[position])


def _give(indexer: SiteIndexer, folder: Path, name: str) -> None:
    page = folder / name
    if page.is_file():  # MkDocs writes no file for a page that renders empty
        indexer.add(name, page.read_text("utf-8"))


def _stop(shards: list[ShardProcess]) -> None:
    """Stop the shards still running, with what they started, and wait for them."""
    for shard in shards:
        if shard.process.poll() is None:
            shard.stopped = True
            _signal_group(shard.process, signal.SIGTERM)
            _signal_group(shard.process, signal.SIGCONT)  # a suspended shard ends only once continued, as a shell does it
    for shard in shards:
        try:
            shard.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            _signal_group(shard.process, signal.SIGKILL)
            shard.process.wait()
        shard.process.stdin.close()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:  # ended meanwhile
        pass


def _finish(shards: list[ShardProcess], show: Callable[[str], None]) -> None:
    """Show the shards' warnings once each (pages in the navigation are rendered, and
    warned about, by every shard); fail with what failed, but not with the shards
    stopped because another failed."""
    shown: set[str] = set()
    failures = []
    for shard in shards:
        code = shard.process.returncode
        shard.log.seek(0)
        lines = shard.log.read().splitlines()
        shard.log.close()
        error = lines.pop() if code != 0 and lines and lines[-1].startswith("Error: ") else _exit_status(code)
        for line in lines:
            if line not in shown and not line.startswith(f"shard {shard.shard}: "):
                shown.add(line)
                show(line)
        if code != 0 and not shard.stopped:
            failures.append(f"shard {shard.shard} failed: {error.removeprefix('Error: ')}")
    if failures:
        raise ShardError("; ".join(failures))


def _exit_status(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            pass
    return f"exit {code}"
