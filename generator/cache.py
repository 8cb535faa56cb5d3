"""The generator's cache: work of earlier runs, found again by the content it was made from.

Responsible for remembering, under `.paper-archive/cache/`, what is costly to
redo and for handing it back only when everything it was made from is the
same; nothing more. Every entry is keyed by a digest of its inputs, and every
file also by the generator's own code (`code_digest`), so a new version of a
reader or of the tagger never meets old results:

- `sources.pickle`: per source file, its records and problems (key: the file's
  bytes, its path and the read settings);
- `tags.pickle`: per title and abstract, the automatic tags (key: the
  taxonomy file too);
- `related.pickle`: word vectors per document and the neighbours found last
  (`related.Neighbours`), from which `related.update` starts;
- `pages.pickle`: per paper page, its Markdown (key: the paper, its note, its
  related papers and its citation key);
- `run.pickle`: the last run's inputs and result, so a run on the same inputs
  with `docs/` as that run left it does nothing at all.

Corpus-wide steps (merging, keyword counts, slugs, tag and date pages) are
never cached piecewise; they are recomputed from cached parts. A missing,
truncated or foreign cache file is an empty cache: the run recomputes and its
output is the same. Files are written whole to a temporary name and renamed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

STATE_DIR = ".paper-archive"
CACHE_DIR = "cache"
FORMAT = 1


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
    """Digest of picklable values (strings, tuples, dicts, frozen dataclasses: no sets)."""
    return hashlib.sha256(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


class Cache:
    """Named pickled values under `<root>/.paper-archive/cache/`, each with its key."""

    def __init__(self, root: Path, enabled: bool = True):
        self.directory = root / STATE_DIR / CACHE_DIR
        self.enabled = enabled

    def load(self, name: str, key: str) -> Any | None:
        """The value saved under `name` with this `key`; None when absent, stale or unreadable."""
        if not self.enabled:
            return None
        try:
            with open(self.directory / f"{name}.pickle", "rb") as handle:
                saved = pickle.load(handle)
        except Exception:  # noqa: BLE001 - any damage to a cache file only means recomputing
            return None
        if not isinstance(saved, tuple) or len(saved) != 3 or saved[:2] != (code_digest(), key):
            return None
        return saved[2]

    def save(self, name: str, key: str, value: Any) -> None:
        """Write atomically; a cache that cannot be written is no reason to fail the run."""
        if not self.enabled:
            return
        temporary = self.directory / f"{name}.pickle.{os.getpid()}.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                pickle.dump((code_digest(), key, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.directory / f"{name}.pickle")
        except OSError:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass


class Memo:
    """A cache file used as a dictionary for one run: entries looked up are kept, the
    others dropped when saved, so the file holds only what the last run used."""

    def __init__(self, cache: Cache, name: str, key: str = ""):
        self.cache, self.name, self.key = cache, name, key
        loaded = cache.load(name, key)
        self.old: dict = loaded if isinstance(loaded, dict) else {}
        self.new: dict = {}
        self.hits = 0

    def get(self, entry: str, compute):
        if entry in self.new:
            return self.new[entry]
        if entry in self.old:
            self.hits += 1
            value = self.old[entry]
        else:
            value = compute()
        self.new[entry] = value
        return value

    def save(self) -> None:
        if self.new.keys() != self.old.keys():  # equal keys hold equal values
            self.cache.save(self.name, self.key, self.new)
