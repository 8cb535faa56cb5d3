"""BibTeX reading lists (`.bib`, `.bibtex`).

A `.bib` file as Zotero, JabRef, Google Scholar, DBLP, arXiv or a person by
hand write it, BibTeX or biblatex, any entry type. From each entry:

- `title` (followed by biblatex's `subtitle`) and `abstract`, with TeX decoded
  to text by `generator.textex`
  (`St{\\'e}phane` → Stéphane, `{GAN}s` → GANs, `\\%` → %, `--` → –,
  `BERT\\'s` → BERT's) except inside `$...$`, which is mathematics kept as TeX;
- `author`, split on "and"; "Family, Given" and "Family, Jr, Given" become
  "Given Family" and "Given Family Jr"; `{Braced Names}` stay whole; biblatex's
  `family=Kok, given=Daniël, prefix=de, useprefix=true` becomes "Daniël de Kok";
  Scopus's list between commas (`Aria, M.b , Iorio, C.b `, affiliation letters
  glued to the initials) is "M. Aria", "C. Iorio" (`bibentry.author_list`);
- `date` (biblatex, `YYYY-MM-DD`), else `year` and `month` (`YYYY`, `YYYY-MM`, or
  `YYYY-MM-DD` when a day follows the month's name: `OCT 1`, `aug # "~13"`);
- the venue: `journal`, `journaltitle`, `booktitle` or `eventtitle`; the school
  of a thesis, the institution of a report, the publisher of a book; NASA ADS's
  AAS journal macros (`{\\apj}`) as the journals' names (`journal_macros`). A venue
  that only says "arXiv" (`arXiv:2107.05616 [cs, eess]`, "arXiv preprint
  arXiv:…", `CoRR`, `ArXiv`) is no venue: it gives the arXiv id;
- `doi` (a `https://doi.org/` prefix is dropped);
- the arXiv id from `eprint` (with `archivePrefix`/`eprinttype = {arXiv}` or an
  id of arXiv's shape), else from an `arXiv:` or `abs/` reference, an arXiv
  DOI or URL; arXiv categories from `primaryClass` or `eprintclass`;
- `url`: an arXiv, DOI, PDF or GitHub/GitLab address becomes the link of that
  kind (`arxiv`, `doi`, `pdf`, `code`), any other web address a `url` link; of
  a field with several addresses, the first a visitor can open, as the
  publisher's own (`generator.proxy`);
- `keywords`, split on `,` and `;` (on `;` alone where it is the more frequent; on spaces
  in BibSonomy's posts), as the paper's own tags; Scopus's `author_keywords` instead of
  its `keywords`, which are a database's index terms;
- the entry for citing, rebuilt from citation fields only (`generator.bibentry`).

Lines commented out with `%` are ignored, entries in them included. `@string`
abbreviations are expanded (bounded, see `bibtex_source`); biblatex `crossref`
and `xdata` parents lend their fields; `@comment`, `@preamble`, `@set` and
`@xdata` entries are not papers and are passed over quietly, nor is a proceedings
or journal issue that another entry names as its `crossref` (DBLP's after each paper). A damaged entry
(an unclosed brace, no title, a field it reads given twice differently) is
reported with its line and skipped; the entries around it are still read. Two
different entries under one key (Mendeley's `Smith2019` for two papers of one
author and year) are both read, with a warning at the second; the same entry
written twice is reported and read once. A field that nothing reads given twice
(`file`, `Author-Email`), or one given twice alike, keeps its first value, as in
BibTeX; entries without a key (Mendeley's `@article{,`) are all read. Text with
no `@` block at all is another format and one problem; a blank file or one of
comments only has no papers.
"""

from __future__ import annotations

import hashlib
import logging
import re
from contextlib import contextmanager
from typing import TYPE_CHECKING

