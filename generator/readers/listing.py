"""Scraped trending-papers listings (`.txt`).

The text of a daily-papers page as copied from a browser: a few lines of page
chrome ("new", "Subscribe", …), a listing date such as `Mar 14`, then each
paper as a title line followed by an abstract line, with blank lines anywhere.
A later date line starts a new day. The listing date has no year: it comes from
a date in the file name (`2024-03-14-trending.txt`), else from the plugin's
`listing_year` setting; with neither, the papers get no date.

Titles are kept exactly; only surrounding spaces are trimmed.
"""

from __future__ import annotations

import re
from datetime import date

from generator.model import Problem, Record

FORMAT = "listing"
EXTENSIONS = (".txt", ".text", ".listing")

# Page chrome of trending-papers pages; compared case- and space-insensitively.
CHROME = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "byak and the research community",
        "daily papers",
        "trending papers",
    }
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

DATE_LINE = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?$")
NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")

# An abstract is prose; a line this long is no title, so pairs are out of step.
LONGEST_TITLE = 1000


def sniff(text: str) -> bool:
    first = [line.strip() for _, line in zip(range(2), nonblank_lines(text))]
    return len(first) >= 2 and not first[0].startswith(("{", "<", "@", "["))


def nonblank_lines(text: str):
    """The lines of `text` that hold more than white space, as they are, one at a time:
    a sniff reads the first few of a file of any size, not all of it."""
    start, size = 0, len(text)
    while start <= size:
        end = text.find("\n", start)
        end = size if end < 0 else end
        line = text[start:end]
        if line.strip():
            yield line
        start = end + 1


def read(text: str, path: str, settings) -> tuple[list[Record], list[Problem]]:
    problems: list[Problem] = []
    year = _year_from_name(path) or getattr(settings, "listing_year", None)
    lines = [(number, line.strip()) for number, line in enumerate(text.split("\n"), start=1)]
    content = [(number, line) for number, line in lines if line]

    records: list[Record] = []
    listing_date: str | None = None
    undated_day: tuple[int, str] | None = None
    pending: tuple[int, str] | None = None
    for number, line in content:
        if pending is None:
            if _is_chrome(line):
                continue
            day = _parse_day(line)
            if day is not None:
                listing_date, explicit_year = _iso(day, year), day[2]
                if not _possible(day, explicit_year or year):
                    problems.append(
                        Problem(path, number, f"impossible listing date {line!r}; the papers below it get no date")
                    )
                elif listing_date is None and undated_day is None and not explicit_year:
                    undated_day = (number, line)
                continue
            if len(line) > LONGEST_TITLE:
                problems.append(Problem(path, number, "expected a title line, found a long paragraph; is a title missing above it?"))
                continue
            pending = (number, line)
            continue
        title_line, title = pending
        pending = None
        records.append(
            Record(
                title=title,
                abstract=line,
                source=f"{path}:{title_line}",
                format=FORMAT,
                listing_date=listing_date,
            )
        )
    if pending is not None:
        problems.append(Problem(path, pending[0], f"title without an abstract after it: {pending[1][:80]!r}"))
    if undated_day is not None and records:
        problems.append(
            Problem(
                path,
                undated_day[0],
                f"listing date {undated_day[1]!r} has no year, so its papers get no date; "
                "put the date in the file name (e.g. 2024-03-14-trending.txt) "
                "or set listing_year under the paper-archive plugin in mkdocs.yml",
            )
        )
    return records, problems


def _is_chrome(line: str) -> bool:
    return " ".join(line.lower().split()) in CHROME


def _parse_day(line: str) -> tuple[int, int, int | None] | None:
    match = DATE_LINE.match(line)
    if not match or match.group(1).lower() not in MONTHS:
        return None
    month, day = MONTHS[match.group(1).lower()], int(match.group(2))
    explicit_year = int(match.group(3)) if match.group(3) else None
    if not 1 <= day <= 31:
        return None
    return month, day, explicit_year


def _possible(day: tuple[int, int, int | None], year: int | None) -> bool:
    """Whether the day exists: in its year when known, else in some year (29 February does)."""
    month, number, _ = day
    try:
        date(year or 2000, month, number)
    except ValueError:
        return False
    return True


def _iso(day: tuple[int, int, int | None], year: int | None) -> str | None:
    month, number, explicit_year = day
    try:
        return date(explicit_year or year, month, number).isoformat() if (explicit_year or year) else None
    except ValueError:
        return None


def _year_from_name(path: str) -> int | None:
    name = path.rsplit("/", 1)[-1]
    match = NAME_DATE.search(name)
    return int(match.group(1)) if match else None
