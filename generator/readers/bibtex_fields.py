"""What the fields of one BibTeX entry mean: people, dates, venue, identifiers, links.

Pure functions of resolved field values (lower-case names, macros expanded,
inheritance done); text is decoded with `generator.textex`.
"""

from __future__ import annotations

import re

from generator.bibentry import author_list, balanced_braces, eprint_archive
from generator.journal_macros import journal_name
from generator.field_addresses import URL_IN_TEXT
from generator.proxy import published_address
from generator.readers.arxiv_atom import arxiv_id, arxiv_of_doi, doi_name
from generator.readers.listing_dates import MONTHS
from generator.readers.markup import escaped_html
from generator.readers.person import CUT_SHORT, MORE_PEOPLE, full_name, without_trailing_more
from generator.textex import decode, plain

# A reference ends at a brace too: `\href{…/abs/2107.05616}{arXiv:2107.05616}`, `\url{…}`.
ARXIV_REFERENCE = re.compile(r"arXiv:\s*([^\s{}]+?)(?:[\s,;\]{}]|$)", re.IGNORECASE)
# Semantic Scholar and DBLP file arXiv papers as `journal = {CoRR}` or `{ArXiv}`, `volume = {abs/…}`.
ABS_REFERENCE = re.compile(r"\babs/([^\s{}]+)", re.IGNORECASE)
# A link to the paper's PDF on arXiv, in `howpublished` or `note` (`\url{https://arxiv.org/pdf/…}`).
PDF_REFERENCE = re.compile(r"arxiv\.org/pdf/([^\s{}]+?)(?:\.pdf)?(?:[\s,;\]{}]|$)", re.IGNORECASE)
# A "venue" that only says the paper is on arXiv: Zotero's `arXiv:2107.05616 [cs, eess]`,
# Google Scholar's "arXiv preprint arXiv:…", DBLP's `CoRR`, `ArXiv`, `abs/2101.00001`.
ARXIV_VENUE = re.compile(r"^\s*(?:arxiv\b.*|corr\b.*|abs/\S+|e-?prints?\b.*|preprint)\s*$", re.IGNORECASE)
# biblatex's ISO date, also with a time or as the start of a range (`2024-03-14/2024-03-20`);
# a slash between its parts (`2024/03/14`) is how people write it by hand.
DATE = re.compile(r"^(\d{4})(?:([-/])(\d{1,2})(?:\2(\d{1,2}))?)?(?![\d])")
YEAR = re.compile(r"\b(\d{4})\b")
# A day, month and year between dots, as Citavi writes a German library's `date` or `year`
# (`16.07.2009`); the day comes first wherever dots stand between them.
DOTTED_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
MONTH_AND_DAY = re.compile(r"^([a-z]+)\.?(?:[\s~]+(\d{1,2})(?!\d))?")
# `cs.LG`, `math.AP`, `hep-th`: an archive alone (`cs`, `eess`, `q-bio`) is no category.
ARXIV_CATEGORY = re.compile(r"^[a-z-]+\.[A-Za-z-]+$")
# ReadCube writes one keyword a line, each at the line's start; an editor that wraps a long
# value indents what it carries over (JabRef's tab, Paperpile's spaces), so that is no new keyword.
KEYWORD_LINE = re.compile(r"\r?\n(?=\S)")
# A MEDLINE heading with its qualifier (`Psoriasis/*genetics`) or marked a major topic (`*Autoimmunity`).
MEDLINE_QUALIFIED = re.compile(r"/\*?[a-z]|^\{?\*")
# The name splitter takes every `~` for a space, also that of the accent in `Pe\~na`; braced, the
# accent stays inside its word.
TILDE_ACCENT = re.compile(r"(?<!\\)\\~(\{[^{}]*\}|[A-Za-z])")
DOTLESS_CATEGORIES = frozenset(
    "astro-ph cond-mat gr-qc hep-ex hep-lat hep-ph hep-th math-ph nlin nucl-ex nucl-th quant-ph".split()
)