from generator.bibentry import ALLOWED, citation_entry
from generator.model import Problem, Record
from generator.readers import bibtex_blocks
from generator.readers import bibtex_fields as fields_of
from generator.readers.arxiv_atom import arxiv_id, id_links
from generator.readers.bibtex_source import (GROUPING_TYPES, MAX_VALUE, Macros, RawEntry, inherited, lending_volumes, mendeley_unescaped,
                                             strip_comments, zotero_unescaped)
from generator.readers.markup import escaped_html
from generator.textex import decode

if TYPE_CHECKING:
    from bibtexparser.model import Entry

    from generator.readers import ReadSettings

FORMAT = "bibtex"
EXTENSIONS = (".bib", ".bibtex")

SNIFF = re.compile(
    r"^[ \t]*@(?:(?:string|preamble|comment)[ \t]*[{(]|[A-Za-z]+[ \t]*[{(][ \t]*[^\s,{}()]+[ \t]*,)",
    re.MULTILINE | re.IGNORECASE,
)
# Any entry, `@string`, `@comment` or `@preamble`, whole or damaged: text without one is no BibTeX.
ANY_BLOCK = re.compile(r"@\s*[A-Za-z]+\s*[{(]")
NO_ENTRIES = "no BibTeX entries found: expected entries such as `@article{key, title = {…}, …}`"
# A library that names neither field (in any case) can have no entry that inherits fields.
INHERITING_FIELDS = ("crossref", "xdata")
# What the reader reads or a citation publishes: repeated, which value is meant is unclear.
USED_FIELDS = ALLOWED | {"abstract", "keywords", "author_keywords", "biburl", "note", "crossref", "xdata"}
# What BibTeX takes for the name of an @string: no white space, braces, quotes, `#`, `%`, `=` or comma.
MACRO_NAME = re.compile(r"[^\s\"#%'(),={}]+")
# Fields a library may give once per value: ScienceDirect writes a `keywords` field per keyword.
JOINED_FIELDS = frozenset({"keywords"})
QUIET_LOGGERS = ("bibtexparser.splitter", "pylatexenc.latexwalker", "pylatexenc.latex2text")


# Where an entry's record is looked up (`remembering`, which `bibtex_blocks` holds so that
# the cache sets it without importing this reader): `_record` is a pure function of the
# entry, so an unchanged entry of a changed file need not be decoded again.
remembering = bibtex_blocks.remembering


def sniff(text: str) -> bool:
    return SNIFF.search(text[:20000]) is not None


