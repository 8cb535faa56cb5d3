"""arXiv Atom feeds (`.xml`, `.atom`).

What the arXiv API answers (`https://export.arxiv.org/api/query?id_list=…` or
`?search_query=…`), saved as a file: an Atom `<feed>` with one `<entry>` per
paper. Each entry gives

- the title and the abstract (`<summary>`), line wrapping undone;
- the authors (`<author><name>`), in order;
- `<published>` as the date and `<updated>` as the date of the latest version;
- the arXiv id from `<id>` (`http://arxiv.org/abs/2103.03230v2` → `2103.03230`,
  `http://arxiv.org/abs/hep-th/9901001v1` → `hep-th/9901001`), with links to
  the abstract page and, when the entry has one, to the PDF;
- the categories (primary first), `<arxiv:comment>`, `<arxiv:journal_ref>`
  and `<arxiv:doi>` (with a link to `https://doi.org/…`).

The title and abstract are TeX, as authors typed them: accents and text
commands are decoded (`R\\'{e}nyi` → Rényi, `\\emph{x}` → x, `i.i.d.\\ ` → i.i.d.)
by `generator.textex`, and `$...$` is mathematics, kept as written.
arXiv's per-category listing feeds (entry ids such as `oai:arXiv.org:2403.01234v1`)
are read too: their date is the listing day (not the paper's), and the abstract
loses its "arXiv:… Announce Type: new Abstract:" preamble. An entry without a
title or an arXiv id is reported and skipped; so is an error entry of the API.
A file that is not XML at all is one problem; broken XML after some entries is
reported at its line, and the entries before it are still read.
"""

from __future__ import annotations

import html
import io
import re
import time
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from generator.clean import normalise_space
from generator.model import Problem, Record
from generator.proxy import unproxied
from generator.readers.person import people_of
from generator.textex import decode

if TYPE_CHECKING:
    from generator.readers import ReadSettings

FORMAT = "arxiv"
EXTENSIONS = (".xml", ".atom")

ARXIV_NAMESPACE = "arxiv.org/schemas/atom"

# New-style ids (since April 2007): 0704.0001, 2103.03230 (five digits since 2015).
NEW_ID = r"\d{4}\.\d{4,5}"
# Old-style ids: archive, optional subject class, then YYMMNNN. arXiv writes the archive
# in lower case and the subject class in upper case (hep-th/9901001, math.AG/0301001);
# DataCite's DOIs (10.48550/ARXIV.HEP-TH/9901001) write both in upper case.
OLD_ID = r"(?P<archive>[a-z]+(?:-[a-z]+)*)(?P<subject>\.[a-z]{2})?/\d{7}"
ARXIV_ID = re.compile(rf"({NEW_ID}|{OLD_ID})(?:v\d+)?", re.IGNORECASE | re.ASCII)
ID_PREFIX = re.compile(
    r"^(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|oai:arxiv\.org:|arxiv:)",
    re.IGNORECASE,
)
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# What EndNote writes before the DOI of a record it took from Web of Science: the article's
# number, the publisher's item id or both, each on a line of its own (`ARTN R1`, `PII S0022112019003756`).
ARTICLE_NUMBER_BEFORE = re.compile(r"^(?:(?:ARTN|PII)\s+\S+\s+)+(?=10\.)")
TEX_ESCAPE = re.compile(r"\\([_%&#~$])")

# The abstract of a listing-feed entry starts "arXiv:2403.01234v1 Announce Type: new Abstract: ".
LISTING_PREAMBLE = re.compile(r"^arXiv:\S+\s+Announce Type:\s*\S+\s+Abstract:\s*", re.IGNORECASE)
ENTRY_START = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(?:entry|item)[\s/>]")
XML_DECLARATION = re.compile(r"^<\?xml[^>]*?>")
HTML_TAG = re.compile(r"<[^>]+>")
ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def arxiv_id(text: str) -> str | None:
    """The versionless arXiv id, in arXiv's own case, in an id, `arXiv:` reference or abs/pdf URL; else None."""
    value = ID_PREFIX.sub("", text.strip())
    if value.lower().endswith(".pdf"):
        value = value[:-4]
    match = ARXIV_ID.fullmatch(value)
    if not match:
        return None
    identifier = match.group(1)
    if match.group("archive"):
        number = identifier[identifier.index("/"):]
        return match.group("archive").lower() + (match.group("subject") or "").upper() + number
    # YYMM.NNNN until 2014, YYMM.NNNNN since 2015.
    month, number = identifier[2:4], identifier.split(".")[1]
    if not 1 <= int(month) <= 12 or len(number) != (5 if identifier[:4] >= "1501" else 4):
        return None
    return identifier


ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


