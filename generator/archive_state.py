"""What the archive knows of `docs/` before a run, read from `.paper-archive/` and healed from `docs/`.

`.paper-archive/manifest.json` lists the files the archive wrote, with the
SHA-256 of each and, for paper pages, the paper's identities. When it is
missing, unreadable, of the wrong shape, or `.paper-archive/` is not a folder,
the state is rebuilt from the pages themselves: every generated page carries
a mark (see `pagemark`) naming its paper, so each paper keeps its address and
no page is written twice. Each repair is reported in one line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from generator.pagemark import FENCE, MARK_PREFIX, Mark, is_markable, read_mark
from generator.written import Stamp, WrittenFiles, stamp_from, stamp_of

STATE_DIR = ".paper-archive"
MANIFEST = "manifest.json"
JOURNAL = "journal.json"
STAGING = "staging"
LOCK = "lock"

HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


class Ownership:
    """How a file on disk stands to the archive."""

    CLEAN = "clean"  # written by the archive and unchanged since
    EDITED = "edited"  # written by the archive, then changed by a person
    FOREIGN = "foreign"  # not written by the archive


@dataclass
class ArchiveState:
    """What the archive knows of `docs/` before a run.

    `manifest` maps a file (relative to `docs/`) to its entry; `marked` holds
    the marks of generated pages found on disk (read when first needed, and
    only of pages the manifest does not list as left by the last run: those
    say what the manifest says); `healed` says the manifest was lost or
    damaged, so machine files (feeds, `.bib`, `.json`) at the archive's own
    paths are adopted; `notices` say what was repaired. `written` is the last
    run's record of the files it left (see `written`), `manifest_digest` the
    digest of the manifest it belongs to; `left` the files found as that run
    left them (the scan for marks finds every page's). `manifest_text` and
    `pieces`: the manifest's bytes and where its entries lie in them, when the
    record kept that (see `journal.manifest_text`).
    """

    docs_dir: Path
    state_dir: Path
    manifest: dict[str, dict]
    healed: bool = False
    notices: list[str] = field(default_factory=list)
    written: WrittenFiles = field(default_factory=lambda: WrittenFiles(None, ""))
    manifest_digest: str = ""
    stamps: dict[str, Stamp | None] = field(default_factory=dict, repr=False)
    _marked: dict[str, Mark] | None = field(default=None, repr=False)
    _recorded: dict[str, tuple[str, str, bool] | None] = field(default_factory=dict, repr=False)
    _listings: dict[str, list[str]] = field(default_factory=dict, repr=False)
    manifest_text: bytes | None = field(default=None, repr=False)
    pieces: list = field(default_factory=list, repr=False)
    left: set[str] = field(default_factory=set, repr=False)

    @property
    def marked(self) -> dict[str, Mark]:
        if self._marked is None:
            self._marked = _scan_marks(self)
        return self._marked

    def listing(self, folder: str) -> list[str]:
        """The names in `docs/<folder>` ("" for `docs/`), listed once a run: a big archive's
        `papers/` holds thousands, which the run's key, the scan for marks and the search
        for a person's pages all need. A commit keeps the names up to date (see `committed`)."""
        if folder not in self._listings:
            self._listings[folder] = os.listdir(self.docs_dir / folder)
        return self._listings[folder]

    def stamp(self, relative: str) -> Stamp | None:
        """The file's stamp, taken once a run (before the run reads or writes the file)."""
        if relative not in self.stamps:
            self.stamps[relative] = stamp_of(self.docs_dir / relative)
        return self.stamps[relative]

    def recorded(self, relative: str) -> tuple[str, str, bool] | None:
        """(output key, sha256, unchanged) of a file the manifest lists, as the last run
        recorded it (see `WrittenFiles.recorded`)."""
        if relative not in self._recorded:
            found = self.written.recorded(relative, self.stamp(relative))
            entry = self.manifest.get(relative)
            self._recorded[relative] = found if found is not None and entry is not None and entry["sha256"] == found[1] else None
        return self._recorded[relative]

    def as_left(self, relative: str) -> bool:
        """Whether the file is as the last run left it (see `recorded`); the scan for marks
        finds it for every page."""
        if relative in self.left:
            return True
        found = self.recorded(relative)
        return found is not None and found[2]

    def committed(self, manifest: dict[str, dict], digest: str, moved=(), removed=()) -> None:
        """The manifest a run wrote, and the digest of its file; `moved` and `removed`: the
        files it wrote and removed. A folder listed keeps its names, with those written added;
        the listings of folders above them (which may have gained or lost a folder) and of
        folders a file was removed from (which may be gone) are forgotten."""
        self.manifest, self.manifest_digest = manifest, digest
        self._recorded.clear()
        self.left.clear()
        changed: dict[str, set[str]] = {}
        for relative in moved:
            folder, _, name = relative.rpartition("/")
            changed.setdefault(folder, set()).add(name)
        for relative in removed:
            folder = relative.rpartition("/")[0]
            self._listings.pop(folder, None)
            changed.setdefault(folder, set())
        for folder, names in changed.items():
            if folder in self._listings:
                self._listings[folder] = [*self._listings[folder], *(names - set(self._listings[folder]))]
            while folder:
                folder = folder.rpartition("/")[0]
                self._listings.pop(folder, None)

    @property
    def remembered(self) -> bool:
        """A manifest of an earlier run was read: which pages that run left is known."""
        return bool(self.manifest_digest)

    def identities(self) -> dict[str, str]:
        """Identity → slug of every paper page the archive wrote: as the manifest
        says, then as the marks of pages it does not list say."""
        found: dict[str, str] = {}
        for entry in self.manifest.values():
            for name in entry.get("ids", []):
                found.setdefault(name, entry["slug"])
        for relative, mark in sorted(self.marked.items()):
            if relative.startswith("papers/") and relative.count("/") == 1:
                for name in mark.ids:
                    found.setdefault(name, Path(relative).stem)
        return found

    def owned(self) -> set[str]:
        """Files the archive wrote and may replace or remove. A marked page outside
        `papers/` that the manifest does not list may be a person's copy, so it
        counts only when the manifest was lost, and only in the folders the archive
        writes pages to (`docs/my-favourite.md`, a copy of a paper's page, is a person's)."""
        marked = {r for r in self.marked if r.startswith("papers/") or self.healed and r.startswith(PAGE_FOLDERS)}
        if self.healed:
            marked |= self._tag_files(marked)
        return set(self.manifest) | marked

    def _tag_files(self, marked: set[str]) -> set[str]:
        """The `.bib` file and the feed of each tag whose page (`tags/<slug>.md`) the archive
        wrote: made with the page, they go with it once the manifest that listed them is lost."""
        tags = {relative[5:-3] for relative in marked if relative.startswith("tags/") and relative.endswith(".md") and relative.count("/") == 1}
        found = set()
        for folder, suffix in (("tags", ".bib"), ("feeds/tags", ".xml")):
            if tags and (self.docs_dir / folder).is_dir():
                found.update(f"{folder}/{name}" for name in self.listing(folder) if name.endswith(suffix) and name[: -len(suffix)] in tags)
        return found

    def foreign_files(self, folder: str) -> set[str]:
        """Stems of Markdown files in `docs/<folder>` that a person put there."""
        directory = self.docs_dir / folder
        if not directory.is_dir():
            return set()
        owned = self.owned()
        names = [name for name in self.listing(folder) if name.endswith(".md")]  # as glob("*.md"), without paths
        return {os.path.splitext(name)[0] for name in names if f"{folder}/{name}" not in owned}

    def ownership(self, relative: str, current: bytes) -> str:
        mark = read_mark(current) if is_markable(relative) else None
        if mark is not None:
            return Ownership.CLEAN if mark.intact else Ownership.EDITED
        entry = self.manifest.get(relative)
        if entry is not None:
            return Ownership.CLEAN if sha256(current) == entry["sha256"] else Ownership.EDITED
        if self.healed and not is_markable(relative):
            return Ownership.CLEAN
        return Ownership.FOREIGN


# The folders of `docs/` whose pages the archive writes: papers, tags and the date archive.
PAGE_FOLDERS = ("papers/", "tags/", "archive/")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_state(root: Path, docs_dir: Path, recover, record=None) -> ArchiveState:
    """The state of `root`'s archive; `recover(state_dir, docs_dir)` finishes an interrupted
    commit; `record(manifest digest)` gives the last run's `WrittenFiles`, when kept."""
    state_dir = root / STATE_DIR
    notices: list[str] = []
    prepare_state_dir(state_dir, notices)
    try:
        for kept in recover(state_dir, docs_dir) or ():
            notices.append(f"{docs_dir.name}/{kept}: changed since an interrupted run looked at it, which has now "
                           "replaced or removed it; your text is kept there")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        notices.append(f"{STATE_DIR}/{JOURNAL}: damaged ({error}); the interrupted run is discarded")
        (state_dir / JOURNAL).unlink(missing_ok=True)
        shutil.rmtree(state_dir / STAGING, ignore_errors=True)
    manifest, problem, digest, written, data = _read_manifest(state_dir / MANIFEST, record)
    state = ArchiveState(docs_dir=docs_dir, state_dir=state_dir, manifest=manifest, notices=notices, manifest_digest=digest)
    if written is not None:
        state.written = written
        if written.pieces:
            state.manifest_text, state.pieces = data, written.pieces
    elif record is not None:
        state.written = record("")  # without a manifest, an empty record to fill
    if problem is None:
        return state
    marked = state.marked
    if problem == "missing" and not marked:
        return state  # a first run: nothing to heal
    notices.append(f"{STATE_DIR}/{MANIFEST}: {problem}; rebuilt from the {len(marked)} generated pages found in {docs_dir.name}/")
    state.manifest, state.healed = {}, True
    return state


def prepare_state_dir(state_dir: Path, notices: list[str]) -> None:
    """Make `.paper-archive/` a folder, removing a file of that name, a stray `staging` file
    and folders where its files go."""
    if state_dir.exists() and not state_dir.is_dir():
        notices.append(f"{STATE_DIR}: a file, not the generator's folder; replaced by a new state")
        state_dir.unlink(missing_ok=True)
    state_dir.mkdir(parents=True, exist_ok=True)
    staging = state_dir / STAGING
    if staging.exists() and not staging.is_dir():
        notices.append(f"{STATE_DIR}/{STAGING}: a file, not the staging folder; removed")
        staging.unlink(missing_ok=True)
    for name in (MANIFEST, JOURNAL, LOCK):
        # A folder where one of the generator's files goes would fail every run after it.
        if (state_dir / name).is_dir() and not (state_dir / name).is_symlink():
            notices.append(f"{STATE_DIR}/{name}: a folder, not the generator's file; removed")
            shutil.rmtree(state_dir / name, ignore_errors=True)


def _read_manifest(path: Path, record=None) -> tuple[dict[str, dict], str | None, str, WrittenFiles | None, bytes]:
    """The manifest, None, the digest of its bytes, the record of the run that wrote it
    (`record(digest)`, when given) and its bytes; or {}, what is wrong with it, "", None and b""."""
    if not path.exists():
        return {}, "missing", "", None, b""
    try:
        data = path.read_bytes()
        value = json.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return {}, f"unreadable ({type(error).__name__})", "", None, b""
    if not isinstance(value, dict):
        return {}, "not a mapping of files", "", None, b""
    digest = sha256(data)
    written = record(digest) if record is not None else None
    # A manifest the last run wrote itself, byte for byte (its record is kept under the digest),
    # has entries of the shape it makes: ten thousand of them are not checked again.
    if written is None or not written.files:
        for relative, entry in value.items():
            if not _valid_entry(relative, entry):
                return {}, f"entry {relative[:80]!r} has the wrong shape", "", None, b""
    return value, None, digest, written, data


def _valid_entry(relative, entry) -> bool:
    if not isinstance(relative, str) or not relative or relative.startswith("/") or ".." in relative.split("/"):
        return False
    if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) or not HEX_DIGEST.fullmatch(entry["sha256"]):
        return False
    ids, slug = entry.get("ids"), entry.get("slug")
    if ids is None and slug is None:
        return True
    return isinstance(ids, list) and all(isinstance(name, str) for name in ids) and isinstance(slug, str) and bool(slug)