# biblatex's extended name format (Better BibLaTeX, biber): `family=Kok, given=Daniël,
# prefix=de, useprefix=true`. The parts shown, in the order a name is written; initials
# (`giveni`, `given-i`) and per-name options are understood but not shown.
NAME_PARTS = ("given", "prefix", "family", "suffix")
NAME_KEYS = frozenset(
    [*NAME_PARTS, *(f"{part}i" for part in NAME_PARTS), *(f"{part}-i" for part in NAME_PARTS),
     "useprefix", "sortingnamekeytemplatename", "uniquenametemplatename", "labelalphanametemplatename"]
)
NAME_PART = re.compile(r"^\s*([a-z-]+)\s*=(.*)$", re.IGNORECASE | re.DOTALL)

VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "eventtitle")
# A venue that is a web address: a link, not where the paper appeared.
ADDRESS = re.compile(r"^\s*(?:https?://|www\.)", re.IGNORECASE)
# Where a venue is the only fitting place an entry type names.
VENUE_BY_TYPE = {
    "phdthesis": ("school", "institution"),
    "mastersthesis": ("school", "institution"),
    "thesis": ("school", "institution"),
    "techreport": ("institution",),
    "report": ("institution",),
    "book": ("publisher",),
}


# A biblatex option of the whole list of names written as its first name (`useprefix=false and …`).
NAMELIST_OPTION = re.compile(r"^\s*(?:useprefix|uniquename|uniquelist|sortingnamekeytemplatename|nohashothers|nosortothers)\s*=\s*\w+\s*$",
                             re.IGNORECASE)


def authors(value: str) -> tuple[str, ...]:
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

    names, cut_short = [], False
    value = author_list(value)  # DBLP's number for people of one name is no part of it, nor Scopus's commas
    for person in split_multiple_persons_names(TILDE_ACCENT.sub(r"{\\~\1}", value)):
        if person.strip().lower() == "others" or MORE_PEOPLE.match(person):  # "and others", ADS's `{}, . . .`: et al.
            cut_short = True
            continue
        if NAMELIST_OPTION.match(person):
            continue
        person, more = without_trailing_more(person)
        cut_short = cut_short or more
        name = _extended_name(person)
        if name is None:
            parts = parse_single_name_into_parts(person, strict=False)
            given, particle, family, suffix = (decode(" ".join(part)) for part in (parts.first, parts.von, parts.last, parts.jr))
            name = full_name(given, family, particle, suffix)
        if name.strip():
            names.append(" ".join(as_text(name).split()))
    return (*names, CUT_SHORT) if names and cut_short else tuple(names)


def as_text(decoded: str) -> str:
    """Decoded TeX that pages show as text, not typeset (a venue, a name, a keyword): its
    mathematics as Unicode letters (`$K$-Theory` → K-Theory, `$C\\sp \\ast$` → C^∗)."""
    return plain(decoded) if "$" in decoded or "\\(" in decoded or "\\[" in decoded else decoded


def _extended_name(person: str) -> str | None:
    """"Given prefix Family suffix" of a name in the extended format; None when any of its
    comma-separated parts is not `key=value` with a name-part key (`Doe, J. = Jr` is no such name)."""
    values = {}
    for part in _top_level_commas(person):
        match = NAME_PART.match(part)
        if not match or match.group(1).lower() not in NAME_KEYS:
            return None
        values[match.group(1).lower()] = _unquoted(match.group(2).strip())
    if not values.get("family") and not values.get("given"):
        return None
    given, particle, family, suffix = (decode(values[key]) if values.get(key) else "" for key in NAME_PARTS)
    return full_name(given, family, particle, suffix)


def _top_level_commas(text: str) -> list[str]:
    """`text` split at the commas outside braces."""
    pieces, depth, start = [], 0, 0
    for match in re.finditer(r"[{},]", text):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            pieces.append(text[start : match.start()])
            start = match.end()
    pieces.append(text[start:])
    return pieces


def _unquoted(value: str) -> str:
    """A name part's value without the braces or quotes around all of it (biber allows both)."""
    if len(value) > 1 and value[0] + value[-1] in ('""', "{}"):
        inner = value[1:-1]
        if value[0] == '"' or balanced_braces(inner):
            return inner
    return value


