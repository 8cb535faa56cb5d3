"""Sources that exist but cannot be read stop the run before anything in `docs/` changes;
names among the sources that are no files (pipes, sockets, links to nothing) are said.
Permissions are stood in for by failing calls, so these run as root too."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.readers import ReadSettings, read_sources

LISTING = "Mar 14\n\n" + "\n\n".join(
    f"Paper {name} on graph learning\n\nWe study graph neural networks for case {name}." for name in ("one", "two")
) + "\n"


@pytest.fixture
def built(project, monkeypatch):
    project.add_source("sub/2024-03-14-papers.txt", LISTING)
    project.add_source("2024-03-15-more.txt", LISTING.replace("Paper", "Study"))
    project.generate()
    monkeypatch.chdir(project.root)
    return project


def docs_files(project) -> dict[str, bytes]:
    return {path.relative_to(project.docs).as_posix(): path.read_bytes() for path in project.docs.rglob("*") if path.is_file()}


def generate():
    return CliRunner().invoke(main, ["generate"])


def denied(path: Path) -> PermissionError:
    return PermissionError(13, "Permission denied", str(path))


def test_a_folder_of_sources_that_cannot_be_listed_stops_the_run_and_keeps_its_pages(built, monkeypatch):
    before = docs_files(built)
    folder, real_scandir = built.sources / "sub", os.scandir

    def scandir(path="."):
        if Path(path) == folder:
            raise denied(path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = generate()
    assert result.exit_code == 1, result.output
    assert "sources/sub: cannot be read (Permission denied); nothing was generated" in result.output
    assert docs_files(built) == before


def test_the_sources_folder_itself_that_cannot_be_listed_stops_the_run(built, monkeypatch):
    before, real_scandir = docs_files(built), os.scandir
    monkeypatch.setattr(os, "scandir", lambda path=".": (_ for _ in ()).throw(denied(path))
                        if Path(path) == built.sources else real_scandir(path))
    result = generate()
    assert result.exit_code == 1 and "sources: cannot be read (Permission denied)" in result.output
    assert docs_files(built) == before


def test_a_source_file_that_cannot_be_read_stops_the_run_and_keeps_its_pages(built, monkeypatch):
    before = docs_files(built)
    locked, real_read = built.sources / "2024-03-15-more.txt", Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: (_ for _ in ()).throw(denied(path)) if path == locked else real_read(path))
    result = generate()
    assert result.exit_code == 1, result.output
    assert "Error: sources/2024-03-15-more.txt: cannot be read (Permission denied); nothing was generated" in result.output
    assert docs_files(built) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable folders")
def test_an_unreadable_folder_of_sources_keeps_its_pages(built):
    before = docs_files(built)
    os.chmod(built.sources / "sub", 0)
    try:
        result = built.generate(check=False)
    finally:
        os.chmod(built.sources / "sub", 0o755)
    assert result.returncode == 1 and "sources/sub: cannot be read" in result.stderr and "Traceback" not in result.stderr
    assert docs_files(built) == before


def test_pipes_sockets_and_links_to_nothing_are_named_never_opened(project, tmp_path):
    project.add_source("2024-03-14-papers.txt", LISTING)
    os.mkfifo(project.sources / "pipe.jsonl")  # opened, it would wait for a writer forever
    os.symlink("nowhere.bib", project.sources / "dangling.bib")
    held = socket.socket(socket.AF_UNIX)
    # A socket's path is bounded (108 bytes): bound from inside its folder.
    here = Path.cwd()
    os.chdir(project.sources)
    try:
        held.bind("sock.jsonl")
    finally:
        os.chdir(here)
    try:
        records, problems = read_sources(project.sources, project.root, ReadSettings(2024))
        result = project.generate()
    finally:
        held.close()
    assert len(records) == 2
    assert sorted(str(problem) for problem in problems) == [
        "sources/dangling.bib: a link to nothing (its target is missing); not read",
        "sources/pipe.jsonl: a named pipe, not a file; not read",
        "sources/sock.jsonl: a socket, not a file; not read",
    ]
    assert "sources/pipe.jsonl: a named pipe" in result.stderr and "2 records read" in result.stdout


def test_a_note_that_cannot_be_read_stops_the_run_and_keeps_the_pages(built, monkeypatch):
    (built.sources / "notes").mkdir()
    note = built.sources / "notes" / "paper-one-on-graph-learning.md"
    note.write_text("My remark.\n", "utf-8")
    assert generate().exit_code == 0
    before, real_read = docs_files(built), Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: (_ for _ in ()).throw(denied(path)) if path == note else real_read(path))
    result = generate()
    assert result.exit_code == 1
    assert result.output == ("Error: sources/notes/paper-one-on-graph-learning.md: cannot be read (Permission denied); "
                             "nothing was generated\n")
    assert docs_files(built) == before


def test_a_notes_folder_that_cannot_be_listed_stops_the_run(built, monkeypatch):
    (built.sources / "notes").mkdir()
    (built.sources / "notes" / "paper-one-on-graph-learning.md").write_text("My remark.\n", "utf-8")
    assert generate().exit_code == 0
    before, real_scandir = docs_files(built), os.scandir
    notes = built.sources / "notes"
    monkeypatch.setattr(os, "scandir", lambda path=".": (_ for _ in ()).throw(denied(path))
                        if Path(path) == notes else real_scandir(path))
    result = generate()
    assert result.exit_code == 1
    assert result.output == "Error: sources/notes: cannot be read (Permission denied); nothing was generated\n"
    assert docs_files(built) == before
