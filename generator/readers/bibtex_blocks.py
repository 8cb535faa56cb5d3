"""A BibTeX file's blocks, split by bibtexparser, in pieces a cache can keep.

bibtexparser's splitter walks the whole text in Python: for a library of ten
thousand entries that is about half the time it takes to read it. `blocks` cuts
the text before entries that start a line outside any braces, splits each
piece of `ENTRIES_PER_PIECE` entries on its own, and finds pieces it split
before in a cache (`memo`, keyed by the piece's text): an edit to one entry
splits one piece again.

The pieces give exactly the blocks the whole text gives. The splitter starts
each block afresh, so a piece that begins where a block begins and ends after
its last block closes is split the same alone as within the file. That is
checked, not assumed: a piece whose splitting found anything wrong (a damaged
entry, an unclosed brace, a key used twice) or raised means the whole text is
split at once, as before. Duplicate keys across pieces are found as the
splitter finds them, by adding all blocks to one `Library`. Each block's line
is where its text is found (`_lines_of`), in a piece as in the whole text.
"""

from __future__ import annotations

import functools
import hashlib
import re
from contextlib import contextmanager

ENTRIES_PER_PIECE = 64
_LINE_START = re.compile(r"\n[ \t]*@")
# Where the BibTeX reader looks up an entry's record (`remembering`): set here, the
# cache's run need not import that reader for a library without BibTeX.
remembered = None


@contextmanager
def remembering(memo):
    """Within the block, each entry's `_record` is `memo.get(key, make)` (a cache `Memo`)."""
    global remembered
    before, remembered = remembered, memo
    try:
        yield
    finally:
        remembered = before


def blocks(text: str, path: str, memo=None, lazy: bool = False) -> tuple[list, list[int | None]]:
    """The blocks of `text` as `bibtexparser.parse_string` gives them (comments left out
    when split in pieces), and the line each starts on (counted from 0; None when its
    text is not found). Raises what the splitter raises on the whole text.

    `lazy`: the memo keeps of a piece's entries only their type, key, line and where their
    text is in the piece, and an entry of a piece split in an earlier run splits the piece
    again when its fields are asked for. A run then reads back a few hundred kilobytes
    instead of every field of every entry (32 MB and a quarter of a second for a 14.5 MB
    library): for a reader that finds most entries' records by their text alone."""
    import bibtexparser  # here, as in every reader of BibTeX: a run that reads none does not import it
    from bibtexparser import Library

    cuts = _cuts(text) if memo is not None else []
    if cuts:
        found, lines, before, position = [], [], 0, 0
        for start, end in zip([0, *cuts], [*cuts, len(text)]):
            piece = text[start:end]
            # With the splitter's version: a lazy entry's piece is split again by the splitter
            # of this run, which must find the blocks the kept description names.
            named = (hashlib.sha1(piece.encode("utf-8", "surrogatepass")).hexdigest(), bibtexparser.__version__)
            split = _lazy_piece(piece, (path, "split-lazy", *named), memo) if lazy else memo.get(
                (path, "split", *named), lambda: _split_piece(piece))
            if split is None:
                break
            before, position = before + text.count("\n", position, start), start
            found.extend(block for block, _ in split)
            lines.extend(None if line is None else before + line for _, line in split)
        else:
            # One library of them all: a key used in two pieces is a duplicate, as in one text.
            return Library(found, fail_on_duplicate_key=False).blocks, lines
    library = bibtexparser.parse_string(text, parse_stack=[])
    return library.blocks, _lines_of(text, library.blocks)


def _cuts(text: str) -> list[int]:
    """Where pieces of `ENTRIES_PER_PIECE` entries begin: at an `@` that starts a line with
    every brace before it closed. No cut when the braces do not balance (a damaged file is
    split whole). The braces are counted between such lines, not walked one by one; a
    cut in a wrong place costs time only: its piece is found damaged."""
    cuts, depth, seen, position = [], 0, 0, 0
    for start in _LINE_START.finditer(text):
        depth += _braces(text, position, start.start())
        position = start.start()
        if depth < 0:
            return []
        if depth == 0:
            seen += 1
            if seen % ENTRIES_PER_PIECE == 0:
                cuts.append(start.start() + 1)  # after the newline, as the splitter starts a line
    return cuts if depth + _braces(text, position, len(text)) == 0 else []


def _braces(text: str, start: int, end: int) -> int:
    """Opened less closed braces in `text[start:end]`, those after a backslash not counted
    (the splitter does not count them)."""
    opened = text.count("{", start, end) - text.count("\\{", start, end)
    return opened - text.count("}", start, end) + text.count("\\}", start, end)


