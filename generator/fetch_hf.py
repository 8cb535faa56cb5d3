"""`paper-archive fetch hf-daily`: a day's Hugging Face daily papers, one file per day.

The API answers `?date=YYYY-MM-DD` with the day's list. The file
`sources/hf-daily/YYYY-MM-DD.json` keeps, for each paper, what the archive
reads and what a reader of the file may want (arXiv id, title, abstract,
authors, dates, code and project links, upvotes, comments, keywords) and
drops the rest (avatars, account ids). Fetching a day again updates its
papers in place and adds new ones; the file is rewritten only when its
text changes, and a day without papers writes no file.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from generator.fetch_http import FetchError, PoliteClient, unusable_answer
from generator.readers.hf_daily import item_problem

DEFAULT_API = "https://huggingface.co/api/daily_papers"
INTERVAL = 1.0  # seconds between requests: no published limit, so stay gentle
FOLDER = "hf-daily"

PAPER_KEYS = (
    "id",
    "title",
    "summary",
    "authors",
    "publishedAt",
    "submittedOnDailyAt",
    "upvotes",
    "ai_keywords",
    "githubRepo",
    "projectPage",
)
ITEM_KEYS = ("publishedAt", "title", "numComments")


def days_between(since: date, until: date) -> list[date]:
    return [since + timedelta(days=offset) for offset in range((until - since).days + 1)]


def fetch_day(client: PoliteClient, api: str, day: date, skipped: list[str] | None = None) -> list[dict]:
    """The day's items that the reader reads; why each other one was left out goes to `skipped`."""
    data = client.get(api, {"date": day.isoformat()})
    try:
        items = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise unusable_answer(f"{api}?date={day.isoformat()}", data, "JSON", str(error)) from None
    if not isinstance(items, list):
        said = items.get("error") if isinstance(items, dict) else None
        said = f" saying {' '.join(said.split())[:200]!r}" if isinstance(said, str) and said.strip() else ""
        raise FetchError(f"{api}?date={day.isoformat()}: expected a JSON array of papers, got {type(items).__name__}{said};"
                         " check the address (hf_api), then run again")
    kept = []
    for number, item in enumerate(items, start=1):
        problem = item_problem(item)
        if problem is None:
            kept.append(_kept(item))
        elif skipped is not None:
            skipped.append(f"item {number}: {problem}")
    return kept


def _paper_id(item) -> str | None:
    paper = item.get("paper") if isinstance(item, dict) else None
    identifier = paper.get("id") if isinstance(paper, dict) else None
    return identifier if isinstance(identifier, str) and identifier.strip() else None


def _kept(item: dict) -> dict:
    paper = {key: item["paper"][key] for key in PAPER_KEYS if key in item["paper"]}
    if isinstance(paper.get("authors"), list):
        paper["authors"] = [
            {"name": author["name"]} if isinstance(author, dict) and "name" in author else author
            for author in paper["authors"]
        ]
    kept = {"paper": paper}
    kept.update({key: item[key] for key in ITEM_KEYS if key in item})
    return kept


def file_for(sources: Path, day: date) -> Path:
    return sources / FOLDER / f"{day.isoformat()}.json"


def merged_file(existing: str | None, items: list[dict], shown: str) -> tuple[str | None, int]:
    """The day file's new text (None when unchanged or empty) and how many papers are new."""
    merged: dict[str, dict] = {}
    for item in _existing_items(existing, shown):
        merged[_paper_id(item)] = item
    new = 0
    for item in items:
        identifier = _paper_id(item)
        new += identifier not in merged
        merged[identifier] = item
    if not merged:
        return None, 0
    text = json.dumps(list(merged.values()), indent=2, ensure_ascii=False) + "\n"
    return (None if text == existing else text), new


def _existing_items(existing: str | None, shown: str) -> list[dict]:
    """The papers already in a day file; one that is not such a list is never overwritten."""
    if existing is None:
        return []
    try:
        items = json.loads(existing)
    except (ValueError, RecursionError):
        items = None
    if not isinstance(items, list):
        raise FetchError(f"{shown}: not a list of daily papers, so it is left alone; repair or move it and fetch again")
    return [item for item in items if _paper_id(item)]
