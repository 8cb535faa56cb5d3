"""The ML Anthology's lines (mlanthology.org, its `data/legacy/*.jsonl.gz`), read as JSON Lines lines are.

Each line names its venue twice: `venue` by the short name of the Anthology's addresses
(`jair`, `cvprw`) and `venue_name` in full ("Journal of Artificial Intelligence Research"),
which is the venue shown; `venue_type` (`journal`, `conference`, `workshop`) with `volume`,
`number` and `pages` gives the citation. A full name may hold TeX (`Dynamics \\& Control`)
or a line break; it is read as text. A yearly file (`data/papers/colt-2021.json.gz`: `{"venue",
"year", "papers": [...]}`) is read paper by paper (`csl_json`); its papers have the short name
alone, which is then the venue. `venue_url` and `openreview_url` are the paper's pages.
"""

from __future__ import annotations

import re

from generator.readers.citation import citation as citation_pairs
from generator.textex import decode, plain

# The Anthology's kinds of venue, as BibTeX's types.
TYPES = {"journal": "article", "conference": "inproceedings", "workshop": "inproceedings"}


def is_line(value: dict) -> bool:
    """An Anthology paper: a line with its venue's full name, or a paper of a yearly file
    (`data/papers/colt-2021.json.gz`, `{"venue", "year", "papers": [...]}`), which has the short
    name alone but its own key and kind of venue."""
    return _named(value) or (isinstance(value.get("bibtex_key"), str) and isinstance(value.get("venue_type"), str))


def _named(value: dict) -> bool:
    return isinstance(value.get("venue_name"), str) and bool(value["venue_name"].strip())


def as_line(value: dict) -> dict:
    """`value` with the venue's full name as its `venue`; any other object as it is."""
    if not _named(value):
        return value
    name = value["venue_name"]
    return {**value, "venue": " ".join((plain(decode(name)) if "\\" in name else name).split())}


# The paper's own pages: at its venue (PMLR's, JAIR's) and its reviews. A DOI's address, as most
# of JAIR's and the journals' are, is the DOI's button.
PAGE_KEYS = ("venue_url", "openreview_url")
DOI_PAGE = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)


def links(value: dict) -> list[tuple[str, str]]:
    """The paper's pages an Anthology paper names, as links `url`, `url-2`; none of another object."""
    if not is_line(value):
        return []
    pages = [page.strip() for page in map(value.get, PAGE_KEYS) if isinstance(page, str)]
    pages = [page for page in pages if re.match(r"^https?://\S+$", page) and not DOI_PAGE.match(page)]
    return [("url" if number == 1 else f"url-{number}", page) for number, page in enumerate(pages, 1)]


def citation(value: dict, venue: str) -> tuple[tuple[str, str], ...]:
    kind = TYPES.get(value["venue_type"]) if is_line(value) and isinstance(value.get("venue_type"), str) else None
    details = {key: value[key] for key in ("volume", "number", "pages") if isinstance(value.get(key), str)}
    if kind == "inproceedings":
        details.pop("number", None)  # a proceedings' number is no issue
    return citation_pairs(kind, venue, **details)
