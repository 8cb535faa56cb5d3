"""The ML Anthology's lines (mlanthology.org, its `data/legacy/*.jsonl.gz`), read as JSON Lines lines are.

Each line names its venue twice: `venue` by the short name of the Anthology's addresses
(`jair`, `cvprw`) and `venue_name` in full ("Journal of Artificial Intelligence Research"),
which is the venue shown; `venue_type` (`journal`, `conference`, `workshop`) with `volume`,
`number` and `pages` gives the citation. A full name may hold TeX (`Dynamics \\& Control`)
or a line break; it is read as text.
"""

from __future__ import annotations

from generator.readers.citation import citation as citation_pairs
from generator.textex import decode, plain

# The Anthology's kinds of venue, as BibTeX's types.
TYPES = {"journal": "article", "conference": "inproceedings", "workshop": "inproceedings"}


def is_line(value: dict) -> bool:
    return isinstance(value.get("venue_name"), str) and bool(value["venue_name"].strip())


def as_line(value: dict) -> dict:
    """`value` with the venue's full name as its `venue`; any other object as it is."""
    if not is_line(value):
        return value
    name = value["venue_name"]
    return {**value, "venue": " ".join((plain(decode(name)) if "\\" in name else name).split())}


def citation(value: dict, venue: str) -> tuple[tuple[str, str], ...]:
    kind = TYPES.get(value["venue_type"]) if is_line(value) and isinstance(value.get("venue_type"), str) else None
    details = {key: value[key] for key in ("volume", "number", "pages") if isinstance(value.get(key), str)}
    if kind == "inproceedings":
        details.pop("number", None)  # a proceedings' number is no issue
    return citation_pairs(kind, venue, **details)
