"""Scraped trending-papers listings (`.txt`).

The text of a daily-papers page as copied from a browser: a few lines of page
chrome ("new", "Subscribe", upvote counts, "Submitted by …", …), a listing date
such as `Mar 14` (see `listing_dates`), then each paper as a title line followed by
an abstract line, with blank lines anywhere. A later date line starts a new day.
Where a paste lost a title or an abstract, the lines around it put the pairs back in
step (a short phrase followed by a paragraph of sentences is a new title), and the lost
half is reported at its line. An abstract is prose: one word, or words in title case (a
site's "Sign Up", the next title of a page of titles alone), is none. Dates: `listing_dates`.
A listing date without a year takes it from a date in the file name
(`2024-03-14-trending.txt`; a December day in a January file is of the year
before, a January day in a December file of the year after), else from the
plugin's `listing_year` setting; with neither, the papers get no date. Papers
above any date line are of the file name's day.

Titles are kept exactly; only surrounding spaces are trimmed. A file that starts
like another format (JSON, XML, BibTeX, or the tagged exports of RIS, PubMed, Web of
Science or EndNote, which databases save as `.txt`) is reported, not read.
So is a copy of a page that is no listing (arXiv's own, a Google Scholar alert, a Semantic
Scholar feed): `listing_pages`.
"""

from __future__ import annotations

import re

from generator.model import Problem, Record
from generator.readers import listing_dates, listing_pages

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
        # A site's own menu: search, paging, signing in; the words under a card.
        "search any paper with ai",
        "submit",
        "previous",
        "next",
        "log in",
        "login",
        "sign in",
        "sign up",
        "comment",
        "comments",
        "upvotes",
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

# An abstract is prose; a line this long is no title, so pairs are out of step.
LONGEST_TITLE = 1000
# Pairs are put back in step only where the lines leave no doubt: a line of several
# sentences at least this long is an abstract, a line of one phrase at most this long a title.
PROSE_LENGTH = 200
HEADING_LENGTH = 300
# Also Chinese and Japanese sentences, which end in a full-width stop with no space after it.
SENTENCE_BREAK = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+[\"'\u201c\u2018(\[]?[A-Z]|[。！？](?=\S)")
# A site cuts a long abstract with an ellipsis: that ends it as a full stop does.
SENTENCE_ENDS = (".", "!", "?", ".)", ".\"", "\u201d", ":", "…", "。", "！", "？")
# "et al." ends a line of authors, not a sentence.
ET_AL = re.compile(r"(?:,|(?<!\s))\s*(?:et\s+al\.?|and\s+others|等)\s*$", re.IGNORECASE)


def sniff(text: str) -> bool:
    first = [line.strip() for _, line in zip(range(2), nonblank_lines(text))]
    return len(first) >= 2 and not _structured(first[0]) and _tagged(first[0].lstrip(INVISIBLE)) is None


def _structured(first_line: str) -> bool:
    """Whether a file's first line is the start of JSON, XML or BibTeX."""
    return first_line.startswith(STRUCTURED) or JSON_ARRAY.match(first_line) is not None


def tagged_export(text: str) -> tuple[str, str] | None:
    """(format, what to do) when the text starts as a tagged export does, else None."""
    return _tagged(next(nonblank_lines(text), "").strip().lstrip(INVISIBLE))


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
    named = listing_dates.date_from_name(path)
    year = named[0] if named else getattr(settings, "listing_year", None)
    lines = [(number, line.strip().strip(INVISIBLE).strip()) for number, line in enumerate(text.split("\n"), start=1)]
    content = [(number, line) for number, line in lines if line]
    other = listing_pages.other_page(content)
    if other:
        return [], [Problem(path, *other)]

    # A date line first: `03.12.2025` is no upvote count. The line after "Submitted by" alone is
    # the name of who submitted the paper.
    items = [(number, line, day) for index, (number, line) in enumerate(content)
             if (day := listing_dates.parse_day(line)) is not None
             or not (_is_chrome(line) or index and content[index - 1][1].lower() == "submitted by")]
    # (title line, title, abstract lines, listing date): an abstract may still grow.
    papers: list[tuple[int, str, list[str], str | None]] = []
    # Before any date line, the day the file name gives: a paste without one is that day's.
    named_day = listing_dates.day_of(named, None) if named else None
    listing_date: str | None = named_day.isoformat() if named_day else None
    undated_day: tuple[int, str] | None = None
    pending: tuple[int, str] | None = None
    for index, (number, line, day) in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) and items[index + 1][2] is None else None
        if day is not None:
            if pending is not None and following is not None and _is_abstract(following[1]) and not _is_heading(following[1]):
                continue  # the paper's own date between its title and abstract ("Published on Jun 20, 2025")
            if pending is not None:  # a day begins: the title above has no abstract
                problems.append(_no_abstract(path, *pending))
                pending = None
            listing_date, explicit_year = listing_dates.iso(day, year, named), day[2]
            if not listing_dates.possible(day, explicit_year or year):
                problems.append(
                    Problem(path, number, f"impossible listing date {line!r}; the papers below it get no date")
                )
            elif listing_date is None and undated_day is None and not explicit_year:
                undated_day = (number, line)
            continue
        if pending is None:
            # The rest of an abstract the paste broke mid-sentence, or wrote a sentence a line; a
            # title starting in lower case (`xLSTM: …`) has its abstract after it.
            if papers and (_continues(papers[-1][2][-1], line) or _next_sentence(papers[-1][2][-1], line)) \
                    and not (following and _is_prose(following[1])):
                papers[-1][2].append(line)
                continue
            if len(line) > LONGEST_TITLE or (_is_prose(line) and (following is None or _is_heading(following[1]))):
                problems.append(Problem(path, number, "expected a title line, found a paragraph; is a title missing "
                                                      "above it, or is it the abstract's next paragraph (join the two)?"))
                continue
            pending = (number, line)
            continue
        if following is not None and _is_abstract(following[1]) and _is_author_list(line):
            continue  # authors between a title and its abstract, as Hugging Face and alphaXiv show them
        abstract_like = _is_abstract(line)
        if _is_heading(line) and following is not None and _is_prose(following[1]) or not abstract_like:
            # The title above has no abstract: this line is the next title (or a menu's words), not its
            # abstract, else every later title would be paired with the abstract before it.
            problems.append(_no_abstract(path, *pending, "(if the next line is the rest of it, join the two lines)"
                                         if abstract_like else ""))
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
    """A paragraph of sentences: surely an abstract, never a title. A Chinese or Japanese
    one says as much in a third of the characters."""
    length = len(line) * (3 if CJK_STOP in line else 1)
    return length >= PROSE_LENGTH and SENTENCE_BREAK.search(line) is not None


