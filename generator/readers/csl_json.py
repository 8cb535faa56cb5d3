"""CSL JSON (`.json`): a library as Zotero, Pandoc and citeproc tools export it.

A JSON array of items (a single item object is read too), each with a `type`:

    [{"id": "doe2021", "type": "article-journal", "title": "…",
      "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2021, 5, 4]]},
      "container-title": "Journal of Tests", "DOI": "10.…", "URL": "https://…",
      "abstract": "…", "keyword": "graphs, learning"}]

From each item: `title` and `abstract` (rich-text markup such as `<i>` and the
JATS of Crossref's abstracts removed, a leading "Abstract" heading too; entities
such as `&amp;` decoded; TeX decoded when present), `author` (`given` `family`,
or `literal`), the date from `issued` (`date-parts`, or `date_parts` as some tools
write it, else `raw` or `literal`; a season, CSL's months 13 to 16 and 21 to 24,
leaves the year), the venue from
`container-title` (unless it only says arXiv), `DOI`, `URL`, an arXiv id from
the DOI, URL, `number` or `note` (`arXiv:2306.13455`), `keyword` as the
paper's own tags, and `type` with its container, volume, issue, pages and publisher as
its citation (`_citation`); each variable also under Python's name for it
(`container_title`), as tools that write CSL from Python models name them. Crossref's
API answers are read as saved: one work inside `{"message-type": "work", "message": …}`, a
search's under `message`'s `items`; their titles are lists, a `subtitle` follows the title. Zotero's `note`, `accessed` and `source` stay private. An
item without a title, or not an object, is reported at its line and skipped;
a date whose parts are not numbers is reported and the item kept without it;
a file that is not JSON is one problem at the line where it breaks. An item
without CSL's own keys but with those of JSON Lines (`jsonl.is_record`: Semantic
Scholar's batch API, Hugging Face's `paper` objects) is read as a line of JSON Lines.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING

from generator.model import Problem, Record
from generator.readers.arxiv_atom import arxiv_id, arxiv_of_doi, doi_name, id_links
from generator.readers.bibtex_fields import ARXIV_REFERENCE, ARXIV_VENUE
from generator.readers.citation import CSL_TYPES, citation
from generator.readers import jsonl
from generator.readers.jsonl import json_reason
from generator.readers.markup import MARKUP, entities, scripts, tag_text
from generator.readers.person import people_of, person_named
from generator.textex import decode, looks_like_tex

if TYPE_CHECKING:
    from generator.readers import ReadSettings

FORMAT = "csl"
EXTENSIONS = (".json",)

# A JATS abstract may open with its own heading: `<jats:title>Abstract</jats:title>`.
HEADING = re.compile(r"\s*<(?:jats:)?title(?:\s[^<>]*)?>[^<]*</(?:jats:)?title\s*>", re.IGNORECASE)
# Mathematics in a JATS abstract: MathML (with its TeX, when the publisher kept it, in an
# `annotation`) or `tex-math`; its TeX is kept as `$…$`, else its text stays.
MATH_TAG = re.compile(r"<(/?)(?:[a-z][\w-]*:)?(math|tex-math)\b[^<>]*>", re.IGNORECASE)
TEX_ANNOTATION = re.compile(
    r"<(?:[a-z][\w-]*:)?annotation\b[^<>]*encoding\s*=\s*[\"']application/x-tex[\"'][^<>]*>([^<]*)<", re.IGNORECASE
)
ITEM_START = re.compile(r"\s*,?\s*")
# A date part is a number in ASCII digits (`"²³"` passes `str.isdigit` and is none).
DATE_PART = re.compile(r"-?[0-9]{1,9}")
RAW_DATE = re.compile(r"^\s*([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
DATE_PARTS_KEYS = ("date-parts", "date_parts")
# CSL (citeproc-js, Better BibTeX) writes spring to winter as months 13 to 16, or 21 to 24.
SEASONS = frozenset(range(13, 17)) | frozenset(range(21, 25))


class DateError(ValueError):
    """A date that is not one: the item is kept without it."""


def sniff(text: str) -> bool:
    head = text[:4096].lstrip()
    if not head.startswith("["):
        return False
    first = head[1:].lstrip()
    # An array of objects whose first keys include CSL's own: "type" with "id" or "title".
    return first.startswith("{") and '"type"' in head and ('"id"' in head or '"title"' in head) and '"paper"' not in head


# Keys of CSL's own, which no other tool's list of papers has at its top level.
CSL_KEYS = frozenset({"issued", "container-title", "citation-key", "URL", "DOI", "editor", "accessed", "page",
                      "ISSN", "ISBN", "publisher-place", "collection-title", "number-of-pages", "citation-label"})


def is_item(item) -> bool:
    """Whether a JSON object is written as a CSL item: CSL's own keys, or its `author` list."""
    return isinstance(item, dict) and (isinstance(item.get("author"), list) or not CSL_KEYS.isdisjoint(_hyphenated(item)))


