"""How a source that is no BibTeX says to cite a paper: a BibTeX entry type and its fields.

RIS's `TY`, CSL's `type` and Semantic Scholar's `publicationTypes` say whether a
paper is a journal article, a conference paper, a chapter, a book, a thesis or a
report, and each names the container, volume, issue, pages and publisher its own
way. A reader hands them on as `Record.citation`: pairs of a BibTeX field name and
its value, the first `("ENTRYTYPE", type)`, an editor a pair each; `generator.cite`
writes them into the entry it makes. Each type keeps only the fields BibTeX styles
print for it (a thesis's university is its `school`, a report's publisher its
`institution`), as Zotero's and citation.js's exports do; a type without the
container it needs (an article without a journal) is `misc`.
"""

from __future__ import annotations

import re

ENTRY_TYPE = "ENTRYTYPE"

# RIS reference types (the RIS specification's, and those Zotero and EndNote write).
RIS_TYPES = {
    **dict.fromkeys(("JOUR", "EJOUR", "JFULL", "MGZN", "NEWS", "INPR", "ABST"), "article"),
    **dict.fromkeys(("CONF", "CPAPER"), "inproceedings"),
    **dict.fromkeys(("CHAP", "ECHAP"), "incollection"),
    **dict.fromkeys(("BOOK", "EBOOK", "EDBOOK", "CLSWK"), "book"),
    "THES": "phdthesis",
    **dict.fromkeys(("RPRT", "GOVDOC", "STAND"), "techreport"),
    **dict.fromkeys(("ELEC", "WEB", "BLOG", "DATA", "COMP", "UNPB", "UNPD", "MANSCPT", "PAMP"), "misc"),
}
# CSL item types (CSL 1.0.2; "article" is a preprint or working paper), and Crossref's own,
# which doi.org answers with for some DOIs (`journal-article`, `posted-content`).
CSL_TYPES = {
    **dict.fromkeys(("article-journal", "article-magazine", "article-newspaper", "review", "review-book",
                     "journal-article"), "article"),
    **dict.fromkeys(("paper-conference", "proceedings-article"), "inproceedings"),
    **dict.fromkeys(("chapter", "entry", "entry-dictionary", "entry-encyclopedia", "book-chapter", "book-section",
                     "book-part", "reference-entry"), "incollection"),
    **dict.fromkeys(("book", "classic", "monograph", "edited-book", "reference-book"), "book"),
    **dict.fromkeys(("thesis", "dissertation"), "phdthesis"),
    "report": "techreport",
    **dict.fromkeys(("article", "webpage", "post", "post-weblog", "dataset", "software", "manuscript",
                     "speech", "pamphlet", "standard", "posted-content"), "misc"),
}
# The container each type is cited in (a web page's site too), and the field that names who published it.
CONTAINER = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle", "misc": "howpublished"}
PUBLISHER = {"phdthesis": "school", "mastersthesis": "school", "techreport": "institution"}
# The fields each type prints, besides title, authors, year and ids (BibTeX's and biblatex's).
FIELDS = {
    "article": ("volume", "number", "pages"),
    "inproceedings": ("editor", "volume", "series", "pages", "publisher", "address"),
    "incollection": ("editor", "volume", "series", "edition", "pages", "publisher", "address"),
    "inbook": ("volume", "series", "edition", "pages", "publisher", "address"),
    "book": ("volume", "series", "edition", "publisher", "address"),
    "phdthesis": ("type", "school", "address"),
    "mastersthesis": ("type", "school", "address"),
    "techreport": ("type", "number", "institution", "address"),
    "misc": ("publisher",),
}
# A master's degree, as theses name theirs (`M.S.`, `MSc thesis`, `MRes Thesis`, `Master's thesis`, `Magisterarbeit`).
MASTERS = re.compile(r"\bmaster|\bm\.?\s?(?:s|sc|a|phil|eng|res)\b\.?|\bmagister|\bdiplom", re.IGNORECASE)
PAGE_RANGE = re.compile(r"^(?:pp?\.?\s*)?([\w.]+)\s*(?:-+|[‐‑‒–—−])\s*(?:pp?\.?\s*)?([\w.]+)$", re.IGNORECASE)
# What exports write where they know no value (`NA`, R's `nan`, Cochrane's `no pagination`).
PLACEHOLDER = re.compile(r"n/?a|nan|none|null|unknown|no pagination|-+", re.IGNORECASE)
ONE_PAGE = re.compile(r"^(?:pp?\.?\s*)?([\w.]+)$", re.IGNORECASE)


