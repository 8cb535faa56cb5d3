"""Every record checked and bounded after its reader, whatever the format.

Readers parse; this module makes what they found safe for the rest of the
pipeline, the same way for every format (including readers added later):

- dates (`date`, `updated`, `listing_date`) must be real ISO dates
  (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`); of an impossible one the real part is
  kept (`2024-02-30` gives `2024-02`, `2024-13-45` gives `2024`), and a paper
  with none is kept undated;
- text that cannot be written (lone surrogates, control characters other than
  line breaks and tabs) is replaced: surrogates by U+FFFD, a control character
  that ends a line (form feed, a carriage return alone, U+0085) by a space,
  one of U+0080 to U+009F that Windows-1252 writes as a character (U+0092 for its
  ’, U+0093 and U+0094 for “ ”, U+0096 for –: an export that read Windows text as
  Latin-1) as that character, other control characters removed;
- fields are bounded (`LIMITS`): a longer title, abstract or other text is
  cut at a word, extra authors, tags and links are dropped, a tag longer
  than its limit is dropped;
- an abstract that only says there is none, as databases write in the field
  (`NA`, `Not Available`, `[No abstract available]`, ScienceDirect's bare
  `Abstract`), is no abstract;
- every link is the address pages publish (`clean.published_link`): never one
  of a private network or of this machine, nor a library proxy's, nor with the
  parameters that name a library or session.

Each change is reported as `path:line: what was wrong`, once per field; but a
link made publishable is no mistake of the source, and changes without a word,
as a BibTeX `url` does in its reader.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from generator.clean import published_link
from generator.model import Problem, Record, source_place

# Limits on one record, in characters or items; documented in the README.
LIMITS = {
    "title": 1_000,
    "abstract": 100_000,
    "text": 2_000,  # venue, comment, journal reference, ids, each author
    "bibtex": 100_000,  # a source's own BibTeX entry
    "citation": 100,  # fields of a citation another format gives, each editor one
    # Bounds against abuse, above what real libraries hold: collaborations
    # list thousands of authors, Zotero entries carry dozens of keywords, some
    # named like "Electrical Engineering and Systems Science - Audio and Speech
    # Processing". How many tags a page shows is tagging's business.
    "authors": 5_000,
    "tags": 200,
    "tag": 200,
    "links": 30,
    "url": 2_000,
}
# Files larger than this are not read at all.
MAX_FILE_BYTES = 50 * 1024 * 1024

ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Control characters but tab and line feed; lone surrogates; noncharacters U+FFFE/U+FFFF.
UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Control characters that end a line (a form feed where text copied from a PDF changes
# page, a carriage return alone, U+0085): a space, so the words around them stay apart.
LINE_ENDING = re.compile("\r(?!\n)|[\x0b\x0c\x1c-\x1e\x85]")
SURROGATE = re.compile("[\ud800-\udfff]")
# U+0080 to U+009F as the Windows-1252 characters of those bytes (U+0085 ends a line, above).
WINDOWS_1252 = {code: bytes([code]).decode("cp1252") for code in range(0x80, 0xA0)
                if code != 0x85 and code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
C1_OF_WINDOWS_1252 = re.compile("[" + "".join(map(chr, WINDOWS_1252)) + "]")

# What databases and the tools that export them write where a paper has no abstract: R's
# `NA`, NASA ADS's `Not Available`, Scopus's `[No abstract available]`, ScienceDirect's
# bare heading `Abstract`. Kept, it would be the page's abstract and its description.
NO_ABSTRACT = re.compile(
    r"\W*(?:n/?a|null|none|abstract|summary|not available|without abstract|"
    r"(?:there is )?no abstract(?: is)?(?: available| provided)?|abstract (?:not |un)available|"
    r"this (?:article|paper|item|record) (?:does not have|has no) an? abstract)"
    r"(?: (?:for|of) this (?:article|paper|item|record|publication))?\W*",
    re.IGNORECASE,
)

TEXT_FIELDS = ("venue", "comment", "journal_ref", "arxiv", "doi")
DATE_FIELDS = ("date", "updated", "listing_date")


def real_part(text: str) -> str | None:
    """The longest start of an ISO date that is real: its year and month when only its
    day is impossible, its year when its month is; None when its year is not."""
    match = ISO_DATE.fullmatch(text)
    parts = [part for part in match.groups() if part] if match else []
    while parts and not real_date("-".join(parts)):
        parts.pop()
    return "-".join(parts) or None


def real_date(text: str) -> bool:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a day (or month, or year) that exists."""
    match = ISO_DATE.fullmatch(text)
    if not match:
        return False
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return int(year) >= 1