def _hyphenated(item: dict) -> dict:
    """`item` with each `snake_case` key also under CSL's `kebab-case` name, where that is not
    there: tools that write CSL from Python models (Pydantic, dataclasses) name its variables
    `container_title`, `publisher_place`, and the venue and publisher's town were lost."""
    if not any("_" in key for key in item if isinstance(key, str)):
        return item
    aliases = {key.replace("_", "-"): value for key, value in item.items() if isinstance(key, str) and "_" in key}
    return {**aliases, **item}


def read(text: str, path: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    items, problem = _items(text, path)
    if problem is not None:
        return [], [problem]
    records: list[Record] = []
    problems: list[Problem] = []
    for line, item in items:
        item = _cited_paper(item)
        if jsonl.is_record(item) and not is_item(item):
            # Another tool's list of papers (Semantic Scholar's batch API, Hugging Face's papers), read as a
            # line of JSON Lines is: as CSL, its authors, date and identifiers would be lost without a word.
            found, trouble = jsonl.read_value(item, line, path, "item")
            records += found
            problems += trouble
            continue
        try:
            record, date_problem = _record(item, path, line)
        except ValueError as error:
            problems.append(Problem(path, line, f"{error}; item skipped"))
            continue
        records.append(record)
        if date_problem:
            problems.append(Problem(path, line, date_problem))
    return records, problems


def _items(text: str, path: str) -> tuple[list[tuple[int, object]], Problem | None]:
    """Each top-level item with the line it starts on."""
    decoder = json.JSONDecoder()
    start = len(text) - len(text.lstrip())
    if not text.strip():
        return [], None
    position = start
    try:
        if text[start] != "[":
            value, _ = decoder.raw_decode(text, start)
            line = text.count("\n", 0, start) + 1
            if isinstance(value, dict) and isinstance(value.get("items"), list) and "title" not in value:
                # Better BibTeX's own JSON (`{"config": …, "items": […]}`), not an item of CSL.
                return [], Problem(path, line, "not CSL JSON but an object holding `items` (Better BibTeX's own JSON "
                                               "export writes one); export the library as CSL JSON instead")
            value, listed = _crossref_work(value), _listed(text, value, start)
            if listed is None:
                return [(line, value)], None
            start = listed
        items, position = [], start + 1
        while True:
            position = ITEM_START.match(text, position).end()
            if position < len(text) and text[position] == "]":
                break
            value, end = decoder.raw_decode(text, position)
            items.append((text.count("\n", 0, position) + 1, value))
            position = end
        return items, None
    except json.JSONDecodeError as error:
        return [], Problem(path, error.lineno, f"not valid JSON: {json_reason(error)}")
    except RecursionError:  # of the item at `position`: an array's, or the file's one object
        return [], Problem(path, text.count("\n", 0, position) + 1, "not valid JSON: nested too deeply")
    except IndexError:
        return [], Problem(path, text.count("\n", 0, position) + 1, "not valid JSON: the array is cut short")
    except ValueError:  # Python reads no integer of more than 4,300 digits
        return [], Problem(path, text.count("\n", 0, position) + 1, "not valid JSON: a number in this item is too long")


# Semantic Scholar's citations and references answer with each paper inside what says how it cites
# or is cited (`{"contexts": [...], "intents": [...], "citingPaper": {...}}`).
CITATION_PAPER_KEYS = ("citingPaper", "citedPaper")


def _cited_paper(item):
    """The paper of one of Semantic Scholar's citations or references; any other item as it is."""
    if isinstance(item, dict) and "title" not in item:
        for key in CITATION_PAPER_KEYS:
            if isinstance(item.get(key), dict):
                return item[key]
    return item


# An API's answer saved whole: OpenAlex's works under `results`, Semantic Scholar's papers under `data`
# (its recommendations under `recommendedPapers`), the ML Anthology's yearly files' under `papers`,
# Crossref's search under `message`'s `items`.
ANSWER_LIST = re.compile(r'"(results|data|recommendedPapers|papers|items)"\s*:\s*\[')


def _crossref_work(value):
    """The work of Crossref's answer for one DOI (`{"status": "ok", "message-type": "work",
    "message": {…}}`, as `api.crossref.org/works/DOI` gives it and people save it); any
    other value as it is. Read as an item, the answer has no title and its paper was lost."""
    if isinstance(value, dict) and value.get("message-type") == "work" and isinstance(value.get("message"), dict):
        return value["message"]
    return value


def _listed(text: str, value, start: int) -> int | None:
    """Where the list of papers of an API's answer (an object with one of `ANSWER_LIST`'s, or
    Crossref's `message` with its `items`; no title) starts in `text`; None for any other object."""
    if not isinstance(value, dict) or "title" in value:
        return None
    if value.get("message-type") == "work-list" and isinstance(value.get("message"), dict):
        value = {"items": value["message"].get("items")}
    for found in ANSWER_LIST.finditer(text, start):
        listed = value.get(found.group(1))
        # The top level's list, not one of the same name inside another value.
        if isinstance(listed, list) and json.JSONDecoder().raw_decode(text, found.end() - 1)[0] == listed:
            return found.end() - 1
    return None


def _record(item, path: str, line: int) -> tuple[Record, str | None]:
    """The item's record, and what is wrong with its date when that alone is wrong."""
    if not isinstance(item, dict):
        raise ValueError("expected a CSL item (a JSON object with a type and a title)")
    item = _hyphenated(item)
    raw_title = _titled(_rich(item.get("title"), typeset=True), _rich(item.get("subtitle"), typeset=True))
    abstract = _rich(item.get("abstract"), typeset=True)
    math = looks_like_tex(raw_title + " " + abstract)
    title = decode(raw_title) if math or "\\" in raw_title else " ".join(raw_title.split())
    if not title:
        raise ValueError(f"item {str(item.get('id', ''))[:60]!r} has no title")
    abstract = decode(abstract) if math or "\\" in abstract else " ".join(abstract.split())

    url = _string(item.get("URL"))
    doi = doi_name(_string(item.get("DOI")))
    identifier = _arxiv(item, doi, url)
    links = id_links(identifier, doi)
    if url.startswith(("http://", "https://")) and not (identifier and "arxiv.org/abs/" in url):
        links.append(("url", url))
    venue = " ".join(_rich(item.get("container-title")).split())
    venue = venue if venue and not ARXIV_VENUE.match(venue) else None
    try:
        when, date_problem = _date(item.get("issued")), None
    except DateError as error:
        when, date_problem = None, str(error)
    record = Record(
        title=title,
        source=f"{path}:{line}",
        format=FORMAT,
        abstract=abstract,
        authors=_authors(item.get("author")),
        date=when,
        arxiv=identifier,
        doi=doi,
        venue=venue,
        tags=_keywords(item.get("keyword")),
        links=tuple(links),
        citation=_citation(item, venue or ""),
        math=math,
    )
    return record, date_problem


def _citation(item: dict, venue: str) -> tuple[tuple[str, str], ...]:
    """The citation the item's `type` says: its container (`container-title`, a conference paper's
    `event-title` without one), `editor`s, `volume`, `issue` (a report's `number`), `page`,
    `publisher` and `publisher-place`, `edition`, the series (`collection-title`), `genre`."""
    kind = CSL_TYPES.get(_string(item.get("type")))
    if kind is None:
        return ()
    text = {key: " ".join(_rich(item.get(key)).split()) for key in (
        "event-title", "event", "volume", "issue", "number", "page", "publisher", "publisher-place", "publisher-location", "edition",
        "collection-title", "genre")}
    container = venue or (text["event-title"] or text["event"] if kind == "inproceedings" else "")
    number = text["number"] if kind == "techreport" else text["issue"]
    return citation(kind, container, _authors(item.get("editor")), genre=text["genre"], volume=text["volume"], number=number,
                    pages=text["page"], publisher=text["publisher"], address=text["publisher-place"] or text["publisher-location"], edition=text["edition"],
                    series=text["collection-title"])


def _string(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def _titled(title: str, subtitle: str) -> str:
    """The title with Crossref's `subtitle` after a colon, unless the title already ends with it."""
    if not subtitle.strip() or " ".join(title.split()).lower().endswith(" ".join(subtitle.split()).lower()):
        return title
    return f"{title.rstrip()}: {subtitle.strip()}" if title.strip() else ""


def _rich(value, typeset: bool = False) -> str:
    """CSL rich text (or Crossref's JATS) as text: tags dropped, entities unescaped. With
    `typeset` (a title or an abstract), a superscript or subscript keeps its meaning, as in
    BibTeX: Crossref's `10<sup>6</sup>` read as 106 would be another number. Crossref writes
    its titles as lists (`"title": ["…"]`, `"container-title": ["…"]`): their first text is read."""
    if isinstance(value, list):
        value = next((each for each in value if _string(each)), "")
    text = _string(value)
    if "<" in text:
        heading = HEADING.match(text)
        text = _math_as_tex(text[heading.end():] if heading else text)
        text = MARKUP.sub(tag_text, scripts(text) if typeset else text)
    return entities(text)


def _math_as_tex(text: str) -> str:
    """`text` with each MathML or `tex-math` element that carries TeX replaced by `$TeX$`."""
    if "math" not in text:
        return text
    pieces, done, opening = [], 0, None
    for tag in MATH_TAG.finditer(text):
        if not tag.group(1):
            opening = tag
        elif opening is not None and opening.group(2).lower() == tag.group(2).lower():
            inner = text[opening.end():tag.start()]
            annotation = TEX_ANNOTATION.search(inner) if opening.group(2).lower() == "math" else None
            tex = annotation.group(1) if annotation else inner if opening.group(2).lower() == "tex-math" else None
            if tex is not None:
                pieces += [text[done:opening.start()], _inline_tex(tex)]
                done = tag.end()
            opening = None
    return "".join(pieces) + text[done:] if pieces else text


def _inline_tex(tex: str) -> str:
    tex = html.unescape(tex)
    # Some publishers wrap it in a whole LaTeX document.
    begin, end = tex.find("\\begin{document}"), tex.rfind("\\end{document}")
    if 0 <= begin < end:
        tex = tex[begin + len("\\begin{document}"):end]
    tex = tex.strip()
    for start, end in (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")):
        if tex.startswith(start) and tex.endswith(end) and len(tex) > len(start) + len(end):
            tex = tex[len(start):-len(end)].strip()
            break
    return f"${tex}$" if tex else ""


def _authors(value) -> tuple[str, ...]:
    names = (person_named(person) for person in value if isinstance(person, dict)) if isinstance(value, list) else ()
    return people_of([" ".join(name.split()) for name in names if isinstance(name, str) and name.strip()])


def _date(value) -> str | None:
    """The ISO date of a CSL date (the first of a range; a season leaves its year), None
    without a year from 1000 to 9999; a part that is not a number is a DateError."""
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        return None
    # CSL's `date-parts`; some tools write CSL with Python-style names: `date_parts`.
    parts = next((value[key] for key in DATE_PARTS_KEYS if isinstance(value.get(key), list) and value[key]), None)
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        numbers = []
        for part in parts[0][:3]:
            text = _string(part)
            if not DATE_PART.fullmatch(text):
                if text:
                    written = "-".join(_string(each) for each in parts[0][:3])[:40]
                    raise DateError(f"impossible date {written!r} dropped (its parts must be numbers in digits); the paper is kept without it")
                break
            numbers.append(int(text))
        if numbers and 1000 <= numbers[0] <= 9999:
            return _iso(numbers)
    for key in ("raw", "literal"):
        match = RAW_DATE.match(_string(value.get(key)))
        if match:
            return _iso([int(part) for part in match.groups() if part])
    return None


def _iso(numbers: list[int]) -> str:
    """Year, month and day as an ISO date; a season in the month's place leaves the year."""
    if len(numbers) > 1 and numbers[1] in SEASONS:
        numbers = numbers[:1]
    return "-".join([f"{numbers[0]:04d}"] + [f"{number:02d}" for number in numbers[1:]])


def _arxiv(item: dict, doi: str | None, url: str) -> str | None:
    found = arxiv_of_doi(doi)
    if found:
        return found
    if "arxiv.org/" in url.lower() and arxiv_id(url):
        return arxiv_id(url)
    for key in ("number", "note", "archive_location", "container-title"):
        for reference in ARXIV_REFERENCE.finditer(_string(item.get(key)) + " "):
            found = arxiv_id(reference.group(1))
            if found:
                return found
    return None


def _keywords(value) -> tuple[str, ...]:
    pieces = value if isinstance(value, list) else re.split(r"[,;]", _string(value))
    return tuple(dict.fromkeys(" ".join(_string(piece).split()) for piece in pieces if _string(piece).strip()))
