"""A project whose own files cannot be written (`addresses.yml`, the lock of
`.paper-archive/`) stops a run with one line naming the file, with `docs/` and
`addresses.yml` as they were. Permissions are stood in for by failing calls, so these
run as root too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import archive, archive_state
from generator.cli import main
from tests.test_unreadable_sources import LISTING


@pytest.fixture
def built(project, monkeypatch):
    project.add_source("2024-03-14-papers.txt", LISTING)
    project.generate()
    monkeypatch.chdir(project.root)
    return project


def kept(project) -> dict[str, bytes]:
    files = [*project.docs.rglob("*"), project.root / "addresses.yml"]
    return {path.relative_to(project.root).as_posix(): path.read_bytes() for path in files if path.is_file()}


def denied(path) -> PermissionError:
    return PermissionError(13, "Permission denied", str(path))


def generate():
    return CliRunner().invoke(main, ["generate"])


def test_an_addresses_file_that_cannot_be_written_stops_the_run_before_any_page(built, monkeypatch):
    built.add_source("2024-03-15-more.txt", LISTING.replace("Paper", "Study"))  # new papers: new addresses
    before, real_write = kept(built), archive.atomic_write

    def atomic_write(path, data):
        if Path(path).name == "addresses.yml":
            raise denied(Path(path).with_name("addresses.yml.tmp"))
        return real_write(path, data)

    monkeypatch.setattr(archive, "atomic_write", atomic_write)
    result = generate()
    assert result.exit_code == 1
    assert result.output == (f"Error: {built.root / 'addresses.yml'}: cannot be written (Permission denied); "
                             "nothing was replaced\n")
    assert kept(built) == before


def test_a_lock_that_cannot_be_written_stops_the_run(built, monkeypatch):
    built.add_source("2024-03-15-more.txt", LISTING.replace("Paper", "Study"))
    before = kept(built)
    lock = built.root / ".paper-archive" / "lock"

    class Unwritable(archive_state.FileLock):
        def acquire(self, *args, **kwargs):
            raise denied(lock)

    monkeypatch.setattr(archive_state, "FileLock", Unwritable)
    result = generate()
    assert result.exit_code == 1
    assert result.output == f"Error: {lock}: cannot be written (Permission denied); nothing was written\n"
    assert kept(built) == before


def test_a_state_folder_that_cannot_be_made_stops_the_run(built, monkeypatch):
    state = built.root / ".paper-archive"
    shutil.rmtree(state)
    before, real_mkdir = kept(built), Path.mkdir
    monkeypatch.setattr(Path, "mkdir", lambda path, *args, **kwargs: (_ for _ in ()).throw(denied(path))
                        if path == state else real_mkdir(path, *args, **kwargs))
    result = generate()
    assert result.exit_code == 1
    assert result.output == f"Error: {state}: cannot be written (Permission denied); nothing was written\n"
    assert kept(built) == before
