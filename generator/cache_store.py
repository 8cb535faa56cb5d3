"""Tables of cached values in SQLite, read one by one: the cache (`cache.py`) for data of
which a run uses a little.

Responsible for `Store`; nothing more. Its files live beside the pickled ones
under `.paper-archive/cache/` and follow the same rules: keyed by the
generator's code, a damaged file an empty cache, never a wrong value.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from typing import Any

from generator.cache import Cache, code_digest


class Store:
    """Tables of values in `<cache>/<name>.sqlite`, each value read when it is asked for:
    for data of which a run uses a little (the postings of a few words among thousands).

    Like every cache file it is keyed by the generator's code; its `token` names the
    state last written, which the pickled values that go with it record, so the two are
    used together or not at all. Each value is stored with its digest and is checked
    when read: a damaged database gives nothing (`get` returns None, `usable` turns
    False), never a wrong value. Changes are written in one transaction."""

    def __init__(self, cache: Cache, name: str, tables: tuple[str, ...]):
        self.path = cache.directory / f"{name}.sqlite"
        self.tables = tables
        self.connection: sqlite3.Connection | None = None
        self.token: str | None = None
        self.usable = False
        if not cache.enabled:
            return
        try:
            self._open()
        except (sqlite3.Error, OSError):
            self.close()
            try:
                self.path.unlink(missing_ok=True)
                self._open()
            except (sqlite3.Error, OSError):
                self.close()

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(self.path, isolation_level=None)
        self.connection.execute("PRAGMA synchronous = OFF")  # a cache: lost writes only mean recomputing
        self.connection.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        found = dict(self.connection.execute("SELECT name, value FROM meta"))
        if found.get("code") != code_digest():
            self.connection.execute("BEGIN")
            for table in self.tables:
                self.connection.execute(f"DROP TABLE IF EXISTS {table}")
            self.connection.execute("DELETE FROM meta")
            self.connection.execute("INSERT INTO meta VALUES ('code', ?)", (code_digest(),))
            self.connection.execute("COMMIT")
            found = {}
        for table in self.tables:
            self.connection.execute(f"CREATE TABLE IF NOT EXISTS {table} (key INTEGER PRIMARY KEY, value BLOB NOT NULL)")
        self.token, self.usable = found.get("token"), True

    def get(self, table: str, key: int) -> Any | None:
        if not self.usable or self.connection is None:
            return None
        try:
            row = self.connection.execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            self.usable = False
            return None
        if row is None:
            return None
        data = row[0] if isinstance(row[0], bytes) else b""  # a value of another type: damage
        if len(data) < 20 or hashlib.sha1(data[20:]).digest() != data[:20]:
            self.usable = False  # damaged: whatever was read with it is suspect too
            return None
        return pickle.loads(data[20:])

    def write(self, changes: dict[str, dict[int, Any]], token: str, replace: bool = False) -> bool:
        """Write `changes` (table → key → value, None to delete), all tables emptied first
        when `replace`, and the new `token`; False when that failed."""
        if self.connection is None:
            return False
        try:
            self.connection.execute("BEGIN")
            for table in self.tables:
                if replace:
                    self.connection.execute(f"DELETE FROM {table}")
                values = changes.get(table, {})
                gone = [(key,) for key, value in values.items() if value is None]
                kept = [(key, _sealed(value)) for key, value in values.items() if value is not None]
                self.connection.executemany(f"DELETE FROM {table} WHERE key = ?", gone)
                self.connection.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", kept)
            self.connection.execute("INSERT OR REPLACE INTO meta VALUES ('token', ?)", (token,))
            self.connection.execute("COMMIT")
        except sqlite3.Error:
            self.close()
            return False
        self.token = token
        return True

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except sqlite3.Error:
                pass
        self.connection, self.usable = None, False


def _sealed(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha1(data).digest() + data
