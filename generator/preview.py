"""Live preview at archive scale: what `mkdocs serve` needs beyond MkDocs' own behaviour.

Responsible, during `mkdocs serve` only, for five things that make a saved
source file show on its page in seconds at 10,000 papers (and, in a dirty
build, for taking the pages the generator removed out of the built site):

- watching with the operating system's file notifications instead of MkDocs'
  polling, which walks every file under `docs/` twice a second: with ten
  thousand generated pages that walk alone keeps a core busy, and it holds
  Python's lock while the rebuild wants it;
- not rebuilding the site a second time for the pages the generator itself
  just wrote: MkDocs would see them as edits, and a browser reloading after
  the first build would wait for the second;
- indexing for search in the background after each rebuild, so that the server
  answers as soon as the pages are written; the index follows when Pagefind is
  done and replaces the previous one in one rename. It runs in a Python process
  of its own, at a lower priority: in the server's, its reading and encoding of
  every page (most of half a minute at 10,000 papers) would take turns for
  Python's lock with the rebuild of the next save, which then took twice as
  long, and at the same priority it would take a core from that rebuild;
- pausing Python's cycle collector while the server builds: the process holds
  millions of long-lived objects (the generator's cached work, MkDocs' pages),
  and the full collection each rebuild set off took 0.4–1 s of it. The
  collector runs once the build is served, while the server waits for a save;
- in a dirty build, asking the file system once per file whether it changed:
  MkDocs asks twice for each page (to read it, then to write it), three
  `stat` calls each time, 60,000 calls a rebuild at 10,000 papers.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from generator.readers import left_by_a_tool

log = logging.getLogger("mkdocs.plugins.paper_archive")

# Changes only: file notifications also report every file a build opens and
# reads, and MkDocs would take each of those for an edit and build again.
CHANGES = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]


class OwnWrites:
    """The files the generator wrote or removed in its last run, with their modification times.

    A file event for one of them is the generator's own doing, unless the file
    changed again since (then a person saved it, and the event counts). Events
    that arrive while the generator runs wait for its list of files."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamps: dict[str, int | None] = {}
        self._root = ""
        self._running = False
        self._held: list[tuple[FileSystemEvent, Callable[[FileSystemEvent], None]]] = []

    def begin(self) -> None:
        with self._lock:
            self._running = True

    def record(self, docs_dir: Path, written: Iterable[str] = (), removed: Iterable[str] = ()) -> None:
        """The run is over and wrote these files (relative to `docs_dir`); events held meanwhile go on."""
        stamps: dict[str, int | None] = {os.path.abspath(docs_dir / relative): None for relative in removed}
        for relative in written:
            path = os.path.abspath(docs_dir / relative)
            stamps[path] = _stamp(path)
        with self._lock:
            self._stamps = stamps
            self._root = os.path.join(os.path.abspath(docs_dir), "")
            self._running = False
            held, self._held = self._held, []
        for event, callback in held:
            if not self.caused(event):
                callback(event)

    def caused(self, event: FileSystemEvent) -> bool:
        with self._lock:
            # A page moved in from the generator's staging folder counts by where it landed.
            paths = [os.fsdecode(path) for path in (event.src_path, getattr(event, "dest_path", "")) if path]
            paths = [path for path in paths if path.startswith(self._root)]
            return bool(paths) and all(self._own(path) for path in paths)

    def _own(self, path: str) -> bool:
        if path in self._stamps:
            return _stamp(path) == self._stamps[path]
        # A folder the run removed once it had removed the last file in it.
        folder = os.path.join(path, "")
        return not os.path.lexists(path) and any(
            stamp is None and removed.startswith(folder) for removed, stamp in self._stamps.items()
        )

    def unless_own(self, callback: Callable[[FileSystemEvent], None]) -> Callable[[FileSystemEvent], None]:
        """`callback` for events that are not the generator's own writes."""

        def on_any_event(event: FileSystemEvent) -> None:
            if event.is_directory:
                return
            with self._lock:
                if self._running:
                    self._held.append((event, callback))
                    return
            if not self.caused(event):
                callback(event)

        return on_any_event


