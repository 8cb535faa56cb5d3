"""The preview's helpers alone: telling the generator's own writes from a person's
saves, and indexing for search in the background one run at a time."""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from watchdog.events import FileModifiedEvent, FileMovedEvent

from generator.preview import (
    BackgroundIndex,
    CollectionAfterBuilds,
    OwnWrites,
    modified_asked_once,
    watch_with_notifications,
)
from tests.conftest import wait_until


def events_passed(own: OwnWrites):
    passed = []
    return passed, own.unless_own(passed.append)


def test_the_generators_own_writes_cause_no_rebuild_but_a_later_save_does(tmp_path):
    docs = tmp_path / "docs"
    (docs / "papers").mkdir(parents=True)
    page = docs / "papers" / "a.md"
    page.write_text("generated\n", "utf-8")
    own = OwnWrites()
    passed, on_event = events_passed(own)

    own.begin()
    # The event of the generator's rename arrives before the run has said what it wrote.
    on_event(FileMovedEvent(str(tmp_path / "staging" / "1.part"), str(page)))
    assert passed == []
    own.record(docs, ["papers/a.md"], [])
    assert passed == []

    on_event(FileModifiedEvent(str(page)))
    assert passed == []

    stamp = page.stat().st_mtime_ns
    page.write_text("a person's edit\n", "utf-8")
    os.utime(page, ns=(stamp + 10**9, stamp + 10**9))
    on_event(FileModifiedEvent(str(page)))
    assert [event.src_path for event in passed] == [str(page)]


def test_a_persons_save_during_generation_is_passed_on_when_the_run_ends(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("About\n", "utf-8")
    own = OwnWrites()
    passed, on_event = events_passed(own)
    own.begin()
    on_event(FileModifiedEvent(str(docs / "about.md")))
    assert passed == []
    own.record(docs, [], [])
    assert [event.src_path for event in passed] == [str(docs / "about.md")]


def test_requests_during_an_index_run_make_one_more_run_not_many(tmp_path):
    (tmp_path / "index.html").write_text("<html></html>", "utf-8")
    started = threading.Event()
    release = threading.Event()
    runs = []

    def index(site_dir: Path, bundle_name: str):
        runs.append(bundle_name)
        started.set()
        release.wait(10)
        (site_dir / bundle_name).mkdir()
        (site_dir / bundle_name / "pagefind.js").write_text(f"run {len(runs)}", "utf-8")
        return f"indexed run {len(runs)}"

    background = BackgroundIndex(index)
    background.request(tmp_path)
    assert started.wait(10)
    for _ in range(5):
        background.request(tmp_path)
    release.set()
    assert background.idle.wait(10)
    assert len(runs) == 2
    assert (tmp_path / "pagefind" / "pagefind.js").read_text("utf-8") == "run 2"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["index.html", "pagefind"]


def test_a_failed_background_run_keeps_the_previous_index(tmp_path, caplog):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "pagefind.js").write_text("previous", "utf-8")

    def index(site_dir: Path, bundle_name: str):
        raise RuntimeError("Pagefind failed")

    # Other tests quiet the "mkdocs" loggers (as the command line does); hear this one.
    logger = logging.getLogger("mkdocs.plugins.paper_archive")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.WARNING, logger=logger.name)
    background = BackgroundIndex(index)
    try:
        background.request(tmp_path)
        background.idle.wait(10)
    finally:
        logger.removeHandler(caplog.handler)
    deadline = time.monotonic() + 10
    while not background.idle.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert background.idle.is_set()
    assert (tmp_path / "pagefind" / "pagefind.js").read_text("utf-8") == "previous"
    assert "search index not updated: Pagefind failed" in caplog.text


def test_the_cycle_collector_waits_for_the_end_of_a_build_and_runs_after_it(monkeypatch):
    collections = []
    monkeypatch.setattr(gc, "collect", lambda *_: collections.append(gc.isenabled()) or 0)
    monkeypatch.setattr(CollectionAfterBuilds, "DELAY", 0.2)
    collector = CollectionAfterBuilds()
    try:
        collector.pause()
        assert not gc.isenabled()
        collector.resume_later()
        collector.pause()  # the next save's build starts before the collector ran
        time.sleep(0.5)
        assert not gc.isenabled() and collections == []
        collector.resume_later()
        deadline = time.monotonic() + 10
        while not collections and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.isenabled() and collections == [True]
    finally:
        gc.enable()