def read(text: str, path: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    with _quiet(QUIET_LOGGERS):
        return _read(text, path)


def _read(text: str, path: str) -> tuple[list[Record], list[Problem]]:
    # Imported here: a run that reads no BibTeX need not import bibtexparser.
    from bibtexparser.model import Entry, ParsingFailedBlock, String

    stripped = strip_comments(text, bibtex_blocks.remembered, path)
    if not ANY_BLOCK.search(stripped):
        # Blank or only comments: a library without papers. Other text is another format.
        return [], [Problem(path, None, NO_ENTRIES)] if stripped.strip() else []
    # Without inheritance an entry is a function of its text, its line and the @strings it
    # names: an unchanged one is found in the memo without resolving its fields, nor
    # reading them back from the memo (`lazy`).
    alone = bibtex_blocks.remembered is not None and not _inherits(text)
    try:
        # No middleware: values are resolved here, `#` concatenation included.
        found, starts = bibtex_blocks.blocks(stripped, path, bibtex_blocks.remembered, lazy=alone)
    except Exception as error:  # the splitter raises on states it considers its own bugs
        return [], [Problem(path, None, f"cannot parse BibTeX: {error}")]

    macros = Macros()
    entries: dict[str, RawEntry] = {}
    order: list[RawEntry] = []
    problems: list[Problem] = []
    converted: list[tuple[Record | None, Problem | None]] = []
    lines = {id(block): _line(block, start) for block, start in zip(found, starts)}  # a duplicate's first block too
    for block, start in zip(found, starts):
        line = _line(block, start)
        block, note = _another_paper(_keyless(block), line, lines, path)
        if note is not None:
            problems.append(note)
        block = _first_values(block)
        if isinstance(block, ParsingFailedBlock):
            problems.append(Problem(path, line, bibtex_blocks.failure(block, lines)))
        elif isinstance(block, String):
            if not macros.define(block.key, block.value):
                problems.append(Problem(path, line, f"@string {block.key.strip()[:60]!r} expands to more than {MAX_VALUE} characters; cut there"))
        elif isinstance(block, Entry) and alone:
            made = lambda: _entry_alone(block, line, macros, path)  # noqa: E731
            record, notes, problem = bibtex_blocks.remembered.get(_entry_key(block, line, macros, path), made) if block.raw else made()
            problems.extend(notes)
            if record is not None or problem is not None:
                converted.append((record, problem))
        elif isinstance(block, Entry):
            entry = RawEntry(block.entry_type.lower(), block.key, line, _fields(block, macros))
            problems.extend(_notes(macros, path, line, block.key))
            entries.setdefault(block.key.lower(), entry)
            order.append(entry)

    volumes = lending_volumes(order)
    for entry in order:
        if entry.entry_type not in GROUPING_TYPES and id(entry) not in volumes:
            converted.append(_checked(entry, inherited(entry, entries), path))
    records: list[Record] = []
    for record, problem in converted:
        if record is not None:
            records.append(record)
        if problem is not None:
            problems.append(problem)
    return records, sorted(problems, key=lambda problem: problem.line or 0)


def _inherits(text: str) -> bool:
    lowered = text.lower()  # at C speed: a case-blind search is ten times slower
    return any(name in lowered for name in INHERITING_FIELDS)


def _entry_key(block: Entry, line: int | None, macros: Macros, path: str) -> tuple:
    """An entry's key in the memo: its text, its line and the values of the names it looks
    up among the @strings (kept with its text): an @string changes the entries that use it."""
    text = _digest(f"{line}\0{block.raw}")
    names = bibtex_blocks.remembered.get((path, "names", text), lambda: _macro_names(block))
    return path, "entry", text, _digest(repr([macros.values.get(name) for name in names])) if names else ""


def _macro_names(block: Entry) -> tuple[str, ...]:
    names = [name for field in block.fields if isinstance(field.value, str) for name in Macros.names_in(field.value)]
    return tuple(dict.fromkeys(names))


def _entry_alone(block: Entry, line: int | None, macros: Macros, path: str):
    """(record, the problems of resolving its fields, the problem of reading it) of an entry
    of a library without inheritance, as the whole read makes them."""
    entry = RawEntry(block.entry_type.lower(), block.key, line, _fields(block, macros))
    notes = _notes(macros, path, line, block.key)
    if entry.entry_type in GROUPING_TYPES:
        return None, notes, None
    record, problem = _checked(entry, dict(entry.fields), path, _record)
    return record, notes, problem


def _notes(macros: Macros, path: str, line: int | None, key: str) -> tuple[Problem, ...]:
    """What resolving the entry's fields found: a field cut, @strings no one defines."""
    notes = []
    if macros.cut:
        macros.cut = False
        notes.append(_cut_problem(path, line, key))
    for name in dict.fromkeys(macros.undefined):
        if MACRO_NAME.fullmatch(name):
            notes.append(Problem(path, line, f"entry {key[:60]!r} uses @string {name[:60]!r}, which is not defined: its name is shown instead"))
        else:  # no name: text after a `}` that closed a value early
            notes.append(Problem(path, line, f"entry {key[:60]!r}: a `}}` inside a value (BibTeX counts `\\}}` too) ends it early; "
                                             "the text after it is shown as written"))
            break
    macros.undefined.clear()
    return tuple(notes)


def _checked(entry: RawEntry, fields: dict[str, str], path: str, convert=None) -> tuple[Record | None, Problem | None]:
    """The entry's record and problem (`_converted`), or the problem of an entry that
    could not be read at all: one odd entry must not cost the rest of the file."""
    try:
        return (convert or _converted)(entry, fields, path)
    except Exception as error:  # noqa: BLE001
        return None, Problem(path, entry.line, f"entry {entry.key[:60]!r} could not be read ({error}); skipped")


def _cut_problem(path: str, line: int | None, key: str) -> Problem:
    return Problem(path, line, f"entry {key[:60]!r} has a field longer than {MAX_VALUE} characters; cut there")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _fields(entry: Entry, macros: Macros) -> dict[str, str]:
    fields: dict[str, str] = {}
    for field in entry.fields:
        key = field.key.strip().lower()
        # A field nothing reads is not resolved: its @strings (or what a stray `}` in a person's
        # notes makes look like them) are no one's concern.
        if key in USED_FIELDS and key not in fields and isinstance(field.value, str):
            fields[key] = mendeley_unescaped(zotero_unescaped(macros.resolve(field.value)))
    return fields


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


def _keyless(block):
    """The entry of a block refused for repeating the empty key: Mendeley writes `@article{,`
    for every reference without a citation key, and each is a paper of its own."""
    from bibtexparser.model import DuplicateBlockKeyBlock

    return block.ignore_error_block if isinstance(block, DuplicateBlockKeyBlock) and not block.key.strip() else block


def _another_paper(block, line: int | None, lines: dict[int, int | None], path: str):
    """An entry refused for a key an earlier entry has, and the warning that says so, when it
    is another paper: Mendeley keys a reference by author and year (`Smith2019`), so two papers
    of one author and year share a key. The site makes its own citation keys, so both are
    read. The same entry again (alike but for spacing and case-keeping braces) stays refused:
    else any block as it is, and no warning."""
    from bibtexparser.model import DuplicateBlockKeyBlock, Entry

    if not (isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, Entry)
            and isinstance(block.previous_block, Entry)):
        return block, None
    entry = block.ignore_error_block
    if _same_entry(entry, block.previous_block, path):
        return block, None
    previous = lines.get(id(block.previous_block))
    where = f" (first used on line {previous})" if previous is not None else ""
    return entry, Problem(path, line, f"duplicate key {block.key!r}{where} for another paper; both are read")


