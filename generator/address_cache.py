"""The archive's addresses with their work looked up in the cache (`cache.py`), for
`incremental.CachedStages`: `addresses.yml` read again only when its bytes changed
and written from its entries' kept lines (`AddressesFile`), and the identities of
papers known by their titles remembered by their origins (`AddressIdentities`).
As in `incremental`, each gives exactly what the uncached stage gives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator import addresses, archive, slugs
from generator.addresses import Addresses
from generator.cache import Cache, Memo, bytes_digest, file_digest
from generator.journal import atomic_write
from generator.model import Paper


class AddressIdentities:
    """`slugs.address_identity` of each title-only paper, remembered by its origin (the
    identity digests its abstract, which takes time for thousands of papers)."""

    def __init__(self, cache: Cache, papers: list[Paper], origin_of, origins: list[str] | None = None):
        """`origins`, when given, are the papers' origins in turn: the papers are the ones
        merged and cleaned but for what no identity reads (their tags)."""
        self.cache = cache
        saved = cache.load("address-identities", "")
        self.saved = saved if isinstance(saved, dict) else {}
        # (origin, paper) of each title-only paper: naming papers changes only their slugs,
        # so what the named papers' identities are is known from these.
        if origins is not None:
            self.known = [(origin, paper) for paper, origin in zip(papers, origins, strict=True) if paper.key.startswith("title:")]
        else:
            self.known = [(found, paper) for paper in papers if paper.key.startswith("title:")
                          and (found := origin_of(paper, ("key", "abstract"))) is not None]
        saved = self.saved
        slugs.remember_addresses([(paper, saved[origin]) for origin, paper in self.known if origin in saved])

    def save(self) -> None:
        if self.saved.keys() == {origin for origin, _ in self.known}:
            return  # each one's identity is the one kept for its origin, remembered above
        # An identity kept for an origin is the one remembered above, and the same for any paper it names.
        saved = self.saved
        found = {origin: saved.get(origin) or slugs.address_identity(paper) for origin, paper in self.known}
        if found != saved:
            self.cache.save("address-identities", "", found)


DUMPED = "dumped"  # saved after an `Addresses` for a file `Addresses.dump` wrote


class AddressesFile:
    """`addresses.yml` read again only when its bytes changed, and written from the lines
    of its entries kept in the cache (see `Addresses.dump`), which are read only then.
    When a run changes the values of a few entries of a file the last run wrote, only
    their lines are written anew (`addresses.edited`)."""

    def __init__(self, cache: Cache, path: Path):
        self.cache, self.path, self.read_key = cache, path, ""
        self.recorded: Addresses | None = None
        self.dumped = False  # the file holds what `Addresses.dump` wrote for `recorded`

    def read(self) -> Addresses:
        key = self.read_key = file_digest(self.path)
        values, _ = self.cache.load_all("addresses", key)
        found = values[0] if values else None
        if not isinstance(found, Addresses):
            found, values = archive.read_addresses(self.path), []
            self.cache.save("addresses", key, found)
        self.recorded = found  # what the file says (`addresses.record` makes new ones)
        self.dumped = values[1:] == [DUMPED]
        return found

    def write(self, known: Addresses) -> None:
        if known == self.recorded and self.path.is_file():
            return  # the file already says all of it: most runs add no paper and move none
        if self.dumped and self._edit(known):
            return
        lines = Memo(self.cache, "address-lines")
        written = dict(lines.old)  # given the entries it lacks by `Addresses.dump`
        archive.write_addresses(self.path, known, written)
        digest_written = file_digest(self.path)
        if digest_written != self.read_key or not self.dumped:
            self.cache.save("addresses", digest_written, known, DUMPED)  # what the next run reads
        used = {entry for name in ("papers", "moved") for entry in ((name, *item) for item in getattr(known, name).items())}
        lines.keep_entries(used)
        for entry in used - lines.old.keys():  # a new paper's or move's lines: added to the file's end
            lines.get(entry, lambda entry=entry: written[entry])
        lines.save()

    def write_first(self, known: Addresses) -> Callable[[], None]:
        """`write` for a run that then commits the pages: returns what puts the file back
        as it was, for a commit that stops before it replaced anything."""
        try:
            previous = self.path.read_bytes()
        except FileNotFoundError:
            previous = None
        self.write(known)

        def put_back() -> None:
            if previous is None:
                self.path.unlink(missing_ok=True)
            elif self.path.read_bytes() != previous:
                atomic_write(self.path, previous)

        return put_back

    def _edit(self, known: Addresses) -> bool:
        """Write the file with only the changed entries' lines replaced, when it is still
        what the last run wrote and no entry came or went; else False."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return False
        if bytes_digest(self.path, data) != self.read_key:
            return False  # changed since this run read it
        text = addresses.edited(data.decode("utf-8", errors="replace"), self.recorded, known)
        if text is None:
            return False
        archive.replace_addresses(self.path, text)
        data = text.encode("utf-8")
        # The entries' kept lines (`address-lines`) lack the new ones, which the next whole write makes.
        self.cache.save("addresses", bytes_digest(self.path, data), known, DUMPED)
        return True
