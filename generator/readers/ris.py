"""RIS (`.ris`): the tagged format of EndNote, Mendeley, Zotero, Scopus and most catalogues.

    TY  - JOUR
    TI  - Deep learning
    AU  - LeCun, Yann
    PY  - 2015/05/28/
    T2  - Nature
    DO  - 10.1038/nature14539
    KW  - neural networks
    ER  -

Each record from `TY` to `ER` is parsed with rispy on its own, so a damaged
record costs only itself and is reported at its `TY` line; a last record that the
file ends inside, before its `ER` line (a file cut short), is kept as far as it goes
and reported. A record written
with one space before each dash (`TY - JOUR`, `ER -`) is read too. From each record:
the title (`TI`, `T1`, else the translated `TT`, else the short `ST`), the
abstract (`AB`, else `N2`), the authors (`A1`, then `AU`; "Family, Given" becomes
"Given Family", MEDLINE's "Smith JA" "J. A. Smith", Cochrane's closing "et al." no one), the date (`DA`, `PY` or `Y1`: `YYYY/MM/DD/…`; Web of Science's `DA  - AUG 11` with `PY`'s year;
IEEE Xplore's `Mar. 2017`, JSTOR's `C1  - Full publication date: …`, TRID's `Start date: 20170812`), the venue
(`JF`, `T2`, `JO`, `JA` or `J2`), `DO` (or a DOI in `L3`, where EBSCO writes it),
an arXiv id from the DOI, `UR` or an `arXiv:` reference, `UR` as a link, and
`KW` as the paper's own tags; `TY` with the container, volume, issue, pages and publisher
make its citation (`_citation`). `L1`/`L2` (local files), `N1` (notes) and the
rest never leave the machine. TeX in a title or abstract is decoded, and so are
character entities (`&amp;`, `&#039;`) in the title, abstract, venue, authors and
keywords, which some exports (SciELO, Scopus) write as in HTML; the rich-text tags of
a title, abstract or venue (Web of Science's `<i>Panax ginseng</i>`) go, as in BibTeX.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import rispy

from generator.clean import entities
from generator.model import Problem, Record
from generator.readers.arxiv_atom import arxiv_id, arxiv_of_doi, doi_name, id_links
from generator.readers.bibtex_fields import ARXIV_REFERENCE, ARXIV_VENUE
from generator.readers.citation import RIS_TYPES, citation, page_range
from generator.readers.listing_dates import MONTHS
from generator.readers.markup import escaped_html
from generator.readers.person import CUT_SHORT, full_name, medline_name, named_people, without_trailing_more
from generator.readers.ris_dates import one_date
from generator.textex import decode, looks_like_tex

if TYPE_CHECKING:
    from generator.readers import ReadSettings

FORMAT = "ris"
EXTENSIONS = (".ris",)

TAG_LINE = re.compile(r"^([A-Z][A-Z0-9])  ?-(?: |$)")
RECORD_START = re.compile(r"^\s*TY  ?-", re.MULTILINE)
# Some tools write every tag with one space (`TY - JOUR`); rispy reads two only.
ONE_SPACE_START = re.compile(r"^TY -")
# NASA ADS knows a paper's year and month, not its day, and its RIS writes day 1 for it, unpadded
# (`Y1  - 2018/01/1`): a record of ADS (its `UR` on adsabs.harvard.edu) is dated by month.
ADS_PLACEHOLDER_DAY = re.compile(r"^\s*\d{4}/\d{2}/1\s*$")
ADS_ADDRESS = re.compile(r"^https?://(?:ui\.)?adsabs\.harvard\.edu/", re.IGNORECASE)
# Web of Science's DA: a month's name and perhaps its day, without the year (`AUG 11`, `FEB`), which is PY's.
MONTH_DAY = re.compile(r"^\s*([A-Za-z]{3,9})\.?(?:\s+(\d{1,2}))?\s*$")
# A tag written after a value on its line, as some exports glue them (`… U2  - L643474277`).
# A line break with the spaces around it, matched from the first of them only: tried from
# each space of a long run without one, it cost the run's length squared.
LINE_BREAK_AND_SPACES = re.compile(r"(?<!\s)\s*\n\s*")
GLUED_TAG = re.compile(r"(?<![ \t])[ \t]{2,}(?=[A-Z][A-Z0-9]  - )")
SCHEMELESS = re.compile(r"^//[A-Za-z0-9]")
ONE_SPACE_TAG = re.compile(r"^([A-Z][A-Z0-9]) -(?: |$)")
# rispy's tags; L3 ("related records"), where EBSCO writes the DOI; and tags of the
# citation that rispy does not know: a book's title (`BT`), editors (`ED`), IEEE's volume (`VO`).
MAPPING = {**rispy.TAG_KEY_MAPPING, "L3": "related_records", "BT": "book_title", "ED": "editors", "VO": "volume_other"}
# JF (the journal's full name) before T2: EBSCO writes a translated title in T2, the journal in JO and JF.
VENUE_KEYS = ("alternate_title3", "secondary_title", "journal_name", "alternate_title2", "alternate_title1")


def sniff(text: str) -> bool:
    return RECORD_START.search(text[:4096]) is not None


def read(text: str, path: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    records: list[Record] = []
    problems: list[Problem] = []
    chunks = _chunks(text)
    if not chunks and text.strip():
        return [], [Problem(path, None, "not RIS: no record starts with a `TY  - ` line")]
    for line, chunk in chunks:
        parser = _OneSpaceParser if ONE_SPACE_START.match(chunk) else rispy.RisParser
        try:
            entries = rispy.loads(chunk, implementation=parser, mapping=MAPPING, skip_unknown_tags=True, enforce_list_tags=False)
        except Exception as error:  # rispy raises on shapes it does not expect; one record is lost, not the file
            problems.append(Problem(path, line, f"damaged RIS record ({type(error).__name__}: {str(error)[:80]}); skipped"))
            continue
        if not entries:
            problems.append(Problem(path, line, "unreadable RIS record: its tags must be written `XX  - value` down to `ER  - `; skipped"))
        for entry in entries[:1]:
            try:
                records.append(_record(entry, path, line))
            except ValueError as error:
                problems.append(Problem(path, line, f"{error}; skipped"))
    last_line, closed = _end(text, chunks)
    if not closed:
        # As the arXiv reader keeps the entries before its XML breaks off: what the record
        # says is kept, and the person told that it may say less than the export did.
        problems.append(Problem(path, chunks[-1][0], f"the file ends at line {last_line} inside this record, before its `ER  - ` "
                                                     "line: it may be cut short (export the file again)"))
    return records, problems


class _OneSpaceParser(rispy.RisParser):
    """rispy's parser for a record whose tags have one space before the dash (`TI - x`)
    or two. Only for a record that starts `TY - `: in a record written with two spaces,
    a line such as `US - China trade` continues the value above it."""

    def parse_line(self, line: str) -> tuple[str | None, str]:
        match = TAG_LINE.match(line)
        return (match.group(1), line[match.end():].strip()) if match else (None, line.strip())


def _chunks(text: str) -> list[tuple[int, str]]:
    """Each record's text (from its `TY` line to the next) with its first line number."""
    lines = text.split("\n")
    starts = [index for index, line in enumerate(lines) if RECORD_START.match(line)]
    chunks = []
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        body = [line.strip() if index == start else line for index, line in enumerate(lines[start:end], start)]
        if not ONE_SPACE_START.match(body[0]):
            body = _two_space_lines(body)
        if not any(re.match(r"^\s*ER  ?-", line) for line in body):
            body.append("ER  - ")
        chunks.append((start + 1, "\n".join(body) + "\n"))
    return chunks