ANOTHER_DOI = re.compile(r"\s*[,;]\s*(?=(?:https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/)")


def doi_name(text: str) -> str | None:
    """The bare DOI (`10.…/…`) in a DOI or doi.org URL, through a library's proxy too
    (`https://doi-org.ezproxy.x.edu/10.…`); else None. A DOI holds no white space: what
    follows it is something else (another field some export glued on); an article number
    before it (EndNote's `ARTN R1`, `PII S…`) is no part of it."""
    value = text.strip()
    address = "://" in value
    value = DOI_PREFIX.sub("", unproxied(value) if address else value)
    if address:
        # A URL's path is percent-encoded (`10.1186%2Fs1`), a TeX `\_` copied into one too
        # (`…-6%5C_2`, `_` in the DOI); `doi_url` encodes the DOI again for its link.
        value = TEX_ESCAPE.sub(r"\1", unquote(value))
    value = ARTICLE_NUMBER_BEFORE.sub("", value)
    # INSPIRE writes a paper's DOIs in one field, its erratum's after a comma
    # (`10.1140/epjc/s10052-011-1554-0, 10.1140/epjc/s10052-013-2501-z`): the first is the paper's.
    value = ANOTHER_DOI.split(value, maxsplit=1)[0]
    value = value.split(maxsplit=1)[0] if value else value
    return value if value.startswith("10.") and "/" in value else None


def arxiv_of_doi(doi: str | None) -> str | None:
    """The arXiv id an arXiv DOI names (`10.48550/arXiv.2107.05616`); else None."""
    match = ARXIV_DOI.match(doi or "")
    return arxiv_id(match.group(1)) if match else None


def doi_url(doi: str) -> str:
    """The doi.org address of a DOI, its characters that mean something in a URL encoded
    (`10.1002/(SICI)…;2-#` ends in `%23`, not in a fragment the resolver never sees)."""
    return "https://doi.org/" + quote(doi, safe="/:;()!$&'*+,=@")


def abs_url(identifier: str) -> str:
    return f"https://arxiv.org/abs/{identifier}"


def id_links(identifier: str | None, doi: str | None) -> list[tuple[str, str]]:
    """The `arxiv` and `doi` links a record's ids give."""
    links = [("arxiv", abs_url(identifier))] if identifier else []
    if doi:
        links.append(("doi", doi_url(doi)))
    return links


def sniff(text: str) -> bool:
    head = text[:4096]
    return head.lstrip().startswith("<") and ("<feed" in head or ARXIV_NAMESPACE in head)


