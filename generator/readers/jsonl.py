"""JSON Lines (`.jsonl`, `.ndjson`): one paper per line, as a JSON object.

    {"title": "Barlow Twins", "abstract": "Self-supervised learning …", "authors": ["Jure Zbontar", "Li Jing"], "date": "2021-03-04", "arxiv": "2103.03230v2"}

| key        | type                   | notes                                                    |
| ---------- | ---------------------- | -------------------------------------------------------- |
| `title`    | string, required       | not empty; kept as written                               |
| `abstract` | string, required       | may be empty; else `summary`, `abstractNote` or OpenAlex's `abstract_inverted_index` |
| `authors`  | list of strings        | in order; also objects with a `name`, or one string      |
| `date`     | string                 | ISO: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`                   |
| `tags`     | list of strings        | the paper's own tags                                     |
| `links`    | object: kind → URL     | e.g. `{"code": "https://github.com/…"}`; http(s) only    |
| `arxiv`    | string                 | `2103.03230`, `hep-th/9901001`; `arXiv:` and `v2` dropped |
| `doi`      | string                 | `10.…/…`; a `https://doi.org/` prefix is dropped          |
| `venue`    | string                 | journal or conference                                    |
| `math`     | true or false          | true: the text is TeX: accents and commands decoded, `$...$` is mathematics (absent: a title or abstract with a formula, `$f$`, is TeX) |
| `categories` | list of strings, or one string | arXiv categories (`cs.LG`, `hep-th`), space separated in a string |

Text that is not TeX but HTML (`</p>`, `</em>`, `</sub>`) is read as other formats read it.

A line of the arXiv metadata snapshot (Kaggle's, with `authors_parsed`,
`versions`, …) is read as `generator.readers.kaggle` reads it, so a snapshot
saved as `.jsonl` is read too.

Other tools' names for some keys are read when the key itself is absent:
`arxiv_id`, `arxivId` (as Papers with Code and Semantic Scholar write them) for
`arxiv`; `DOI` for `doi`; `published`, `publicationDate` for `date`, and a
`year` (a number or a string) when there is no date at all; `keywords` for
`tags`; `journal` for `venue` (a string, or an object with a `name`); the
`ArXiv` and `DOI` of Semantic Scholar's `externalIds`; its `publicationTypes`, `publicationVenue`
and `journal` (`volume`, `pages`) for the citation. Such a value is read only where it has the
key's shape, else ignored as any other key is: another tool's name never costs a line. An author
may be an object with a `name` (`{"name": "Li Jing"}`), CSL's `given` and `family` or Zotero's
`firstName` and `lastName`; `pdf_url` and `code_url` are links. An OpenAlex work is read through
`generator.readers.openalex`, an ML Anthology line's venue and citation through `generator.readers.ml_anthology`.

`null`, and a string of nothing but spaces, count as absent for every key but `title` and
`abstract`; other keys are ignored.
A line that is not JSON, or whose value for a key above has the wrong type or shape, is
reported with its line number and skipped; a blank line is skipped silently.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from generator.model import Problem, Record
from generator.readers import kaggle, ml_anthology, openalex
from generator.readers.arxiv_atom import arxiv_id, arxiv_of_doi, doi_name, id_links
from generator.readers.citation import semantic_scholar
from generator.readers.listing import nonblank_lines
from generator.readers.markup import escaped_html
from generator.readers.person import names_in, people_of, person_named
from generator.textex import decode, looks_like_tex, plain

if TYPE_CHECKING:
    from generator.readers import ReadSettings

FORMAT = "jsonl"
EXTENSIONS = (".jsonl", ".ndjson")

# An ISO date, also as the start of a date and time (`2024-03-14T10:00:00Z`, as APIs write it).
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$")


# A key → what other tools name it, read in this order when the key is absent or null.
OTHER_NAMES = {
    "arxiv": ("arxiv_id", "arxivId", "id"),  # `id` only when it is an arXiv id (Hugging Face's papers)
    "doi": ("DOI",),
    "date": ("published", "publicationDate", "publication_date", "publishedAt"),
    "tags": ("keywords",),
    "venue": ("journal",),
}
YEAR = re.compile(r"^\d{4}$")


def _any_string(item) -> bool:
    return isinstance(item, str)


def _string_list(item) -> bool:
    return isinstance(item, list) and all(isinstance(part, str) for part in item)


def _is_arxiv_id(item) -> bool:
    return isinstance(item, str) and arxiv_id(item) is not None


def _is_doi(item) -> bool:
    return isinstance(item, str) and doi_name(item) is not None


def _is_iso_date(item) -> bool:
    return isinstance(item, str) and ISO_DATE.match(item.strip()) is not None


class SchemaError(ValueError):
    """A value of the wrong type or shape; the message names the key and what was expected."""


class DateError(ValueError):
    """A date that names no real day: the paper is kept without it."""


def sniff(text: str) -> bool:
    for line in nonblank_lines(text):
        try:
            return isinstance(json.loads(line), dict)
        except (ValueError, RecursionError):
            return False
    return False


def read(text: str, path: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    records: list[Record] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        found, trouble = read_line(line, number, path, settings)
        records.extend(found)
        problems.extend(trouble)
    return records, problems


def read_line(line: str, number: int, path: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    """The records and problems of one line: `read` is this, line after line, so a
    cache may keep each line's result on its own."""
    if not line.strip():
        return [], []
    try:
        value = json.loads(line)
    except (ValueError, RecursionError) as error:
        return [], [Problem(path, number, f"not valid JSON: {_json_error(error)}; line skipped")]
    return read_value(value, number, path)