def test_a_dirty_build_asks_the_file_system_once_per_file(tmp_path, monkeypatch):
    from mkdocs.structure.files import File, Files

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n", "utf-8")
    files = Files([File("a.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)])
    modified_asked_once(files)
    asked = []
    isfile = os.path.isfile
    monkeypatch.setattr(os.path, "isfile", lambda path: asked.append(path) or isfile(path))
    page = files.get_file_from_path("a.md")
    assert page.is_modified() and page.is_modified()  # no output yet: modified
    assert len(asked) == 1


def test_a_folder_moved_out_of_the_watched_folders_rebuilds_but_one_the_generator_emptied_does_not(tmp_path):
    docs, sources, away = tmp_path / "docs", tmp_path / "sources", tmp_path / "away"
    for folder in (docs / "guide", docs / "archive" / "2023", sources / "sub", away):
        folder.mkdir(parents=True)
    (docs / "guide" / "page.md").write_text("# Guide\n", "utf-8")
    (docs / "archive" / "2023" / "index.md").write_text("generated\n", "utf-8")
    (sources / "sub" / "s.jsonl").write_text('{"title": "A Paper"}\n', "utf-8")
    own = OwnWrites()
    with notified_server(tmp_path, [docs, sources], docs, own) as server:
        (sources / "sub").rename(away / "sub")
        assert wait_until(lambda: server._want_rebuild), "no rebuild for a folder moved out of sources/"

        server._want_rebuild = False
        own.begin()
        (docs / "archive" / "2023" / "index.md").unlink()
        (docs / "archive" / "2023").rmdir()
        own.record(docs, [], ["archive/2023/index.md"])
        time.sleep(1)
        assert not server._want_rebuild, "the generator's own removal of an emptied folder rebuilt"

        (docs / "guide").rename(away / "guide")
        assert wait_until(lambda: server._want_rebuild), "no rebuild for a folder moved out of docs/"


def test_an_editors_swap_and_backup_files_cause_no_rebuild_but_its_save_does(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    with notified_server(tmp_path, [sources], tmp_path / "docs", OwnWrites()) as server:
        for name in (".lib.bib.swp", "lib.bib~", "#lib.bib#", "4913", "sed4fGh2k"):
            (sources / name).write_text("@article{a, title = {Half typed}}\n", "utf-8")
        time.sleep(1)
        assert not server._want_rebuild, "an editor's own file rebuilt the preview"
        (sources / "sed4fGh2k").rename(sources / "lib.bib")  # `sed -i`'s save
        assert wait_until(lambda: server._want_rebuild), "no rebuild for a save renamed onto a source"


@contextmanager
def notified_server(root: Path, watched: list[Path], docs: Path, own: OwnWrites):
    """MkDocs' live-reload server watching `watched` as the plugin makes it watch, running."""
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root / "site"))
    for path in watched:
        server.watch(str(path))
    watch_with_notifications(server, docs, own)
    server.observer.start()
    try:
        yield server
    finally:
        server.observer.stop()
        server.observer.join(10)
        server.server_close()


def heard_warnings(caplog):
    """The preview logger's warnings into caplog (other tests quiet the "mkdocs" loggers)."""
    logger = logging.getLogger("mkdocs.plugins.paper_archive")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.WARNING, logger=logger.name)
    return logger


def test_an_index_run_that_a_rebuild_overtook_is_dropped_without_a_word(tmp_path, caplog):
    (tmp_path / "index.html").write_text("<html></html>", "utf-8")
    started, release = threading.Event(), threading.Event()
    outcomes = iter(["bundle", "no built site", "bundle"])

    def index(site_dir: Path, bundle_name: str):
        started.set()
        release.wait(10)
        if next(outcomes) == "no built site":  # the rebuild emptied the folder meanwhile
            raise RuntimeError(f"{site_dir}: no built site here (no index.html); build it first")
        (site_dir / bundle_name).mkdir()
        (site_dir / bundle_name / "pagefind.js").write_text("index", "utf-8")
        return "indexed"

    logger = heard_warnings(caplog)
    background = BackgroundIndex(index)
    try:
        for _ in range(2):  # a half-built site indexed; a rebuild's clean got in the way
            started.clear()
            release.clear()
            background.request(tmp_path)
            assert started.wait(10)
            background.build_started()
            release.set()
            assert background.idle.wait(10)
            assert sorted(path.name for path in tmp_path.iterdir()) == ["index.html"]
        background.request(tmp_path)  # the rebuild is done
        assert background.idle.wait(10)
    finally:
        logger.removeHandler(caplog.handler)
    assert (tmp_path / "pagefind" / "pagefind.js").read_text("utf-8") == "index"
    assert caplog.text == ""


def test_ctrl_c_during_background_indexing_says_nothing(tmp_path, caplog, monkeypatch):
    import subprocess

    from generator import preview

    (tmp_path / "index.html").write_text("<html></html>", "utf-8")
    stopped = subprocess.CompletedProcess([], -2, "", "Traceback (most recent call last):\n  ...\nKeyboardInterrupt\n")
    monkeypatch.setattr(preview.subprocess, "run", lambda *_, **__: stopped)
    logger = heard_warnings(caplog)
    background = BackgroundIndex(preview.index_in_own_process)
    try:
        background.request(tmp_path)
        assert background.idle.wait(10)
    finally:
        logger.removeHandler(caplog.handler)
    assert caplog.text == ""
