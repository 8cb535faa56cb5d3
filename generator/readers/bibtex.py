"""BibTeX reading lists (`.bib`, `.bibtex`).

A `.bib` file as Zotero, JabRef, Google Scholar or arXiv export it, any entry
type. From each entry:

- `title` and `abstract`, with LaTeX decoded to text (`St{\\'e}phane` →
  Stéphane, `{GAN}s` → GANs, `\\%` → %, `--` → –) except inside `$...$`,
  which is mathematics and kept as TeX;
- `author`, split on "and"; "Family, Given" and "Family, Jr, Given" become
  "Given Family" and "Given Family Jr"; `{Braced Names}` stay whole;
- `date` (biblatex, `YYYY-MM-DD`), else `year` and `month` (`YYYY` or `YYYY-MM`);
- the venue: `journal`, `journaltitle`, `booktitle` or `eventtitle`; the school
  of a thesis, the institution of a report, the publisher of a book;
- `doi` (a `https://doi.org/` prefix is dropped);
- the arXiv id from `eprint` (with `archivePrefix = {arXiv}` or an id of arXiv's
  shape), else from `journal = {arXiv preprint arXiv:…}`, an arXiv DOI or URL;
- `url`: an arXiv, DOI, PDF or GitHub/GitLab address becomes the link of that
  kind (`arxiv`, `doi`, `pdf`, `code`), any other web address a `url` link;
- `keywords`, split on `,` or `;`, as the paper's own tags;
- the entry itself, exactly as written in the file.

`@string` abbreviations are expanded; `@comment` and `@preamble` are ignored.
A damaged entry (an unclosed brace, a duplicate key, no title) is reported
with its line and skipped; the entries around it are still read.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from typing import TYPE_CHECKING

import bibtexparser
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock, String
from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from generator.model import Problem, Record
from generator.readers.listing import MONTHS
from generator.readers.arxiv_atom import abs_url, arxiv_id, doi_name

if TYPE_CHECKING:
    from generator.readers import ReadSettings

FORMAT = "bibtex"
EXTENSIONS = (".bib", ".bibtex")

SNIFF = re.compile(
    r"^[ \t]*@(?:(?:string|preamble|comment)[ \t]*[{(]|[A-Za-z]+[ \t]*[{(][ \t]*[^\s,{}()]+[ \t]*,)",
    re.MULTILINE | re.IGNORECASE,
)
ENTRY_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^\s,{}()]+)")

# `$$...$$`, `$...$`, `\(...\)` and `\[...\]`; a `\$` is a dollar sign, not math.
MATH = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$|(?<!\\)\$.+?(?<!\\)\$|\\\(.+?\\\)|\\\[.+?\\\]", re.DOTALL)
# Exports often leave `%` and `&` bare; in LaTeX they would start a comment or a table cell.
BARE_SPECIAL = re.compile(r"(?<!\\)([%&])")
# `\$` stays escaped: in TeX text a bare `$` would open mathematics.
DOLLAR, DOLLAR_MARK = "\\$", "\ue000"
ARXIV_REFERENCE = re.compile(r"arXiv:\s*(\S+?)(?:\s|$|,|;|\])", re.IGNORECASE)
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
YEAR = re.compile(r"\b(\d{4})\b")

VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "eventtitle")
# Where a venue is the only fitting place an entry type names.
VENUE_BY_TYPE = {
    "phdthesis": ("school", "institution"),
    "mastersthesis": ("school", "institution"),
    "thesis": ("school", "institution"),
    "techreport": ("institution",),
    "report": ("institution",),
    "book": ("publisher",),
}


def _text_converter() -> tuple[LatexNodes2Text, object]:
    """LaTeX → text that keeps math verbatim, knows `\\href`, and keeps `\\url`s bare."""
    text_db = get_default_latex_context_db()
    text_db.add_context_category(
        "paper-archive",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("href", simplify_repl="%(2)s"),
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("TeX", simplify_repl="TeX"),
        ],
    )
    parse_db = latexwalker.get_default_latex_context_db()
    parse_db.add_context_category("paper-archive", prepend=True, macros=[macrospec.std_macro("href", False, 2)])
    return LatexNodes2Text(math_mode="verbatim", latex_context=text_db), parse_db


CONVERTER, PARSE_CONTEXT = _text_converter()
QUIET_LOGGERS = ("bibtexparser.splitter", "pylatexenc.latexwalker", "pylatexenc.latex2text")


def latex_to_text(value: str) -> str:
    """LaTeX as plain text on one line, with every math span kept exactly as written."""
    pieces, last = [], 0
    for match in MATH.finditer(value):
        pieces.append((False, _protect(value[last : match.start()])))
        pieces.append((True, match.group(0)))
        last = match.end()
    pieces.append((False, _protect(value[last:])))
    try:
        text = CONVERTER.latex_to_text("".join(piece for _, piece in pieces), latex_context=PARSE_CONTEXT, tolerant_parsing=True)
    except Exception:  # pylatexenc fails on some malformed input; keep the text rather than lose it
        text = "".join(piece if math else _plain(piece) for math, piece in pieces)
    return " ".join(text.replace(DOLLAR_MARK, DOLLAR).split())


def _protect(text: str) -> str:
    """Text outside math made safe for the converter: bare specials escaped, `\\$` set aside."""
    return BARE_SPECIAL.sub(r"\\\1", text).replace(DOLLAR, DOLLAR_MARK)


def _plain(value: str) -> str:
    """A crude decoding for what pylatexenc cannot parse: escapes and braces only."""
    return re.sub(r"\\([%&_#])", r"\1", value).replace("{", "").replace("}", "")


def sniff(text: str) -> bool:
    return SNIFF.search(text[:20000]) is not None


def read(text: str, path: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    with _quiet(QUIET_LOGGERS):
        return _read(text, path)


def _read(text: str, path: str) -> tuple[list[Record], list[Problem]]:
    try:
        # No middleware: values are resolved here, `#` concatenation included.
        library = bibtexparser.parse_string(text, parse_stack=[])
    except Exception as error:  # the splitter raises on states it considers its own bugs
        return [], [Problem(path, None, f"cannot parse BibTeX: {error}")]

    strings: dict[str, str] = {}
    records: list[Record] = []
    problems: list[Problem] = []
    for block in library.blocks:
        line = block.start_line + 1 if block.start_line is not None else None
        if isinstance(block, ParsingFailedBlock):
            problems.append(Problem(path, line, _failure(block)))
        elif isinstance(block, String):
            strings[block.key.strip().lower()] = _resolve(block.value, strings)
        elif isinstance(block, Entry):
            try:
                record, problem = _record(block, strings, path, line)
            except Exception as error:  # one odd entry must not cost the rest of the file
                record, problem = None, Problem(path, line, f"entry {block.key!r} could not be read ({error}); skipped")
            if record is not None:
                records.append(record)
            if problem is not None:
                problems.append(problem)
    return records, problems


@contextmanager
def _quiet(names: tuple[str, ...]):
    """Silence the libraries' own logs: what matters comes back as problems with a line."""
    loggers = [logging.getLogger(name) for name in names]
    before = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    try:
        yield
    finally:
        for logger, disabled in zip(loggers, before):
            logger.disabled = disabled