def citation(kind: str | None, container: str = "", editors=(), genre: str = "", **values: str) -> tuple[tuple[str, str], ...]:
    """The citation pairs of a paper of BibTeX type `kind`: its `container` in the field its
    type cites it in, `values` (`volume`, `number`, `pages`, `publisher`, …) those it prints;
    `genre` (a thesis's degree) picks a master's thesis. () without a type."""
    if not kind:
        return ()
    container = _value(container)
    if kind == "incollection" and not container:
        kind = "inbook"
    elif kind in ("article", "inproceedings") and not container:
        kind = "misc"
    genre = _value(genre)
    if kind == "phdthesis" and MASTERS.search(genre):
        kind = "mastersthesis"
    found: list[tuple[str, str]] = [(ENTRY_TYPE, kind)]
    if kind in CONTAINER and container:  # a web page's site, a blog's name: `howpublished`
        found.append((CONTAINER[kind], container))
    values[PUBLISHER.get(kind, "publisher")] = values.pop("publisher", "")
    if kind in ("phdthesis", "mastersthesis", "techreport"):
        values["type"] = genre
    for name in FIELDS[kind]:
        if name == "editor":
            found += [("editor", person) for person in dict.fromkeys(map(_value, editors)) if person]
        else:
            value = _value(values.get(name, ""))
            if value:
                found.append((name, pages(value) if name == "pages" else value))
    return tuple(found)


def pages(text: str) -> str:
    """Pages as BibTeX writes a range (`37--64`), without a `pp.` before them."""
    text = " ".join(text.split())
    match = PAGE_RANGE.match(text)
    if match:
        first, last = match.groups()
        return first if first == last else f"{first}--{last}"
    match = ONE_PAGE.match(text)
    return match.group(1) if match else text


def page_range(start: str, end: str) -> str:
    """RIS's start and end page (`SP`, `EP`) as one range; a start that is a range already stays."""
    start, end = _value(start), _value(end)
    if start and end and not PAGE_RANGE.match(start) and start != end:
        return f"{start}-{end}"
    return start or end


def semantic_scholar(types, journal, venue: dict | None, name: str) -> tuple[tuple[str, str], ...]:
    """Semantic Scholar's `publicationTypes`, `journal` (`name`, `volume`, `pages`) and
    `publicationVenue` (its `type`) as citation pairs; `name` is the paper's venue."""
    types = [kind for kind in types if isinstance(kind, str)] if isinstance(types, list) else []
    journal = journal if isinstance(journal, dict) else {}
    place = venue.get("type") if isinstance(venue, dict) else None
    details = {key: journal[key] for key in ("volume", "pages") if isinstance(journal.get(key), str)}
    if place == "conference" or ("Conference" in types and place != "journal"):
        return citation("inproceedings", name, pages=details.get("pages", ""))
    if "JournalArticle" in types or place == "journal":
        title = journal.get("name") if isinstance(journal.get("name"), str) else name
        return citation("article", title, **details)
    if "BookSection" in types:
        return citation("incollection", name, pages=details.get("pages", ""))
    if "Book" in types:
        return citation("book")
    return ()


def _value(text) -> str:
    """A field's text on one line; an address or a placeholder is no citation field's value."""
    text = " ".join(text.split()) if isinstance(text, str) else ""
    return "" if "://" in text or PLACEHOLDER.fullmatch(text) else text
