"""A source file's bytes as text, for every format: the one place files are decoded.

A file is read in the encoding its byte-order mark names (UTF-8, UTF-16 or UTF-32,
as Windows tools save), as UTF-16 when every other byte of its start is zero (saved
without the mark), else as UTF-8. Bytes that are not UTF-8 are read in the
encoding a `% Encoding:` line at the top of the file declares, as JabRef writes it
(`% Encoding: windows-1252`, `% Encoding: Cp1252` in JabRef 2, under its
`% This file was created with JabRef …` line); Python's codecs know Java's names for
them. Bytes that are text in none of these raise `NotText`, which says at which line.
"""

from __future__ import annotations

import codecs
import re

# Longest first: UTF-32's little-endian mark begins with UTF-16's.
MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# `% Encoding: X` among the comment and blank lines that open a file, looked for in its
# first bytes only: JabRef writes it first, or second after its own name.
DECLARED = re.compile(rb"(?:[ \t]*%[^\r\n]*(?:\r\n?|\n)|[ \t]*(?:\r\n?|\n))*?[ \t]*%[ \t]*Encoding[ \t]*:[ \t]*([A-Za-z0-9_.:+-]+)",
                      re.IGNORECASE)
HEAD = 2048
# Characters that a declared encoding must write as ASCII does: the line declaring it was read so.
ASCII_PROBE = "% Encoding:@{}=,\n azAZ09"


class NotText(ValueError):
    """Bytes of a source file that are not text in the encoding it is read in; `line`
    is where the first such bytes are (from 1)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def decode(data: bytes) -> str:
    """Text of a source file (see above), with any line ends made `\\n`."""
    text = _text(data)
    # Looking for one character is a tenth of what replacing a pair costs in a big file.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _text(data: bytes) -> str:
    for mark, codec, name in MARKS:
        if data.startswith(mark):
            try:
                return data[len(mark):].decode(codec)
            except UnicodeDecodeError as error:
                raise _not_text(data, len(mark), error, codec, f"not {name} text", "as its byte-order mark says") from None
    without_mark = utf16_without_mark(data)
    if without_mark is not None:
        try:
            return data.decode(without_mark)
        except UnicodeDecodeError as error:
            raise _not_text(data, 0, error, without_mark, "not UTF-16 text", "as its zero bytes say") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Bytes that are UTF-8 are read as UTF-8 whatever a header says: a library saved again
        # by another tool keeps JabRef's old line, and text in another encoding is hardly ever
        # UTF-8 by chance. So a file read before is read as before.
        utf8 = error
    declared = DECLARED.match(data, 0, HEAD)
    if declared is None:
        raise _not_text(data, 0, utf8, "utf-8", "not UTF-8 text") from None
    name = declared.group(1).decode("ascii")
    codec, unusable = _codec(name)
    if codec is None:
        raise _not_text(data, 0, utf8, "utf-8", "not UTF-8 text", f"and `% Encoding:` names {name!r}, {unusable}") from None
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise _not_text(data, 0, error, codec, f"not {name} text", "as its `% Encoding:` line says") from None


def utf16_without_mark(data: bytes) -> str | None:
    """The UTF-16 codec of text saved without a byte-order mark (JabRef's `tiny-BE-noBOM.bib`):
    mostly ASCII, every other byte of its start zero; else None. UTF-8 reads such bytes
    without an error, as text full of NUL characters, which no text file holds."""
    head = data[:HEAD]
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return None
    even, odd = head[0::2], head[1::2]
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    return None


def _codec(name: str) -> tuple[str | None, str]:
    """Python's codec of an encoding's name, Java's names too (`Cp1252`, `ISO8859_1`), or
    None and why it cannot be used."""
    try:
        codec = codecs.lookup(name).name
        ascii_like = ASCII_PROBE.encode(codec) == ASCII_PROBE.encode("ascii")
    except LookupError:  # also a codec of bytes, not of text (`zlib`, `base64`)
        return None, "an encoding not known here"
    except UnicodeError:
        ascii_like = False
    # The line that declares it was read as ASCII: a file in UTF-16 would begin with its mark.
    return (codec, "") if ascii_like else (None, "which that line, written in ASCII, cannot be in")


def _not_text(data: bytes, start: int, error: UnicodeDecodeError, codec: str, what: str, why: str = "") -> NotText:
    """The `NotText` of bytes from `start` that `codec` could not decode, as `error` says."""
    before = data[start : start + error.start].decode(codec, errors="replace")
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return NotText(line, f"{what} (byte {start + error.start}){', ' + why if why else ''}; save it as UTF-8")
