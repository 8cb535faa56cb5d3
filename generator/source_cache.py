"""The sources' records kept between runs (see `cache.py`): `read_sources` gives what
`readers.read_sources` gives, parsing again only what changed.

Each file's records, problems and keys are kept in a cache file of its own
(`source-<name>.pickle`), keyed by the file's bytes: a run that finds a file
changed reads only that cache file's header, not the records of the file's
last version (tens of MB for a big library). A format read line by line (JSON
Lines) keeps each line's records instead (`lines.pickle`), and a BibTeX file
each entry's (`bibtex-entries.pickle`, see `EntryRecords`), so an edit to one
paper parses that paper alone.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from generator import readers
from generator.cache import Cache, Memo, bytes_digest, digest
from generator.model import Problem, Record
from generator.readers import ReadSettings, bibtex_blocks, parse_source, parse_text
from generator.readers.decoding import utf16_without_mark
from generator.readers.validate import validate

SOURCE_PREFIX = "source-"


def read_sources(cache: Cache, source_dir: Path, root: Path, settings: ReadSettings) -> tuple[list[Record], list[Problem], list[str]]:
    """`readers.read_sources`, and for each record a key naming it: its content, or for a
    format read line by line (JSON Lines) the line it was read from. A file is parsed
    again only when its bytes changed, a file read line by line only in its changed lines."""
    files, lines = SourceFiles(cache), Memo(cache, "lines")
    entries = EntryRecords(cache)
    keys: list[str] = []
    settings_key = digest(settings)

    def parse(path: Path, data: bytes, display: str, settings: ReadSettings):
        key = digest(display, bytes_digest(path, data), settings)
        found = files.get(display, key)
        if found is not None:
            entries.unchanged.add(display)
        else:
            # A file only a reader of lines claims is read without decoding it whole: its
            # lines are looked up by their bytes, and only the lines not found are decoded.
            reader, text = readers.line_reader(path), None
            if reader is None:
                try:
                    text = readers.decode(data)
                except readers.NotText:
                    text = None
                reader = readers.reader_for(path, text) if text is not None else None
            if reader is not None and hasattr(reader, "read_line"):
                found = by_line(reader, data, display, settings)
                if found is not None:
                    return found
            # The text is decoded and its reader chosen once, not again to parse it; bytes
            # that are not text go to `parse_source`, which says so.
            found = _keyed(parse_text(path, text, display, settings, reader, entries.check) if text is not None
                           else parse_source(path, data, display, settings), entries.digest)
            files.put(display, key, found)
        records, problems, named = found
        keys.extend(named)
        return records, problems

    def by_line(reader, data: bytes, display: str, settings: ReadSettings):
        """The records and problems of a file read line by line; None when it is not UTF-8
        (then `parse_source` decodes it whole, as its mark or `% Encoding:` line says)."""
        # The lines of the text `readers.decode` gives, as bytes: no line end is part of a
        # character, so splitting the bytes splits the text, and a line's key (of its text
        # in UTF-8) is of its bytes. A file all of whose bytes are UTF-8 `decode` reads as
        # UTF-8 too, whatever its first line declares.
        data = data.removeprefix(codecs.BOM_UTF8)
        if utf16_without_mark(data) is not None:
            return None  # every byte is UTF-8, but the text is not
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        prefix = f"{settings_key}\0{display}\0".encode("utf-8", "surrogatepass")
        records, problems, changes, named = [], [], [], []
        for number, line in enumerate(data.split(b"\n"), start=1):
            if not line or line.isspace():
                continue  # a blank line holds nothing in any format read line by line
            key = hashlib.sha1(b"%s%d\0%s" % (prefix, number, line)).hexdigest()
            try:  # only a line not found is decoded
                found, trouble, changed = lines.get(key, lambda: _read_line(reader, line, number, display, settings))
            except UnicodeDecodeError:
                return None
            if len(found) == 1:  # most lines: one record, nothing wrong
                records.append(found[0])
                named.append(key)
            else:
                records.extend(found)
                named.extend(f"{key}:{index}" for index in range(len(found)))
            if trouble:
                problems.extend(trouble)
            if changed:
                changes.extend(changed)
        keys.extend(named)
        return records, problems + changes  # as `parse_source` orders them

    with bibtex_blocks.remembering(entries):  # what the BibTeX reader finds, if a file needs it
        found = readers.read_sources(source_dir, root, settings, parse)
    files.forget_others()
    lines.save()
    entries.save()
    return (*found, keys)


class SourceFiles:
    """Each file's records, problems and keys in a cache file of its own, whose header
    holds the key of the file's bytes: a changed file costs reading a header."""

    def __init__(self, cache: Cache):
        self.cache = cache
        self.used: set[str] = set()

    def get(self, display: str, key: str):
        name = self._name(display)
        self.used.add(name)
        values, _ = self.cache.load_all(name, key)
        return values[0] if len(values) == 1 and isinstance(values[0], tuple) and len(values[0]) == 3 else None

    def put(self, display: str, key: str, found) -> None:
        self.cache.save(self._name(display), key, found)

    def forget_others(self) -> None:
        """Remove the cache files of files no longer among the sources."""
        self.cache.remove_others(SOURCE_PREFIX, self.used)

    @staticmethod
    def _name(display: str) -> str:
        return SOURCE_PREFIX + hashlib.sha1(display.encode("utf-8", "surrogatepass")).hexdigest()[:20]


