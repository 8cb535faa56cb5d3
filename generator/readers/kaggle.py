"""The arXiv metadata snapshot (Kaggle's `arxiv-metadata-oai-snapshot.json`).

Cornell's dump of arXiv's metadata: JSON Lines, one paper a line, although the
file is named `.json`; it is recognised by its content whatever its name. A line:

    {"id": "0704.0001", "submitter": "…", "authors": "C. Bal\\'azs, E. L. Berger",
     "title": "…", "comments": "37 pages", "journal-ref": "Phys.Rev.D76:013009,2007",
     "doi": "10.1103/…", "categories": "hep-ph", "abstract": "…",
     "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
     "update_date": "2008-11-13", "authors_parsed": [["Balázs", "C.", ""], …]}

From it: the title and abstract (TeX, decoded like an arXiv export's), the
authors (from `authors_parsed`, else the `authors` string), the date of the
first version as the date and `update_date` as the update, the arXiv id with
links to its abstract and PDF, the categories (space separated, primary
first), `comments`, `journal-ref` and `doi`. A line that is not JSON, not an
object, or lacks an id or title is reported with its line number and skipped.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import TYPE_CHECKING

from generator.model import Problem, Record
from generator.readers.arxiv_atom import abs_url, arxiv_id, doi_name, doi_url
from generator.readers.person import full_name, people_of
from generator.textex import decode

if TYPE_CHECKING:
    from generator.readers import ReadSettings

# Ranked beside arXiv's own exports: this is arXiv's metadata, in another wrapping.
FORMAT = "arxiv"
EXTENSIONS = (".json",)

# Keys only the snapshot has: a line with `id` and any of these is one of its lines.
SNAPSHOT_KEYS = ("authors_parsed", "versions", "update_date", "submitter", "journal-ref")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class LineError(ValueError):
    """A snapshot line that cannot be a paper; the message says what is wrong."""


def is_snapshot_line(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("id"), str) and any(key in value for key in SNAPSHOT_KEYS)


def sniff(text: str) -> bool:
    for line in text.split("\n", 20)[:20]:
        if line.strip():
            try:
                return is_snapshot_line(json.loads(line))
            except (ValueError, RecursionError):
                return False
    return False


def read(text: str, path: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    records: list[Record] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as error:
            where = f" at column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
            problems.append(Problem(path, number, f"not valid JSON{where}; line skipped"))
            continue
        try:
            records.append(record(value, f"{path}:{number}"))
        except LineError as error:
            problems.append(Problem(path, number, f"{error}; line skipped"))
    return records, problems


def record(value, source: str) -> Record:
    """One snapshot line as a Record; raises LineError when it cannot be one."""
    if not isinstance(value, dict):
        raise LineError("expected a JSON object (one paper of the arXiv snapshot a line)")
    identifier = arxiv_id(_text(value, "id"))
    if identifier is None:
        raise LineError(f'"id" must be an arXiv id such as 0704.0001, got {str(value.get("id"))[:60]!r}')
    title = decode(_text(value, "title"))
    if not title:
        raise LineError(f"paper {identifier} has no title")
    doi = doi_name(_text(value, "doi").split(" ")[0])
    links = [("arxiv", abs_url(identifier)), ("pdf", f"https://arxiv.org/pdf/{identifier}")]
    if doi:
        links.append(("doi", doi_url(doi)))
    categories = tuple(dict.fromkeys(_text(value, "categories").split()))
    return Record(
        title=title,
        source=source,
        format=FORMAT,
        abstract=decode(_text(value, "abstract")),
        authors=_authors(value),
        date=_first_version_day(value),
        updated=_day(_text(value, "update_date")),
        arxiv=identifier,
        doi=doi,
        categories=categories,
        comment=" ".join(_text(value, "comments").split()) or None,
        journal_ref=" ".join(_text(value, "journal-ref").split()) or None,
        links=tuple(links),
        math=True,
    )


def _text(value: dict, key: str) -> str:
    """A string value; anything else (null, numbers, lists) counts as absent."""
    item = value.get(key)
    return item.strip() if isinstance(item, str) else ""


def _authors(value: dict) -> tuple[str, ...]:
    parsed = value.get("authors_parsed")
    names = []
    if isinstance(parsed, list):
        for parts in parsed:
            if isinstance(parts, list) and all(isinstance(part, str) for part in parts):
                family, given, suffix = (list(parts) + ["", "", ""])[:3]
                name = full_name(decode(given), decode(family), suffix=decode(suffix))
                if name:
                    names.append(name)
    if names:
        return tuple(names)
    # "A. One, B. Two and C. Three": commas and a last "and".
    pieces = re.split(r",\s*|\s+and\s+", decode(_text(value, "authors")))
    return people_of(piece.strip() for piece in pieces if piece.strip())


def _day(text: str) -> str | None:
    """An ISO day that exists, else None."""
    try:
        return date.fromisoformat(text).isoformat() if ISO_DAY.match(text) else None
    except ValueError:
        return None


def _first_version_day(value: dict) -> str | None:
    """The day version 1 was submitted ("Mon, 2 Apr 2007 19:18:42 GMT" → 2007-04-02)."""
    # Imported here: `email` brings `socket` and more, which a run over other formats never needs.
    from email.utils import parsedate_tz

    versions = value.get("versions")
    if isinstance(versions, list):
        for version in versions:
            created = version.get("created") if isinstance(version, dict) else None
            parsed = parsedate_tz(created) if isinstance(created, str) else None
            if parsed and 1 <= parsed[1] <= 12 and 1 <= parsed[2] <= 31:
                return f"{parsed[0]:04d}-{parsed[1]:02d}-{parsed[2]:02d}"
    return None
