"""Scraped trending-papers listings (`.txt`).

The text of a daily-papers page as copied from a browser: a few lines of page
chrome ("new", "Subscribe", upvote counts, "Submitted by …", …), a listing date
such as `Mar 14` (also `March 14th`, `14 March 2024`, `Thu, 14 Mar 2024`,
`2024-03-14`, `Published on Mar 14`), then each paper as a title line followed by
an abstract line, with blank lines anywhere. A later date line starts a new day.
Where a paste lost a title or an abstract, the lines around it put the pairs back in
step (a short phrase followed by a paragraph of sentences is a new title), and the lost
half is reported at its line.
A listing date without a year takes it from a date in the file name
(`2024-03-14-trending.txt`; a December day in a January file is of the year
before, a January day in a December file of the year after), else from the
plugin's `listing_year` setting; with neither, the papers get no date. Papers
above any date line are of the file name's day.

Titles are kept exactly; only surrounding spaces are trimmed. A file that starts
like another format (JSON, XML, BibTeX, or the tagged exports of RIS, PubMed, Web of
Science or EndNote, which databases save as `.txt`) is reported, not read.
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
        "get trending papers in your email inbox once a day!",
        "subscribe",
        "byak and the research community",
        "by ak and the research community",
        "daily papers",
        "trending papers",
        "daily",
        "weekly",
        "monthly",
        # Hugging Face's and Papers with Code's cards: their buttons and headings.
        "github",
        "arxiv page",
        "paper",
        "code",
        "upvote",
        "bookmark",
        "trending research",
        "subscribe to the pwc newsletter",
        "show more",
        "view all",
    }
)
# A line of more words is no chrome of `CHROME`: an abstract line is not split up whole.
CHROME_WORDS = max(len(phrase.split()) for phrase in CHROME)
# Chrome that varies: upvote and comment counts, "· 8 authors", "Submitted by …".
CHROME_LINE = re.compile(r"^(?:[\d.,]+\s*k?|·?\s*\d+\s+authors?|·|submitted by\b.*|★\s*[\d.,]+\s*k?"
                         r"|[\d.,]+\s*k?\s+(?:views?|upvotes?|comments?|stars?|likes?)(?:\s*/\s*(?:hour|day|week))?)$",
                         re.IGNORECASE)
# Characters a paste may carry that are no text: a byte-order mark where two files were
# joined, zero-width spaces and joiners.
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"

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
# What a file whose text starts so holds is some other format (JSON, XML, BibTeX), not a listing.
STRUCTURED = ("{", "<", "@")
# A JSON array's start: "[Re] Reproducing …" is a title.
JSON_ARRAY = re.compile(r"\[\s*(?:[\[{\"\]\d-]|true|false|null|$)")
# The tagged exports of databases and reference managers, which they save as `.txt`; read as a
# listing, each of their lines (affiliations, e-mail addresses) would become a paper.
TAGGED = (
    (re.compile(r"^TY {1,2}- "), "RIS", "give the file the .ris extension"),
    (re.compile(r"^PMID- ?\d"), "PubMed (MEDLINE)", "export it as RIS (.ris) or CSL JSON (.json) instead"),
    (re.compile(r"^(?:FN \S|VR \d|PT [A-Z]$)"), "Web of Science", "export it as BibTeX (.bib) or RIS (.ris) instead"),
    (re.compile(r"^%0 \S"), "EndNote", "export it as RIS (.ris) instead"),
)
NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")

# An abstract is prose; a line this long is no title, so pairs are out of step.
LONGEST_TITLE = 1000
# Pairs are put back in step only where the lines leave no doubt: a line of several
# sentences at least this long is an abstract, a line of one phrase at most this long a title.
PROSE_LENGTH = 200
HEADING_LENGTH = 300
SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+[\"'\u201c\u2018(\[]?[A-Z]")
SENTENCE_ENDS = (".", "!", "?", ".)", ".\"", "\u201d", ":")


def sniff(text: str) -> bool:
    first = [line.strip() for _, line in zip(range(2), nonblank_lines(text))]
    return len(first) >= 2 and not _structured(first[0]) and _tagged(first[0].lstrip(INVISIBLE)) is None


def _structured(first_line: str) -> bool:
    """Whether a file's first line is the start of JSON, XML or BibTeX."""
    return first_line.startswith(STRUCTURED) or JSON_ARRAY.match(first_line) is not None


