"""All file-system writes of the generator: staged, atomic, only changed files.

The archive owns exactly the files its manifest lists (relative to `docs/`,
with the SHA-256 of what was written). Everything else in `docs/` belongs to a
person and is never touched. A run is planned in memory first; if any file it
would change or remove was edited by hand since it was written, the run stops
before writing anything. Otherwise the changed files are staged beside the
archive's state, a journal naming every move is written (the commit point),
and the moves are made. A run killed before the journal leaves the previous
files as they were; one killed after it is finished by the next run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

STATE_DIR = ".paper-archive"
MANIFEST = "manifest.json"
JOURNAL = "journal.json"
STAGING = "staging"


class HandEditedError(Exception):
    """Generation would overwrite or remove files a person changed or wrote."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class ArchiveState:
    """What the archive knows of `docs/` before a run."""

    docs_dir: Path
    state_dir: Path
    manifest: dict[str, dict]

    def identities(self) -> dict[str, str]:
        """Identity → slug of every paper page the archive wrote."""
        found: dict[str, str] = {}
        for entry in self.manifest.values():
            for name in entry.get("ids", []):
                found.setdefault(name, entry["slug"])
        return found

    def foreign_files(self, folder: str) -> set[str]:
        """Stems of Markdown files in `docs/<folder>` that a person put there."""
        directory = self.docs_dir / folder
        if not directory.is_dir():
            return set()
        return {
            path.stem
            for path in directory.glob("*.md")
            if f"{folder}/{path.name}" not in self.manifest
        }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_state(root: Path, docs_dir: Path) -> ArchiveState:
    """The archive's state; first finishes a run that was interrupted after its commit point."""
    state_dir = root / STATE_DIR
    _recover(state_dir, docs_dir)
    manifest_path = state_dir / MANIFEST
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.is_file() else {}
    return ArchiveState(docs_dir=docs_dir, state_dir=state_dir, manifest=manifest)


def read_notes(notes_dir: Path) -> dict[str, str]:
    """Personal notes: `sources/notes/<slug>.md` → its text."""
    if not notes_dir.is_dir():
        return {}
    return {path.stem: path.read_text("utf-8-sig") for path in sorted(notes_dir.glob("*.md"))}


def write_outputs(
    state: ArchiveState,
    outputs: dict[str, str],
    identities: dict[str, tuple[list[str], str]] | None = None,
    force: bool = False,
) -> WriteReport:
    """Make `docs/` hold exactly `outputs` (relative path → text) among the archive's files.

    `identities` maps a paper page's path to (identities, slug), remembered so
    the paper keeps its page. Raises `HandEditedError` before writing anything
    when a changed or removed file was edited by a person, unless `force`.
    """
    identities = identities or {}
    docs_dir = state.docs_dir
    report = WriteReport()
    writes: dict[str, bytes] = {}
    conflicts: list[str] = []
    manifest: dict[str, dict] = {}
    for relative, text in sorted(outputs.items()):
        target = _inside(docs_dir, relative)
        data = text.encode("utf-8")
        entry = {"sha256": sha256(data)}
        if relative in identities:
            entry["ids"], entry["slug"] = identities[relative]
        manifest[relative] = entry
        current = target.read_bytes() if target.is_file() else None
        if current == data:
            report.unchanged.append(relative)
            continue
        if current is not None and not force:
            problem = _ownership_problem(state, relative, current)
            if problem:
                conflicts.append(problem)
        writes[relative] = data
    removals = []
    for relative in sorted(set(state.manifest) - set(outputs)):
        target = _inside(docs_dir, relative)
        if not target.is_file():
            continue
        if not force and sha256(target.read_bytes()) != state.manifest[relative]["sha256"]:
            conflicts.append(
                f"{_shown(docs_dir, relative)}: its paper is gone from sources/, but the page was edited by hand; "
                "move the text you want to keep elsewhere, or rerun with --force to remove it"
            )
        removals.append(relative)
    if conflicts:
        raise HandEditedError(conflicts)
    if writes or removals or manifest != state.manifest:
        _commit(state, writes, removals, manifest)
    report.written = sorted(writes)
    report.removed = removals
    return report


def _ownership_problem(state: ArchiveState, relative: str, current: bytes) -> str | None:
    shown = _shown(state.docs_dir, relative)
    entry = state.manifest.get(relative)
    if entry is None:
        return f"{shown}: not written by paper-archive, so it is left alone; rename or move it, it is in the way of a generated page"
    if sha256(current) != entry["sha256"]:
        note = f"sources/notes/{Path(relative).stem}.md" if relative.startswith("papers/") else "a page of your own"
        return (
            f"{shown}: edited by hand since it was generated; "
            f"to keep the edit, move it to {note}, or rerun with --force to overwrite it"
        )
    return None


def _commit(state: ArchiveState, writes: dict[str, bytes], removals: list[str], manifest: dict) -> None:
    staging = state.state_dir / STAGING
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    moves = {}
    for number, (relative, data) in enumerate(sorted(writes.items())):
        staged = staging / f"{number}.part"
        with open(staged, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        moves[relative] = staged.name
    journal = {"moves": moves, "removals": removals, "manifest": manifest}
    _atomic_write(state.state_dir / JOURNAL, json.dumps(journal, indent=1, sort_keys=True).encode("utf-8"))
    _apply(state.state_dir, state.docs_dir, journal)
    state.manifest = manifest


def _recover(state_dir: Path, docs_dir: Path) -> None:
    journal_path = state_dir / JOURNAL
    if journal_path.is_file():
        _apply(state_dir, docs_dir, json.loads(journal_path.read_text("utf-8")))
    elif (state_dir / STAGING).exists():
        shutil.rmtree(state_dir / STAGING)


def _apply(state_dir: Path, docs_dir: Path, journal: dict) -> None:
    """Carry out a committed journal; safe to repeat after an interruption."""
    staging = state_dir / STAGING
    for relative, staged_name in journal["moves"].items():
        staged = staging / staged_name
        if staged.is_file():
            target = _inside(docs_dir, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)
    for relative in journal["removals"]:
        target = _inside(docs_dir, relative)
        target.unlink(missing_ok=True)
        _prune_empty(target.parent, docs_dir)
    _atomic_write(state_dir / MANIFEST, json.dumps(journal["manifest"], indent=1, sort_keys=True).encode("utf-8"))
    (state_dir / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _prune_empty(directory: Path, docs_dir: Path) -> None:
    while directory != docs_dir and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def _inside(docs_dir: Path, relative: str) -> Path:
    """The path of a generated file, refusing anything that would land outside `docs/`."""
    target = (docs_dir / relative).resolve()
    if not target.is_relative_to(docs_dir.resolve()) or Path(relative).is_absolute():
        raise ValueError(f"refusing to write outside {docs_dir}: {relative}")
    return target


def _shown(docs_dir: Path, relative: str) -> str:
    return (docs_dir / relative).as_posix()