def _same_entry(entry, previous, path: str) -> bool:
    """Whether two entries say the same (`_alike`); found in the memo by their texts, of which
    it is a function, so that the fields of entries kept lazily need not be split again."""
    memo = bibtex_blocks.remembered
    if memo is None or not entry.raw or not previous.raw:
        return _alike(entry) == _alike(previous)
    return memo.get((path, "alike", _digest(entry.raw), _digest(previous.raw)), lambda: _alike(entry) == _alike(previous))


def _alike(entry) -> tuple:
    """What tells two entries apart: their type and what their fields say (`_said`)."""
    return entry.entry_type.lower(), tuple(sorted((field.key.lower(), _said(field.value)) for field in entry.fields))


def _said(value) -> str:
    """A field's value as compared with another: without its spacing and case-keeping
    braces (`The {Cambridge} History` says what `The Cambridge  History` does)."""
    return " ".join(str(value).replace("{", "").replace("}", "").split())


def _first_values(block):
    """The entry of a block refused for a repeated field that nothing reads or publishes (Web
    of Science's `Author-Email`, a `file` per PDF of BibDesk) or that says the same each
    time (or once cut short), with each field's first value as BibTeX keeps it (the whole
    one of a value cut short); ScienceDirect's `keywords`, one field per keyword, joined.
    Any other block as it is."""
    from bibtexparser.model import DuplicateFieldKeyBlock, Entry, Field

    if not isinstance(block, DuplicateFieldKeyBlock):
        return block
    entry, values, raw = block.ignore_error_block, {}, {}
    for field in entry.fields:
        values.setdefault(field.key.lower(), []).append(_said(field.value))
        raw.setdefault(field.key.lower(), []).append(str(field.value))
    # A value that is the start of the other (Zotero's `doi = {10.1007}` before the whole DOI)
    # says the same, cut short: the longest is kept.
    longest = {name: max(said, key=len) for name, said in values.items() if len(set(said)) > 1}
    if any(name in USED_FIELDS - JOINED_FIELDS and not all(whole.startswith(value) for value in values[name])
           for name, whole in longest.items()):
        return block
    firsts, fields = set(), []
    for field in entry.fields:
        name = field.key.lower()
        if name in firsts or name in longest and name not in JOINED_FIELDS and _said(field.value) != longest[name]:
            continue
        firsts.add(name)
        if name in JOINED_FIELDS and len(raw[name]) > 1:  # BibTeX's `#` joins them when it is resolved
            field = Field(field.key, " # {; } # ".join(raw[name]), field.start_line)
        fields.append(field)
    return Entry(entry.entry_type, entry.key, fields, entry.start_line, entry.raw)


