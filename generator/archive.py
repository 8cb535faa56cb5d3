"""All file-system writes of the generator: staged, atomic, only changed files.

The archive owns the files its state lists (see `archive_state`): generated
pages carry a mark, other outputs are listed in `.paper-archive/manifest.json`.
Everything else in `docs/` belongs to a person and is never touched. A run is
planned in memory first; if any file it would change or remove was edited by
hand since it was written, the run stops before writing anything. Then it
commits the changed files through `journal`: staged beside the archive's
state, a journal naming every move (the commit point), then the moves.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.addresses import Addresses, AddressesError
from generator.addresses import parse as parse_addresses
from generator.archive_state import (
    JOURNAL,
    LOCK,
    MANIFEST,
    STAGING,
    STATE_DIR,
    ArchiveState,
    Ownership,
    load_state,
    project_lock,
    sha256,
)
from generator.cache import Cache
from generator.journal import ArchiveWriteError, atomic_write, commit, forget_folders, inside, keep_aside, recover
from generator.model import Deferred, taken_text
from generator.pagemark import is_markable, mark_page
from generator.readers import SourceUnreadableError
from generator.readers.decoding import NotText, decode
from generator.written import WrittenFiles

__all__ = ["ArchiveWriteError", "LOCK", "STATE_DIR", "MANIFEST", "JOURNAL", "STAGING", "ArchiveState", "open_state", "project_lock", "write_outputs"]



class HandEditedError(Exception):
    """Generation would overwrite or remove files a person changed or wrote.

    `edited` lists the generated pages (relative to `docs/`) edited by hand
    whose paper is still in the archive: their edits can be kept as notes."""

    def __init__(self, messages: list[str], edited: list[str] | None = None):
        super().__init__("\n".join(messages))
        self.messages = messages
        self.edited = edited or []


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    saved: list[tuple[str, str]] = field(default_factory=list)  # (file overwritten by force, where a copy is)
    copies: list[tuple[str, str]] = field(default_factory=list)  # (a person's copy of a page, removed; where it is kept)


def open_state(root: Path, docs_dir: Path, cache: Cache | None = None) -> ArchiveState:
    """The archive's state, healed when lost or damaged; first finishes a run
    that was interrupted after its commit point. With a `cache`, the state knows
    the files the last run left (see `written`)."""
    forget_folders()
    return load_state(root, docs_dir, recover, (lambda manifest: WrittenFiles(cache, manifest)) if cache else None)


def remember_files(state: ArchiveState) -> None:
    """Keep the record of the files this run left, for the next run (see `written`)."""
    state.written.save(state.manifest_digest, state.pieces)


def read_notes(notes_dir: Path) -> tuple[dict[str, str], dict[str, NotText]]:
    """Personal notes: `sources/notes/<slug>.md` → its text, decoded as the sources are
    (`readers.decoding`: UTF-8, or as a byte-order mark says, as Windows editors save);
    and the files that are not text in any of these, with what is wrong. A link leading
    out of the sources folder is not followed but said (see `readers.source_files`)."""
    if not notes_dir.is_dir():
        return {}, {}
    notes, unreadable = {}, {}
    # Listed and read so that a folder or note that cannot be read stops the run
    # (`SourceUnreadableError`): skipped, its notes would go from their pages.
    try:
        names = sorted(entry.name for entry in os.scandir(notes_dir) if entry.name.endswith(".md"))
    except OSError as error:
        raise SourceUnreadableError.of(notes_dir, error) from None
    for path in (notes_dir / name for name in names):
        if _leads_out(path):
            # Said, not skipped: a note is published, and what a link leads to may be private.
            unreadable[path.stem] = NotText(None, "a link leading out of the sources folder, not read")
        elif path.is_file():
            try:
                notes[path.stem] = decode(path.read_bytes())
            except NotText as error:
                unreadable[path.stem] = error
            except FileNotFoundError:
                continue  # removed since the folder was listed
            except OSError as error:
                raise SourceUnreadableError.of(path, error) from None
    return notes, unreadable


def _leads_out(note: Path) -> bool:
    """Whether a note, or its folder, is a link leading out of the sources folder."""
    return not note.resolve().is_relative_to(note.parent.parent.resolve())


def add_to_notes(notes_dir: Path, slug: str, text: str) -> Path:
    """Append `text` to `sources/notes/<slug>.md` (created when missing), atomically, in
    UTF-8. Raises `NotText` for a file whose bytes are not text: it is left as it is."""
    path = notes_dir / f"{slug}.md"
    if path.is_symlink() or _leads_out(path):
        # A note that leads elsewhere (a private file, another folder) is neither read nor written into.
        raise ArchiveWriteError(f"{path}: a link, which notes are not read through; make it a file of the sources folder")
    old = decode(path.read_bytes()) if path.is_file() else ""
    if text.strip() in old:
        return path  # moved there by a run that then failed: moved once
    joined = (old.rstrip() + "\n\n" if old.strip() else "") + text.strip() + "\n"
    try:
        atomic_write(path, joined.encode("utf-8"))
    except OSError as error:
        raise ArchiveWriteError(f"{path}: cannot be written ({error.strerror}); nothing was replaced") from None
    return path


def write_outputs(
    state: ArchiveState,
    outputs: dict[str, str | Deferred],
    identities: dict[str, tuple[list[str], str]] | None = None,
    force: bool = False,
    overwrite: frozenset[str] = frozenset(),
    moved: dict[str, str] | None = None,
) -> WriteReport:
    """Make `docs/` hold exactly `outputs` (relative path → text, or a `Deferred` text)
    among the archive's files. A file the last run left as it is now (see `written`)
    is not read: its digest, or for a deferred output its key, tells it unchanged.

    `identities` maps a paper page's path to (identities, slug), written into
    the page's mark so the paper keeps its page; or to a function giving them, for
    a page whose deferred key names them already (it names the page's paper): they
    are then made only for a page written, or whose entry is made anew. Raises `HandEditedError`
    before writing anything when a changed or removed file was edited by a
    person, unless `force` (or the file is in `overwrite`); raises
    `ArchiveWriteError` when the files cannot be written, leaving them as they were.
    `moved` (old slug → new slug) words the problem of an edited page whose paper moved.
    """
    identities = identities or {}
    docs_dir = state.docs_dir
    report = WriteReport()
    writes: dict[str, bytes] = {}
    conflicts: list[str] = []
    edited: list[str] = []
    manifest: dict[str, dict] = {}
    made: dict[str, tuple[str, str]] = {}  # written file → (output key, sha256)
    before: dict[str, str] = {}  # file replaced or removed → its sha256 as found (see `journal.commit`)
    noted = state.written.now  # filled below as `WrittenFiles.note` would: ten thousand files
    last_run, left = state.written.files, state.left
    for relative in sorted(outputs):  # names sort quicker than (name, output) pairs
        output = outputs[relative]
        named = identities.get(relative, _NOT_A_PAGE)
        key = _output_key(output, named)
        last = last_run.get(relative)
        if key and last is not None and last[0] == key and (relative in left or state.as_left(relative)):
            # Most files of a big archive: the output the file holds, known by its stamp.
            entry = state.manifest[relative]
            if not callable(named):  # else the key names the identities its entry was made with
                ids, slug = named
                if entry.get("slug", "") != slug or entry.get("ids", []) != list(ids):
                    entry = {"sha256": last[1], **({"ids": list(ids), "slug": slug} if slug else {})}
            manifest[relative] = entry
            report.unchanged.append(relative)
            noted[relative] = last  # the same key, digest and stamp
            continue
        recorded = state.recorded(relative)
        ids, slug = named() if callable(named) else named
        data = current = None
        if key and recorded is not None and recorded[0] == key:
            entry = {"sha256": recorded[1]}  # the same output as last time
            if not recorded[2]:
                current = _read(inside(docs_dir, relative))
                if current is None or sha256(current) != recorded[1]:
                    data = _encoded(relative, output, ids)
                    entry["sha256"] = sha256(data)
        else:
            data = _encoded(relative, output, ids)
            entry = {"sha256": sha256(data)}
        if slug:
            entry["ids"], entry["slug"] = list(ids), slug
        manifest[relative] = entry
        if recorded is not None and recorded[1] == entry["sha256"] and (recorded[2] or data is None):
            report.unchanged.append(relative)
            state.written.note(relative, key, entry["sha256"], state.stamp(relative))
            continue
        target = inside(docs_dir, relative)
        if target.is_dir() and not target.is_symlink():
            conflicts.append(f"{_shown(docs_dir, relative)}: a folder where a generated file goes; move it away")
            continue
        if current is None:
            current = _read(target)
        if current == data:
            report.unchanged.append(relative)
            state.written.note(relative, key, entry["sha256"], state.stamp(relative))
            continue
        made[relative] = (key, entry["sha256"])
        if current is not None and relative not in overwrite:
            ownership = state.ownership(relative, current)
            if ownership != Ownership.CLEAN and force:
                # Overwritten as asked, but not lost: a person's file or edit is kept aside.
                report.saved.append((relative, keep_copy(state, relative, current)))
            elif ownership != Ownership.CLEAN:
                conflicts.append(_ownership_problem(docs_dir, relative, ownership, moved or {}))
                if ownership == Ownership.EDITED and relative in identities:
                    edited.append(relative)
            elif state.healed and not is_markable(relative) and relative not in state.manifest:
                # A feed or `.bib` adopted without the manifest that knew what it held: an edit
                # of a person's is kept aside, as no record tells it from the last run's text.
                report.saved.append((relative, keep_copy(state, relative, current)))
        writes[relative] = data
        if current is not None:
            before[relative] = sha256(current)
    removals = []
    for relative in sorted(state.owned() - set(outputs)):
        target = inside(docs_dir, relative)
        if not target.is_file():
            continue
        current = target.read_bytes()
        edited_by_hand = state.ownership(relative, current) == Ownership.EDITED
        # Marked, but not written by the archive, whose record is whole: a person's copy of a page.
        copied = relative not in state.manifest and not state.healed
        if edited_by_hand and force:
            report.saved.append((relative, keep_copy(state, relative, current)))
        elif edited_by_hand:
            why = "a copy of a generated page that the archive did not write" if copied else "its paper is gone from sources/"
            conflicts.append(
                f"{_shown(docs_dir, relative)}: {why}, but the page was edited by hand; "
                "move the text you want to keep elsewhere, or run `paper-archive generate --force` to remove it"
            )
        elif copied:
            report.copies.append((relative, keep_copy(state, relative, current)))
        removals.append(relative)
        before[relative] = sha256(current)
    if conflicts:
        raise HandEditedError(conflicts, edited)
    if writes or removals or manifest != state.manifest or state.healed:
        stamps = commit(state, writes, removals, manifest, before)
        for relative, (key, sha) in made.items():
            state.written.note(relative, key, sha, stamps.get(relative))
    report.written = sorted(writes)
    report.removed = removals
    return report


_NOT_A_PAGE = ((), "")  # the identities and slug of an output that is not a paper page


def _output_key(output: str | Deferred, named) -> str:
    """What the record of written files keeps of a deferred output: its key and the
    identities its mark names (`named`: see `write_outputs`), digested; "" for a text,
    known by its bytes."""
    if not isinstance(output, Deferred):
        return ""
    text = output.key if callable(named) else f"{output.key}{list(named[0])!r}"
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _encoded(relative: str, output: str | Deferred, ids) -> bytes:
    """The bytes written for an output: a page's text with its mark, other text as it is."""
    text = taken_text(output)
    return mark_page(text, ids) if is_markable(relative) else text.encode("utf-8")


def _read(target: Path) -> bytes | None:
    return target.read_bytes() if target.is_file() else None


def edited_pages(state: ArchiveState, outputs: dict[str, str | Deferred]) -> dict[str, str]:
    """Generated pages among `outputs` that a person edited: relative path → the text on disk,
    decoded as sources are (`readers.decoding`). Raises `HandEditedError` when one was saved
    in bytes that are not text in these: what it holds could not be moved without loss."""
    found, unreadable = {}, []
    for relative in sorted(outputs):
        target = inside(state.docs_dir, relative)
        if is_markable(relative) and target.is_file():
            current = target.read_bytes()
            if state.ownership(relative, current) == Ownership.EDITED:
                try:
                    found[relative] = decode(current)
                except NotText as error:
                    unreadable.append(f"{_shown(state.docs_dir, relative)}:{error.line}: edited by hand, and {error}; "
                                      "then run `paper-archive generate --keep-edits`, or `paper-archive generate --force` to overwrite the edit")
    if unreadable:
        raise HandEditedError(unreadable)
    return found


def _ownership_problem(docs_dir: Path, relative: str, ownership: str, moved: dict[str, str]) -> str:
    shown = _shown(docs_dir, relative)
    if ownership == Ownership.FOREIGN:
        return f"{shown}: not written by paper-archive, so it is left alone; rename or move it, it is in the way of a generated page"
    if relative.startswith("papers/") and Path(relative).stem in moved:
        new = moved[Path(relative).stem]
        return (
            f"{shown}: edited by hand since it was generated, and its paper moved to papers/{new}.md (its title changed); "
            f"run `paper-archive generate --keep-edits` to save the edited page under .paper-archive/kept/ (copy what you "
            f"added into sources/notes/{new}.md), or `paper-archive generate --force` to overwrite the edit"
        )
    if relative.startswith("papers/"):
        note = f"sources/notes/{Path(relative).stem}.md"
        return (
            f"{shown}: edited by hand since it was generated; run `paper-archive generate --keep-edits` to move what you added "
            f"into {note} (it then shows under Notes), or `paper-archive generate --force` to overwrite the edit"
        )
    return (
        f"{shown}: edited by hand since it was generated; copy what you want to keep into a page of your own, "
        "or run `paper-archive generate --force` to overwrite the edit"
    )


def _shown(docs_dir: Path, relative: str) -> str:
    return (docs_dir / relative).as_posix()


def pages_to_go(state: ArchiveState, folder: str, staying: set[str]) -> dict[str, list[str]]:
    """Generated pages of `docs/<folder>` whose stem is not in `staying`: stem → the
    `sources` their front matter names (none for a redirect page)."""
    from generator.edits import split_page

    found = {}
    prefix = f"{folder}/"
    # Most runs keep every page: the pages kept are set aside by name, not one by one.
    kept = {f"{prefix}{stem}.md" for stem in staying}
    for relative in sorted(name for name in state.owned() if name.startswith(prefix) and name not in kept):
        name = relative[len(prefix) :]
        if "/" in name:
            continue
        stem = os.path.splitext(name)[0]  # as Path(name).stem, without making thousands of paths
        if stem in staying:
            continue
        target = inside(state.docs_dir, relative)
        if not target.is_file():
            continue
        meta, _ = split_page(target.read_text("utf-8", errors="replace"))
        sources = (meta or {}).get("sources")
        if isinstance(sources, list) and "redirect" not in (meta or {}):
            found[stem] = [str(source) for source in sources]
    return found


def keep_copy(state: ArchiveState, relative: str, text: str | bytes) -> str:
    """Save a hand-edited page (or a person's file in a generated one's place) under
    `.paper-archive/kept/` before it is regenerated (see `journal.keep_aside`)."""
    return keep_aside(state.state_dir, relative, text.encode("utf-8") if isinstance(text, str) else text)


def read_addresses(path: Path) -> Addresses:
    """The committed addresses file; an empty record when there is none."""
    if path.is_dir():  # not written over: it may hold what a person keeps
        raise AddressesError(f"{path.name}: a folder, not the file of the papers' addresses; move it away")
    if not path.is_file():
        if path.exists():  # read, a named pipe would wait for a writer; written over, it would go
            raise AddressesError(f"{path.name}: a named pipe, socket or device, not the file of the papers' addresses; move it away")
        return Addresses()
    try:
        text = decode(path.read_bytes())
    except NotText as error:  # read with its bytes replaced, it would be written back so
        raise AddressesError(f"{path.name}:{error.line}: {error}") from None
    return parse_addresses(text, path.name)


def replace_addresses(path: Path, text: str) -> None:
    """Write the addresses file anew as `text` (the file the last run wrote, with a few
    entries' lines changed: see `address_cache.AddressesFile`)."""
    _write_addresses_file(path, text)


def write_addresses(path: Path, known: Addresses, written: dict | None = None) -> None:
    """Write the addresses file when what it records changed (`written`: see `Addresses.dump`)."""
    text = known.dump(written)
    if not path.is_file() or path.read_text("utf-8", errors="replace") != text:
        _write_addresses_file(path, text)


def _write_addresses_file(path: Path, text: str) -> None:
    # Written before any page (see `pipeline`): failing, it stops the run with nothing replaced.
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as error:
        raise ArchiveWriteError(f"{path}: cannot be written ({error.strerror}); nothing was replaced") from None
