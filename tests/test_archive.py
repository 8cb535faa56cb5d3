"""Data safety: only changed files written, hand edits refused, interrupted runs harmless."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from generator import archive
from generator.archive import HandEditedError, open_state, write_outputs
from generator.pagemark import unmarked_text


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "docs").mkdir()
    return tmp_path


def text(path) -> str:
    """A written page's text without the generator's mark."""
    return unmarked_text(path.read_bytes())


def write(root, outputs, **options):
    return write_outputs(open_state(root, root / "docs"), outputs, **options)


def test_second_run_with_same_outputs_writes_nothing(docs):
    outputs = {"papers/a.md": "A\n", "papers/b.md": "B\n"}
    assert write(docs, outputs).written == ["papers/a.md", "papers/b.md"]
    before = {p: p.stat().st_mtime_ns for p in (docs / "docs" / "papers").iterdir()}
    manifest = (docs / archive.STATE_DIR / archive.MANIFEST).stat().st_mtime_ns
    report = write(docs, outputs)
    assert report.written == [] and report.removed == [] and report.unchanged == ["papers/a.md", "papers/b.md"]
    assert {p: p.stat().st_mtime_ns for p in (docs / "docs" / "papers").iterdir()} == before
    assert (docs / archive.STATE_DIR / archive.MANIFEST).stat().st_mtime_ns == manifest


def test_stale_pages_are_removed_and_hand_written_pages_never_touched(docs):
    own = docs / "docs" / "papers" / "mine.md"
    write(docs, {"papers/a.md": "A\n", "papers/b.md": "B\n"})
    own.write_text("my page\n")
    report = write(docs, {"papers/a.md": "A\n"})
    assert report.removed == ["papers/b.md"]
    assert not (docs / "docs" / "papers" / "b.md").exists()
    assert own.read_text() == "my page\n"


def test_hand_edited_page_stops_the_run_before_anything_is_written(docs):
    write(docs, {"papers/a.md": "A\n", "papers/b.md": "B\n"})
    (docs / "docs" / "papers" / "a.md").write_text("A with my edit\n")
    with pytest.raises(HandEditedError) as raised:
        write(docs, {"papers/a.md": "A2\n", "papers/b.md": "B2\n", "papers/c.md": "C\n"})
    [message] = raised.value.messages
    assert "docs/papers/a.md: edited by hand" in message
    assert "sources/notes/a.md" in message and "--force" in message
    assert (docs / "docs" / "papers" / "a.md").read_text() == "A with my edit\n"
    assert text(docs / "docs" / "papers" / "b.md") == "B\n"
    assert not (docs / "docs" / "papers" / "c.md").exists()
    assert write(docs, {"papers/a.md": "A2\n", "papers/b.md": "B2\n"}, force=True).written == ["papers/a.md", "papers/b.md"]


def test_edited_page_whose_paper_is_gone_is_not_removed_silently(docs):
    write(docs, {"papers/a.md": "A\n"})
    (docs / "docs" / "papers" / "a.md").write_text("edited\n")
    with pytest.raises(HandEditedError, match="gone from sources"):
        write(docs, {})
    assert (docs / "docs" / "papers" / "a.md").exists()


def test_a_file_a_person_put_where_a_page_goes_is_left_alone(docs):
    (docs / "docs" / "papers").mkdir()
    (docs / "docs" / "papers" / "a.md").write_text("person's\n")
    with pytest.raises(HandEditedError, match="not written by paper-archive"):
        write(docs, {"papers/a.md": "A\n"})
    assert (docs / "docs" / "papers" / "a.md").read_text() == "person's\n"


def test_force_overwrites_a_persons_file_or_edit_but_keeps_a_copy(docs):
    (docs / "docs" / "archive").mkdir()
    (docs / "docs" / "archive" / "index.md").write_text("my own archive page\n")
    write(docs, {"papers/a.md": "A\n", "papers/b.md": "B\n"})
    (docs / "docs" / "papers" / "a.md").write_text("A with my edit\n")
    (docs / "docs" / "papers" / "b.md").write_text("B with my edit\n")
    report = write(docs, {"papers/a.md": "A2\n", "archive/index.md": "Archive\n"}, force=True)
    assert text(docs / "docs" / "archive" / "index.md") == "Archive\n"
    assert not (docs / "docs" / "papers" / "b.md").exists()
    kept = docs / archive.STATE_DIR / "kept"
    assert sorted(report.saved) == [("archive/index.md", ".paper-archive/kept/archive/index.md"),
                                    ("papers/a.md", ".paper-archive/kept/papers/a.md"),
                                    ("papers/b.md", ".paper-archive/kept/papers/b.md")]
    assert (kept / "archive" / "index.md").read_text() == "my own archive page\n"
    assert (kept / "papers" / "a.md").read_text() == "A with my edit\n"
    assert (kept / "papers" / "b.md").read_text() == "B with my edit\n"
    # A second edit overwritten later is kept beside the first, not over it; the same text once.
    (docs / "docs" / "papers" / "a.md").write_text("A2 with another edit\n")
    report = write(docs, {"papers/a.md": "A3\n", "archive/index.md": "Archive\n"}, force=True)
    assert report.saved == [("papers/a.md", ".paper-archive/kept/papers/a.2.md")]
    assert (kept / "papers" / "a.md").read_text() == "A with my edit\n"
    assert (kept / "papers" / "a.2.md").read_text() == "A2 with another edit\n"
    (docs / "docs" / "papers" / "a.md").write_text("A with my edit\n")
    report = write(docs, {"papers/a.md": "A4\n", "archive/index.md": "Archive\n"}, force=True)
    assert report.saved == [("papers/a.md", ".paper-archive/kept/papers/a.md")] and not (kept / "papers" / "a.3.md").exists()


def test_outputs_cannot_escape_docs(docs):
    with pytest.raises(ValueError):
        write(docs, {"../escape.md": "x"})
    assert not (docs / "escape.md").exists()


@pytest.mark.parametrize("crash_after", [0, 1, 2, 3])
def test_crash_in_the_middle_of_a_commit_leaves_old_or_finished_pages(docs, monkeypatch, crash_after):
    old = {f"papers/{n}.md": f"old {n}\n" for n in range(4)}
    new = {f"papers/{n}.md": f"new {n}\n" for n in range(4)}
    write(docs, old)
    real_replace, calls = os.replace, []

    def dying_replace(source, target):
        if len(calls) == crash_after:
            raise KeyboardInterrupt("killed")
        calls.append(target)
        real_replace(source, target)

    monkeypatch.setattr(archive.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        write(docs, new)
    monkeypatch.setattr(archive.os, "replace", real_replace)
    for relative in old:
        assert text(docs / "docs" / relative) in (old[relative], new[relative])
    # The next run finishes the committed work and agrees with what is on disk.
    open_state(docs, docs / "docs")
    assert write(docs, new).written == [] or crash_after == 0
    assert {r: text(docs / "docs" / r) for r in new} == new


def test_finishing_an_interrupted_run_keeps_what_a_person_changed_since(docs, monkeypatch):
    old = {f"papers/{n}.md": f"old {n}\n" for n in range(3)}
    write(docs, old)
    real_replace = os.replace

    def dying_replace(source, target):
        if str(target).endswith(".md"):
            raise KeyboardInterrupt("killed")  # after the journal, before any page is in place
        real_replace(source, target)

    monkeypatch.setattr(archive.os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        write(docs, {"papers/0.md": "new 0\n", "papers/1.md": "new 1\n"})  # 2.md removed
    monkeypatch.setattr(archive.os, "replace", real_replace)
    # Before the next run, a person edits one page the run will replace and one it will remove.
    (docs / "docs" / "papers" / "0.md").write_text("my edit of 0\n")
    (docs / "docs" / "papers" / "2.md").write_text("my edit of 2\n")
    state = open_state(docs, docs / "docs")
    kept = docs / archive.STATE_DIR / "kept" / "papers"
    assert (kept / "0.md").read_text() == "my edit of 0\n" and (kept / "2.md").read_text() == "my edit of 2\n"
    assert not (kept / "1.md").exists()  # as the interrupted run found it: nothing to keep
    assert sum("changed since an interrupted run" in notice for notice in state.notices) == 2
    assert text(docs / "docs" / "papers" / "0.md") == "new 0\n" and not (docs / "docs" / "papers" / "2.md").exists()


def listing(day: int, count: int) -> str:
    entries = "\n\n".join(f"Paper number {n} on graphs\n\nWe study graph neural networks, case {n}." for n in range(count))
    return f"Mar {day}\n\n{entries}\n"


def test_killing_a_real_run_at_any_moment_keeps_every_page_whole(sample_project):
    project = sample_project
    (project.sources / "2024-03-14-trending-papers.txt").unlink()
    source = project.add_source("2024-03-14-big.txt", listing(14, 1500))
    project.generate()
    old = {path.name: path.read_text("utf-8") for path in project.paper_pages()}
    source.write_text(listing(15, 1500), encoding="utf-8")
    command = [sys.executable, "-m", "generator.cli", "generate"]
    snapshots = []
    for delay in (0.3, 0.8, 1.3, 1.8, 2.5):
        process = subprocess.Popen(command, cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        snapshots.append({path.name: path.read_text("utf-8") for path in project.paper_pages()})
    project.generate()
    new = {path.name: path.read_text("utf-8") for path in project.paper_pages()}
    assert set(new) == set(old) and all("2024-03-15" in text for text in new.values())
    for pages in snapshots:
        assert set(pages) == set(old)
        for name, text in pages.items():
            assert text in (old[name], new[name]), name
