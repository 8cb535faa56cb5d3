"""`addresses.yml`: the paper addresses a project has published, meant to be committed.

`generate` records every paper's slug under its identity, and every address
that moved. A build from a clean checkout (CI has no `.paper-archive/`) reads
the file back, so each paper keeps the address it was first published at,
whatever other papers come or go. An address moves only when a paper's
identity changes (a person edits the title of a paper with no arXiv id or
DOI); its old address then becomes a page that redirects to the new one.

Responsible for reading and writing that mapping, for finding moved pages
and for the redirect pages; the slugs themselves come from `slugs`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import frontmatter
import yaml

from generator import yamltext
from generator.model import Paper
from generator.render import md_text
from generator.slugs import abstract_mark, address_identity

FILE_NAME = "addresses.yml"
HEADER = """\
# Paper addresses (docs/papers/<slug>.md → /papers/<slug>/), written by
# `paper-archive generate` and `mkdocs build`. Commit this file: a build from a
# clean checkout reads it, so every paper keeps the address it was published
# at. `papers` maps each address to its paper's identity; `moved` maps an old
# address to the one that replaced it (the old one redirects there).
"""


class AddressesError(ValueError):
    """`addresses.yml` cannot be read; the message says where and what."""


@dataclass
class Addresses:
    papers: dict[str, str] = field(default_factory=dict)  # slug → identity
    moved: dict[str, str] = field(default_factory=dict)  # old slug → new slug

    def identities(self) -> dict[str, str]:
        """Identity → address; of two addresses recorded for one identity, the last by name."""
        found = {key: slug for slug, key in self.papers.items()}
        if len(found) == len(self.papers):  # one address each, as nearly always
            return found
        found = {}
        for slug, key in self.papers.items():
            if key not in found or slug > found[key]:
                found[key] = slug
        return found

    def renamed_pages(self, on_disk: dict[str, str]) -> dict[str, str]:
        """Page address → the address this file gives its paper instead, for pages on disk at
        an address the file does not hold at all (a collaborator's file pulled, an address
        renamed in it): a clean checkout publishes the file's, so a run here must too."""
        recorded = self.identities()
        renamed = {}
        for identity, slug in on_disk.items():
            other = recorded.get(identity)
            if other is not None and other != slug and slug not in self.papers and slug not in self.moved:
                renamed[slug] = other
        return renamed

    def by_title(self) -> dict[str, list[str]]:
        """Title key (`title:<normalised title>`) → the addresses of recorded papers known by
        that title only: of them, one no paper claimed goes to the one paper of that title
        no identity named (its abstract was edited, or it gained an arXiv id or DOI), also
        where no page of the last run is on disk (a clean checkout); see `slugs.assign_slugs`."""
        found: dict[str, list[str]] = {}
        for slug, key in sorted(item for item in self.papers.items() if item[1].startswith("title:") and "#" in item[1]):
            found.setdefault(key.partition("#")[0], []).append(slug)
        return found

    def dump(self, written: dict | None = None) -> str:
        """The file's text, as `yaml.safe_dump` writes the two mappings. Each entry is
        written on its own lines whatever the others are, so the text is joined from
        entries: `written` maps (mapping, address, value) → an entry's lines, and is
        given the entries it lacks (all of a mapping's at once, for speed)."""
        written = {} if written is None else written
        parts = [HEADER]
        for name in ("papers", "moved"):
            items = [(name, *item) for item in sorted(getattr(self, name).items())]
            if not items:
                parts.append(f"{name}: {{}}\n")
                continue
            missing = [item for item in items if item not in written]
            written.update(zip(missing, _entries(name, [item[1:] for item in missing])))
            parts.append(f"{name}:\n" + "".join(written[item] for item in items))
        return "".join(parts)


def edited(text: str, before: Addresses, after: Addresses) -> str | None:
    """`after.dump()`, made from `text` (which is `before.dump()`) by replacing the lines of
    each entry whose value changed: the lines of an entry are its own (see `dump`). None
    when an entry came or went, whose lines `dump` places among the others."""
    places = []  # (where the old lines start, their length, the new lines)
    for name, end_mark in (("papers", "\nmoved:"), ("moved", None)):
        old, new = getattr(before, name), getattr(after, name)
        if old == new:
            continue
        changed = [(key, value) for key, value in new.items() if old.get(key) != value]
        if len(old) != len(new) or not all(key in old for key, _ in changed):
            return None
        start = text.find(f"\n{name}:\n")
        end = len(text) if end_mark is None else text.find(end_mark) + 1
        try:
            lines = zip(_entries(name, [(key, old[key]) for key, _ in changed]), _entries(name, changed))
        except ValueError:
            return None
        for old_lines, new_lines in lines:
            # An entry's first line names its key, at the start of a line no other entry's can start with.
            found = "\n" + old_lines
            if start < 0 or end <= start or text.count(found, start, end) != 1:
                return None
            places.append((text.find(found, start, end) + 1, len(old_lines), new_lines))
    parts, done = [], 0
    for where, length, new_lines in sorted(places):
        parts += [text[done:where], new_lines]
        done = where + length
    return "".join([*parts, text[done:]])


