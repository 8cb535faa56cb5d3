"""Hugging Face daily papers (`.json`): what `https://huggingface.co/api/daily_papers?date=…` answers.

A JSON array with one item per paper of the day, each holding a `paper` object:

    [{"paper": {"id": "2403.07487", "title": "Motion Mamba: …", "summary": "…",
                "authors": [{"name": "Zeyu Zhang"}, …], "publishedAt": "2024-03-12T…Z",
                "upvotes": 12, "ai_keywords": ["motion generation", …],
                "githubRepo": "https://github.com/…", "projectPage": "https://…"},
      "publishedAt": "2024-03-13T…Z", "numComments": 2}, …]

`paper-archive fetch hf-daily` saves one such file per day (`sources/hf-daily/2024-03-14.json`).
Each item gives the title and abstract (TeX, as on arXiv: decoded by
`generator.textex`, `$...$` kept as written), the authors in order,
the arXiv id from `paper.id` with links to arXiv and the PDF, `githubRepo` as the
`code` link and `projectPage` as the `project` link, the publication date, and
`ai_keywords` as the paper's own tags (a person's tags: they go through the same
rules). The listing day is the date in the file name, else the day the paper was
submitted to the daily list. Upvotes and comment counts stay in the file.

An item that is not an object, has no `paper` object, no title or no arXiv id,
or a value of the wrong type is reported at its line and skipped; the other
items are read. Broken JSON after some items is reported where it breaks.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import TYPE_CHECKING

from generator.clean import normalise_space
from generator.model import Problem, Record
from generator.readers.arxiv_atom import abs_url, arxiv_id
from generator.readers.jsonl import json_kind, json_reason
from generator.readers.person import people_of
from generator.textex import decode

if TYPE_CHECKING:
    from generator.readers import ReadSettings

FORMAT = "hf-daily"
EXTENSIONS = (".json",)

ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]|$)")
DAY_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")
HTTP_URL = re.compile(r"^https?://\S+$")


class ItemError(ValueError):
    """An item of the wrong shape; the message says what was expected."""


def sniff(text: str) -> bool:
    """An array whose items hold a `paper` object."""
    if not text.lstrip().startswith("["):
        return False
    try:
        items = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(items, list) and any(isinstance(item, dict) and isinstance(item.get("paper"), dict) for item in items)


def read(text: str, path: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    if not text.strip():
        return [], []
    match = DAY_IN_NAME.search(path.rsplit("/", 1)[-1])
    listing_day = match.group(1) if match and _valid_day(match.group(1)) else None
    records: list[Record] = []
    problems: list[Problem] = []
    items, broken = _items(text, path)
    for line, item in items:
        try:
            records.append(_record(item, f"{path}:{line}", listing_day))
        except ItemError as error:
            problems.append(Problem(path, line, f"{error}; item skipped"))
    return records, problems + broken


def item_problem(item) -> str | None:
    """Why the reader would skip this item, or None when it reads it."""
    try:
        _record(item, "", None)
    except ItemError as error:
        return str(error)
    return None


def _items(text: str, path: str) -> tuple[list[tuple[int, object]], list[Problem]]:
    """Each top-level item with its line; a JSON error ends the list where it occurs."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if not text.startswith("[", position):
        return [], [Problem(path, _line(text, position), "not Hugging Face daily papers: expected a JSON array of items")]
    items: list[tuple[int, object]] = []
    position = _skip_space(text, position + 1)
    if text.startswith("]", position):
        return items, []
    while True:
        try:
            value, end = decoder.raw_decode(text, position)
        except (ValueError, RecursionError) as error:
            where = getattr(error, "pos", position)
            if isinstance(error, json.JSONDecodeError):
                reason = json_reason(error)
            elif isinstance(error, RecursionError):
                reason = "nested too deeply"
            else:  # Python reads no integer of more than 4,300 digits
                reason = "a number is too long"
            return items, [Problem(path, _line(text, where), f"the JSON is broken here ({reason}); items from here on are skipped")]
        items.append((_line(text, position), value))
        position = _skip_space(text, end)
        if text.startswith(",", position):
            position = _skip_space(text, position + 1)
        elif text.startswith("]", position):
            return items, []
        else:
            return items, [Problem(path, _line(text, position), "the JSON is broken here (expected ',' or ']'); items from here on are skipped")]


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n\r":
        position += 1
    return position


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _record(item, source: str, listing_day: str | None) -> Record:
    if not isinstance(item, dict):
        raise ItemError(f"expected an object with a \"paper\", got {json_kind(item)}")
    paper = item.get("paper")
    if not isinstance(paper, dict):
        raise ItemError(f"\"paper\" must be an object, got {json_kind(paper)}")
    title = decode(_string(paper, "title") or _string(item, "title") or "")
    if not title:
        raise ItemError("\"paper\" has no \"title\"")
    raw_id = _string(paper, "id")
    if not raw_id:
        raise ItemError("\"paper\" has no \"id\" (its arXiv id)")
    identifier = arxiv_id(raw_id)
    if identifier is None:
        raise ItemError(f"\"paper\" → \"id\" must be an arXiv id such as 2403.07487, got {raw_id!r}")

    links = [("arxiv", abs_url(identifier)), ("pdf", f"https://arxiv.org/pdf/{identifier}")]
    for key, kind in (("githubRepo", "code"), ("projectPage", "project")):
        url = (_string(paper, key) or "").strip()
        if url and HTTP_URL.match(url):
            links.append((kind, url))

    summary = _string(paper, "summary") or _string(item, "summary") or ""
    submitted = _day(_string(paper, "submittedOnDailyAt"))
    return Record(
        title=title,
        source=source,
        format=FORMAT,
        abstract=decode(summary),
        authors=_authors(paper),
        date=_day(_string(paper, "publishedAt")),
        listing_date=listing_day or submitted,
        arxiv=identifier,
        tags=_keywords(paper),
        links=tuple(links),
        math=True,
    )


def _string(value: dict, key: str) -> str | None:
    item = value.get(key)
    if item is not None and not isinstance(item, str):
        raise ItemError(f"\"{key}\" must be a string, got {json_kind(item)}")
    return item


def _authors(paper: dict) -> tuple[str, ...]:
    authors = paper.get("authors")
    if authors is None:
        return ()
    if not isinstance(authors, list):
        raise ItemError(f"\"authors\" must be a list of objects with a \"name\", got {json_kind(authors)}")
    names = []
    for author in authors:
        name = author.get("name") if isinstance(author, dict) else author
        if not isinstance(name, str):
            raise ItemError(f"\"authors\" must be a list of objects with a \"name\" string, got {json_kind(name)}")
        if normalise_space(name):
            names.append(normalise_space(name))
    return people_of(names)


def _keywords(paper: dict) -> tuple[str, ...]:
    keywords = paper.get("ai_keywords")
    if keywords is None:
        return ()
    if not isinstance(keywords, list) or not all(isinstance(word, str) for word in keywords):
        raise ItemError(f"\"ai_keywords\" must be a list of strings, got {json_kind(keywords)}")
    return tuple(dict.fromkeys(normalise_space(word) for word in keywords if normalise_space(word)))


def _day(value: str | None) -> str | None:
    match = ISO_DAY.match((value or "").strip())
    return match.group(1) if match and _valid_day(match.group(1)) else None


def _valid_day(day: str) -> bool:
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True
