"""Page names: ASCII, lower-case, hyphenated, at most ~80 characters, stable.

A paper keeps the slug its page already has, or that `addresses.yml`
recorded (found through any of its identities), so adding or removing other
papers never moves it, also in a clean build. New papers are named oldest
first (then by identity), whatever order the sources list them in: of two new
papers whose titles give one slug, the older keeps it, and the other gets a
short hash of its own identity appended.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator

from slugify import slugify

from generator.merge import distinction, normalise_title
from generator.model import Paper, with_values

MAX_LENGTH = 80
HASH_LENGTH = 6
MAX_HASH_LENGTH = 12  # beyond it, two identities that share a prefix this long are as good as equal


def base_slug(title: str) -> str:
    slug = slugify(title, max_length=MAX_LENGTH, word_boundary=True, save_order=True)
    return slug or "paper"


def address_identity(paper: Paper) -> str:
    """The identity an address is recorded under. A paper known only by its title
    adds a digest of its abstract (or, without one, `merge.distinction`), the same
    whether or not another paper of the same title is in the archive (merge adds it
    to the key only then)."""
    if not paper.key.startswith("title:"):
        return paper.key
    found = _addresses.get((paper.key, paper.abstract))
    if found is not None:
        return found
    title_key = paper.key.split("#", 1)[0]
    if not paper.abstract.strip():  # a library entry: its authors, year and venue tell it apart
        return f"{title_key}#{distinction(paper)}"
    abstract = " ".join(unicodedata.normalize("NFKC", paper.abstract).casefold().split())
    found = f"{title_key}#{hashlib.sha256(abstract.encode('utf-8')).hexdigest()[:8]}"
    if len(_addresses) >= MAX_REMEMBERED:
        _addresses.clear()
    _addresses[(paper.key, paper.abstract)] = found
    return found


# (key, abstract) → address identity of a title-only paper with an abstract (without one,
# the identity digests other fields too): a run asks for each paper's several times, and
# `incremental` keeps them between runs.
_addresses: dict[tuple[str, str], str] = {}
MAX_REMEMBERED = 1 << 17


def remember_address(paper: Paper, identity: str) -> None:
    """Take `identity` as `address_identity(paper)` (a result kept from an earlier run)."""
    if paper.key.startswith("title:") and paper.abstract.strip():
        _addresses[(paper.key, paper.abstract)] = identity


def remember_addresses(found: list[tuple[Paper, str]]) -> None:
    """`remember_address` of each (paper, identity): thousands in one call."""
    _addresses.update(((paper.key, paper.abstract), identity) for paper, identity in found
                      if paper.key.startswith("title:") and paper.abstract and not paper.abstract.isspace())


def paper_identities(paper: Paper) -> list[str]:
    names = dict.fromkeys((address_identity(paper), paper.key))  # in order, each once
    if paper.arxiv:
        names["arxiv:" + paper.arxiv.lower()] = None
    if paper.doi:
        names["doi:" + paper.doi.lower()] = None
    names["title:" + normalise_title(paper.title)] = None
    return list(names)


def identity_hash(key: str, length: int = HASH_LENGTH) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:length]


def assign_slugs(
    papers: list[Paper], existing: dict[str, str], reserved: set[str] = frozenset(), held: set[str] = frozenset(),
    returning: dict[str, tuple[str, str]] | None = None, by_title: dict[str, list[str]] | None = None,
) -> list[Paper]:
    """Papers with slugs. `existing` maps identities of pages on disk to their slugs;
    `reserved` are names no paper may take (pages a person wrote, moved addresses);
    `held` are names only the paper `existing` gives them to may take (a missing
    paper's address). `returning` maps a moved address to (the address it moved to,
    the identity of the paper there): a paper named anew with that identity but for
    its title, leaving that address, takes its old address back, so a title edited
    and then undone (or typed in the preview) leaves the paper where it was. `by_title`
    maps a title key to the addresses recorded for papers known by that title only: the
    one paper of that title no identity named gets the one of them no paper claimed (its
    abstract was edited, or it gained an arXiv id or DOI)."""
    taken: set[str] = set(reserved)
    slugs: dict[int, str] = {}
    # A page is first claimed by its own identity, then by a weaker one (a
    # title-only page gaining an arXiv id keeps its name), never twice. A title-only
    # key is a weaker one: papers of alike titles share it, and which one gets it
    # depends on the order of the sources, so a paper added before another of its
    # title would take that one's page.
    for strongest_only in (True, False):
        for index, paper in enumerate(papers):
            if index in slugs:
                continue
            for name in [address_identity(paper)] if strongest_only else paper_identities(paper):
                slug = existing.get(name)
                if slug and slug not in taken:
                    slugs[index] = slug
                    taken.add(slug)
                    break
    _claim_by_title(papers, slugs, taken, by_title or {})
    newcomers = sorted((index for index in range(len(papers)) if index not in slugs), key=lambda i: _age(papers[i]))
    taken |= held
    back = _returns(papers, newcomers, returning or {}, set(slugs.values()))
    for index in newcomers:
        paper = papers[index]
        if index in back:
            slugs[index] = back[index]
            continue
        for slug in _names(paper):
            if slug not in taken:
                break
        number = 1
        while slug in taken:  # papers alike in all they show: numbered, as found
            number += 1
            stem = base_slug(paper.title)[: MAX_LENGTH - MAX_HASH_LENGTH - 8].rstrip("-")
            slug = f"{stem}-{identity_hash(address_identity(paper))}-{number}"
        slugs[index] = slug
        taken.add(slug)
    return with_values(papers, "slug", [slugs[index] for index in range(len(papers))])


def _claim_by_title(papers: list[Paper], slugs: dict[int, str], taken: set[str], by_title: dict[str, list[str]]) -> None:
    """Give each paper no identity named the address `by_title` records for its title,
    when it is the only such paper of its title and that the only such address."""
    unnamed: dict[str, list[int]] = {}
    for index, paper in enumerate(papers):
        if index not in slugs:
            unnamed.setdefault("title:" + normalise_title(paper.title), []).append(index)
    for title, indices in unnamed.items():
        free = [slug for slug in by_title.get(title, ()) if slug not in taken]
        if len(indices) == 1 and len(free) == 1:
            slugs[indices[0]] = free[0]
            taken.add(free[0])


def _returns(papers: list[Paper], newcomers: list[int], returning: dict[str, tuple[str, str]], claimed: set[str]) -> dict[int, str]:
    """Position → moved address for each newcomer that takes its old address back (see
    `assign_slugs`): the address is one its title names (as a newcomer would be named),
    it moved to an address no paper of this run keeps, and the paper recorded there is
    this one but for its title (same abstract digest); one paper per address."""
    found: dict[int, str] = {}
    if not returning:  # no address ever moved: nothing to take back
        return found
    for index in newcomers:
        paper = papers[index]
        mark = abstract_mark(address_identity(paper))
        if mark is None or not paper.abstract.strip():
            continue
        for slug in _names(paper):
            if slug not in returning or slug in found.values():
                continue
            target, identity = returning[slug]
            if target not in claimed and abstract_mark(identity) == mark:
                found[index] = slug
                break
    return found


def _names(paper: Paper) -> Iterator[str]:
    """The names a newcomer may be given, the first free one first: its title's slug, then
    that with ever longer hashes of its identity (numbered ones aside, see `assign_slugs`);
    each made only when asked for."""
    base = base_slug(paper.title)
    yield base
    identity = address_identity(paper)
    for length in range(HASH_LENGTH, MAX_HASH_LENGTH + 1, 2):
        yield f"{base[: MAX_LENGTH - length - 1].rstrip('-')}-{identity_hash(identity, length)}"


def abstract_mark(identity: str) -> str | None:
    """What a title-only identity adds to its title (a digest of the abstract, see
    `address_identity`); None for other identities, which a title edit does not change."""
    return identity.rpartition("#")[2] if identity.startswith("title:") and "#" in identity else None


def _age(paper: Paper) -> tuple[str, str]:
    """Oldest first; undated papers after dated ones; then by identity."""
    return (paper.date or paper.listing_date or "~", paper.key)
