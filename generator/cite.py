"""Citations: one BibTeX entry per paper, shown on its page and served as `.bib` files.

Responsible for citation keys, entries and the bibliography files
(`papers.bib`, `tags/<tag-slug>.bib`); nothing more. A paper read from BibTeX
keeps its source's own entry, as the reader rebuilt it from citation fields
only (`generator.bibentry`), re-keyed only when another paper took the key
first; the others get an entry built from their fields, keyed the way Google
Scholar does (`zhang2024motion`). Keys are unique across the archive,
case-insensitively as BibTeX compares them, and decided in paper-key order so
that the order of the sources never changes them.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterable
from operator import attrgetter
from pathlib import Path

from slugify import slugify

from generator.bibentry import balanced_braces, published_entry
from generator.clean import MATH_SPAN
from generator.model import Paper, joined, made_now
from generator.readers.citation import ENTRY_TYPE
from generator.tagpages import slugs_in_use, tag_groups

ENTRY_HEAD = re.compile(r"^\s*@\s*([A-Za-z]+)\s*([{(])\s*([^,\s{}()]*)\s*,")
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
CONTAINERS = ("journal", "booktitle")  # written before the year, as the made entry always wrote its journal
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
# In TeX text: an escape or command (kept), or a special character left bare.
TEX_BARE = re.compile(r"\\.?|[%&#_^$]")
VERSION = re.compile(r"v\d+$")

# What TeX would read as markup in text mode, written so it prints as itself.
TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "{": r"\{",
    "}": r"\}",
}
# Classic BibTeX counts `\{` as a brace too: a lone brace needs a command instead.
LONE_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_PLAIN_ESCAPES = str.maketrans(TEXT_ESCAPES)
_PLAIN_ESCAPES_LONE_BRACES = str.maketrans({**TEXT_ESCAPES, **LONE_BRACES})
# Characters a URL or identifier field cannot hold as they are.
URL_UNSAFE = {char: f"%{ord(char):02X}" for char in '{}\\" '}


def own_key(paper: Paper) -> str | None:
    """The key of the paper's own BibTeX entry, if it came with one."""
    match = ENTRY_HEAD.match(paper.bibtex or "")
    return (match.group(3) or None) if match else None


def base_key(paper: Paper) -> str:
    """`family` + `year` + first significant title word; without authors, two title words."""
    year = _year(paper)
    words = _title_words(paper)
    family = _family(paper.authors[0]) if paper.authors else ""
    if family:
        return family + year + (words[0] if words else "")
    if words:
        return words[0] + year + (words[1] if len(words) > 1 else "")
    return "paper" + year


def citation_keys(papers: Iterable[Paper], base=base_key) -> dict[str, str]:
    """Paper key → citation key, unique across `papers`; `base` is `base_key` or a cached equivalent."""
    return assign_keys(wanted_keys(papers, base))


def wanted_keys(papers: Iterable[Paper], base=base_key) -> list[tuple[str, str | None, str]]:
    """`wanted_key` of each paper, by paper key: all that `assign_keys` needs of the papers."""
    return [wanted_key(paper, base) for paper in sorted(papers, key=attrgetter("key"))]


def wanted_key(paper: Paper, base=base_key) -> tuple[str, str | None, str]:
    """(paper key, the key its own entry has or None, the key it wants)."""
    own = own_key(paper)
    return paper.key, own, own or base(paper)