def read_value(value, number: int, path: str, unit: str = "line") -> tuple[list[Record], list[Problem]]:
    """The records and problems of one parsed JSON value starting on line `number`: a
    line of JSON Lines, or an item of a JSON array of such records (`unit`: "item")."""
    try:
        if kaggle.is_snapshot_line(value):
            return [kaggle.record(value, f"{path}:{number}")], []
        record, dropped = _record(value, f"{path}:{number}")
        return [record], [Problem(path, number, f"{dropped}; the paper is kept without a date")] if dropped else []
    except (SchemaError, kaggle.LineError) as error:
        return [], [Problem(path, number, f"{error}; {unit} skipped")]


# Keys only other tools' records have, not CSL items: Semantic Scholar's, Hugging Face's, the arXiv API's as
# JSON, OpenAlex's, and this format's own.
RECORD_KEYS = frozenset({"authors", "summary", "abstractNote", "abstract_inverted_index", "publishedAt", "publicationDate",
                         "published", "publication_date", "year", "arxiv", "arxiv_id", "arxivId", "externalIds", "venue",
                         "tags", "categories", "paperId", "authors_parsed", "doi", "authorships"})


def is_record(value) -> bool:
    """Whether a JSON object is a paper as this format (or the tools it reads) writes one."""
    return isinstance(value, dict) and "title" in value and not RECORD_KEYS.isdisjoint(value)


def json_reason(error: json.JSONDecodeError) -> str:
    """What is wrong in a JSON text, and at which column of its line: `Expecting value at column 1`."""
    # Python's message ends in "at" where it gives the position itself:
    # "Unterminated string starting at", "Invalid control character at".
    return f"{error.msg.removesuffix(' at')} at column {error.colno}"