def _end(text: str, chunks: list[tuple[int, str]]) -> tuple[int, bool]:
    """(the file's last line that holds text, whether the last record was closed by its `ER` line)."""
    lines = text.rstrip().split("\n")
    if not chunks:
        return len(lines), True
    closing = re.compile(r"^\s*ER  ?-")
    return len(lines), any(closing.match(line) for line in lines[chunks[-1][0] - 1 :])


def _two_space_lines(body: list[str]) -> list[str]:
    """The lines of a record written with two spaces before each dash, as rispy reads them:
    a tag some export glued to the value before it (Rayyan's `DO  - 10.1186/x     LK  - https://…`)
    on a line of its own, and a known tag written with one space (`KW - x`) with two."""
    found = []
    for line in body:
        for piece in GLUED_TAG.split(line):
            one_space = ONE_SPACE_TAG.match(piece)
            if one_space and one_space.group(1) in MAPPING:
                piece = f"{one_space.group(1)}  -{piece[one_space.end(1) + 2:]}"
            found.append(piece)
    return found


def _record(entry: dict, path: str, line: int) -> Record:
    # The short title (`ST`) names the paper when nothing else does: some exports give only it.
    raw_title = _first(entry, "title", "primary_title", "translated_title", "short_title")
    abstract = _first(entry, "abstract", "notes_abstract")
    # SciELO and Scopus write their text as HTML: `Poço D&#039;Anta`, `P &lt; 0.0001`; Web of
    # Science its titles' italics, `<i>Panax ginseng</i>`, and scripts, `CD4<SUP>+</SUP>`, whose
    # meaning stays (as in BibTeX): `10<sup>-3</sup>` read as 10-3 would be another number.
    raw_title, abstract = escaped_html(raw_title, typeset=True), escaped_html(abstract, typeset=True)
    math = looks_like_tex(raw_title + " " + abstract)
    title = decode(raw_title) if math or "\\" in raw_title else " ".join(raw_title.split())
    if not title:
        raise ValueError("record has no title (TI, T1, TT or ST)")
    abstract = decode(abstract) if math or "\\" in abstract else " ".join(abstract.split())

    doi = doi_name(_first(entry, "doi")) or _related_doi(entry)
    # No address holds white space: what follows one is another address, or no address.
    # ScienceDirect writes its addresses without a scheme (`//www.sciencedirect.com/…`): https.
    urls = [f"https:{url}" if SCHEMELESS.match(url) else url for value in _values(entry, "urls") for url in value.split()]
    urls = [url for url in urls if url.startswith(("http://", "https://"))]
    identifier = _arxiv(entry, doi, urls)
    links = id_links(identifier, doi)
    # The addresses kept so far, as a set: one built anew for each of 10,000 `UR` lines cost their square.
    kept = {link for _, link in links}
    for url in urls:
        if not (identifier and "arxiv.org/abs/" in url) and url not in kept:
            links.append(("url", url))
            kept.add(url)
    venue = " ".join(escaped_html(_first(entry, *VENUE_KEYS)).split())
    venue = venue if venue and not ARXIV_VENUE.match(venue) and venue != title else None
    return Record(
        title=title,
        source=f"{path}:{line}",
        format=FORMAT,
        abstract=abstract,
        authors=_authors(entry),
        date=_date(entry),
        arxiv=identifier,
        doi=doi,
        venue=venue,
        tags=_keywords(entry),
        links=tuple(links),
        citation=_citation(entry, venue or ""),
        math=math,
    )


