"""The generator's cache: work of earlier runs, found again by the content it was made from.

Responsible for remembering, under `.paper-archive/cache/`, what is costly to
redo and for handing it back only when everything it was made from is the
same; nothing more. Every entry is keyed by a digest of its inputs, and every
file also by the generator's own code (`code_digest`), so a new version of a
reader or of the tagger never meets old results. What is kept, and by whom:

- `source-…`, `lines`, `bibtex-entries`: per source file (a cache file each), per
  line of a file read line by line, per BibTeX entry, its records and problems
  (`source_cache`);
- `papers`: per paper, as merged and cleaned, keyed by its records' keys;
  `titles`, `address-identities`: the normalised titles and address identities
  of the last run; `plans`, `tags`: what each paper brings to tagging, and its
  automatic tags (keyed also by the taxonomy file); `tagging`: the last run's
  tags and tag report, by the papers' origins; `taxonomy`, `known-keys`: the
  parsed taxonomy and the keys a keyword may match (`incremental`);
- `related.pickle` and `related.sqlite` (a `cache_store.Store`): the neighbours found last
  and the postings of every word (`neighbours`); `related-words`: each word's
  hash and weight (`related`); `english.sqlite`: the English word list in parts
  (`english`);
- `parts`: BibTeX entries, `papers.json` entries (and the digests of both) and
  citation keys;
  `cards.sqlite` (a `Store`): the pieces of paper cards, read one by one when a
  listing page is made again (`site_cache`);
- `written`: the files the last run left in `docs/` (`written`);
- `addresses`, `address-lines`: `addresses.yml` parsed, and its entries as
  written (`address_cache.AddressesFile`);
- `run`, `run-papers`: the last run's inputs and result, so a run on the same
  inputs with `docs/` as that run left it does nothing at all (`runs`).

In a long-lived process (`mkdocs serve`, after `keep_in_memory`) the values of
the files that `Memo`s use stay in memory between runs, with the identity of
the file they were read from or written to (inode, size, modification time):
a run finds them there instead of unpickling them (a third of a second at
10,000 papers). A file changed by anything else (another process's run, a
person removing the cache) no longer matches, and is read again.

Corpus-wide steps (merging, slugs, tag and date pages) are never cached whole;
they are recomputed from cached parts. Tagging is given again whole only when
every paper's plan is the one at its place last run (`incremental.KeptTagging`). A missing,
truncated or foreign cache file is an empty cache: the run recomputes and its
output is the same. A file is written whole to a temporary name and renamed;
a `Memo` adds a run's new entries at its end instead.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
from stat import S_ISREG
from pathlib import Path
from typing import Any

STATE_DIR = ".paper-archive"
CACHE_DIR = "cache"
FORMAT = 2
# The files read whole by `Memo`s: dictionaries whose values are never changed in place.
RESIDENT_NAMES = frozenset({"lines", "bibtex-entries", "papers", "plans", "tags", "parts", "run-papers"})
RESIDENT_PREFIXES = ("source-",)  # one file per source file (`source_cache`)

# path -> (identity of the file, its header, its values), once `keep_in_memory` was called.
_resident: dict[Path, tuple[tuple, tuple, list]] | None = None


def keep_in_memory() -> None:
    """Keep the values of `RESIDENT_NAMES` in this process between runs (see the module's text)."""
    global _resident
    if _resident is None:
        _resident = {}


def _identity(stat: os.stat_result) -> tuple:
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@functools.cache
def code_digest() -> str:
    """Digest of the generator's source and data files: cached work of other code is stale."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(str(FORMAT).encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yml") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def digest(*parts: Any) -> str:
    """Digest of picklable values (strings, tuples, dicts, frozen dataclasses: no sets, no cycles).

    Pickled without a memo: with one, a string met twice in `parts` is written once and
    then referred to, so equal values that share their objects in one run and not in
    the next (a cold run's tag names are its slugs' keys) gave other bytes, and every
    key made of them missed the cache once."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


CHUNKED_BYTES = 64 << 20  # bigger files are digested as they are read


def file_digest(path: Path) -> str:
    try:
        info = path.stat()
        if not S_ISREG(info.st_mode):
            return "not a file"  # a named pipe, opened, would wait for a writer
        if info.st_size > CHUNKED_BYTES:
            # Not held whole: the digest of a huge file (a taxonomy or addresses file gone
            # wrong) costs time, not the machine's memory.
            # Read in pieces here: `hashlib.file_digest` is Python 3.11's, and 3.10 is supported.
            sha1 = hashlib.sha1()
            with path.open("rb") as file:
                while piece := file.read(1 << 20):
                    sha1.update(piece)
            return sha1.hexdigest()
        return bytes_digest(path, path.read_bytes())
    except OSError:
        return "missing"


# path -> (the bytes of a big file last digested, their digest): a run digests each source
# file up to three times (what it reads, its records' key, and whether it changed while
# the run read it), and comparing bytes costs a tenth of hashing them again.
_digested: dict[Path, tuple[bytes, str]] = {}
DIGEST_KEPT_BYTES = 1 << 20  # smaller files are hashed again: quicker than holding on to them


def bytes_digest(path: Path, data: bytes) -> str:
    """sha1 of `data`, the bytes read from `path` (as `file_digest` gives it), found again
    without hashing when they are, byte for byte, the bytes last digested for that path."""
    kept = _digested.get(path)
    if kept is not None and kept[0] == data:
        return kept[1]
    found = hashlib.sha1(data).hexdigest()  # as a line's key: faster than sha256 on a big library
    if len(data) >= DIGEST_KEPT_BYTES:
        _digested[path] = (data, found)
    elif kept is not None:
        del _digested[path]
    return found


class Cache:
    """Named pickled values under `<root>/.paper-archive/cache/`, each with its key.

    A file starts with a header, `(code digest, key)`, so a stale file is
    recognised without reading the rest; then comes the value, or for a `Memo`
    a run of dictionaries, one added per run."""

    def __init__(self, root: Path, enabled: bool = True):
        self.directory = root / STATE_DIR / CACHE_DIR
        self.enabled = enabled

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.pickle"

    def load(self, name: str, key: str) -> Any | None:
        """The value saved under `name` with this `key`; None when absent, stale or unreadable."""
        values, _ = self.load_all(name, key, limit=1)
        return values[0] if values else None

    def load_all(self, name: str, key: str, limit: int | None = None) -> tuple[list, bool]:
        """The values written under `name` with this `key`, oldest first, and whether
        the file ended where its last value did (False: damaged, or no such file)."""
        if not self.enabled:
            return [], False
        path, header = self._path(name), (code_digest(), key)
        resident = _resident is not None and (name in RESIDENT_NAMES or name.startswith(RESIDENT_PREFIXES)) and limit is None
        values: list = []
        try:
            with open(path, "rb") as handle:
                identity = _identity(os.fstat(handle.fileno()))
                kept = _resident.get(path) if resident else None
                if kept is not None and kept[0] == identity:
                    return (list(kept[2]), True) if kept[1] == header else ([], False)
                if pickle.load(handle) != header:
                    return [], False
                while limit is None or len(values) < limit:
                    if not handle.peek(1):
                        if resident:
                            _resident[path] = (identity, header, list(values))
                        return values, True
                    values.append(pickle.load(handle))
                return values, True
        except Exception:  # noqa: BLE001 - any damage to a cache file only means recomputing
            return values, False

    def save(self, name: str, key: str, *values: Any, shared: bool = True) -> None:
        """Write atomically; a cache that cannot be written is no reason to fail the run.
        Not `shared`: the values hold no object met twice that is worth writing once
        (no cycles either), and are pickled without a memo, in half the time or less."""
        if not self.enabled:
            return
        temporary = self.directory / f"{name}.pickle.{os.getpid()}.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                for value in ((code_digest(), key), *values):
                    pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)  # one each: each is read alone
                    pickler.fast = not shared
                    pickler.dump(value)
                handle.flush()
                identity = _identity(os.fstat(handle.fileno()))
            os.replace(temporary, self._path(name))
            if _resident is not None and (name in RESIDENT_NAMES or name.startswith(RESIDENT_PREFIXES)):
                _resident[self._path(name)] = (identity, (code_digest(), key), [_copied(value) for value in values])
        except OSError:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass

    def remove_others(self, prefix: str, kept: set[str]) -> None:
        """Remove the files whose names start with `prefix`, but those `kept`."""
        try:
            names = [entry.name.removesuffix(".pickle") for entry in os.scandir(self.directory) if entry.name.endswith(".pickle")]
            for name in names:
                if name.startswith(prefix) and name not in kept:
                    self._path(name).unlink(missing_ok=True)
                    if _resident is not None:
                        _resident.pop(self._path(name), None)
        except OSError:
            pass  # an old file left behind only takes room

    def size(self, name: str) -> int | None:
        """The size in bytes of the file `name`; None when there is none."""
        try:
            return os.stat(self._path(name)).st_size
        except OSError:
            return None

    def append(self, name: str, value: Any) -> bool:
        """Add a value at the end of an existing file; False when that failed (the file may
        then end in a partial value, which its next reader sees as damage)."""
        if not self.enabled:
            return False
        path = self._path(name)
        kept = _resident.pop(path, None) if _resident is not None else None
        try:
            with open(path, "ab") as handle:
                before = _identity(os.fstat(handle.fileno()))
                handle.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                handle.flush()
                after = _identity(os.fstat(handle.fileno()))
        except OSError:
            return False
        if kept is not None and kept[0] == before:
            _resident[path] = (after, kept[1], [*kept[2], _copied(value)])
        return True