def date(fields: dict[str, str]) -> str | None:
    written = fields.get("date", "").strip()
    dotted = DOTTED_DATE.match(written) or (not written and DOTTED_DATE.match(fields.get("year", "")))
    if dotted:  # an impossible day or month is for validation to report
        day, month, year = dotted.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    match = DATE.match(written)
    if match:
        year, _, month, day = match.groups()
        if month and 21 <= int(month) <= 24:  # an EDTF season, spring to winter, as biblatex reads it
            return year
        return "-".join([year] + [f"{int(part):02d}" for part in (month, day) if part])
    year = YEAR.search(fields.get("year", ""))
    if not year:
        return written or None  # a date it cannot read, for validation to report
    month, day = _month(fields.get("month", ""))
    if not month:
        return year.group(1)
    return f"{year.group(1)}-{month:02d}" + (f"-{day:02d}" if day else "")


def _month(value: str) -> tuple[int | None, int | None]:
    """The month's number (13 too, for validation to report; None for a name it does not
    know and for 0, which exporters write for an unknown month) and the day written after
    its name: Web of Science's `{{OCT 1}}`, `aug # "~13"`; the start of `{JUN-JUL}`."""
    value = value.replace("{", "").replace("}", "").strip().strip(".").lower()
    if value.isascii() and value.isdigit():  # "²" is a digit to `isdigit` but not to `int`
        return int(value) or None, None
    named = MONTH_AND_DAY.match(value)
    if not named or named.group(1) not in MONTHS:
        return None, None
    return MONTHS[named.group(1)], int(named.group(2)) if named.group(2) else None


def arxiv(fields: dict[str, str], doi: str | None) -> str | None:
    """The arXiv id an entry names: eprint, an `arXiv:` or `abs/` reference, or an arXiv DOI."""
    prefix = eprint_archive(fields)
    eprint = fields.get("eprint", "")
    if eprint and prefix in ("", "arxiv"):
        found = arxiv_id(eprint)
        if found:
            return found
    for key in ("journal", "journaltitle", "note", "number", "volume", "howpublished", "pages"):
        text = fields.get(key, "") + " "
        references = (*ARXIV_REFERENCE.finditer(text), *ABS_REFERENCE.finditer(text), *PDF_REFERENCE.finditer(text))
        for reference in references:
            found = arxiv_id(reference.group(1).rstrip(".,;"))
            if found:
                return found
    return arxiv_of_doi(doi)


def categories(fields: dict[str, str]) -> tuple[str, ...]:
    """arXiv categories from `primaryClass` or biblatex `eprintclass` (`cs.LG`, `hep-th`)."""
    found = []
    for key in ("primaryclass", "eprintclass"):
        for value in re.split(r"[\s,;]+", fields.get(key, "").strip()):
            if (ARXIV_CATEGORY.match(value) or value in DOTLESS_CATEGORIES) and value not in found:
                found.append(value)
    return tuple(found)


def venue(entry_type: str, fields: dict[str, str]) -> str | None:
    for key in VENUE_FIELDS + VENUE_BY_TYPE.get(entry_type, ()):
        value = as_text(escaped_html(decode(journal_name(fields.get(key, "")))))
        if value and not ARXIV_VENUE.match(value) and not ADDRESS.match(value):
            return value
    return None


def address(fields: dict[str, str]) -> str:
    """The address of the entry's link: its `url`, else the first in `howpublished` (Mendeley's
    `\\url{…}` for a web page), else a venue that is one (`journal = {https://…}`); "" when
    none of them has an address a visitor can open (see `proxy.published_address`)."""
    found = published_address(url_text(fields.get("url", "")))
    if found:
        return found
    for key in ("howpublished", *VENUE_FIELDS):
        text = url_text(re.sub(r"\\url\s*", " ", fields.get(key, "")))
        first = URL_IN_TEXT.search(text) if "://" in text else None
        found = published_address(first.group().rstrip(".,;:)")) if first else None
        if found:
            return found
    return ""


def url_text(value: str) -> str:
    """A URL field as written, less `\\url{}`, braces and backslash escapes."""
    value = re.sub(r"^\s*\\url\s*", "", value.strip())
    value = value.replace("{", "").replace("}", "")
    return re.sub(r"\\([_%&#~$])", r"\1", value).strip()