def assign_keys(wanted: list[tuple[str, str | None, str]]) -> dict[str, str]:
    """Paper key → citation key, from `wanted_keys`."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    # Keys a source chose come first: they are what its owner already cites.
    for paper, own, _ in wanted:
        if own and own.casefold() not in taken:
            keys[paper] = own
            taken.add(own.casefold())
    groups: dict[str, list[str]] = {}
    for paper, _, natural in wanted:
        if paper not in keys:
            groups.setdefault(natural, []).append(paper)
    # Natural keys that only one paper wants are claimed before any suffixing,
    # so a suffixed key never takes another paper's natural one.
    for base, members in sorted(groups.items()):
        if len(members) == 1 and base.casefold() not in taken:
            keys[members[0]] = base
            taken.add(base.casefold())
    for base, members in sorted(groups.items()):
        number = 0
        for paper in members:
            if paper in keys:
                continue
            while (base + _letters(number)).casefold() in taken:
                number += 1
            keys[paper] = base + _letters(number)
            taken.add(keys[paper].casefold())
    return keys


def entry(paper: Paper, key: str) -> str:
    """The paper's BibTeX entry under `key`: its source's own when it has one."""
    published = published_entry(paper.bibtex.replace("\r\n", "\n").replace("\r", "\n")) if paper.bibtex else None
    if published:
        raw = published
        match = ENTRY_HEAD.match(raw)
        if match:
            return raw[: match.start(3)] + key + raw[match.end(3) :]
    fields: list[tuple[str, str]] = [("title", bib_text(paper.title, paper.math))]
    if paper.authors:
        names = [_author(name) for name in paper.authors] + (["others"] if paper.more_authors else [])
        fields.append(("author", " and ".join(names)))
    kind, cited = _cited(paper)
    editors = [_author(value) for name, value in cited if name == "editor"]
    if editors:
        fields.append(("editor", " and ".join(editors)))
    if kind is None and paper.arxiv:
        kind = "misc"
    elif kind is None:
        kind = "article" if paper.venue else "misc"
        if paper.venue:
            fields.append(("journal", bib_text(paper.venue)))
    fields += [(name, bib_text(value)) for name, value in cited if name in CONTAINERS]
    year = _year(paper)
    if year:
        fields.append(("year", year))
    fields += [(name, bib_text(value)) for name, value in cited if name != "editor" and name not in CONTAINERS]
    if paper.arxiv:
        eprint = VERSION.sub("", paper.arxiv)
        fields += [("eprint", url_text(eprint)), ("archivePrefix", "arXiv")]
        if paper.categories:
            fields.append(("primaryClass", bib_text(paper.categories[0])))
    if paper.doi:
        fields.append(("doi", url_text(paper.doi)))
    url = _url(paper)
    if url:
        fields.append(("url", url_text(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


def _cited(paper: Paper) -> tuple[str | None, list[tuple[str, str]]]:
    """The entry type and fields a source's citation of the paper gives (RIS's `TY`, CSL's
    `type`); (None, []) without one, and for an arXiv paper it says no more of than a preprint's
    `misc`, which is cited as arXiv's."""
    pairs = paper.citation
    if not pairs or pairs[0][0] != ENTRY_TYPE or (paper.arxiv and pairs[0][1] == "misc"):
        return None, []
    return pairs[0][1], list(pairs[1:])


def bib_text(text: str, tex: bool = False) -> str:
    """A field value that prints as `text`. TeX text (`tex`: arXiv, BibTeX) keeps its
    math, escapes and commands, and only its bare specials are escaped."""
    text = " ".join(text.split())
    value = _tex_escaped(text) if tex else text.translate(_PLAIN_ESCAPES)
    if not balanced_braces(value):
        value = text.translate(_PLAIN_ESCAPES_LONE_BRACES)
    return value


def url_text(text: str) -> str:
    """A URL or identifier for a verbatim field: only what would break the entry is encoded."""
    return "".join(URL_UNSAFE.get(char, char) for char in text.strip())


def cite_section(paper: Paper, by_key: dict[str, Paper], keys: dict[str, str] | None = None) -> str:
    """`## Cite`: the paper's entry in a BibTeX code block (highlighted, with a copy button).
    `keys` are the archive's `citation_keys`, when already known."""
    text = entry(paper, (keys or archive_keys(by_key))[paper.key])
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f'## Cite\n\n<div class="pa-cite" markdown>\n\n{fence}bibtex\n{text}\n{fence}\n\n</div>'


def bibliographies(papers: list[Paper], taxonomy, keys: dict[str, str] | None = None, entry_of=entry,
                   made=made_now, slugs: dict[str, str] | None = None, groups=None) -> dict:
    """`papers.bib` with every paper and `tags/<slug>.bib` with each tag's papers.

    Tags are named as their pages are (`tags/<slug>.md`), so each tag's
    bibliography sits beside its page. `keys` are the `citation_keys` when
    already known; `entry_of` is `entry` or a cached equivalent; `made(function,
    *arguments)` makes each file (see `site.Parts`); `slugs` (`slugs_in_use`) and `groups`
    (`tag_groups`), when known.
    """
    keys = keys or citation_keys(papers)
    # Each paper's key looked up once, and the files' lists taken by position: a big
    # archive's papers are on tens of thousands of lines of tag files.
    named = list(map(keys.__getitem__, map(attrgetter("key"), papers)))
    order = [position for *_, position in sorted(zip(map(str.casefold, named), named, range(len(papers))))]
    cited, cited_keys = list(map(papers.__getitem__, order)), list(map(named.__getitem__, order))
    outputs = {"papers.bib": made(bibliography, cited_keys, cited, entry_of)}
    if groups is None:
        groups = tag_groups(papers, taxonomy, None, slugs_in_use(papers, taxonomy) if slugs is None else slugs)
    place = dict(zip(map(id, cited), range(len(cited))))
    for group in groups:  # each tag's papers in key order
        positions = sorted(map(place.__getitem__, map(id, group.papers)))
        members = list(map(cited.__getitem__, positions))
        outputs[f"tags/{group.slug}.bib"] = made(bibliography, list(map(cited_keys.__getitem__, positions)), members, entry_of)
    return outputs


