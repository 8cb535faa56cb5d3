"""The commit of a run's writes: staged beside the archive's state, a journal as the
commit point, then the moves; a run interrupted after its journal is finished by the next.

Before anything is staged, every folder written to must be writable and the disk must
have room. A run that fails or is killed before the journal is written leaves the
previous files as they were and no staged files behind.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import json
import os
import shutil
import sys
from pathlib import Path

from generator.archive_state import JOURNAL, MANIFEST, STAGING, ArchiveState, sha256
from generator.written import stamp_of

STAGED_MANIFEST = "manifest.part"
# Room kept free on the disk beyond what a run writes.
SPARE_BYTES = 16 * 1024 * 1024
# Staged files made durable one by one up to this many; beyond, with one sync of their
# file system (only on Linux, where syncfs() waits until the data is written).
FSYNC_EACH_UP_TO = 64


class ArchiveWriteError(Exception):
    """The archive's files cannot be written; nothing was replaced."""


def commit(state: ArchiveState, writes: dict[str, bytes], removals: list[str], manifest: dict,
           before: dict[str, str] | None = None) -> dict:
    """Stage, journal and apply a run's changes; returns the written files' stamps. `before`:
    the sha256 of each file the run replaces or removes, as the run found it (a file not in
    it was absent): a run that finishes this one later keeps aside what changed since."""
    _check_room(state, writes, removals)
    staging = state.state_dir / STAGING
    moves = {}
    stamps = {}
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        one_sync = len(writes) > FSYNC_EACH_UP_TO and sys.platform == "linux"

        def stage(staged: Path, data: bytes) -> None:
            with open(staged, "wb") as handle:
                handle.write(data)
                if not one_sync:
                    handle.flush()
                    os.fsync(handle.fileno())

        for number, (relative, data) in enumerate(sorted(writes.items())):
            staged = staging / f"{number}.part"
            stage(staged, data)
            moves[relative] = staged.name
            stamps[relative] = stamp_of(staged)  # renaming keeps it
        # The manifest is staged too, so the journal only names it: a big archive's is large.
        last = (state.manifest, state.manifest_text, state.pieces) if state.manifest_text is not None else None
        text, pieces = manifest_text(manifest, last)
        stage(staging / STAGED_MANIFEST, text)
        if one_sync:
            # One call instead of an fsync per file: a tenth of a cold run at 10,000 papers.
            _sync_file_system(staging)
        journal = {"moves": moves, "removals": removals, "manifest": STAGED_MANIFEST, "before": before or {}}
        atomic_write(state.state_dir / JOURNAL, json.dumps(journal, sort_keys=True).encode("utf-8"))
    except BaseException as error:
        # Before the commit point: the previous files stand, nothing staged stays behind.
        (state.state_dir / JOURNAL).unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise ArchiveWriteError(f"{staging}: cannot stage the new files ({error.strerror}); nothing was replaced") from None
        raise
    state.committed(manifest, _apply(state.state_dir, state.docs_dir, journal), moves, removals)
    state.manifest_text, state.pieces = text, pieces
    return stamps


def _sync_file_system(folder: Path) -> None:
    """Wait until every file written on `folder`'s file system is on disk: Linux's
    syncfs(), which leaves other disks alone; sync() where the C library lacks it."""
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (AttributeError, OSError):
        os.sync()
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if syncfs(descriptor) != 0:
            number = ctypes.get_errno()
            raise OSError(number, os.strerror(number), str(folder))
    finally:
        os.close(descriptor)


def _check_room(state: ArchiveState, writes: dict[str, bytes], removals: list[str]) -> None:
    """Refuse, before anything is replaced, a run whose files cannot all be written."""
    folders = {inside(state.docs_dir, relative).parent for relative in [*writes, *removals]} | {state.state_dir}
    for folder in sorted(folders):
        existing = folder
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
            raise ArchiveWriteError(f"{existing}: not a writable folder; nothing was replaced")
    needed = sum(len(data) for data in writes.values()) + SPARE_BYTES
    free = shutil.disk_usage(state.state_dir).free
    if free < needed:
        raise ArchiveWriteError(
            f"{state.state_dir}: {free // 1024 // 1024} MB free on the disk, about {needed // 1024 // 1024} MB needed; nothing was replaced"
        )


