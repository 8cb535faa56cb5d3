"""The published form of a source's BibTeX entry: citation fields only.

A person's library holds more than a citation: Zotero writes the path of the
PDF on their disk (`file`), Mendeley its own `mendeley-tags`, JabRef reading
marks; people keep `abstract`, `annote`, `keywords` and personal `note`s in
their entries. Only the fields of `CITATION_FIELDS` leave the machine, each
written as `name = {value}` in the source's order; everything else is dropped,
whatever its name. `@string` macros are expanded before this (the published
entry stands alone) and crossref/xdata parents are folded in.

A month named by one of the month macros every BibTeX style and biber define
(`month = jun`, as Zotero writes it) is written bare, as the macro: BibTeX
prints it "June" and biber reads month 6. Braced, `{jun}` would print "jun"
and biber refuses it; `{6}` would print "6" in the classic styles.
"""

from __future__ import annotations

import re

from generator.journal_macros import journal_name
from generator.proxy import published_address, published_text
from generator.readers.arxiv_atom import DOI_PREFIX, arxiv_id, doi_name, doi_url

# The bibliographic fields BibTeX and biblatex styles print in a reference list.
CITATION_FIELDS = (
    "author", "editor", "translator",
    "title", "subtitle", "titleaddon", "maintitle",
    "booktitle", "booksubtitle", "journal", "journaltitle", "journalsubtitle",
    "eventtitle", "eventdate", "venue",
    "year", "date", "month",
    "volume", "number", "issue", "pages", "chapter", "edition", "series",
    "publisher", "organization", "institution", "school", "address", "location",
    "howpublished", "type", "pubstate", "version",
    "doi", "url", "eprint", "eprinttype", "eprintclass", "archiveprefix", "primaryclass",
    "isbn", "issn",
)
ALLOWED = frozenset(CITATION_FIELDS)
# How the usual spelling writes the two camel-cased fields.
SPELLING = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
# DBLP's number for people of one name (`J{\"o}rg Hoffmann 0001`), which styles would print.
DBLP_HOMONYM = re.compile(r"(?<!\s)\s+\d{4}(?=\s+and\s|\s*$)")
# Scopus writes people as "Family, Initials" between commas, the letters of their affiliations
# glued to the initials (`D'Ambrosio, A.a , Aria, M.b `, `Li, L.Z.a  b  and …`).
SCOPUS_FAMILY = re.compile(r"^[^\W\d_][\w'’ .-]*$")  # `Boas Jr.` too
SCOPUS_GIVEN = re.compile(r"^((?:[A-ZÀ-ÖØ-Þ][a-z]?\.-?)+)([a-z](?:\s+[a-z])*)?$")
# A list of whole names between commas (`Sunil Arya, Guilherme D. da Fonseca, David M. Mount`,
# `А.М. Шмырин, Н.М. Мишачев, Е.П. Трофимов`): each at least two words, the first and the last
# capitalised (`_capitalised`: in any script, where a class of Latin capitals left Cyrillic names one person).
WHOLE_NAME = re.compile(r"^[^\W\d_][\w.'’-]*(?: [\w.'’-]+)* [^\W\d_][\w'’-]*$")
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ENTRY_TYPE = re.compile(r"^[A-Za-z]+$")
KEY = re.compile(r"^[^\s,{}()=\"#%'\\]+$")

_BRACE = re.compile(r"[{}]")
# Fields that may name where authors work, and with it their e-mail addresses.
AFFILIATION_FIELDS = frozenset({"institution", "organization", "school", "address", "location"})
# An e-mail address's halves, `[\w.+-]+` before its `@` and a domain after it, each matched
# at its `@` (`without_addresses`).
_LOCAL_PART = re.compile(r"[\w.+-]+")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
VENUE_FIELDS = frozenset({"journal", "journaltitle", "booktitle"})
WHOLE_ADDRESS = re.compile(r"^(?:\\url\s*)?\{?\s*(?:https?|ftp)://\S*\s*\}?$", re.IGNORECASE)


def citation_entry(entry_type: str, key: str, fields: dict[str, str]) -> str | None:
    """`@type{key, …}` holding only citation fields (names lower-cased); None without any."""
    if not ENTRY_TYPE.match(entry_type) or not KEY.match(key):
        return None
    lines = []
    prefix = eprint_archive({name.lower(): value for name, value in fields.items()})
    for name, value in fields.items():
        name = name.lower()
        value = " ".join(value.split())
        if name not in ALLOWED or not value or not balanced_braces(value):
            continue
        # Placeholders of an entry made before its preprint was out (INSPIRE's `23xx.yyyyy`, `?`).
        if name == "eprint" and prefix == "arxiv" and arxiv_id(value) is None:
            continue
        if name == "month" and not any(character.isalnum() for character in value):
            continue
        if name == "url":
            value = published_address(value)  # never `file:///Users/…`, nor a second address
            if value is None:
                continue
            # An encoded doi.org address as its DOI's own link: an export's may not resolve (`…%5C_2`).
            doi = doi_name(value) if "%" in value and DOI_PREFIX.match(value) else None
            value = doi_url(doi) if doi else value
        elif name == "doi":
            # Bare (Web of Science writes `{{10.…}}`): never through a library's proxy, nor with
            # what an export glued on; a value that holds no DOI is left out.
            while value.startswith("{") and value.endswith("}") and balanced_braces(value[1:-1]):
                value = value[1:-1]
            value = doi_name(value)
            if value is None:
                continue
        elif name in VENUE_FIELDS and WHOLE_ADDRESS.match(value):
            continue  # no venue but a link (through the person's library, often), which `url` gives
        elif "://" in value:
            value = published_text(value)  # any field's address as the publisher's own: `howpublished`, a note
        if name in VENUE_FIELDS:
            value = journal_name(value)  # ADS's `{\apj}` is defined by AASTeX alone
        if "@" in value and name in AFFILIATION_FIELDS:
            value = _without_emails(value)
            if not value:
                continue
        if name in ("author", "editor"):
            value = author_list(value)
        if name == "month" and value.lower() in MONTH_MACROS:
            lines.append(f"  month = {value.lower()}")
            continue
        lines.append(f"  {SPELLING.get(name, name)} = {{{value}}}")
    if not lines:
        return None
    return f"@{entry_type.lower()}{{{key},\n" + ",\n".join(lines) + "\n}"