def read(text: str, path: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    if not text.strip():
        return [], []
    import feedparser  # loaded only for an Atom file to read: it is slow to import

    # A stream, never a string: feedparser fetches a string that looks like a URL.
    feed = feedparser.parse(
        io.BytesIO(text.encode("utf-8")),
        response_headers={"content-type": "application/atom+xml; charset=utf-8"},
    )
    problems: list[Problem] = []
    error = feed.get("bozo_exception") if feed.get("bozo") else None
    if error is not None and hasattr(error, "getLineNumber"):
        # feedparser puts an XML declaration in front of text that has none.
        shift = 0 if XML_DECLARATION.search(text) else 1
        line = max(error.getLineNumber() - shift, 1)
        message = error.getMessage() if hasattr(error, "getMessage") else str(error)
        if not feed.entries:
            return [], [Problem(path, line, f"not an Atom feed: the XML is broken here ({message})")]
        problems.append(Problem(path, line, f"the XML is broken here ({message}); entries from here on may be missing or cut short"))
    elif not feed.get("version"):
        return [], [Problem(path, None, "not an Atom feed (no <feed> with <entry> elements)")]

    lines = _entry_lines(text)
    records: list[Record] = []
    for index, entry in enumerate(feed.entries):
        line = lines[index] if index < len(lines) else None
        try:
            record, problem = _record(entry, path, line)
        except Exception as error:  # one odd entry must not cost the rest of the feed
            record, problem = None, Problem(path, line, f"entry could not be read ({error}); skipped")
        if record is not None:
            records.append(record)
        if problem is not None:
            problems.append(problem)
    return records, problems


def _entry_lines(text: str) -> list[int]:
    """The line of each `<entry>` (or RSS `<item>`), in document order."""
    return [text.count("\n", 0, match.start()) + 1 for match in ENTRY_START.finditer(text)]


def _record(entry, path: str, line: int | None) -> tuple[Record | None, Problem | None]:
    raw_id = normalise_space(_plain(entry, "id"))
    title = decode(_text(entry, "title"))
    if "arxiv.org/api/errors" in raw_id:
        return None, Problem(path, line, f"the arXiv API answered with an error: {normalise_space(_text(entry, 'summary')) or raw_id}")
    if not title:
        return None, Problem(path, line, "entry has no <title>; skipped")
    if not raw_id:
        return None, Problem(path, line, f"entry {title[:60]!r} has no <id>; skipped")
    identifier = arxiv_id(raw_id) or arxiv_id(_plain(entry, "link"))
    if identifier is None:
        return None, Problem(path, line, f"entry id {raw_id!r} is not an arXiv id (such as http://arxiv.org/abs/2103.03230v2); skipped")

    abstract = decode(LISTING_PREAMBLE.sub("", normalise_space(_text(entry, "summary"))))
    listing_feed = raw_id.lower().startswith("oai:")
    published = _day(entry, "published")
    doi = doi_name(normalise_space(_plain(entry, "arxiv_doi")).split(" ")[0])

    links = [("arxiv", abs_url(identifier))]
    if any(link.get("title") == "pdf" for link in entry.get("links", ())):
        links.append(("pdf", f"https://arxiv.org/pdf/{identifier}"))
    if doi:
        links.append(("doi", doi_url(doi)))

    record = Record(
        title=title,
        source=f"{path}:{line}" if line else path,
        format=FORMAT,
        abstract=abstract,
        authors=_authors(entry),
        date=None if listing_feed else published,
        listing_date=published if listing_feed else None,
        updated=None if listing_feed else _day(entry, "updated"),
        arxiv=identifier,
        doi=doi,
        categories=_categories(entry),
        comment=normalise_space(_plain(entry, "arxiv_comment")) or None,
        journal_ref=normalise_space(_plain(entry, "arxiv_journal_ref")) or None,
        links=tuple(links),
        math=True,
    )
    return record, None


def _plain(entry, key: str) -> str:
    """A string value of the entry; "" when absent or, in broken XML, not a string."""
    value = entry.get(key)
    return value if isinstance(value, str) else ""


def _text(entry, key: str) -> str:
    """A text construct as plain text: HTML-typed content loses its tags and entities."""
    value = _plain(entry, key)
    kind = (entry.get(f"{key}_detail") or {}).get("type", "text/plain")
    if "html" in kind:
        value = html.unescape(HTML_TAG.sub(" ", value))
    return value


def _authors(entry) -> tuple[str, ...]:
    names = [normalise_space(_plain(author, "name")) for author in entry.get("authors", ())]
    names = [name for name in names if name]
    # Listing feeds give every author in one <dc:creator>, separated by commas.
    if len(names) == 1 and "," in names[0]:
        names = [name.strip() for name in re.split(r",|\band\b", names[0]) if name.strip()]
    return people_of(names)


def _day(entry, key: str) -> str | None:
    """The ISO day of a date element, as written (not shifted to UTC)."""
    match = ISO_DAY.match(_plain(entry, key).strip())
    if match:
        return match.group(1)
    parsed = entry.get(f"{key}_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _categories(entry) -> tuple[str, ...]:
    primary = _plain(entry.get("arxiv_primary_category") or {}, "term")
    terms = [primary] + [_plain(tag, "term") for tag in entry.get("tags", ())]
    return tuple(dict.fromkeys(normalise_space(term) for term in terms if term.strip()))