def _scan_marks(state: ArchiveState) -> dict[str, Mark]:
    """Marks of the generated pages under `docs/` (relative path → mark), but for pages the
    manifest lists as the last run left them (unless the state is being rebuilt). Hidden files
    and folders, and links, are left out. Each page's stamp is taken into `state.stamps`
    before it is read."""
    found: dict[str, Mark] = {}
    docs_dir, stamps = state.docs_dir, state.stamps
    if not docs_dir.is_dir():
        return found
    head = FENCE + MARK_PREFIX
    files, trusted, manifest, left, healed = state.written.files, state.written.trusted, state.manifest, state.left, state.healed
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            names = state.listing(folder)
        except OSError:
            continue
        prefix = f"{folder}/" if folder else ""
        base = f"{docs_dir}/{prefix}"
        for name in names:
            if name.startswith("."):
                continue
            relative = prefix + name
            try:
                # One lstat a file: it tells a folder from a page, and is the page's stamp.
                status = os.lstat(base + name)
            except OSError:
                continue
            if stat.S_ISDIR(status.st_mode):
                folders.append(relative)
                continue
            if not name.endswith(".md") or not stat.S_ISREG(status.st_mode):
                continue
            stamp = stamps.setdefault(relative, stamp_from(status))
            if stamp is None:
                continue
            if not healed:
                # As `recorded` tells it, without its lookups of the record and the manifest:
                # most pages are as the last run left them.
                last = files.get(relative)
                if last is not None and last[2] == stamp and trusted(stamp):
                    entry = manifest.get(relative)
                    if entry is not None and entry["sha256"] == last[1]:
                        left.add(relative)
                        continue
            try:
                with open(base + name, "rb") as handle:
                    if handle.read(len(head)) != head:
                        continue
                    data = head + handle.read()
            except OSError:
                continue
            mark = read_mark(data)
            if mark is not None:
                found[relative] = mark
    return found