def bibliography(keys: list[str], papers: list[Paper], entry_of=entry) -> str:
    """A `.bib` file of `papers`, in the given order, under their citation `keys`; an
    `entry_of` that gives the entries all at once (`many`: see `site_cache.PartMaker`)
    is asked so."""
    if hasattr(entry_of, "many"):
        return "\n\n".join(entry_of.many(papers, keys)) + "\n"
    return joined(entry_of, papers, "\n\n", keys) + "\n"


# The keys depend on the whole archive, so they are worked out once per archive
# (one `by_key` mapping per run) rather than once per page.
_memo: list = [None, {}]


def archive_keys(by_key: dict[str, Paper]) -> dict[str, str]:
    """`citation_keys` of the archive `by_key` (paper key → paper), computed once per archive."""
    if _memo[0] is not by_key:
        _memo[:] = [by_key, citation_keys(by_key.values())]
    return _memo[1]


def _tex_escaped(text: str) -> str:
    pieces, last = [], 0
    for span in MATH_SPAN.finditer(text):
        pieces.append(TEX_BARE.sub(_tex_special, text[last : span.start()]))
        pieces.append(span.group())
        last = span.end()
    pieces.append(TEX_BARE.sub(_tex_special, text[last:]))
    return "".join(pieces)


def _tex_special(match: re.Match) -> str:
    found = match.group()
    if found == "\\":  # at the very end it would escape the entry's closing brace
        return TEXT_ESCAPES["\\"]
    return found if found.startswith("\\") else TEXT_ESCAPES[found]


def _author(name: str) -> str:
    value = bib_text(_suffix_last(name))
    # A name holding " and " would be split into two people.
    return f"{{{value}}}" if re.search(r"\sand\s", value, re.IGNORECASE) else value


def _suffix_last(name: str) -> str:
    """A name in reading order with a suffix ("John Smith Jr.", "Martin Luther King, Jr.")
    as BibTeX's "von Last, Jr., First": in reading order BibTeX takes the suffix for the
    family name, and after a comma for the given name."""
    head, comma, tail = name.rpartition(",")
    words = head.split() if comma else name.split()[:-1]
    suffix = tail.strip() if comma else name.split()[-1] if words else ""
    if suffix.strip(".").casefold() not in NAME_SUFFIXES or len(words) < 2 or "," in head:
        return name
    start = len(words) - 1
    while start > 1 and words[start - 1][:1].islower():  # particles: "van", "de la"
        start -= 1
    return f"{' '.join(words[start:])}, {suffix}, {' '.join(words[:start])}"


def _family(author: str) -> str:
    if "," in author:
        family = author.split(",")[0]
    else:
        words = author.split()
        while len(words) > 1 and words[-1].strip(".").casefold() in NAME_SUFFIXES:
            words.pop()
        family = words[-1] if words else ""
    return slugify(family, separator="")


def _title_words(paper: Paper) -> list[str]:
    title = TEX_COMMAND.sub(" ", paper.title) if paper.math else paper.title
    words = re.split(r"[^a-z0-9]+", slugify(title))
    stop_words = english_stop_words()
    return [word for word in words if len(word) > 1 and word not in stop_words]


@functools.cache
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words. Importing scikit-learn takes about a second,
    more than a no-op run of the generator, so its list is loaded from its own file."""
    spec = importlib.util.find_spec("sklearn")
    if spec and spec.origin:
        path = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py"
        module_spec = importlib.util.spec_from_file_location("_paper_archive_stop_words", path)
        if path.is_file() and module_spec and module_spec.loader:
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
            return frozenset(module.ENGLISH_STOP_WORDS)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _year(paper: Paper) -> str:
    when = (paper.date or paper.listing_date or "")[:4]
    return when if when.isdigit() else ""


def _url(paper: Paper) -> str | None:
    if paper.arxiv:
        return f"https://arxiv.org/abs/{VERSION.sub('', paper.arxiv)}"
    for kind in ("doi", "pdf", "project", "url"):
        url = paper.links.get(kind, "")
        if url.lower().startswith(("https://", "http://")):
            return url
    return None


def _letters(number: int) -> str:
    """0 → a, 25 → z, 26 → aa: the suffixes that tell same-named keys apart."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