def _lines_of(text: str, found: list) -> list[int | None]:
    """The line each block starts on in `text`, found by where its text is. The splitter's
    own count (`start_line`) misses a line that ends in a backslash (a TeX line break
    `\\\\` at the end of a line in an abstract), and is one short after each."""
    lines, line, position = [], 0, 0
    for block in found:
        at = text.find(block.raw, position) if block.raw else -1
        if at < 0:
            lines.append(None)
            continue
        line += text.count("\n", position, at)
        position = at + 1  # a block the same as this one (a duplicate) is found after it
        lines.append(line)
    return lines


def _lazy_piece(piece: str, key: tuple, memo) -> list | None:
    """`_split_piece`, its entries as `LazyEntry`s when the piece was split in an earlier run."""
    split_now = []

    def described():
        split = _split_piece(piece)
        if split is None:
            return None
        split_now.append(split)
        return [_described(piece, block, line) for block, line in split]

    found = memo.get(key, described)
    if found is None or split_now:
        return split_now[0] if split_now else None
    lazy_entry, again = _lazy_entry_class(), []

    def real(index: int):
        if not again:
            again.extend(_split_piece(piece))
        return again[index][0]

    blocks = []
    for index, item in enumerate(found):
        if item[0] == "string":
            blocks.append(item[1:])
            continue
        _, entry_type, key, raw, raw_end, start_line, line = item
        raw = piece[raw:raw_end] if raw_end is not None else raw
        blocks.append((lazy_entry(entry_type, key, start_line, raw, functools.partial(real, index)), line))
    return blocks


def _described(piece: str, block, line: int | None) -> tuple:
    """What the memo keeps of a block of a piece: an `@string` whole (a few are short), of an
    entry its type, key, lines and where its text is (its text itself if not in the piece)."""
    from bibtexparser.model import Entry

    if not isinstance(block, Entry):
        return "string", block, line
    at = piece.find(block.raw) if block.raw else -1
    where = (at, at + len(block.raw)) if at >= 0 else (block.raw, None)
    return "entry", block.entry_type, block.key, *where, block.start_line, line


@functools.cache
def _lazy_entry_class():
    """`LazyEntry`, made once bibtexparser is imported (only a run that reads BibTeX does)."""
    from bibtexparser.model import Block, Entry

    class LazyEntry(Entry):
        """An entry of a piece split in an earlier run: its fields come from splitting the
        piece again, when first asked for."""

        def __init__(self, entry_type: str, key: str, start_line: int | None, raw: str | None, real):
            Block.__init__(self, start_line, raw)
            self._entry_type, self._key, self._real, self._own_fields = entry_type, key, real, None

        @property
        def _fields(self):
            if self._own_fields is None:
                self._own_fields = self._real().fields
            return self._own_fields

        @_fields.setter
        def _fields(self, value):
            self._own_fields = value

    return LazyEntry


def _split_piece(piece: str) -> list | None:
    """The entries and `@string`s of one piece, each with its line in the piece; None when
    the piece holds anything the splitter reports (then the whole text is split at once)."""
    import bibtexparser
    from bibtexparser.model import Entry, ParsingFailedBlock, String

    try:
        library = bibtexparser.parse_string(piece, parse_stack=[])
    except Exception:  # noqa: BLE001 - the whole text is split then, and reports it
        return None
    if any(isinstance(block, ParsingFailedBlock) for block in library.blocks):
        return None
    return [(block, line) for block, line in zip(library.blocks, _lines_of(piece, library.blocks))
            if isinstance(block, (Entry, String))]


# An entry's key, for naming a damaged entry.
ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()]+)")


def failure(block, lines: dict[int, int | None]) -> str:
    """What is wrong with a block bibtexparser could not parse; `lines` gives each block's line, by its id."""
    from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry

    if isinstance(block, DuplicateBlockKeyBlock):
        previous = lines.get(id(block.previous_block))
        where = f" (first used on line {previous})" if previous is not None else ""
        # An entry refused for its key is the same entry again (the BibTeX reader read the others).
        again = " for the same entry again" if isinstance(block.ignore_error_block, Entry) and isinstance(block.previous_block, Entry) else ""
        return f"duplicate key {block.key!r}{where}{again}; skipped"
    key_match = ENTRY_KEY.match(block.raw or "")
    name = f"entry {key_match.group(1)[:60]!r}" if key_match else "entry"
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        return f"{name} has the field {fields} more than once, with different values; skipped (keep the right one)"
    reason = getattr(block.error, "abort_reason", None) or str(block.error) or type(block.error).__name__
    return f"damaged {name}: {' '.join(str(reason).split()).rstrip('.')}; skipped"