def recover(state_dir: Path, docs_dir: Path) -> list[str]:
    """Finish a run interrupted after its journal; returns what it kept aside: files a person
    changed, or put where the run writes or removes one, since that run looked at them."""
    journal_path = state_dir / JOURNAL
    if journal_path.is_file():
        journal = json.loads(journal_path.read_bytes().decode("utf-8"))
        if not (
            isinstance(journal, dict)
            and isinstance(journal.get("moves"), dict)
            and isinstance(journal.get("removals"), list)
            and isinstance(journal.get("manifest"), (dict, str))
        ):
            raise ValueError("not a journal")
        kept: list[str] = []
        _apply(state_dir, docs_dir, journal, kept)
        return kept
    if (state_dir / STAGING).exists():
        shutil.rmtree(state_dir / STAGING, ignore_errors=True)
    return []


def _apply(state_dir: Path, docs_dir: Path, journal: dict, kept: list[str] | None = None) -> str:
    """Carry out a committed journal; safe to repeat after an interruption. Returns the
    digest of the manifest it wrote. Finishing an interrupted run (`kept` given), a file
    that is no longer as that run found it is kept aside first, and named in `kept`."""
    staging = state_dir / STAGING
    before = journal.get("before") if kept is not None else None
    try:
        for relative, staged_name in journal["moves"].items():
            staged = staging / str(staged_name)
            if staged.is_file():
                target = inside(docs_dir, relative)
                if before is not None:
                    _keep_if_changed(state_dir, relative, target, before, kept)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
        for relative in journal["removals"]:
            target = inside(docs_dir, relative)
            if before is not None:
                _keep_if_changed(state_dir, relative, target, before, kept)
            target.unlink(missing_ok=True)
            _prune_empty(target.parent, docs_dir)
        if isinstance(journal["manifest"], dict):  # a journal of an earlier version holds it
            manifest = _manifest_text(journal["manifest"])
            atomic_write(state_dir / MANIFEST, manifest)
        elif (staging / str(journal["manifest"])).is_file():
            manifest = (staging / str(journal["manifest"])).read_bytes()
            os.replace(staging / str(journal["manifest"]), state_dir / MANIFEST)
        else:  # moved into place by an interrupted recovery
            manifest = (state_dir / MANIFEST).read_bytes()
    except OSError as error:
        raise ArchiveWriteError(
            f"{error.filename or docs_dir}: {error.strerror}; the run is committed and will be finished by the next run"
        ) from None
    (state_dir / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    return sha256(manifest)


def _keep_if_changed(state_dir: Path, relative: str, target: Path, before: dict, kept: list[str]) -> None:
    if target.is_file() and not target.is_symlink():
        data = target.read_bytes()
        if sha256(data) != before.get(relative):
            kept.append(f"{relative} → {keep_aside(state_dir, relative, data)}")


def keep_aside(state_dir: Path, relative: str, data: bytes) -> str:
    """Save `data`, a person's text at `relative` in `docs/`, under `.paper-archive/kept/`;
    returns where. A copy kept before of other text is not written over: this one gets
    a number (`page.2.md`); the same text is kept once."""
    folder, _, name = relative.rpartition("/")
    stem, dot, suffix = name.partition(".")
    try:
        for number in itertools.count(1):
            kept = relative if number == 1 else "/".join(filter(None, (folder, f"{stem}.{number}{dot}{suffix}")))
            path = state_dir / "kept" / kept
            if not path.exists():
                atomic_write(path, data)
                break
            if path.is_file() and path.read_bytes() == data:
                break
    except OSError as error:
        raise ArchiveWriteError(f"{error.filename or state_dir}: cannot keep a copy of {relative} there ({error.strerror}); "
                                "nothing was replaced") from None
    return f"{state_dir.name}/kept/{kept}"


def _manifest_text(manifest: dict) -> bytes:
    """The manifest as JSON on one line: Python's JSON encoder is quick only when it does
    not indent, and a big archive's manifest lists thousands of files."""
    return (json.dumps(manifest, sort_keys=True) + "\n").encode("utf-8")


# Entries in a piece of the manifest's text (see `manifest_text`).
PIECE = 256


def manifest_text(manifest: dict, last: tuple | None = None) -> tuple[bytes, list[tuple[str, int, int, int]]]:
    """The manifest's text, as `_manifest_text` gives it, and its pieces: (first file, entries,
    where the piece starts and ends in the text). `last`: (the last manifest, its text, its
    pieces); a piece of it whose files and entries are all the same is copied from its text
    instead of encoded again: a run that changed one paper changes a few entries of ten thousand."""
    keys = sorted(manifest)
    old, old_text, old_pieces = last or ({}, b"", [])
    old_keys = list(old)
    spans, at = [], 0
    for number, (first, count, start, end) in enumerate(old_pieces):
        stop = bisect.bisect_left(keys, old_pieces[number + 1][0]) if number + 1 < len(old_pieces) else len(keys)
        if stop > at:
            spans.append((at, stop, old_text[start:end] if _same(keys[at:stop], old_keys, old, manifest, first, count) else None))
        at = max(at, stop)
    if at < len(keys):
        spans.append((at, len(keys), None))
    parts, pieces, offset = [], [], 1
    for begin, stop, text in spans:
        # A piece grown by new files is encoded again in pieces of the usual size.
        for low in [begin] if text is not None else range(begin, stop, PIECE):
            high = stop if text is not None else min(low + PIECE, stop)
            if text is None:
                part = json.dumps({key: manifest[key] for key in keys[low:high]}, sort_keys=True)[1:-1].encode("utf-8")
            else:
                part = text
            pieces.append((keys[low], high - low, offset, offset + len(part)))
            parts.append(part)
            offset += len(part) + 2
    return b"{" + b", ".join(parts) + b"}\n", pieces


def _same(keys: list[str], old_keys: list[str], old: dict, manifest: dict, first: str, count: int) -> bool:
    """Whether a piece of the last manifest (`count` entries from `first`) holds `keys`, with
    the entries `manifest` has for them."""
    if len(keys) != count or not keys or keys[0] != first:
        return False
    at = bisect.bisect_left(old_keys, first)
    return old_keys[at : at + count] == keys and list(map(old.get, keys)) == list(map(manifest.__getitem__, keys))


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise


def _prune_empty(directory: Path, docs_dir: Path) -> None:
    while directory != docs_dir and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent


def inside(docs_dir: Path, relative: str) -> Path:
    """The path of a generated file, refusing anything that would land outside `docs/`.
    Its folder is resolved once a run (a big archive has thousands of files in a few
    folders). A file that is itself a link is the link, not what it leads to: written, the
    link is replaced and a person's file it led to stays as it was."""
    folder, _, name = relative.rpartition("/")
    place = (docs_dir, folder)
    if place not in _folders:
        _folders[place] = ((docs_dir / folder).resolve(), docs_dir.resolve())
    resolved, root = _folders[place]
    target = resolved / name
    if name in ("", ".", ".."):
        target = (docs_dir / relative).resolve()
    if not target.is_relative_to(root) or Path(relative).is_absolute():
        raise OutsideError(f"{docs_dir / relative}: leads out of {docs_dir} (a link?); move it or the link away; nothing was replaced")
    return target


class OutsideError(ValueError):
    """A generated file's path that leads out of `docs/` (its folder is a link out of it)."""


# (docs folder, folder of an output) → (that folder resolved, the docs folder resolved);
# emptied when a run starts, as folders may become links between runs.
_folders: dict[tuple[Path, str], tuple[Path, Path]] = {}


def forget_folders() -> None:
    """A run starts: folders may have become links since the last one."""
    _folders.clear()
