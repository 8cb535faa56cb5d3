"""RIS dates as exporters write them: `YYYY/MM/DD/other`, the day or the month first,
in words (IEEE Xplore's `Mar. 2017`, JSTOR's `July-August 2016`), eight digits (TRID's),
after a label; an impossible month or day is kept for validation to report."""

from __future__ import annotations

import re

from generator.readers.listing_dates import MONTHS

# RIS dates are `YYYY/MM/DD/other`; a part of other digits (`2024/123/`) is no month.
DATE = re.compile(r"^\s*(\d{4})(?!\d)(?:[/-](\d{1,2})?(?!\d)(?:[/-](\d{1,2})(?!\d))?)?")
# Some exporters write the day first or the month first (`14/03/2024`, `03/14/2024`).
NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*/?\s*$")
# A date written in words, as IEEE Xplore and JSTOR do: `Mar. 2017`, a conference's `4-8 Aug. 2020`,
# `July-August 2016`, `Aug. 4, 2020`, `Winter 2014` (a season: the year alone). A range gives its start.
NAMED_DATE = re.compile(r"^\s*(?:(\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s+)?([A-Za-z]{3,9})\.?(?:\s*[-–/]\s*[A-Za-z]{3,9}\.?)?"
                        r"(?:\s+(\d{1,2})(?:\s*[-–]\s*\d{1,2})?,?)?\s+(\d{4})\s*\.?\s*$")
SEASONS = frozenset({"spring", "summer", "fall", "autumn", "winter"})
# A date of eight digits (`20170812`), as TRID writes it.
COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
# A label before the date: TRID's `Start date: 20170812`, JSTOR's `Full publication date: July-August 2016`.
DATE_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z ]{0,30}:\s*")


def one_date(text: str) -> str | None:
    """The date `text` writes, as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; None when it writes none."""
    text = DATE_LABEL.sub("", text, count=1)
    compact = COMPACT_DATE.match(text)
    if compact:
        return "-".join(compact.groups())
    named = NAMED_DATE.match(text)
    if named:
        day, month, later_day, year = named.groups()
        if month.lower() in SEASONS:
            return year
        if month.lower() not in MONTHS:
            return None
        day = int(day or later_day or 0)  # an impossible day is for validation to report
        return f"{year}-{MONTHS[month.lower()]:02d}" + (f"-{day:02d}" if day else "")
    numeric = NUMERIC_DATE.match(text)
    if numeric:
        return numeric_date(*(int(part) for part in numeric.groups()))
    match = DATE.match(text)
    if not match:
        return None
    # An impossible month or day is kept for validation to report; 0 (`2015/00/00`)
    # is how exporters write an unknown one.
    year, month, day = (int(part or 0) for part in match.groups())
    if not month:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"


def numeric_date(first: int, second: int, year: int) -> str:
    """A date written with the year last: the day and month when only one reading is
    a date (`14/03/2024`, `03/14/2024`), the year alone when both are (`03/04/2024`); when
    neither is, as written, for validation to report."""
    if first > 12 >= second:
        first, second = second, first
    elif first <= 12 and second <= 12:
        return f"{year:04d}"
    return f"{year:04d}-{first:02d}-{second:02d}"