# Where an entry of a top-level mapping starts: a long or odd key or value goes on
# over more indented lines, and a complex key (`? key`) has its value on a line `: value`.
ENTRY_START = re.compile(r"^  (?! |:(?: |$))", re.MULTILINE)
# Where a YAML comment can begin after a value.
TRAILING_COMMENT = re.compile(r"\s#")


def _entries(name: str, items: list[tuple[str, str]]) -> list[str]:
    """The lines of each (key, value) entry of mapping `name`, as `yaml.safe_dump` writes them."""
    if not items:
        return []
    text = yamltext.dump({name: dict(items)}, allow_unicode=True, sort_keys=False, width=1000)
    body = text[len(name) + 2 :]  # after "name:\n"
    starts = [match.start() for match in ENTRY_START.finditer(body)]
    if len(starts) != len(items) or starts[0] != 0:
        raise ValueError(f"cannot split {name} into its {len(items)} entries")  # the dumper's layout changed
    return [body[begin:end] for begin, end in zip(starts, starts[1:] + [len(body)])]


def parse(text: str, shown: str) -> Addresses:
    """Addresses from the file's text; raises `AddressesError` naming the file for a wrong shape."""
    try:
        value = yamltext.load(text) if text.strip() else {}
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise AddressesError(f"{shown}:{line + 1 if line is not None else 1}: not YAML; fix it or delete the file") from None
    value = value or {}
    if not isinstance(value, dict):
        raise AddressesError(f"{shown}: expected `papers:` and `moved:` mappings")
    unknown = [key for key in value if key not in ("papers", "moved")]
    if unknown:  # a typo (`paperz:`) would lose every address it holds when the file is written again
        line = next((number for number, text in enumerate(text.split("\n"), start=1) if text.startswith(f"{unknown[0]}:")), 1)
        raise AddressesError(f"{shown}:{line}: unknown key {str(unknown[0])[:40]!r}; the file holds `papers:` and `moved:` only")
    comments = _own_comments(text)
    if comments:
        raise AddressesError(f"{shown}:{comments[0]}: a comment of yours, which the file would lose when it is "
                             "written again; keep it elsewhere (the file is the generator's)")
    found = Addresses()
    for name in ("papers", "moved"):
        mapping = value.get(name) or {}
        if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
            raise AddressesError(f"{shown}: `{name}` must map text to text")
        setattr(found, name, dict(mapping))
    return found


def _own_comments(text: str) -> list[int]:
    """The lines of comment the generator does not write (its header's are its own), whole
    or after a value (`slug: identity  # why`)."""
    own = set(HEADER.split("\n"))
    return [number for number, line in enumerate(text.split("\n"), start=1)
            if line not in own and (line.lstrip().startswith("#") or _ends_in_comment(line))]


def _ends_in_comment(line: str) -> bool:
    """Whether YAML reads the end of `line` as a comment: a `#` after white space, outside a
    quoted value. Identities hold a `#` with none before it, so most lines are not scanned."""
    if not TRAILING_COMMENT.search(line):
        return False
    entry = line.strip()
    try:
        tokens = [token for token in yaml.scan(entry) if not isinstance(token, (yaml.StreamEndToken, yaml.BlockEndToken))]
    except yaml.YAMLError:
        return False  # the whole file was read as YAML: this line is part of something larger
    end = max((token.end_mark.index for token in tokens), default=0)
    return entry[end:].lstrip().startswith("#")


def record(previous: Addresses, papers: Iterable[Paper], moved: dict[str, str]) -> Addresses:
    """The addresses after a run: every current paper, every move so far (a chain
    followed to its end when a paper is there), and the addresses of papers this run
    lacks. A source can lack a paper for a run (a file saved empty, an entry
    half typed, another branch checked out): its address and the moves that lead to
    it wait for its return, since links to them are out in the world."""
    current = {paper.slug: address_identity(paper) for paper in papers}
    joined = {**previous.moved, **moved}
    settled = {}
    for old in joined:
        if old in current:  # a paper is at that address again
            continue
        target = _moved_to(joined, old, current)
        settled[old] = target if target in current else joined[old]
    here = set(current.values())
    waiting = {
        slug: key for slug, key in previous.papers.items() if slug not in current and slug not in settled and key not in here
    }
    return Addresses(papers={**current, **waiting}, moved=settled)