def _citation(entry: dict, venue: str) -> tuple[tuple[str, str], ...]:
    """The citation `TY` says: a conference paper's proceedings (`C3`, `BT`, `T2`; with an issue,
    a journal's), a chapter's
    book (`BT`, `T2`), each with its editors (`A2`, `ED`); a journal article's journal (the venue);
    `VL` (or IEEE's `VO`), `IS`, the pages (`SP`, `EP`), `PB` and `CY`, `ET`, the series (`T3`).
    A thesis's degree is in `M3`; the `SP` of a book, thesis or report counts its pages."""
    kind = RIS_TYPES.get(_first(entry, "type_of_reference").upper())
    if kind is None:
        return ()

    def text(*keys: str) -> str:
        return " ".join(escaped_html(_first(entry, *keys)).split())

    if kind == "inproceedings" and text("number"):
        kind = "article"  # Scopus's conference paper in a journal's issue: `T2` the journal, `IS  - SUPPL. 1`
    if kind == "inproceedings":
        container = text("custom3", "book_title", "secondary_title") or venue
    elif kind == "incollection":
        container = text("book_title", "secondary_title") or venue
    else:
        container = venue
    editors = _people([*_values(entry, "secondary_authors"), *_values(entry, "editors")])
    return citation(
        kind, container, editors, genre=text("type_of_work") if kind == "phdthesis" else "",
        volume=text("volume", "volume_other"), number=text("number"), pages=page_range(text("start_page"), text("end_page")),
        publisher=text("publisher"), address=text("place_published"), edition=text("edition"), series=text("tertiary_title"),
    )


def _keywords(entry: dict) -> tuple[str, ...]:
    """The `KW` lines, each once. Ovid and Cochrane mark a record's main subject headings with
    a star (`*Anxiety Management`): the same heading as without it."""
    found = (" ".join(entities(tag).split()).lstrip("* ") for tag in _values(entry, "keywords"))
    return tuple(dict.fromkeys(tag for tag in found if tag))


def _values(entry: dict, key: str) -> list[str]:
    value = entry.get(key)
    items = value if isinstance(value, list) else [value]
    # EndNote puts several keywords or URLs in one tag, one a line.
    return [part for item in items if isinstance(item, str) for part in LINE_BREAK_AND_SPACES.split(item) if part]


def _related_doi(entry: dict) -> str | None:
    """A DOI written as a related record (`L3`), where EBSCO puts it; L3's other values
    (links, file names) are never read."""
    return next((doi for doi in map(doi_name, _values(entry, "related_records")) if doi), None)