def link_kind(url: str) -> str:
    host_and_path = re.sub(r"^https?://(?:www\.)?", "", url.lower())
    if host_and_path.startswith(("arxiv.org/abs/", "export.arxiv.org/abs/")):
        return "arxiv"
    if host_and_path.startswith(("doi.org/", "dx.doi.org/")):
        return "doi"
    if host_and_path.startswith(("github.com/", "gitlab.com/")):
        return "code"
    if host_and_path.startswith(("arxiv.org/pdf/", "export.arxiv.org/pdf/")) or host_and_path.split("?")[0].endswith(".pdf"):
        return "pdf"
    return "url"


def keywords(value: str, biburl: str = "") -> tuple[str, ...]:
    """The keywords of a `keywords` field, split on `;` alone where it has more of them than
    commas (MEDLINE's headings hold commas: `Cells, Cultured; Hippocampus, cytology`), else on
    both (a PACS heading holds a `;` among keywords split by commas). BibSonomy's (its entries
    name their post with a `biburl` on bibsonomy.org) are its tags, between spaces; ReadCube's,
    with neither, one a line."""
    if "bibsonomy.org/" in biburl and not re.search(r"[,;]", value):
        parts = value.split()
    elif not re.search(r"[,;]", value) and KEYWORD_LINE.search(value.strip()):
        parts = _headings(KEYWORD_LINE.split(value.strip()))
    else:  # never inside parentheses: "Plots (Drama, novel, etc.)" is one subject heading
        parts = _split_outside_parentheses(value, ";" if value.count(";") > value.count(",") else ",;")
    tags = (as_text(escaped_html(decode(part))) for part in parts)
    return tuple(dict.fromkeys(tag for tag in tags if tag))


_PARENTHESIS_OR_SEPARATOR = re.compile(r"[(),;]")


def _split_outside_parentheses(value: str, separators: str) -> list[str]:
    """`value` split at each of `separators` whose next parenthesis, if any, opens one: a
    separator before a `)` is inside a heading's parentheses. Read from the end in one pass,
    where asking of each separator what follows it cost the rest of the field each time."""
    cuts, inside = [], False
    for found in reversed(list(_PARENTHESIS_OR_SEPARATOR.finditer(value))):
        char = found.group()
        if char in "()":
            inside = char == ")"
        elif char in separators and not inside:
            cuts.append(found.start())
    parts, end = [], len(value)
    for cut in cuts:
        parts.append(value[cut + 1 : end])
        end = cut
    parts.append(value[:end])
    return parts[::-1]


def _headings(lines: list[str]) -> list[str]:
    """ReadCube's lines as its keywords. It also breaks each MEDLINE heading at its comma, one
    part a line (`Cells` and `Cultured` for "Cells, Cultured"), and MEDLINE sorts its headings:
    a line out of their order (`Cultured` before `Coloring Agents`, `Inbred C57BL` after `Mice`)
    is the rest of the heading before it. A list that is no sorted list of headings so joined,
    or one that would make a heading of more than three parts, is kept a keyword a line."""
    if not any(MEDLINE_QUALIFIED.search(line) for line in lines):
        return lines  # a person's own keywords, in any order: no MEDLINE headings
    # As MEDLINE sorts: by the heading without its qualifiers, capitals first (`DNA` before `Disease`).
    order = [re.sub(r"[{}*]", "", line).partition("/")[0] for line in lines]
    if any(":" in heading for heading in order):
        return lines  # headings named by a scheme (`info:mesh/Cells`), sorted by none
    headings, parts, starts = [], [], []
    for index, line in enumerate(lines):
        following = order[index + 1] if index + 1 < len(lines) else None
        if starts and (order[index] < starts[-1] or following is not None and starts[-1] <= following < order[index]):
            headings[-1] += ", " + line
            parts[-1] += 1
        else:
            headings.append(line)
            parts.append(1)
            starts.append(order[index])
    return headings if starts == sorted(starts) and max(parts) <= 3 else lines


def doi(fields: dict[str, str]) -> str | None:
    return doi_name(url_text(fields.get("doi", "")))