def _tagged(first_line: str) -> tuple[str, str] | None:
    """(format, what to do) when the first line is that of a tagged export, else None."""
    return next(((name, advice) for pattern, name, advice in TAGGED if pattern.match(first_line)), None)


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
    first = next(nonblank_lines(text), "").strip().lstrip(INVISIBLE)
    if _structured(first):
        return [], [Problem(path, 1, "not a trending-papers listing (it starts like JSON, XML or BibTeX); "
                                     "give the file its format's extension (.json, .xml, .bib)")]
    tagged = _tagged(first)
    if tagged:
        return [], [Problem(path, 1, f"not a trending-papers listing (it starts like a {tagged[0]} export); {tagged[1]}")]
    problems: list[Problem] = []
    named = _date_from_name(path)
    year = named[0] if named else getattr(settings, "listing_year", None)
    lines = [(number, line.strip().strip(INVISIBLE).strip()) for number, line in enumerate(text.split("\n"), start=1)]
    content = [(number, line) for number, line in lines if line]

    # A date line first: `03.12.2025` is no upvote count.
    items = [(number, line, day) for number, line in content if (day := _parse_day(line)) is not None or not _is_chrome(line)]
    # (title line, title, abstract lines, listing date): an abstract may still grow.
    papers: list[tuple[int, str, list[str], str | None]] = []
    # Before any date line, the day the file name gives: a paste without one is that day's.
    named_day = _day(named, None) if named else None
    listing_date: str | None = named_day.isoformat() if named_day else None
    undated_day: tuple[int, str] | None = None
    pending: tuple[int, str] | None = None
    for index, (number, line, day) in enumerate(items):
        if day is not None:
            if pending is not None:  # a day begins: the title above has no abstract
                problems.append(_no_abstract(path, *pending))
                pending = None
            listing_date, explicit_year = _iso(day, year, named), day[2]
            if not _possible(day, explicit_year or year):
                problems.append(
                    Problem(path, number, f"impossible listing date {line!r}; the papers below it get no date")
                )
            elif listing_date is None and undated_day is None and not explicit_year:
                undated_day = (number, line)
            continue
        following = items[index + 1] if index + 1 < len(items) and items[index + 1][2] is None else None
        if pending is None:
            # The rest of an abstract the paste broke mid-sentence; a title starting in lower
            # case (`xLSTM: …`) has its abstract after it.
            if papers and _continues(papers[-1][2][-1], line) and not (following and _is_prose(following[1])):
                papers[-1][2].append(line)
                continue
            if len(line) > LONGEST_TITLE or (_is_prose(line) and (following is None or _is_heading(following[1]))):
                problems.append(Problem(path, number, "expected a title line, found a paragraph; "
                                                      "is a title missing above it?"))
                continue
            pending = (number, line)
            continue
        if following is not None and _is_prose(following[1]) and _is_author_list(line):
            continue  # authors between a title and its abstract, as Hugging Face and alphaXiv show them
        if _is_heading(line) and following is not None and _is_prose(following[1]):
            # The title above has no abstract: this line is the next title, not its abstract,
            # else every later title would be paired with the abstract before it.
            problems.append(_no_abstract(path, *pending, "(if the next line is the rest of it, join the two lines)"))
            pending = (number, line)
            continue
        papers.append((*pending, [line], listing_date))
        pending = None
    records = [
        Record(title=title, abstract=" ".join(lines), source=f"{path}:{title_line}", format=FORMAT, listing_date=day)
        for title_line, title, lines, day in papers
    ]
    if pending is not None:
        problems.append(_no_abstract(path, *pending))
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


def _no_abstract(path: str, line: int, title: str, hint: str = "") -> Problem:
    return Problem(path, line, f"title without an abstract after it: {title[:80]!r}" + (f" {hint}" if hint else ""))