def eprint_archive(fields: dict[str, str]) -> str:
    """Where an entry's `eprint` is, lower-cased (`arxiv`, `hal`; "" when unsaid), from
    fields named in lower case: bibtex's `archivePrefix` or biblatex's `eprinttype`."""
    return (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()


def author_list(value: str) -> str:
    """An author field as BibTeX's `and`-separated list: without DBLP's numbers, and the people
    of a list written with commas (Scopus's, or of whole names) apart, Scopus's affiliation
    letters dropped. Any other value is returned as it is."""
    value = DBLP_HOMONYM.sub("", value)
    if "," not in value or "{" in value or "\\" in value:
        return value
    groups = re.split(r"\s+and\s+", value.strip())
    scopus = [_scopus_people(group) for group in groups]
    if all(people is not None for people in scopus) and any(people[1] for people in scopus):
        return " and ".join(person for people, _ in scopus for person in people)
    pieces = [piece.strip() for piece in value.split(",")]
    if len(groups) == 1 and len(pieces) >= 3 and all(WHOLE_NAME.match(piece) and _capitalised(piece) for piece in pieces):
        return " and ".join(pieces)
    return value


def _capitalised(name: str) -> bool:
    """Whether a name's first and last words start with a capital letter, in any script."""
    words = name.split()
    return words[0][0].isupper() and words[-1][0].isupper()


def _scopus_people(group: str) -> tuple[list[str], bool] | None:
    """("Family, Initials" of each person, whether the group is unmistakably Scopus's: more
    than one person, or affiliation letters); None when `group` is not written so."""
    pieces = [" ".join(piece.split()) for piece in group.split(",")]
    if len(pieces) % 2 or "" in pieces:
        return None
    people, marked = [], len(pieces) > 2
    for family, given in zip(pieces[::2], pieces[1::2]):
        initials = SCOPUS_GIVEN.match(given)
        if not SCOPUS_FAMILY.match(family) or SCOPUS_GIVEN.match(family) or initials is None:
            return None
        marked = marked or initials.group(2) is not None
        people.append(f"{family}, {initials.group(1)}")
    return people, marked


def _without_emails(value: str) -> str:
    """An affiliation without the e-mail addresses PubMed writes into it (`USA. x@y.edu`,
    `Electronic address: x@y.edu.`), ending in a full stop where it did."""
    text = " ".join(without_addresses(value).replace("Electronic address:", "").split())
    bare = re.sub(r"[\s,;.]+$", "", text)
    return bare + "." if bare and text.endswith(".") else bare


def without_addresses(value: str) -> str:
    """`value` less its e-mail addresses, found from each `@`: searched for from every character,
    a long run of letters or digits without an address after it cost its square."""
    kept, last = [], 0
    backwards = value[::-1]
    for at in re.finditer("@", value):
        local = _LOCAL_PART.match(backwards, len(value) - at.start())  # the letters before `@`, read backwards
        domain = _DOMAIN.match(value, at.end()) if local else None
        begin = max(at.start() - len(local.group()), last) if local else at.start()
        if domain is None or begin == at.start():
            continue
        kept.append(value[last:begin])
        last = domain.end()
    return "".join(kept) + value[last:]


def balanced_braces(value: str) -> bool:
    """Braces that close in order, as a `{…}` value needs (a `\\{` counts, as in BibTeX)."""
    depth = 0
    for brace in _BRACE.findall(value):  # the braces alone: most values have none
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


FIELD_LINE = re.compile(rf"^  ([A-Za-z][\w-]*) = (?:\{{(.*)\}}|({'|'.join(MONTH_MACROS)})),?$")
HEAD = re.compile(r"^@([A-Za-z]+)\{([^\s,{}()]+),$")


def published_entry(entry: str) -> str | None:
    """`entry` with citation fields only, whoever wrote it: an entry in the form
    `citation_entry` writes is filtered line by line, any other is read again."""
    lines = entry.strip().split("\n")
    head = HEAD.match(lines[0]) if lines else None
    body = lines[1:-1]
    if head and lines[-1] == "}" and all(FIELD_LINE.match(line) for line in body):
        fields = {}
        for line in body:
            name, braced, bare = FIELD_LINE.match(line).groups()
            fields[name.lower()] = bare if braced is None else braced
        return citation_entry(head.group(1), head.group(2), fields)
    return _reread(entry)


def _reread(entry: str) -> str | None:
    import bibtexparser  # here: a run that reads no BibTeX need not import it
    from bibtexparser.model import Entry

    try:
        library = bibtexparser.parse_string(entry)
    except Exception:  # an entry the parser cannot read is not published at all
        return None
    for block in library.blocks:
        if isinstance(block, Entry):
            fields = {field.key: field.value for field in block.fields if isinstance(field.value, str)}
            return citation_entry(block.entry_type, block.key, fields)
    return None