class EntryRecords:
    """The records of BibTeX entries (`bibtex.remembering`), kept between runs: an edit to
    one entry of a big library decodes that entry alone. The cache file is read only
    when a BibTeX file is parsed; the entries of files `unchanged` in a run are kept.
    A record's `validate` and digest are kept with it: for ten thousand entries they
    cost more than finding the records."""

    def __init__(self, cache: Cache):
        self.cache, self.memo = cache, None
        self.unchanged: set[str] = set()  # files found in the cache whole
        self.checked: dict[int, tuple[Record, list[Problem]]] = {}  # by the id of a record handed out
        self.digests: dict[int, str] = {}  # by the id of a checked record

    def get(self, entry, make):
        if self.memo is None:
            self.memo = Memo(self.cache, "bibtex-entries")
        value = self.memo.get(entry, make)
        record = value[0] if type(value) is tuple and value else None
        if type(record) is Record:  # an entry's (record, …), not a piece's blocks
            checked, changes, named = self.memo.get((entry[0], "checked", *entry[1:]), lambda: _validated_and_named(record))
            self.checked[id(record)] = checked, changes
            self.digests[id(checked)] = named
        return value

    def check(self, record: Record) -> tuple[Record, list[Problem]]:
        """`validate`, found again for a record this run was handed by `get`."""
        return self.checked.get(id(record)) or validate(record)

    def digest(self, record: Record) -> str:
        """`digest` of a checked record, found again for one `check` found."""
        return self.digests.get(id(record)) or digest(record)

    def save(self) -> None:
        if self.memo is not None:
            self.memo.keep(lambda entry: entry[0] in self.unchanged)
            self.memo.save()


def _validated_and_named(record: Record) -> tuple[Record, list[Problem], str]:
    checked, changes = validate(record)
    return checked, changes, digest(checked)


def _keyed(parsed: tuple[list[Record], list[Problem]], named=digest):
    """A file's records and problems, and a key for each record naming its content (`named`
    is `digest` or a cached equivalent): a record that did not change in a changed file
    keeps its key, so its paper is found again."""
    records, problems = parsed
    return records, problems, [named(record) for record in records]


def _read_line(reader, line: bytes, number: int, display: str, settings: ReadSettings):
    text = line.decode("utf-8")
    if not text.strip():
        return (), (), ()  # blank but for white space outside ASCII: skipped as any blank line
    found, problems = reader.read_line(text, number, display, settings)
    records, changes = readers.validated(found)
    # Tuples: ten thousand lines' are read back each run, and tuples unpickle faster than lists.
    return tuple(records), tuple(problems), tuple(changes)