def _json_error(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return json_reason(error)
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return "a number is too long"  # the one other ValueError: Python reads no integer of over 4,300 digits


def _record(value, source: str) -> tuple[Record, str | None]:
    """The line's record, and what is wrong with its date when that alone is wrong."""
    if not isinstance(value, dict):
        raise SchemaError(f"expected a JSON object (one paper per line), got {json_kind(value)}")
    value = ml_anthology.as_line(openalex.as_line(value))
    title = _required_string(value, "title")
    if not title.strip():
        raise SchemaError('"title" must not be empty')
    abstract = _abstract(value)

    value = _with_external_ids(value)
    identifier = _parsed(value, _named(value, "arxiv", _is_arxiv_id), arxiv_id, "an arXiv id such as 2103.03230 or hep-th/9901001")
    doi = _parsed(value, _named(value, "doi", _is_doi), doi_name, 'a DOI starting with "10."')
    identifier = identifier or arxiv_of_doi(doi)  # as every other format reads arXiv's own DOIs

    links = dict(_links(value))
    for kind, url in id_links(identifier, doi):
        links.setdefault(kind, url)

    math = value.get("math")
    if math is not None and not isinstance(math, bool):
        raise SchemaError(f'"math" must be true or false, got {json_kind(math)}')
    venue, authors = _venue(value), _authors(value)
    if math is not True:  # a catalogue's HTML (`<p>`, `<em>`, `10<sup>3</sup>`)
        title, abstract = escaped_html(title, typeset=True), escaped_html(abstract, typeset=True)
    # Without `math`, a title or abstract with a formula (`$f$-GRPO`, as arXiv's are) is TeX, as in CSL JSON and RIS.
    typeset = math if math is not None else looks_like_tex(f"{title} {abstract}")
    title, abstract = (decode(title), decode(abstract)) if typeset else (title.strip(), abstract.strip())
    if math:  # the line's text is TeX: its names and venue too (`Ren\'e`), shown as text
        authors = tuple(" ".join(plain(decode(name)).split()) for name in authors)
        venue = venue and plain(decode(venue))
    if not title:
        raise SchemaError('"title" must not be empty')
    try:
        when, dropped = _date(value), None
    except DateError as error:
        when, dropped = None, str(error)
    record = Record(
        title=title,
        source=source,
        format=FORMAT,
        abstract=abstract,
        categories=_categories(value),
        authors=authors,
        date=when,
        arxiv=identifier,
        doi=doi,
        venue=(venue or "").strip() or None,
        tags=tuple(dict.fromkeys(_strings(value, _named(value, "tags", _string_list)))),
        links=(*links.items(), *ml_anthology.links(value)),
        citation=openalex.citation(value, venue or "") if openalex.is_work(value) else
        ml_anthology.citation(value, venue or "") if ml_anthology.is_line(value) else
        semantic_scholar(value.get("publicationTypes"), value.get("journal"), value.get("publicationVenue"), venue or ""),
        math=bool(typeset),
    )
    return record, dropped


def json_kind(value) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# Where other tools keep the abstract: the arXiv API's and Hugging Face's `summary`, Zotero's
# `abstractNote`; OpenAlex keeps it as each word's positions (`abstract_inverted_index`).
ABSTRACT_NAMES = ("summary", "abstractNote")


def _abstract(value: dict) -> str:
    if value.get("abstract") is None:
        found = next((value[key] for key in ABSTRACT_NAMES if isinstance(value.get(key), str)), None)
        if found is not None:
            return found
        index = value.get("abstract_inverted_index")
        if isinstance(index, dict):
            return openalex.abstract(index)
        if "abstract" in value or "abstract_inverted_index" in value:
            return ""  # null: Semantic Scholar and OpenAlex know no abstract of the paper
    return _required_string(value, "abstract")


def _required_string(value: dict, key: str) -> str:
    if key not in value:
        raise SchemaError(f'"{key}" is missing (required, a string)')
    if not isinstance(value[key], str):
        raise SchemaError(f'"{key}" must be a string, got {json_kind(value[key])}')
    return value[key]


def _string(value: dict, key: str) -> str | None:
    item = value.get(key)
    if item is not None and not isinstance(item, str):
        raise SchemaError(f'"{key}" must be a string, got {json_kind(item)}')
    return item


def _parsed(value: dict, key: str, parse, expected: str):
    """An optional string field read by `parse`, which answers None for a bad shape."""
    raw = _string(value, key)
    if _absent(raw):
        return None
    parsed = parse(raw)
    if parsed is None:
        raise SchemaError(f'"{key}" must be {expected}, got {raw!r}')
    return parsed


def _strings(value: dict, key: str) -> tuple[str, ...]:
    """A list of strings, each trimmed, empty ones dropped."""
    items = value.get(key)
    if items is None:
        return ()
    if not isinstance(items, list):
        raise SchemaError(f'"{key}" must be a list of strings, got {json_kind(items)}')
    for item in items:
        if not isinstance(item, str):
            raise SchemaError(f'"{key}" must be a list of strings, got a list holding {json_kind(item)}')
    return tuple(item.strip() for item in items if item.strip())


def _categories(value: dict) -> tuple[str, ...]:
    items = value.get("categories")
    if isinstance(items, str):
        return tuple(dict.fromkeys(items.split()))
    return tuple(dict.fromkeys(_strings(value, "categories")))


def _named(value: dict, key: str, usable=_any_string) -> str:
    """The name under which `value` holds `key`: the key itself unless it is absent or
    null and one of its `OTHER_NAMES` holds a value `usable` accepts."""
    if _absent(value.get(key)):
        for name in OTHER_NAMES[key]:
            item = value.get(name)
            if not _absent(item) and usable(item):
                return name
    return key


def _absent(item) -> bool:
    """Null, or a string with nothing in it, as tools write a value they do not know (`"doi": ""`)."""
    return item is None or isinstance(item, str) and not item.strip()


def _with_external_ids(value: dict) -> dict:
    """Semantic Scholar's `externalIds` (`{"ArXiv": …, "DOI": …}`) read as `arxiv` and `doi`
    where the line has neither under any name."""
    external = value.get("externalIds")
    if not isinstance(external, dict):
        return value
    added = {}
    for key, name, usable in (("arxiv", "ArXiv", _is_arxiv_id), ("doi", "DOI", _is_doi)):
        if value.get(_named(value, key, usable)) is None and usable(external.get(name)):
            added[key] = external[name]
    return {**value, **added} if added else value


def _venue(value: dict) -> str | None:
    journal = value.get("journal")
    if value.get("venue") is None and isinstance(journal, dict) and isinstance(journal.get("name"), str):
        return journal["name"]  # Semantic Scholar's
    return _string(value, _named(value, "venue"))


def _authors(value: dict) -> tuple[str, ...]:
    """`authors`, each a string or an object naming one person (`name`, CSL's `given` and `family`
    or `literal`, Zotero's `firstName` and `lastName`; one naming nobody is left out), or one
    string of names ("A and B", "A; B", "Ada Lovelace, Alan Turing")."""
    items = value.get("authors")
    if isinstance(items, str):
        items = names_in(items)
    if isinstance(items, list):
        named = [person_named(item) if isinstance(item, dict) else item for item in items]
        items = [item for item in named if item != ""]
    return people_of(_strings({"authors": items}, "authors"))


def _date(value: dict) -> str | None:
    key = _named(value, "date", _is_iso_date)
    year = value.get("year")
    if _absent(value.get(key)) and year is not None:
        if isinstance(year, int) and not isinstance(year, bool) and 1000 <= year <= 9999:
            return str(year)
        return year.strip() if isinstance(year, str) and YEAR.match(year.strip()) else None
    text = _string(value, key)
    if _absent(text):
        return None
    match = ISO_DATE.match(text.strip())
    if match is None:
        raise DateError(f'"{key}" must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got {text!r}')
    # An impossible day or month is for validation to report, keeping what is real of it.
    return "-".join(part for part in match.groups() if part)


# Other tools' links, each a key of its own (the ML Anthology's, Papers with Code's), read without `links`.
LINK_NAMES = {"pdf_url": "pdf", "url_pdf": "pdf", "code_url": "code", "repo_url": "code"}


def _links(value: dict) -> list[tuple[str, str]]:
    links = value.get("links")
    if links is None:
        links = {kind: value[name] for name, kind in LINK_NAMES.items() if isinstance(value.get(name), str)}
    if not isinstance(links, dict):
        raise SchemaError(f'"links" must be an object of kind → URL, got {json_kind(links)}')
    found = []
    for kind, url in links.items():
        if not isinstance(url, str):
            raise SchemaError(f'"links" → "{kind}" must be an http(s) URL, got {json_kind(url)}')
        # A file on the person's disk (Zotero's `file:///…/storage/…`) is no link: left out, as in every format.
        if kind.strip() and re.match(r"^https?://\S+$", url.strip()):
            found.append((kind.strip(), url.strip()))
    return found