class Memo:
    """A cache file used as a dictionary for one run. Entries computed in a run are
    appended to the file as one more dictionary, so a run that changed a little
    writes a little; the file is written anew, with only the entries the run
    used, when most of what it holds went unused or it was damaged."""

    MAX_PARTS = 64  # dictionaries in one file before it is written anew

    def __init__(self, cache: Cache, name: str, key: str = "", pack=None, unpack=None):
        """`pack` turns a dictionary into what is written, `unpack` back (both optional)."""
        self.cache, self.name, self.key = cache, name, key
        self.pack = pack or (lambda entries: entries)
        parts, self.intact = cache.load_all(name, key)
        self.old: dict = {}
        self.stored = 0  # entries in the file, overwritten ones counted
        for part in parts:
            try:
                part = unpack(part) if unpack else part
            except Exception:  # noqa: BLE001 - a damaged part ends what can be read
                part = None
            if not isinstance(part, dict):
                self.intact = False
                break
            self.old.update(part)
            self.stored += len(part)
        self.parts = len(parts)
        self.new: dict = {}  # entries used by this run
        self.added: dict = {}  # entries computed by this run
        self.hits = 0

    def get(self, entry, compute):
        found = self.new.get(entry, _MISSING)
        if found is not _MISSING:
            return found
        found = self.old.get(entry, _MISSING)
        if found is not _MISSING:
            self.hits += 1
        else:
            found = self.added[entry] = compute()
        self.new[entry] = found
        return found

    def keep_entries(self, entries) -> None:
        """Keep these entries, as if this run had used them."""
        wanted = self.old.keys() & entries  # as sets: thousands at a time
        wanted -= self.new.keys()
        self.new.update(zip(wanted, map(self.old.__getitem__, wanted)))

    def keep(self, wanted) -> None:
        """Keep the entries `wanted(entry)` accepts, as if this run had used them."""
        for entry, value in self.old.items():
            if entry not in self.new and wanted(entry):
                self.new[entry] = value

    def peek(self, entry):
        """The entry if a run computed it, without marking it used; None otherwise."""
        return self.new.get(entry, self.old.get(entry))

    def save(self) -> None:
        stored = self.stored + len(self.added)
        if self.intact and stored <= 2 * len(self.new) and self.parts < self.MAX_PARTS:
            if not self.added:
                return
            if self.cache.append(self.name, self.pack(self.added)):
                self.stored, self.parts, self.added = stored, self.parts + 1, {}
                return
        self.cache.save(self.name, self.key, self.pack(self.new))
        self.intact, self.stored, self.parts, self.added = True, len(self.new), 1, {}


_MISSING = object()


def _copied(value: Any) -> Any:
    """A value as kept in memory: a dictionary the writer may go on filling is copied."""
    return dict(value) if isinstance(value, dict) else value