def _is_abstract(line: str) -> bool:
    """Whether a line may be an abstract: it ends a sentence (or is cut with an ellipsis, or
    ends in a project's address), holds one, is long, or is words written as a sentence is
    (an abstract a page cut off). One word or a line in title case, a page's menu ("Sign
    Up") or the next title of a page without abstracts, is none."""
    end = line.rstrip()
    if len(line) >= PROSE_LENGTH or end.endswith(SENTENCE_ENDS) or SENTENCE_BREAK.search(line) is not None \
            or ENDS_IN_ADDRESS.search(end) is not None:
        return True
    words = _LETTERED.findall(line)
    significant = [word for word in words if word.lower() not in TITLE_WORDS]
    return len(words) >= 2 and not (significant and all(word[:1].isupper() for word in significant))


_LETTERED = re.compile(r"[^\W\d_][\w'’-]*")


CJK_STOP = "。"


def _is_heading(line: str) -> bool:
    """One short phrase: surely no abstract of several sentences. A title may ask a
    question and go on ("Mixture of Experts Is All You Need? Revisiting …")."""
    if len(line) > HEADING_LENGTH:
        return False
    breaks = SENTENCE_BREAK.findall(line)
    return not breaks or len(breaks) == 1 and breaks[0][0] in "?!" and not line.rstrip().endswith(SENTENCE_ENDS)


def _continues(abstract: str, line: str) -> bool:
    """Whether `line` is the rest of an abstract a paste broke mid-sentence: the abstract
    ends in no full stop, nor in an address ("Project page: https://…"), and the line goes
    on in small letters, or in a number or capital and ends a sentence ("3 to 30B models …")."""
    end = abstract.rstrip()
    if end.endswith(SENTENCE_ENDS) or ENDS_IN_ADDRESS.search(end):
        return False
    return line[:1].islower() or (line[:1].isalnum() and line.rstrip().endswith(SENTENCE_ENDS) and SENTENCE_BREAK.search(line) is not None)


def _next_sentence(abstract: str, line: str) -> bool:
    """Whether `line` is the next sentence of an abstract written a sentence a line: both
    end in a full stop, and the line is a sentence of a few words (a title rarely ends so)."""
    return abstract.rstrip().endswith(".") and line.rstrip().endswith(".") and line[:1].isupper() \
        and len(line.split()) >= 4 and len(line) < PROSE_LENGTH and not line.rstrip().endswith(("et al.", "al."))


# An abstract that ends in a web address: a project page, not a sentence broken off.
ENDS_IN_ADDRESS = re.compile(r"(?:https?://|www\.)\S+$")
# Names between commas (`Guoqi Li, Jie Lou, debingzhang`): a name of one to four words, none
# of them a small word of a title ("of", "for", "with").
AUTHOR = re.compile(r"[^\W\d_][\w.'\-]*(?:\s+[^\W\d_][\w.'\-]*){0,3}")
TITLE_WORDS = frozenset("a an and the of for with in on to from by via is are we our using towards toward at as".split())


def _is_author_list(line: str) -> bool:
    """A line of names separated by commas (and a last "and"): the authors a card shows."""
    line, others = ET_AL.subn("", line)
    names = [name.strip() for name in re.split(r",|\band\b|;", line) if name.strip()]
    return (len(names) >= 2 - others and len(line) <= HEADING_LENGTH and not line.rstrip().endswith(SENTENCE_ENDS)
            and all(AUTHOR.fullmatch(name) for name in names)
            and not any(word.lower() in TITLE_WORDS for name in names for word in name.split()))


def _is_chrome(line: str) -> bool:
    words = line.split(None, CHROME_WORDS)
    if len(words) <= CHROME_WORDS and " ".join(words).lower() in CHROME:
        return True
    return CHROME_LINE.match(line) is not None