def _is_prose(line: str) -> bool:
    """A paragraph of sentences: surely an abstract, never a title."""
    return len(line) >= PROSE_LENGTH and SENTENCE_BREAK.search(line) is not None


def _is_heading(line: str) -> bool:
    """One short phrase: surely no abstract of several sentences."""
    return len(line) <= HEADING_LENGTH and SENTENCE_BREAK.search(line) is None


def _continues(abstract: str, line: str) -> bool:
    """Whether `line` is the rest of an abstract a paste broke mid-sentence: the abstract
    ends in no full stop, nor in an address ("Project page: https://…"), and the line goes
    on in small letters, or in a number or capital and ends a sentence ("3 to 30B models …")."""
    end = abstract.rstrip()
    if end.endswith(SENTENCE_ENDS) or ENDS_IN_ADDRESS.search(end):
        return False
    return line[:1].islower() or (line[:1].isalnum() and line.rstrip().endswith(SENTENCE_ENDS) and SENTENCE_BREAK.search(line) is not None)


# An abstract that ends in a web address: a project page, not a sentence broken off.
ENDS_IN_ADDRESS = re.compile(r"(?:https?://|www\.)\S+$")
# Names between commas (`Guoqi Li, Jie Lou, debingzhang`): a name of one to four words, none
# of them a small word of a title ("of", "for", "with").
AUTHOR = re.compile(r"[^\W\d_][\w.'\-]*(?:\s+[^\W\d_][\w.'\-]*){0,3}")
TITLE_WORDS = frozenset("a an and the of for with in on to from by via is are we our using towards toward at as".split())


def _is_author_list(line: str) -> bool:
    """A line of names separated by commas (and a last "and"): the authors a card shows."""
    names = [name.strip() for name in re.split(r",|\band\b|;", line) if name.strip()]
    return (len(names) >= 2 and len(line) <= HEADING_LENGTH and not line.rstrip().endswith(SENTENCE_ENDS)
            and all(AUTHOR.fullmatch(name) for name in names)
            and not any(word.lower() in TITLE_WORDS for name in names for word in name.split()))


def _is_chrome(line: str) -> bool:
    words = line.split(None, CHROME_WORDS)
    if len(words) <= CHROME_WORDS and " ".join(words).lower() in CHROME:
        return True
    return CHROME_LINE.match(line) is not None


def _parse_day(line: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of a date line; a day that does not exist (`Mar 41`)
    too, for the caller to report."""
    line = DATE_PREFIX.sub("", line)
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


def _possible(day: tuple[int, int, int | None], year: int | None) -> bool:
    """Whether the day exists: in its year when known, else in some year (29 February does)."""
    month, number, _ = day
    try:
        date(year or 2000, month, number)
    except ValueError:
        return False
    return True


def _iso(day: tuple[int, int, int | None], year: int | None, named: tuple[int, int, int] | None = None) -> str | None:
    """The day as `YYYY-MM-DD`. Without a year of its own, a day half a year or more after
    the file name's date is of the year before: a paste made on 2 January lists 31 December
    (a day or two after it is a site ahead of the file's time zone); and half a year or more
    before it, of the year after: a file of 31 December lists 1 January."""
    month, number, explicit_year = day
    try:
        found = date(explicit_year or year, month, number) if (explicit_year or year) else None
        if found and not explicit_year and named:
            apart = (found - _day(named, found)).days
            found = found.replace(year=found.year - 1) if apart > 183 else found.replace(year=found.year + 1) if apart < -183 else found
    except ValueError:  # 29 February of the year before
        return None
    return found.isoformat() if found else None


def _day(named: tuple[int, int, int], fallback: date) -> date:
    try:
        return date(*named)
    except ValueError:  # the file name's date does not exist: nothing to compare with
        return fallback


def _date_from_name(path: str) -> tuple[int, int, int] | None:
    name = path.rsplit("/", 1)[-1]
    match = NAME_DATE.search(name)
    return tuple(map(int, match.groups())) if match else None
