"""A source over the size limit (the 4 GB arXiv snapshot) is reported by its size and
never read, not even to tell whether it changed; big files are digested in pieces."""

from __future__ import annotations

import builtins
from pathlib import Path

from click.testing import CliRunner

from generator import cache
from generator.cli import main
from generator.readers.validate import MAX_FILE_BYTES


def test_a_source_over_the_limit_is_reported_and_never_opened(project, monkeypatch):
    project.add_source("2024-03-14-papers.txt", "Mar 14\n\nA paper on graphs\n\nWe study graph neural networks.\n")
    huge = project.sources / "arxiv-metadata-oai-snapshot.json"
    with huge.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + (10 << 20))  # sparse: takes no room on the disk

    def refuse(real):
        def opened(path, *args, **kwargs):
            assert Path(path) != huge, f"{path} was opened"
            return real(path, *args, **kwargs)
        return opened

    monkeypatch.setattr(Path, "read_bytes", refuse(Path.read_bytes))
    monkeypatch.setattr(Path, "open", refuse(Path.open))
    monkeypatch.setattr(builtins, "open", refuse(builtins.open))
    monkeypatch.chdir(project.root)
    for _ in range(2):  # the first run, and one that finds the inputs as they were
        result = CliRunner().invoke(main, ["generate"])
        assert result.exit_code == 0, result.output
        assert "sources/arxiv-metadata-oai-snapshot.json: 60 MB, over the limit of 50 MB; not read" in result.output
        assert "1 records read" in result.output


def test_big_files_are_digested_in_pieces_to_the_same_digest(tmp_path, monkeypatch):
    path = tmp_path / "big.yml"
    path.write_bytes(b"tags:\n" * 1000)
    whole = cache.file_digest(path)
    monkeypatch.setattr(cache, "CHUNKED_BYTES", 100)
    monkeypatch.setattr(Path, "read_bytes", lambda path: (_ for _ in ()).throw(AssertionError("read whole")))
    assert cache.file_digest(path) == whole


def test_big_files_are_digested_without_hashlib_file_digest(tmp_path, monkeypatch):
    """`hashlib.file_digest` is new in Python 3.11; the project supports 3.10."""
    path = tmp_path / "manifest.json"
    path.write_bytes(b"{}\n" * 1000)
    whole = cache.file_digest(path)
    monkeypatch.setattr(cache, "CHUNKED_BYTES", 100)
    monkeypatch.delattr(cache.hashlib, "file_digest", raising=False)
    assert cache.file_digest(path) == whole