def _stamp(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def watch_with_notifications(server, docs_dir: Path, own_writes: OwnWrites) -> None:
    """Move the serve session's watches onto an observer driven by file notifications,
    and make the one on `docs_dir` ignore the generator's own writes.

    Leaves MkDocs' polling observer in place where notifications are not
    available (no inotify, too few watches) or MkDocs' server looks different."""
    old = getattr(server, "observer", None)
    refs = getattr(server, "_watch_refs", None)
    handlers = getattr(old, "_handlers", None)
    if not isinstance(old, PollingObserver) or not isinstance(refs, dict) or handlers is None:
        return
    if issubclass(Observer, PollingObserver):  # no native notifications on this system
        return
    new = _ChangesObserver()
    docs = os.path.abspath(docs_dir)
    try:
        for path, watch in list(refs.items()):
            for handler in handlers.get(watch, ()):
                if path == docs:
                    handler.on_any_event = own_writes.unless_own(handler.on_any_event)
                refs[path] = new.schedule(handler, path, recursive=watch.is_recursive)
    except OSError as error:
        log.debug(f"file notifications unavailable ({error}); MkDocs keeps polling")
        return
    server.observer = new


class InputWatches:
    """The serve session's watches on the generator's inputs (the sources folder, the
    taxonomy), following `mkdocs.yml`: MkDocs reads the file again for every rebuild, but
    asks plugins what to watch (`on_serve`) once."""

    def __init__(self, server) -> None:
        self._server = server
        self._watched: set[str] = set()

    def follow(self, paths: Iterable[Path]) -> None:
        wanted = {os.path.abspath(path) for path in paths}
        for path in sorted(self._watched - wanted):
            self._server.unwatch(path)
            self._watched.discard(path)
        for path in sorted(wanted - self._watched):
            if not os.path.exists(path):  # the build says so; watched once it is there
                continue
            try:
                self._server.watch(path)
            except OSError as error:
                # MkDocs counted the watch before it failed; it must not count it next time.
                getattr(self._server, "_watched_paths", {}).pop(path, None)
                log.warning(f"paper-archive: {path} is not watched ({error.strerror or error}); "
                            "restart mkdocs serve to preview changes in it")
                continue
            self._watched.add(path)


class _ChangesObserver(Observer):
    """The platform's notifying observer, passing on changes only, also for
    paths watched later (the plugin's own and `watch:` in mkdocs.yml)."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(
            _PreviewChanges(event_handler), path, recursive=recursive, event_filter=event_filter or CHANGES,
            follow_symlink=follow_symlink,
        )


class _PreviewChanges(FileSystemEventHandler):
    """A handler told of the changes a preview shows: a folder's deletion or move as a
    file's (MkDocs' handler passes on file events only, and a folder moved out of the
    watched tree gives no event for the files in it), an editor's leftovers not at all."""

    def __init__(self, handler: FileSystemEventHandler) -> None:
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        # An editor's swap file, backup or save in progress is no change to preview; a save
        # renamed onto a real file (`sed4fGh2k` → `lib.bib`) is.
        paths = [event.src_path, *([event.dest_path] if getattr(event, "dest_path", "") else [])]
        if not event.is_directory and all(left_by_a_tool(os.path.basename(path)) for path in paths):
            return
        if isinstance(event, DirDeletedEvent):
            event = FileDeletedEvent(event.src_path)
        elif isinstance(event, DirMovedEvent):
            event = FileMovedEvent(event.src_path, event.dest_path)
        self.handler.dispatch(event)


class IndexInterrupted(Exception):
    """The indexing process stopped at Ctrl-C, which the whole process group gets."""


def index_in_own_process(site_dir: Path, bundle_name: str, part_size: int | None = None) -> str:
    """`search_index.index_site` run by another Python process; its report."""
    from generator.search_index import SearchIndexError

    command = [sys.executable, "-m", "generator.search_index", str(site_dir), bundle_name]
    command += [str(part_size)] if part_size is not None else []
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        if done.returncode == -signal.SIGINT or lines[-1:] == ["KeyboardInterrupt"]:
            raise IndexInterrupted()
        raise SearchIndexError(lines[-1] if lines else f"the indexing process ended with status {done.returncode}")
    return done.stdout.strip()


