"""Addresses in a field's text: where one ends and the next begins.

A reference manager may keep several addresses in one field, joined by spaces, `;`,
an escaped line break or nothing at all, and a library's own record of the paper
among them; `proxy.published_address` picks the one a page publishes with these.
"""

from __future__ import annotations

import re

# An address in text; an `&` BibTeX escapes in it (Mendeley's `{\&}`) is part of it.
URL_IN_TEXT = re.compile(r"https?://(?:[^\s{}<>\"]|\{\\&\})+", re.IGNORECASE)
# Where a field's next address begins: only before a scheme, since a file name in an address
# may hold spaces (`…/Issue 2/7 Berenstein.pdf`).
# Mendeley joins a field's addresses with an escaped line break, `\n` written `%5Cn` (in its
# BibTeX, `{\%}5Cn`; `{\%}0A` for a line feed; `{\%}7B{\%}25{\%}7D5Cn` when it escaped its own
# `{\%}` once more). The next may be no web address but a library's own record
# (`papers3://publication/uuid/…`, imported from Papers): any scheme begins one, or that
# record's name would be published as the end of the web address before it.
_PERCENT = r"(?:\{\\%\}|\\?%)"
_LINE_BREAK = rf"{_PERCENT}(?:7B{_PERCENT}25{_PERCENT}7D)?(?:5C[nr]|0[AD])|\\[nr]"
# Some exports glue the next address to the last character of one without any separator
# (`…/S002202992000062Xhttps://www.cambridge.org/…`, `…/facpubhttp://…`): a web address's or a
# library record's scheme right after a letter or a digit begins one too.
NEXT_ADDRESS = re.compile(rf"(?:[\s;,]|{_LINE_BREAK})+(?=(?:\\url\s*\{{?\s*)?[a-z][a-z0-9+.-]*://)"
                          r"|(?<=[a-z0-9])(?=(?:https?|ftp|papers\d?|zotero|mendeley|file)://)", re.IGNORECASE)
# A library's own record of a paper (Papers', Zotero's, Mendeley's) or a file on the person's
# disk, joined to a field's text as above: in a citation's `eprint` or `howpublished` too.
JOINED_RECORD = re.compile(rf"(?:[\s;,]|{_LINE_BREAK})+(?:papers\d?|zotero|mendeley|file)://[^\s{{}}]*", re.IGNORECASE)
# A run of the separators above, whole, and what may follow one in NEXT_ADDRESS and JOINED_RECORD.
SEPARATOR_RUN = re.compile(rf"(?:[\s;,]|{_LINE_BREAK})+", re.IGNORECASE)
SCHEME_AHEAD = re.compile(r"(?:\\url\s*\{?\s*)?[a-z][a-z0-9+.-]*://", re.IGNORECASE)
RECORD_AHEAD = re.compile(r"(?:papers\d?|zotero|mendeley|file)://", re.IGNORECASE)


def masked_runs(text: str, ahead: re.Pattern) -> str:
    """`text` with each run of separators that `ahead` does not follow blanked out:
    NEXT_ADDRESS and JOINED_RECORD can match no part of one, but would try every place in
    it, each time to its end, which made a long run cost its length squared. A blank is a
    `}` where the run had a space or a brace (which ends the address a JOINED_RECORD takes
    along), else a NUL; neither is a separator nor begins one."""
    if not SEPARATOR_RUN.search(text):
        return text

    def blanked(run: re.Match) -> str:
        if ahead.match(text, run.end()):
            return run.group()
        return _ENDS_ADDRESS.sub("}", _GOES_ON.sub("\0", run.group()))

    return SEPARATOR_RUN.sub(blanked, text)


_GOES_ON = re.compile(r"[^\s{}]")
_ENDS_ADDRESS = re.compile(r"[\s{]")


def matches(pattern: re.Pattern, text: str, ahead: re.Pattern) -> list[tuple[int, int]]:
    """Where `pattern` matches `text`, found in `masked_runs(text, ahead)` (the same places)."""
    return [match.span() for match in pattern.finditer(masked_runs(text, ahead))]