def _first(entry: dict, *keys: str) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, list):
            value = next((item for item in value if isinstance(item, str) and item.strip()), "")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _authors(entry: dict) -> tuple[str, ...]:
    """The `A1` lines' people, then the `AU` lines' (tools write the first author under one
    and the others under the other, or each person under both: a person of the `A1` lines
    is not named again, `H. Wang` being `Hui Wang`). Two people of one abbreviated name
    (`Wang, H.`) on lines of one tag are both kept."""
    first_lines, first_more = _without_marks(_values(entry, "first_authors"))
    other_lines, other_more = _without_marks(_values(entry, "authors"))
    first = _people(first_lines)
    given_names: dict[tuple[str, str], list[str]] = {}
    for person in first:
        family, given = _name_parts(person)
        given_names.setdefault((family, given[:1]), []).append(given)
    others = []
    for person in _people(other_lines):
        family, given = _name_parts(person)
        known = given_names.get((family, given[:1]), ())
        if not any(given == other or _initials_only(given) or _initials_only(other) for other in known):
            others.append(person)
    people = (*first, *others)
    lines = [*first_lines, *other_lines]
    more = first_more or other_more or len(named_people(lines)) < len(lines)
    return (*people, CUT_SHORT) if people and more else people


def _without_marks(lines: list[str]) -> tuple[list[str], bool]:
    """The lines without an "et al." written after a name (`AU  - Bakhteev, Oleg et al.`, as BibTeX's
    reader reads it), and whether one had it."""
    read = [without_trailing_more(line) for line in lines]
    return [line for line, _ in read], any(more for _, more in read)


def _people(lines: list[str]) -> list[str]:
    lines = list(named_people(lines))
    # A list that writes family names in capitals ("Jean DUPONT") may have a "Paul LEE" too: no MEDLINE names.
    medline = not any(len(word) >= 4 and word.isupper() and word.isalpha() for line in lines for word in line.split())
    names = []
    for person in lines:
        person = entities(person)
        if "," in person:
            family, _, given = person.partition(",")
            given, _, suffix = given.partition(",")
            person = full_name(given, family, suffix=suffix)
        elif medline:
            person = medline_name(person) or person
        person = " ".join(person.split())
        if person:
            names.append(person)
    return names


def _name_parts(person: str) -> tuple[str, str]:
    """(family name, given names), casefolded, without full stops."""
    words = person.casefold().replace(".", " ").split()
    return (words[-1], " ".join(words[:-1])) if words else ("", "")


def _initials_only(given: str) -> bool:
    return all(len(word) == 1 for word in given.replace("-", " ").split())


def _date(entry: dict) -> str | None:
    """The first date of DA, PY, Y1 (and JSTOR's C1) that reads, or a fuller one of the same
    year among them (`PY  - 2016` and `Y1  - 2016/10/19` or `Y1  - Mar. 2016`), or the year with DA's month and day
    (Web of Science's `PY  - 2022` and `DA  - AUG 11`); else one that does not read, for
    validation to report."""
    unread, found = None, None
    # JSTOR writes the whole date, which PY gives the year of, in `C1`; C1 means other things in other exports.
    published = _first(entry, "custom1")
    published = published if published.lower().startswith("full publication date:") else ""
    for key in ("date", "year", "publication_year", published and "custom1"):
        text = _first(entry, key) if key else ""
        date = one_date(text)
        if date is None:
            unread = unread or text.strip() or None
        elif found is None or (date[:4] == found[:4] and len(date) > len(found)):
            found = date
    if found and len(found) == 10 and ADS_PLACEHOLDER_DAY.match(_first(entry, "publication_year") or _first(entry, "year")) \
            and any(ADS_ADDRESS.search(url) for url in _values(entry, "urls")):
        found = found[:7]
    month_day = MONTH_DAY.match(_first(entry, "date"))
    if found and len(found) == 4 and month_day and month_day.group(1).lower() in MONTHS:
        # An impossible day (`FEB 30`) is kept for validation to report, as in `ris_dates.one_date`.
        month, day = MONTHS[month_day.group(1).lower()], int(month_day.group(2) or 0)
        found = f"{found}-{month:02d}-{day:02d}" if day else f"{found}-{month:02d}"
    return found or unread


def _arxiv(entry: dict, doi: str | None, urls: list[str]) -> str | None:
    found = arxiv_of_doi(doi)
    if found:
        return found
    for url in urls:
        if "arxiv.org/" in url.lower() and arxiv_id(url):
            return arxiv_id(url)
    for key in ("number", "volume", "secondary_title", "journal_name"):
        for reference in ARXIV_REFERENCE.finditer(_first(entry, key) + " "):
            found = arxiv_id(reference.group(1))
            if found:
                return found
    return None