class BackgroundIndex:
    """Indexes a served site for search in a thread, one run at a time; a request made
    while a run is going on starts one more run after it, never several.

    A run that a build overtook (`build_started`) is dropped without a word: it read a
    site being rebuilt, and that build asks for its own run when it is done."""

    def __init__(self, index: Callable[[Path, str], object]):
        self._index = index  # (site_dir, bundle name) -> report
        self._lock = threading.Lock()
        self._builds = 0
        self._wanted: tuple[Path, int] | None = None  # the site, and the build that made it
        self._thread: threading.Thread | None = None
        self.idle = threading.Event()
        self.idle.set()

    def build_started(self) -> None:
        with self._lock:  # not while a finished run's index is being put in place
            self._builds += 1
            self._wanted = None

    def request(self, site_dir: Path) -> None:
        """Index `site_dir`, which a build has just finished."""
        with self._lock:
            self._wanted = (Path(site_dir), self._builds)
            self.idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="paper-archive search index", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                wanted, self._wanted = self._wanted, None
                if wanted is None:
                    self._thread = None
                    self.idle.set()
                    return
            site_dir, build = wanted
            try:
                report = self._replace(site_dir, build)
            except IndexInterrupted:
                log.debug("paper-archive: search indexing interrupted")
            except Exception as error:  # noqa: BLE001 - a preview's search index must not stop the server
                with self._lock:
                    superseded = self._wanted is not None or self._builds != build
                if not superseded:
                    log.warning(f"paper-archive: search index not updated: {error}")
            else:
                if report is not None:
                    log.info(f"paper-archive: {report} (in the background)")

    def _replace(self, site_dir: Path, build: int) -> object:
        """The run's report, or None when a build started while it ran (nothing installed)."""
        from generator.search_index import BUNDLE

        staging = site_dir / f".{BUNDLE}-next"
        shutil.rmtree(staging, ignore_errors=True)
        report = self._index(site_dir, staging.name)
        old = site_dir / f".{BUNDLE}-old"
        with self._lock:
            current = self._builds == build
            if current:
                shutil.rmtree(old, ignore_errors=True)
                if (site_dir / BUNDLE).exists():
                    os.rename(site_dir / BUNDLE, old)
                os.rename(staging, site_dir / BUNDLE)
        shutil.rmtree(old if current else staging, ignore_errors=True)
        return report if current else None


def remove_built(site_dir: str, docs_dir: Path, removed: Iterable[str], use_directory_urls: bool) -> None:
    """Delete what the files the generator removed from `docs_dir` were built into: a dirty
    build builds only the files there are, and would go on serving (and the search index
    finding) the others."""
    from mkdocs.structure.files import File

    site = os.path.abspath(site_dir)
    for relative in removed:
        built = os.path.abspath(File(relative, str(docs_dir), site, use_directory_urls).abs_dest_path)
        if os.path.commonpath([site, built]) != site:
            continue
        try:
            os.unlink(built)
            if os.path.dirname(built) != site:
                os.rmdir(os.path.dirname(built))  # a page's own folder (`papers/<slug>/`), once empty
        except OSError:
            pass


def modified_asked_once(files) -> None:
    """Each file of a dirty build answers `is_modified` from its first answer: nothing
    writes a file's output between MkDocs' two questions."""
    for file in files:
        file.is_modified = functools.cache(file.is_modified)


class CollectionAfterBuilds:
    """Python's cycle collector paused during each build, and run after it (see above)."""

    DELAY = 0.5  # seconds after a build: the server has released its pages by then

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def pause(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            gc.disable()

    def resume_later(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.DELAY, self._resume)
            self._timer.daemon = True
            self._timer.start()

    def _resume(self) -> None:
        with self._lock:
            if self._timer is None:  # a build started meanwhile: it resumes after itself
                return
            self._timer = None
            gc.enable()
        gc.collect()