def validate(record: Record) -> tuple[Record, list[Problem]]:
    """The record made safe and bounded, and what was changed."""
    path, line = source_place(record.source)
    problems: list[Problem] = []
    changes: dict = {}

    def report(message: str) -> None:
        problems.append(Problem(path, line, message))

    def text(name: str, value: str, limit: int) -> str:
        value = _writable(name, value, report)
        if len(value) > limit:
            report(f"{name} is {len(value):,} characters long, cut to the limit of {limit:,}")
            value = _cut(value, limit)
        return value

    changes["title"] = text("title", record.title, LIMITS["title"])
    changes["abstract"] = text("abstract", record.abstract, LIMITS["abstract"])
    if len(changes["abstract"]) < 80 and NO_ABSTRACT.fullmatch(changes["abstract"]):
        changes["abstract"] = ""
    for name in TEXT_FIELDS:
        value = getattr(record, name)
        if value is not None:
            changes[name] = text(name, value, LIMITS["text"])
    if record.bibtex is not None:
        changes["bibtex"] = text("BibTeX entry", record.bibtex, LIMITS["bibtex"])
    if record.citation:
        if len(record.citation) > LIMITS["citation"]:
            report(f"a citation of {len(record.citation):,} fields, only the first {LIMITS['citation']} are kept")
        changes["citation"] = tuple((name, text(f"citation's {name}", value, LIMITS["text"]))
                                    for name, value in record.citation[: LIMITS["citation"]])
    for name in DATE_FIELDS:
        value = getattr(record, name)
        if value is not None and not real_date(value):
            shown = value if len(value) <= 40 else value[:40] + "…"
            kind = "impossible" if ISO_DATE.fullmatch(value) else "unreadable"
            kept = real_part(value)
            outcome = f"; the paper keeps {kept!r}" if kept else " dropped; the paper is kept without it"
            report(f"{kind} {name.replace('_', ' ')} {shown!r}{outcome}")
            changes[name] = kept
    authors = [text("author", author, LIMITS["text"]) for author in record.authors]
    if len(authors) > LIMITS["authors"]:
        report(f"{len(authors):,} authors, only the first {LIMITS['authors']} are kept")
        authors = authors[: LIMITS["authors"]]
    changes["authors"] = tuple(authors)
    changes["categories"] = tuple(text("category", name, LIMITS["tag"]) for name in record.categories[: LIMITS["tags"]])
    changes["tags"] = _tags(record.tags, text, report)
    changes["links"] = _links(record.links, text, report)
    if not problems and all(value == getattr(record, name) and type(value) is type(getattr(record, name))
                            for name, value in changes.items()):
        return record, []  # most records: nothing to change, and no copy to make
    return dataclasses.replace(record, **changes), list(dict.fromkeys(problems))


def _tags(tags, text, report) -> tuple[str, ...]:
    kept = []
    too_long = 0
    for tag in tags:
        tag = text("tag", tag, 10 * LIMITS["tag"])
        if len(tag) > LIMITS["tag"]:
            too_long += 1
        else:
            kept.append(tag)
    if too_long:
        report(f"{too_long} tag(s) longer than {LIMITS['tag']} characters dropped")
    if len(kept) > LIMITS["tags"]:
        report(f"{len(kept):,} tags, only the first {LIMITS['tags']} are kept")
        kept = kept[: LIMITS["tags"]]
    return tuple(kept)


def _links(links, text, report) -> tuple[tuple[str, str], ...]:
    kept = []
    for kind, url in links:
        kind = text("link kind", kind, LIMITS["tag"])
        if len(url) > LIMITS["url"]:
            report(f"link {kind!r} is {len(url):,} characters long (limit {LIMITS['url']:,}), dropped")
            continue
        # Here, for every reader: a link of a private network is gone before papers merge,
        # where it could stand in for another source's public one.
        link = published_link(kind, text("link", url, LIMITS["url"]))
        if link is not None:
            kept.append(link)
    if len(kept) > LIMITS["links"]:
        report(f"{len(kept)} links, only the first {LIMITS['links']} are kept")
        kept = kept[: LIMITS["links"]]
    return tuple(kept)


def _writable(name: str, value: str, report) -> str:
    """The text without what cannot be written: lone surrogates become U+FFFD,
    control characters that end a line a space, other control characters are removed."""
    # Most text is printable throughout, which is told in C far quicker than the search;
    # no character the search finds is printable.
    if value.isprintable() or not UNWRITABLE.search(value):
        return value
    surrogates = len(SURROGATE.findall(value))
    if surrogates:
        value = SURROGATE.sub("\ufffd", value)
    value, spaced = LINE_ENDING.subn(" ", value)
    value, windows = C1_OF_WINDOWS_1252.subn(lambda match: WINDOWS_1252[ord(match.group())], value)
    cleaned = UNWRITABLE.sub("", value)
    removed = len(value) - len(cleaned)
    what = []
    if surrogates:
        what.append(f"{surrogates} lone surrogate(s) replaced by U+FFFD")
    if spaced:
        what.append(f"{spaced} line-ending control character(s) made spaces")
    if windows:
        what.append(f"{windows} control character(s) read as the Windows-1252 characters they stand for")
    if removed:
        what.append(f"{removed} control character(s) removed")
    report(f"{name}: {' and '.join(what)}")
    return cleaned


def _cut(value: str, limit: int) -> str:
    cut = value[: limit - 1]
    space = cut.rfind(" ", max(0, limit - 200))
    return (cut[:space] if space > 0 else cut).rstrip() + "…"