def _failure(block: ParsingFailedBlock) -> str:
    if isinstance(block, DuplicateBlockKeyBlock):
        previous = block.previous_block.start_line
        where = f" (first used on line {previous + 1})" if previous is not None else ""
        return f"duplicate key {block.key!r}{where}; skipped"
    key_match = ENTRY_KEY.match(block.raw or "")
    name = f"entry {key_match.group(1)[:60]!r}" if key_match else "entry"
    if isinstance(block, DuplicateFieldKeyBlock):
        fields = ", ".join(sorted(block.duplicate_keys))
        return f"{name} has the field {fields} more than once; skipped"
    reason = getattr(block.error, "abort_reason", None) or str(block.error) or type(block.error).__name__
    return f"damaged {name}: {' '.join(str(reason).split()).rstrip('.')}; skipped"


def _resolve(value: str, strings: dict[str, str]) -> str:
    """A field's value: `{...}` and `"..."` pieces, numbers and `@string` names, joined by `#`."""
    pieces = []
    for piece in _concatenated(value.strip()):
        if piece[:1] == "{" and piece[-1:] == "}" or piece[:1] == '"' and piece[-1:] == '"' and len(piece) > 1:
            pieces.append(piece[1:-1])
        else:
            # An unknown name stays as written: `month = jun` without an @string for jun.
            pieces.append(strings.get(piece.lower(), piece))
    return "".join(pieces)


def _concatenated(value: str) -> list[str]:
    """The pieces of `a # {b} # "c"`, split at the `#` outside braces and quotes."""
    pieces, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(value[start:index].strip())
            start = index + 1
    pieces.append(value[start:].strip())
    return [piece for piece in pieces if piece]


