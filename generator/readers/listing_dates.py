"""The dates of a trending-papers listing: its date lines and the date in its file name.

A date line is a day as sites write it, in English (`Mar 14`, `March 14th, 2024`,
`Thu, 14 Mar 2024`, `Published on Mar 14`), as ISO (`2024-03-14`), day first as much
of Europe writes it (`14 March 2024`, `4. Dez. 2025`, `03.12.2025`, `Fr., 26. Juni
2025`), or in Chinese and Japanese (`12月4日`, `6月27日（金）`). A day without a year
takes it from the file name (`2024-03-14-trending.txt`) or the `listing_year` setting.
"""

from __future__ import annotations

import re
from datetime import date

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

# The months as sites in German, French, Spanish, Italian, Dutch and Portuguese write them
# (`4 déc. 2025`, `4. Dez. 2025`), for listing dates only.
OTHER_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari", "janeiro"),
            ("februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "februari", "fevereiro", "fev"),
            ("märz", "mär", "maerz", "mars", "marzo", "maart", "mrt", "março", "marco"),
            ("avril", "avr", "abril", "abr", "aprile"),
            ("mai", "mayo", "maggio", "mag", "mei", "maio"),
            ("juni", "juin", "junio", "giugno", "giu", "junho"),
            ("juli", "juillet", "juil", "julio", "luglio", "lug", "julho"),
            ("août", "aout", "agosto", "ago", "augustus"),
            ("septembre", "septiembre", "settembre", "set", "setembro"),
            ("oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out"),
            ("novembre", "noviembre", "novembro"),
            ("dezember", "dez", "décembre", "déc", "decembre", "diciembre", "dic", "dicembre", "dezembro"),
        ],
        start=1,
    )
    for name in names
}

# `Mar 14`, `March 14th, 2024`; `14 Mar 2024`, `4. Dez. 2025`; `2024-03-14`; after a weekday or "Published on".
DATE_LINE = re.compile(r"^([^\W\d_]{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$", re.IGNORECASE)
DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|\.)?\s+([^\W\d_]{3,10})\.?(?:,?\s+(\d{4}))?$", re.IGNORECASE)
# `12月4日`, `2025年12月4日`, as Chinese and Japanese sites write a day.
CJK_DAY = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
ISO_DAY = re.compile(r"^(\d{4})[-/](\d{2})[-/](\d{2})$")
# `03.12.2025`, as much of Europe writes a day: day, month, year.
DOTTED_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
DATE_PREFIX = re.compile(r"^(?:published\s+on\s+|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)", re.IGNORECASE)
# Weekdays in German, French, Spanish, Italian, Dutch and Portuguese, with their stop or comma
# (`Fr., 26. Juni 2025`, `mié, 25 jun 2025`); tried after the rest, since "Mar." is also March.
OTHER_WEEKDAY = re.compile(r"^(?:mo|di|mi|do|fr|sa|so|lun|mar|mer|jeu|ven|sam|dim|mié|mie|jue|vie|sáb|sab|dom|gio|ma|wo"
                           r"|vr|za|zo|seg|ter|qua|qui|sex)[a-zéèáíóú]*(?:\.,?|,)\s+", re.IGNORECASE)
# A Chinese or Japanese weekday after the day: `6月27日（金）`, `6月27日 星期五`.
CJK_WEEKDAY = re.compile(r"(?<!\s)\s*(?:[（(]\s*[月火水木金土日一二三四五六]\s*[）)]|(?:星期|周|週)[一二三四五六日天])$")
NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")


def parse_day(line: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of a date line; a day that does not exist (`Mar 41`)
    too, for the caller to report."""
    found = _parse_bare_day(CJK_WEEKDAY.sub("", DATE_PREFIX.sub("", line)))
    if found is None and OTHER_WEEKDAY.match(line):
        found = _parse_bare_day(OTHER_WEEKDAY.sub("", line))
    return found


def _parse_bare_day(line: str) -> tuple[int, int, int | None] | None:
    match = ISO_DAY.match(line)
    if match:
        return int(match.group(2)), int(match.group(3)), int(match.group(1))
    match = DOTTED_DAY.match(line)
    if match:
        return int(match.group(2)), int(match.group(1)), int(match.group(3))
    match = CJK_DAY.match(line)
    if match:
        return int(match.group(2)), int(match.group(3)), int(match.group(1)) if match.group(1) else None
    match = DATE_LINE.match(line)
    if match:
        name, day, year = match.groups()
    else:
        match = DAY_FIRST.match(line)
        if not match:
            return None
        day, name, year = match.groups()
    month = MONTHS.get(name.lower()) or OTHER_MONTHS.get(name.lower())
    if month is None:
        return None
    return month, int(day), int(year) if year else None


def possible(day: tuple[int, int, int | None], year: int | None) -> bool:
    """Whether the day exists: in its year when known, else in some year (29 February does)."""
    month, number, _ = day
    try:
        date(year or 2000, month, number)
    except ValueError:
        return False
    return True


def iso(day: tuple[int, int, int | None], year: int | None, named: tuple[int, int, int] | None = None) -> str | None:
    """The day as `YYYY-MM-DD`. Without a year of its own, a day half a year or more after
    the file name's date is of the year before: a paste made on 2 January lists 31 December
    (a day or two after it is a site ahead of the file's time zone); and half a year or more
    before it, of the year after: a file of 31 December lists 1 January."""
    month, number, explicit_year = day
    try:
        found = date(explicit_year or year, month, number) if (explicit_year or year) else None
        if found and not explicit_year and named:
            apart = (found - day_of(named, found)).days
            found = found.replace(year=found.year - 1) if apart > 183 else found.replace(year=found.year + 1) if apart < -183 else found
    except ValueError:  # 29 February of the year before
        return None
    return found.isoformat() if found else None


def day_of(named: tuple[int, int, int], fallback: date) -> date:
    try:
        return date(*named)
    except ValueError:  # the file name's date does not exist: nothing to compare with
        return fallback


def date_from_name(path: str) -> tuple[int, int, int] | None:
    name = path.rsplit("/", 1)[-1]
    match = NAME_DATE.search(name)
    return tuple(map(int, match.groups())) if match else None
