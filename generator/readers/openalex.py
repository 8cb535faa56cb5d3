"""OpenAlex works (its API's `results`, its snapshot's lines), read as JSON Lines lines are.

OpenAlex writes what a JSON Lines line says under names of its own: the title also
as `display_name`, the abstract as each word's positions (`abstract_inverted_index`),
the authors in `authorships` (each `author.display_name`, else `raw_author_name`),
the venue in `primary_location.source` (its `display_name`; not arXiv, not an
e-book platform, and a thesis's repository is its university), an arXiv copy among
`locations`, and how to cite the work in `type` and `biblio` (`volume`, `issue`,
`first_page`, `last_page`), and its links: the PDF of its primary location (else of its best open
copy) and a landing page that is no DOI's address. Institutions, ORCID ids, topics, counts and
grants are not read. A line's own `authors`, `venue` or `arxiv` comes first.
"""

from __future__ import annotations

import re

from generator.readers.bibtex_fields import ARXIV_VENUE
from generator.readers.citation import citation as citation_pairs

# OpenAlex's work types as BibTeX's; an article in a source of type "conference" is a conference paper.
TYPES = {
    **dict.fromkeys(("article", "review", "letter", "editorial", "erratum"), "article"),
    "conference-paper": "inproceedings",
    **dict.fromkeys(("book-chapter", "reference-entry"), "incollection"),
    "book": "book",
    "dissertation": "phdthesis",
    **dict.fromkeys(("report", "standard"), "techreport"),
    **dict.fromkeys(("preprint", "dataset", "other", "peer-review", "paratext", "supplementary-materials"), "misc"),
}
# Sources that name no venue of the work: a shop of e-books names its publisher's catalogue.
NO_VENUE_SOURCES = frozenset({"ebook platform"})
ARXIV_PAGE = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/abs/(\S+?)/?$", re.IGNORECASE)
DOI_PAGE = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
MAX_INDEXED_WORDS = 100_000  # an abstract's words; more are cut, as validation cuts a long abstract


def is_work(value: dict) -> bool:
    return isinstance(value.get("authorships"), list) or isinstance(value.get("primary_location"), dict)


def as_line(value: dict) -> dict:
    """`value` with an OpenAlex work's title, authors, venue and arXiv id under JSON Lines'
    names, where the line has none of its own; any other object as it is."""
    if not is_work(value):
        return value
    added = {}
    if value.get("title") is None and isinstance(value.get("display_name"), str):
        added["title"] = value["display_name"]
    if value.get("authors") is None:
        names = [_name(authorship) for authorship in _list(value, "authorships") if isinstance(authorship, dict)]
        if any(names):
            added["authors"] = [name for name in names if name]
    found = {
        "venue": venue(value) if value.get("venue") is None and value.get("journal") is None else None,
        "arxiv": _arxiv(value) if value.get("arxiv") is None else None,
        "links": _links(value) if value.get("links") is None else None,
    }
    added.update((key, item) for key, item in found.items() if item)
    return {**value, **added} if added else value


def _links(value: dict) -> dict[str, str]:
    """The work's PDF (its primary location's, else its best open copy's) and its landing page
    where that is no DOI's address, which the DOI's own link gives."""
    primary, best = (value.get(key) if isinstance(value.get(key), dict) else {} for key in ("primary_location", "best_oa_location"))
    found = {}
    pdf = next((url for url in (primary.get("pdf_url"), best.get("pdf_url")) if _web(url)), None)
    if pdf:
        found["pdf"] = pdf
    page = primary.get("landing_page_url")
    if _web(page) and not DOI_PAGE.match(page) and not ARXIV_PAGE.match(page) and page != pdf:
        found["url"] = page
    return found


def _web(url) -> bool:
    return isinstance(url, str) and url.startswith(("http://", "https://")) and " " not in url.strip()


def venue(value: dict) -> str:
    source = _source(value)
    name = source.get("display_name")
    if not isinstance(name, str) or source.get("type") in NO_VENUE_SOURCES or value.get("type") == "dissertation":
        return ""
    name = " ".join(name.split())
    return "" if ARXIV_VENUE.match(name) else name


def citation(value: dict, venue: str) -> tuple[tuple[str, str], ...]:
    """The citation `type` and `biblio` say; a chapter's source is its book's series, a
    thesis's its university, a book's its publisher."""
    kind = TYPES.get(value["type"]) if isinstance(value.get("type"), str) else None
    source = _source(value)
    if kind == "article" and source.get("type") == "conference":
        kind = "inproceedings"
    if kind in ("article", "inproceedings") and source.get("type") == "repository":
        # A repository's copy (a university's, an aggregator's: LA Referencia) names no journal nor
        # proceedings: the repository keeps the work, as a preprint's server does.
        kind = "misc"
    biblio = value.get("biblio") if isinstance(value.get("biblio"), dict) else {}
    text = {key: str(biblio[key]) for key in ("volume", "issue", "first_page", "last_page")
            if isinstance(biblio.get(key), (str, int)) and not isinstance(biblio.get(key), bool)}
    first, last = text.get("first_page", ""), text.get("last_page", "")
    pages = f"{first}-{last}" if first and last and last != first else first or last
    named = source.get("display_name") if isinstance(source.get("display_name"), str) else ""
    organisation = source.get("host_organization_name") if isinstance(source.get("host_organization_name"), str) else ""
    if kind == "incollection":
        return citation_pairs(kind, "", series=venue, volume=text.get("volume", ""), pages=pages)
    publisher = named if kind == "phdthesis" else organisation if kind == "book" else ""
    return citation_pairs(kind, venue, volume=text.get("volume", ""), number=text.get("issue", ""), pages=pages,
                          publisher=publisher)


def abstract(index: dict) -> str:
    """OpenAlex's abstract (word → its positions) as text; positions that are no whole numbers
    are left out."""
    placed = []
    for word, positions in index.items():
        for position in positions if isinstance(positions, list) else ():
            if isinstance(position, int) and not isinstance(position, bool) and position >= 0:
                placed.append((position, word))
                if len(placed) > MAX_INDEXED_WORDS:
                    break
    return " ".join(word for _, word in sorted(placed)[:MAX_INDEXED_WORDS])


def _list(value: dict, key: str) -> list:
    found = value.get(key)
    return found if isinstance(found, list) else []


def _source(value: dict) -> dict:
    location = value.get("primary_location")
    source = location.get("source") if isinstance(location, dict) else None
    return source if isinstance(source, dict) else {}


def _name(authorship: dict) -> str:
    author = authorship.get("author")
    for name in (author.get("display_name") if isinstance(author, dict) else None, authorship.get("raw_author_name")):
        if isinstance(name, str) and name.strip():
            return " ".join(name.split())
    return ""


def _arxiv(value: dict) -> str:
    """The arXiv id of the work's copy on arXiv, when one of its locations is."""
    for location in _list(value, "locations"):
        page = location.get("landing_page_url") if isinstance(location, dict) else None
        found = ARXIV_PAGE.match(page) if isinstance(page, str) else None
        if found:
            return found.group(1)
    return ""
