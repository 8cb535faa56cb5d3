"""What the last run left in `docs/`: per file, its stamp, the digest of its bytes and
the key of the output written there.

Responsible for letting a run know a file without reading it; nothing more.
A file whose stamp (size, modification time and inode, from `lstat`) is the
one recorded by the last run holds the bytes that run wrote or found there,
so the write stage compares digests instead of files, and a paper page whose
output key is unchanged is not even rendered. A file whose modification time
is less than `RACY_NS` (or `RACY_FINE_NS`, on a file system with fine
timestamps) before the record was saved is read again next time: a quick
second change could keep the stamp. (A change made within the file system's time resolution after the run
wrote a file, keeping its size, is not seen until the file's output changes;
the write stage then reads it and stops, as for any hand edit.) The record
belongs to the manifest the run wrote (it is keyed by its digest), so after
any other writer touched the manifest it is ignored and every file is read as
before. It lives in the cache (`written.pickle`); losing it costs reading the
files once (and a run on unchanged inputs is done again: see `runs`).
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from generator.cache import Cache

# A file changed this shortly before the record was saved is read again next time: a
# second change within the file system's time resolution would keep its stamp. File
# systems that keep whole seconds (FAT keeps two) show it in the times they give; the
# others (ns times, moving at least every kernel tick) need much less.
RACY_NS = 2_000_000_000
RACY_FINE_NS = 100_000_000
FILE_NAME = "written"

Stamp = tuple[int, int, int]


def stamp_of(path: Path | str) -> Stamp | None:
    """(size, mtime, inode) of a regular file, not following a link; None otherwise.
    Renaming a file keeps its stamp, so a staged file's stamp is the written file's."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return stamp_from(status)


def stamp_from(status: os.stat_result) -> Stamp:
    """The stamp of a regular file from its `lstat`."""
    return (status.st_size, status.st_mtime_ns, status.st_ino)


class WrittenFiles:
    """The record of the last run, and the one this run builds."""

    def __init__(self, cache: Cache | None, manifest_digest: str):
        self.cache = cache
        saved = cache.load(FILE_NAME, manifest_digest) if cache is not None else None
        valid = isinstance(saved, tuple) and len(saved) == 3 and isinstance(saved[1], dict) and isinstance(saved[2], list)
        self.recorded_at, self.files, self.pieces = saved if valid else (0, {}, [])
        self.now: dict[str, tuple[str, str, Stamp]] = {}
        # A stamp is trusted when its time is before these: in whole seconds, in finer times.
        self.before = (self.recorded_at - RACY_NS, self.recorded_at - RACY_FINE_NS)

    def recorded(self, relative: str, stamp: Stamp | None) -> tuple[str, str, bool] | None:
        """(output key, sha256, unchanged) of what the last run left at `relative`;
        `unchanged` when the file's stamp shows it is still as the run left it."""
        entry = self.files.get(relative)
        if entry is None:
            return None
        if stamp is None or entry[2] != stamp:
            return entry[0], entry[1], False
        return entry[0], entry[1], self.trusted(stamp)

    def trusted(self, stamp: Stamp) -> bool:
        """Whether a file of this stamp, the one the record has for it, is as the run left it:
        stamped long enough before the record was saved for a change to show in its time."""
        return stamp[1] < self.before[stamp[1] % 1_000_000_000 != 0]

    def note(self, relative: str, key: str, sha256: str, stamp: Stamp | None) -> None:
        """What this run left at `relative` (`stamp` taken before any read of the file)."""
        if stamp is not None:
            self.now[relative] = (key, sha256, stamp)

    def save(self, manifest_digest: str, pieces: list, recorded_at: int | None = None) -> None:
        """Keep the record, with where the manifest's entries lie in its text (see
        `journal.manifest_text`)."""
        if self.cache is not None:
            self.cache.save(FILE_NAME, manifest_digest, (recorded_at or time.time_ns(), self.now, pieces), shared=False)