def waiting_addresses(recorded: Addresses, pages: Iterable[str]) -> set[str]:
    """Addresses recorded for papers whose pages are gone (see `record`): no other
    paper takes them. A page still on disk may be taken by a paper named anew at the
    same time, as a title edit that keeps the slug does."""
    return set(recorded.papers) - set(pages)


def find_moves(gone: dict[str, list[str]], papers: Iterable[Paper], kept_slugs: set[str]) -> dict[str, str]:
    """Old slug → new slug for pages about to be removed (slug → the `sources` on the
    page) whose source position (`file:line`) a newly named paper now has."""
    if not gone:  # most runs remove no page
        return {}
    by_source: dict[str, str] = {}
    for paper in papers:
        if paper.slug in kept_slugs:
            continue
        for source in paper.sources:
            by_source.setdefault(source, paper.slug)
    moves = {}
    for old, sources in sorted(gone.items()):
        for source in sources:
            if source in by_source and by_source[source] != old:
                moves[old] = by_source[source]
                break
    return moves


def find_returns(recorded: Addresses, waiting: set[str], papers: Iterable[Paper], named: set[str]) -> dict[str, str]:
    """Old slug → new slug for addresses waiting for their paper, or whose page goes this
    run (`waiting`), when it came back under another title: a newly named paper (not in
    `named`) with the same abstract, the only one on either side (a title-only identity
    digests its abstract)."""
    papers = list(papers)
    here = {paper.slug for paper in papers}
    absent: dict[str, list[str]] = {}
    for slug in sorted(waiting - here):
        if digest := abstract_mark(recorded.papers.get(slug, "")):
            absent.setdefault(digest, []).append(slug)
    if not absent:  # no address waits for a paper with an abstract: none comes back
        return {}
    arrived: dict[str, list[str]] = {}
    for paper in papers:
        if paper.slug not in named and paper.abstract.strip() and (digest := abstract_mark(address_identity(paper))):
            arrived.setdefault(digest, []).append(paper.slug)
    return {
        absent[key][0]: slugs[0]
        for key, slugs in sorted(arrived.items())
        if len(slugs) == 1 and len(absent.get(key, ())) == 1 and absent[key][0] != slugs[0]
    }


def returning_addresses(recorded: Addresses) -> dict[str, tuple[str, str]]:
    """Moved address → (the address its moves end at, the identity recorded there), for
    a paper named anew that may take its old address back (see `slugs.assign_slugs`)."""
    found = {}
    for old in recorded.moved:
        target = _moved_to(recorded.moved, old)
        if target in recorded.papers:
            found[old] = (target, recorded.papers[target])
    return found


def _moved_to(moves: dict[str, str], old: str, stop=frozenset()) -> str:
    """Where the moves from `old` lead: followed until an address in `stop`, one that did
    not move, or one met before (moves edited by hand into a loop)."""
    target, seen = moves[old], {old}
    while target not in stop and target in moves and target not in seen:
        seen.add(target)
        target = moves[target]
    return target


def taken_back(returning: dict[str, tuple[str, str]], papers: Iterable[Paper]) -> dict[str, str]:
    """Old slug → new slug for the addresses papers took back (see `returning_addresses`):
    the address each had moved to now moves back to it."""
    here = {paper.slug for paper in papers}
    return {target: old for old, (target, _) in returning.items() if old in here and target not in here}


def redirect_page(new_slug: str, title: str) -> str:
    """The page left at a moved address: it sends the reader (and search engines) on."""
    target = f"../{new_slug}/"
    body = (
        f'<meta http-equiv="refresh" content="0; url={html.escape(target)}">\n\n'
        f"This page has moved to [{md_text(title)}]({new_slug}.md).\n"
    )
    post = frontmatter.Post(body, title=f"Moved: {title}", search={"exclude": True}, redirect=f"{new_slug}.md")
    return yamltext.page(post)


def redirect_outputs(moved: dict[str, str], papers: Iterable[Paper]) -> dict[str, str]:
    """The redirect pages of moves that lead to a paper; a move to an address no paper
    has this run gets its page back when the paper returns (a redirect to nothing helps no one)."""
    if not moved:
        return {}
    titles = {paper.slug: paper.title for paper in papers}
    return {f"papers/{old}.md": redirect_page(new, titles[new]) for old, new in sorted(moved.items()) if new in titles}