def _record(entry: Entry, strings: dict[str, str], path: str, line: int | None) -> tuple[Record | None, Problem | None]:
    fields: dict[str, str] = {}
    for field in entry.fields:
        key = field.key.strip().lower()
        if key and key not in fields and isinstance(field.value, str):
            fields[key] = _resolve(field.value, strings)
    title = latex_to_text(fields.get("title", ""))
    if not title:
        return None, Problem(path, line, f"entry {entry.key!r} has no title; skipped")

    doi = doi_name(_url_text(fields.get("doi", "")))
    identifier = _arxiv(fields, doi)
    url = _url_text(fields.get("url", ""))
    kind = _link_kind(url) if url.startswith(("http://", "https://")) else None
    if kind == "arxiv":
        identifier = identifier or arxiv_id(url)
    elif kind == "doi":
        doi = doi or doi_name(url)
    links: dict[str, str] = {}
    if identifier:
        links["arxiv"] = abs_url(identifier)
    if doi:
        links["doi"] = f"https://doi.org/{doi}"
    if kind:
        links.setdefault(kind, url)

    primary = fields.get("primaryclass", "").strip()
    record = Record(
        title=title,
        source=f"{path}:{line}" if line else path,
        format=FORMAT,
        abstract=latex_to_text(fields.get("abstract", "")),
        authors=_authors(fields.get("author", "")),
        date=_date(fields),
        arxiv=identifier,
        doi=doi,
        venue=_venue(entry.entry_type.lower(), fields),
        categories=(primary,) if primary else (),
        tags=_keywords(fields.get("keywords", "")),
        links=tuple(links.items()),
        bibtex=entry.raw,
        math=True,
    )
    return record, None


def _authors(value: str) -> tuple[str, ...]:
    names = []
    for person in split_multiple_persons_names(value):
        if person.strip().lower() == "others":  # "and others": et al.
            continue
        parts = parse_single_name_into_parts(person, strict=False)
        name = " ".join(latex_to_text(" ".join(part)) for part in (parts.first, parts.von, parts.last, parts.jr) if part)
        if name.strip():
            names.append(" ".join(name.split()))
    return tuple(names)


def _date(fields: dict[str, str]) -> str | None:
    match = DATE.match(fields.get("date", "").strip())
    if match:
        return "-".join(part for part in match.groups() if part)
    year = YEAR.search(fields.get("year", ""))
    if not year:
        return None
    month = _month(fields.get("month", ""))
    return f"{year.group(1)}-{month:02d}" if month else year.group(1)


def _month(value: str) -> int | None:
    value = value.strip().strip(".").lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return MONTHS.get(value)


def _arxiv(fields: dict[str, str], doi: str | None) -> str | None:
    """The arXiv id an entry names: eprint, an `arXiv:` reference, or an arXiv DOI."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    eprint = fields.get("eprint", "")
    if eprint and prefix in ("", "arxiv"):
        found = arxiv_id(eprint)
        if found:
            return found
    for key in ("journal", "note", "number", "howpublished"):
        for reference in ARXIV_REFERENCE.finditer(fields.get(key, "") + " "):
            found = arxiv_id(reference.group(1))
            if found:
                return found
    match = ARXIV_DOI.match(doi or "")
    return arxiv_id(match.group(1)) if match else None


def _venue(entry_type: str, fields: dict[str, str]) -> str | None:
    for key in VENUE_FIELDS + VENUE_BY_TYPE.get(entry_type, ()):
        value = latex_to_text(fields.get(key, ""))
        # Google Scholar's "arXiv preprint arXiv:2103.03230" names no venue.
        if value and not value.lower().startswith("arxiv preprint"):
            return value
    return None


def _url_text(value: str) -> str:
    """A URL field as written, less `\\url{}`, braces and backslash escapes."""
    value = re.sub(r"^\s*\\url\s*", "", value.strip())
    value = value.replace("{", "").replace("}", "")
    return re.sub(r"\\([_%&#~$])", r"\1", value).strip()


def _link_kind(url: str) -> str:
    host_and_path = re.sub(r"^https?://(?:www\.)?", "", url.lower())
    if host_and_path.startswith(("arxiv.org/abs/", "export.arxiv.org/abs/")):
        return "arxiv"
    if host_and_path.startswith(("doi.org/", "dx.doi.org/")):
        return "doi"
    if host_and_path.startswith(("github.com/", "gitlab.com/")):
        return "code"
    if host_and_path.startswith("arxiv.org/pdf/") or host_and_path.split("?")[0].endswith(".pdf"):
        return "pdf"
    return "url"


def _keywords(value: str) -> tuple[str, ...]:
    tags = (latex_to_text(part) for part in re.split(r"[,;]", value))
    return tuple(dict.fromkeys(tag for tag in tags if tag))