def _line(block, start: int | None) -> int | None:
    """The block's line (from 1): where its text was found, else as the splitter counted."""
    if start is not None:
        return start + 1
    return block.start_line + 1 if block.start_line is not None else None


def _converted(entry: RawEntry, fields: dict[str, str], path: str) -> tuple[Record | None, Problem | None]:
    if bibtex_blocks.remembered is None:
        return _record(entry, fields, path)
    # Named by all `_record` reads, the fields in their order; by the file, so that the
    # entries of a file that did not change can be kept.
    text = repr((entry.entry_type, entry.key, entry.line, tuple(fields.items())))
    key = (path, hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest())
    return bibtex_blocks.remembered.get(key, lambda: _record(entry, fields, path))


def _record(entry: RawEntry, fields: dict[str, str], path: str) -> tuple[Record | None, Problem | None]:
    line = entry.line
    title = main_title = escaped_html(decode(fields.get("title", "")), typeset=True)
    subtitle = escaped_html(decode(fields.get("subtitle", "")), typeset=True) if title else ""
    if subtitle:  # biblatex keeps a title's two parts apart; the paper's title is both
        title = f"{title}{' ' if title.endswith(('?', '!', '.', ':')) else ': '}{subtitle}"
    if not title:
        return None, Problem(path, line, f"entry {entry.key[:60]!r} has no title; skipped")

    doi = fields_of.doi(fields)
    identifier = fields_of.arxiv(fields, doi)
    url = fields_of.address(fields)
    url = re.sub(r"\s+", "%20", url)  # a file name with spaces, as a browser would ask for it
    kind = fields_of.link_kind(url) if url.startswith(("http://", "https://")) else None
    if kind in ("arxiv", "pdf"):  # arxiv.org/abs/… and arxiv.org/pdf/… name the paper; other PDFs give None
        identifier = identifier or arxiv_id(url)
    elif kind == "doi":
        doi = doi or fields_of.doi({"doi": url})
    links = dict(id_links(identifier, doi))
    if kind:
        links.setdefault(kind, url)

    venue = fields_of.venue(entry.entry_type, fields)
    record = Record(
        title=title,
        source=f"{path}:{line}" if line else path,
        format=FORMAT,
        abstract=escaped_html(decode(fields.get("abstract", "")), typeset=True),
        authors=fields_of.authors(fields.get("author", "")),
        date=fields_of.date(fields),
        arxiv=identifier,
        doi=doi,
        venue=venue if venue not in (title, main_title) else None,
        categories=fields_of.categories(fields),
        # Scopus writes the authors' keywords apart; its `keywords` are a database's index terms.
        tags=fields_of.keywords(fields.get("author_keywords") or fields.get("keywords", ""), fields.get("biburl", "")),
        links=tuple(links.items()),
        bibtex=citation_entry(entry.entry_type, entry.key, fields),
        math=True,
    )
    return record, None
