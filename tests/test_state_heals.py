"""A lost, damaged or foreign `.paper-archive/` is rebuilt from the pages on disk;
writes that cannot succeed fail before anything is replaced. Real `generate` runs."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from generator.pagemark import read_mark

LISTING = "Mar 14\n\n" + "\n\n".join(
    f"Paper {name} on graph learning\n\nWe study graph neural networks for case {name}." for name in ("one", "two", "three")
)


@pytest.fixture
def built(project):
    project.add_source("2024-03-14-papers.txt", LISTING + "\n")
    project.generate()
    return project


def pages(project) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in project.paper_pages()}


DAMAGE = {
    "empty manifest": lambda state: (state / "manifest.json").write_text(""),
    "garbage manifest": lambda state: (state / "manifest.json").write_bytes(b"\x00\xffnot json{"),
    "wrong types": lambda state: (state / "manifest.json").write_text('{"papers/x.md": {"sha256": 5, "ids": "no"}}'),
    "a list": lambda state: (state / "manifest.json").write_text("[1, 2]"),
    "staging as a file": lambda state: (state / "staging").write_text("junk"),
    "garbage journal": lambda state: (state / "journal.json").write_text("{"),
    "journal of wrong shape": lambda state: (state / "journal.json").write_text('{"moves": [1]}'),
    "state folder is a file": lambda state: (shutil.rmtree(state), state.write_text("junk")),
    "manifest is a folder": lambda state: ((state / "manifest.json").unlink(), (state / "manifest.json").mkdir()),
    "lock is a folder": lambda state: ((state / "lock").unlink(missing_ok=True), (state / "lock").mkdir()),
    "deleted": lambda state: shutil.rmtree(state),
}


CASES = [(damage, False) for damage in sorted(DAMAGE)] + [("deleted", True), ("garbage manifest", True)]


@pytest.mark.parametrize(("damage", "force"), CASES, ids=[f"{d}{' --force' if f else ''}" for d, f in CASES])
def test_damaged_state_keeps_one_page_per_paper_at_its_address(built, damage, force):
    before = pages(built)
    DAMAGE[damage](built.root / ".paper-archive")
    result = built.generate(*(["--force"] if force else []))
    assert "Traceback" not in result.stderr
    assert "pages: 0 written" in result.stdout, result.stdout + result.stderr
    assert pages(built) == before
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    if damage not in ("staging as a file",):
        assert notes, result.stderr
    assert built.generate().stdout.startswith(result.stdout.split("\n")[0])  # and the next run too
    assert all(len(line) < 300 for line in notes)
    # and the state is whole again: it lists every page
    manifest = (built.root / ".paper-archive" / "manifest.json").read_text("utf-8")
    assert all(f"papers/{name}" in manifest for name in before)


def test_after_a_lost_state_a_page_edited_by_hand_is_still_recognised(built):
    page = built.papers / "paper-two-on-graph-learning.md"
    page.write_text(page.read_text("utf-8") + "\nMy remark.\n", "utf-8")
    shutil.rmtree(built.root / ".paper-archive")
    built.add_source("2024-03-14-papers.txt", LISTING.replace("case two", "case 2") + "\n")
    result = built.generate(check=False)
    assert result.returncode == 1 and "paper-two-on-graph-learning.md: edited by hand" in result.stderr
    assert "My remark." in page.read_text("utf-8")


def test_generated_pages_carry_a_mark_that_names_their_paper(built):
    for path in built.paper_pages():
        mark = read_mark(path.read_bytes())
        assert mark is not None and mark.intact
        assert any(name.startswith("title:paper ") for name in mark.ids)


def changed_sources(project):
    project.add_source("2024-03-14-papers.txt", LISTING.replace("graph neural networks", "graph transformers") + "\n")


def settings_of(project):
    from mkdocs.config import load_config

    from generator.project import settings_from

    config = load_config(str(project.root / "mkdocs.yml"))
    return settings_from(config, config.plugins["paper-archive"].config)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_papers_folder_fails_before_any_file_is_replaced(built):
    before = pages(built)
    changed_sources(built)
    os.chmod(built.papers, 0o555)
    try:
        result = built.generate(check=False)
    finally:
        os.chmod(built.papers, 0o755)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "not a writable folder" in result.stderr
    assert pages(built) == before
    state = built.root / ".paper-archive"
    assert not (state / "staging").exists() and not (state / "journal.json").exists()
    assert "pages: 3 written" in built.generate().stdout


def test_unwritable_folder_stops_the_run_before_staging(built, monkeypatch):
    from generator import archive, pipeline

    before = pages(built)
    changed_sources(built)
    real_access = os.access
    monkeypatch.setattr(archive.os, "access", lambda path, mode: Path(path) != built.papers and real_access(path, mode))
    with pytest.raises(archive.ArchiveWriteError, match="not a writable folder"):
        pipeline.generate(settings_of(built))
    assert pages(built) == before
    assert not (built.root / ".paper-archive" / "staging").exists()


def test_a_full_disk_while_staging_leaves_old_pages_and_no_staged_files(built, monkeypatch):
    from generator import archive, pipeline

    before = pages(built)
    changed_sources(built)
    real_fsync, calls = os.fsync, []

    def full_disk(descriptor):
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(archive.os, "fsync", full_disk)
    with pytest.raises(archive.ArchiveWriteError, match="No space left"):
        pipeline.generate(settings_of(built))
    assert pages(built) == before
    state = built.root / ".paper-archive"
    assert not (state / "staging").exists() and not (state / "journal.json").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="the one sync of many staged files is Linux's syncfs")
def test_many_staged_files_are_made_durable_with_one_sync_of_their_file_system(built, monkeypatch):
    from generator import journal, pipeline

    synced = []
    real_sync = journal._sync_file_system
    monkeypatch.setattr(journal, "FSYNC_EACH_UP_TO", 0)
    monkeypatch.setattr(journal, "_sync_file_system", lambda folder: synced.append(folder) or real_sync(folder))
    changed_sources(built)
    pipeline.generate(settings_of(built))
    assert [folder.name for folder in synced] == ["staging"]
    assert any("graph transformers" in text.decode("utf-8") for text in pages(built).values())


@pytest.mark.skipif(sys.platform != "linux", reason="the one sync of many staged files is Linux's syncfs")
def test_a_failed_sync_of_the_staged_files_replaces_nothing(built, monkeypatch):
    from generator import archive, journal, pipeline

    def failing_sync(folder):
        raise OSError(5, "Input/output error", str(folder))

    before = pages(built)
    changed_sources(built)
    monkeypatch.setattr(journal, "FSYNC_EACH_UP_TO", 0)
    monkeypatch.setattr(journal, "_sync_file_system", failing_sync)
    with pytest.raises(archive.ArchiveWriteError, match="Input/output error"):
        pipeline.generate(settings_of(built))
    assert pages(built) == before
    state = built.root / ".paper-archive"
    assert not (state / "staging").exists() and not (state / "journal.json").exists()


def test_too_little_free_space_is_refused_before_anything_is_replaced(built, monkeypatch):
    from generator import archive, journal, pipeline

    before = pages(built)
    changed_sources(built)
    monkeypatch.setattr(journal.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**9, 10**9, 1000))
    with pytest.raises(archive.ArchiveWriteError, match="free on the disk"):
        pipeline.generate(settings_of(built))
    assert pages(built) == before


def test_force_never_makes_a_second_copy_even_of_pages_without_a_mark(built):
    """Pages written before pages were marked, and the state and addresses lost."""
    before = sorted(pages(built))
    for path in built.paper_pages():
        data = path.read_bytes()
        path.write_bytes(b"---\n" + data.split(b"\n", 2)[2])  # the mark line removed
    shutil.rmtree(built.root / ".paper-archive")
    (built.root / "addresses.yml").unlink()
    stopped = built.generate(check=False)
    assert stopped.returncode == 1 and "not written by paper-archive" in stopped.stderr
    assert sorted(pages(built)) == before
    built.generate("--force")
    assert sorted(pages(built)) == before
    assert all(read_mark(path.read_bytes()).intact for path in built.paper_pages())


def test_an_addresses_file_that_is_a_folder_stops_the_run_in_one_line_before_writing(built):
    before = pages(built)
    (built.root / "addresses.yml").unlink()
    (built.root / "addresses.yml").mkdir()
    built.add_source("more.jsonl", '{"title": "A new paper", "abstract": "About graph learning."}\n')
    result = built.generate(check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "addresses.yml: a folder, not the file of the papers' addresses" in result.stderr
    assert pages(built) == before and not list(built.root.glob("addresses.yml.*"))


def test_an_addresses_file_saved_in_another_encoding_stops_the_run_in_one_line_before_writing(built):
    path = built.root / "addresses.yml"
    # A line added by hand in an editor that saves Windows-1252.
    edited = path.read_bytes().replace(b"papers:", "# Adresses gardées à la main\npapers:".encode("cp1252"), 1)
    path.write_bytes(edited)
    before = pages(built)
    built.add_source("more.jsonl", '{"title": "A new paper", "abstract": "About graph learning."}\n')
    result = built.generate(check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = edited.split(b"\n").index("# Adresses gardées à la main".encode("cp1252")) + 1
    assert f"addresses.yml:{line}: not UTF-8 text (byte " in result.stderr
    assert pages(built) == before and path.read_bytes() == edited


def test_addresses_alone_keep_pages_in_place_when_the_state_is_lost(built):
    before = sorted(pages(built))
    for path in built.paper_pages():
        data = path.read_bytes()
        path.write_bytes(b"---\n" + data.split(b"\n", 2)[2])
    shutil.rmtree(built.root / ".paper-archive")
    stopped = built.generate(check=False)
    assert stopped.returncode == 1 and "not written by paper-archive" in stopped.stderr
    assert sorted(pages(built)) == before


def test_a_gone_tags_bibliography_and_feed_go_with_its_page_when_the_state_is_lost(built):
    tags = built.docs / "tags"
    slug = next(path.stem for path in tags.glob("*.bib") if (tags / f"{path.stem}.md").is_file())
    feed = built.docs / "feeds" / "tags" / f"{slug}.xml"
    assert feed.is_file()
    mine = tags / "my-own-reading.bib"  # a person's file: no tag page of that name
    mine.write_text("@misc{x, title = {Mine}}\n", encoding="utf-8")
    shutil.rmtree(built.root / ".paper-archive")
    for path in (built.root / "sources").iterdir():
        path.unlink()
    built.add_source("other.txt", "Mar 15\n\nA paper on wheat\n\nWe grew wheat in a field for three summers.\n")
    built.generate()
    assert not (tags / f"{slug}.md").exists() and not (tags / f"{slug}.bib").exists() and not feed.exists()
    assert mine.read_text(encoding="utf-8") == "@misc{x, title = {Mine}}\n"