class LockTimeoutError(Exception):
    """Another run held the project's lock for longer than this run would wait."""


class StateUnwritableError(Exception):
    """`.paper-archive/` or its lock cannot be made or written (permissions): no run can start."""


@contextmanager
def project_lock(root: Path, timeout: float | None, on_wait: Callable[[str], None] | None) -> Iterator[list[str]]:
    """Hold `.paper-archive/lock` for one run; yields the repairs made to reach it.

    A second run waits (saying so through `on_wait`) until the first is done,
    or gives up after `timeout` seconds."""
    state_dir = root / STATE_DIR
    notices: list[str] = []
    try:
        prepare_state_dir(state_dir, notices)
    except FileExistsError:
        state_dir.mkdir(exist_ok=True)  # another run repaired it first
    except OSError as error:
        where = error.filename or state_dir
        raise StateUnwritableError(f"{where}: cannot be written ({error.strerror}); nothing was written") from None
    lock = FileLock(state_dir / LOCK)
    try:
        lock.acquire(timeout=0)
    except Timeout:  # an OSError too, so caught first
        if on_wait is not None:
            on_wait(f"another paper-archive run is working on {root}; waiting for it to finish ({state_dir / LOCK})")
        try:
            lock.acquire(timeout=-1 if timeout is None else timeout)
        except Timeout:
            raise LockTimeoutError(
                f"{state_dir / LOCK}: another paper-archive run is still working after {timeout:g} s; nothing was written"
            ) from None
    except OSError as error:  # a lock file that cannot be written
        raise StateUnwritableError(f"{state_dir / LOCK}: cannot be written ({error.strerror}); nothing was written") from None
    try:
        yield notices
    finally:
        lock.release()
