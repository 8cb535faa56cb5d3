"""Merging: records of the same paper from several sources become one `Paper`.

Identity is the arXiv id, else the DOI, else the normalised title. Records are
joined when they share any of these, but never across two different arXiv ids
or DOIs; arXiv's own DOIs (10.48550/arXiv.…) count as arXiv ids, so a
preprint and its published version are one paper. Two id-less entries of one
format whose titles are alike but whose abstracts differ are one paper only
when they also share an author (family names compared without case or
accents) and do not disagree on the year: a library's two records of one paper
are merged, two papers whose titles differ only in punctuation are not. Records
that share only a title and name other authors, none the same, are two works in
any format, though one of them has an id. Fields
are taken by precedence of format: the richer source first (arXiv, then BibTeX,
CSL JSON, RIS, Hugging Face daily papers, JSON Lines, then a scraped listing),
so an arXiv export brings authors, dates and the TeX abstract to a paper first
seen in a listing; a list of authors cut short gives way to a longer one that names
the same people first; of abstracts nearly as long as the longest, the one from the richest
source wins, so a truncated copy never beats a full one. Tags a person gave
and every origin are kept from all records. Records that share an id but neither a
title nor an author are two papers, one with a wrong id, and are reported.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from generator.model import Paper, Record
from generator.readers.person import is_cut_short, without_mark

PRECEDENCE = ("arxiv", "bibtex", "csl", "ris", "hf-daily", "jsonl", "listing")
NEARLY = 0.8  # an abstract this long relative to the longest counts as complete

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


# title → normalise_title(title): a title is normalised several times per run, and
# `incremental` keeps the results between runs.
_normalised_titles: dict[str, str] = {}


def normalised_titles() -> dict[str, str]:
    return _normalised_titles


def normalise_title(title: str) -> str:
    """Title as an identity: Unicode form, case, punctuation and spacing ignored."""
    found = _normalised_titles.get(title)
    if found is None:
        found = _normalised_titles[title] = _normalise_title(title)
    return found


def _normalise_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title).translate(DASHES).casefold()
    text = re.sub(r"\$|\\[a-zA-Z]+|[{}]", " ", text)  # TeX markup around otherwise equal titles
    kept = "".join(" " if unicodedata.category(char).startswith(("P", "Z", "C")) else char for char in text)
    return " ".join(kept.split())


# arXiv's DOIs (10.48550/arXiv.2107.05616) name an arXiv paper, not a published version.
ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+?)(?:v\d+)?$", re.IGNORECASE)


def _ids(record: Record) -> tuple[str | None, str | None]:
    """The record's (arXiv id, DOI), lower-cased; an arXiv DOI counts as the arXiv id."""
    arxiv, doi = (record.arxiv or "").lower() or None, (record.doi or "").strip().lower() or None
    match = ARXIV_DOI.match(doi) if doi else None
    if match:
        return arxiv or match.group(1), None
    return arxiv, doi


def identities(record: Record) -> list[str]:
    found = []
    arxiv, doi = _ids(record)
    if arxiv:
        found.append("arxiv:" + arxiv)
    if doi:
        found.append("doi:" + doi)
    title = normalise_title(record.title)
    if title:
        found.append("title:" + title)
    return found


def merge_records(records: Iterable[Record]) -> list[Paper]:
    """One `Paper` per distinct paper, in the order each was first seen."""
    records = list(records)
    papers = [combine_records([records[i] for i in group]) for group in group_records(records)]
    return distinct_keys(papers, lambda index: distinction(papers[index]))


MAX_CANDIDATES = 64  # groups of a shared identity a record is compared with


def group_records(records: list[Record]) -> list[list[int]]:
    """The positions in `records` of each distinct paper's records, in the order each
    paper was first seen."""
    groups: list[list[Record]] = []
    positions: list[list[int]] = []
    # Each identity's groups: an edition of a title that another edition came before (1959's and
    # then two entries of the 1997 reprint) joins the group of its own edition.
    owners: dict[str, list[int]] = {}
    for position, record in enumerate(records):
        names = identities(record)
        target = None
        if not owners.keys().isdisjoint(names):  # most records are a paper of their own
            # At most MAX_CANDIDATES: a library may hold a thousand entries titled "Introduction".
            for index in sorted({index for name in names for index in owners.get(name, ())})[:MAX_CANDIDATES]:
                if _compatible(groups[index], record):
                    target = index
                    break
        if target is None:
            target = len(groups)
            groups.append([])
            positions.append([])
        groups[target].append(record)
        positions[target].append(position)
        for name in names:
            found = owners.setdefault(name, [])
            if not found or found[-1] != target:
                found.append(target)
    return positions


def distinct_keys(papers: list[Paper], digest_of) -> list[Paper]:
    """`papers` with unique keys: a key taken by an earlier paper gets `#` and the
    `distinction` of the paper as merged (`digest_of(position)`), and a number when
    even that is taken (two entries that differ in nothing they show)."""
    if len({paper.key for paper in papers}) == len(papers):  # as in most libraries: no key taken twice
        return list(papers)
    found, keys = [], set()
    for index, paper in enumerate(papers):
        if paper.key in keys:
            # Same title, different paper: its abstract, or its authors and year, tell them apart.
            key, number = f"{paper.key}#{digest_of(index)}", 1
            while key in keys:
                number += 1
                key = f"{paper.key}#{digest_of(index)}-{number}"
            paper = paper.replace(key=key)
        keys.add(paper.key)
        found.append(paper)
    return found


def abstract_digest(abstract: str) -> str:
    return hashlib.sha256(_normalised_text(abstract).encode("utf-8")).hexdigest()[:8]


def distinction(paper: Paper) -> str:
    """A digest of what tells a paper from others of its title: its abstract, or for an
    entry without one (most of a library's) its authors' family names, year and venue."""
    if _normalised_text(paper.abstract):
        return abstract_digest(paper.abstract)
    shown = "\0".join([*sorted(family_names(paper.authors)), (paper.date or "")[:4], _normalised_text(paper.venue or "")])
    return hashlib.sha256(f"no abstract\0{shown}".encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _compatible(group: list[Record], record: Record) -> bool:
    """Two different arXiv ids (or DOIs) are two papers, whatever their titles say. Two
    entries of one format with no ids and alike titles are one paper only when they are
    one work (`_same_work`) or have one abstract: a library holds many entries titled
    "Introduction" or "Online reference", most without abstracts."""
    for position in (0, 1):  # arXiv id, then DOI
        mine = _ids(record)[position]
        theirs = {_ids(other)[position] for other in group} - {None}
        if mine and theirs and mine not in theirs:
            return False
    if _other_people(group, record):
        return False
    if any(_ids(record)):
        return not _other_work(group, record)
    abstract = _normalised_text(record.abstract)
    return not any(
        other.format == record.format
        and not any(_ids(other))
        and not (abstract and _normalised_text(other.abstract) == abstract and not _told_apart(other, record))
        and not _same_work(other, record)
        for other in group
    )


def _other_people(group: list[Record], record: Record) -> bool:
    """Whether a record that shares no id with a group, only a title, and one of its records
    both name their authors, none the same: two works of one title ("Editorial", "Reply",
    "Introduction") by other people, one of them with a DOI, would be one page."""
    mine = family_names(record.authors)
    if not mine:
        return False
    ids = set(_ids(record)) - {None}
    if any(ids & set(_ids(other)) for other in group):
        return False
    return any((theirs := family_names(other.authors)) and not mine & theirs for other in group)


def _other_work(group: list[Record], record: Record) -> bool:
    """Whether a record that shares an id with a group shares neither a title nor an author
    with any of its records: then one of them carries a wrong id (a library's two entries
    under one DOI, one of another paper), and merged, a paper would be lost without a word."""
    mine, title = family_names(record.authors), normalise_title(record.title)
    if not mine:
        return False  # a listing's record names no authors: its id is all there is to go by
    compared = False  # with a record that names authors: a listing's does not
    for other in group:
        theirs = family_names(other.authors)
        if mine & theirs or normalise_title(other.title) == title:
            return False
        compared = compared or bool(theirs)
    return compared


def shared_ids(papers: list[Paper]) -> list[tuple[str, Paper, Paper]]:
    """(id, paper, the earlier paper with that id) for papers that share an arXiv id or a DOI:
    `_other_work` kept them apart, and one of them carries a wrong id."""
    first: dict[str, Paper] = {}
    found = []
    for paper in papers:
        for name in (f"arXiv id {paper.arxiv}" if paper.arxiv else None, f"DOI {paper.doi}" if paper.doi else None):
            if name is None:
                continue
            earlier = first.setdefault(name.lower(), paper)
            if earlier is not paper:
                found.append((name, paper, earlier))
    return found


def _told_apart(one: Record, other: Record) -> bool:
    """Records that their years or their authors (both named, none shared) tell apart: three
    reviews of one book under a database's one boilerplate abstract."""
    years = {record.date[:4] for record in (one, other) if record.date}
    mine, theirs = family_names(one.authors), family_names(other.authors)
    return len(years) > 1 or bool(mine and theirs and not mine & theirs)


def _same_work(one: Record, other: Record) -> bool:
    """Records with alike titles that are one work: a shared author, no different years."""
    years = {record.date[:4] for record in (one, other) if record.date}
    return len(years) <= 1 and bool(family_names(one.authors) & family_names(other.authors))


def family_names(authors) -> set[str]:
    """Family names without case, accents or punctuation: "Müller, J." and "Jan Muller" share one."""
    return {family for family in map(_family, authors) if family}


def _family(author) -> str:
    author = str(author).strip()
    family = author.split(",")[0] if "," in author else (author.split() or [""])[-1]
    folded = unicodedata.normalize("NFKD", family).casefold()
    return "".join(char for char in folded if char.isalnum())


def _normalised_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _rank(record: Record) -> int:
    return PRECEDENCE.index(record.format) if record.format in PRECEDENCE else len(PRECEDENCE)


def _first(ranked: list[Record], field: str):
    for record in ranked:
        value = getattr(record, field)
        if value:
            return value
    return None


def paper_key(records: list[Record]) -> str:
    arxiv = _first(records, "arxiv")
    if arxiv:
        return "arxiv:" + arxiv.lower()
    doi = _first(records, "doi")
    if doi:
        return "doi:" + doi.lower()
    return "title:" + normalise_title(records[0].title)


def combine_records(group: list[Record]) -> Paper:
    """One paper from the records of it, fields taken by precedence of format."""
    ranked = sorted(group, key=_rank)  # stable: equal formats keep reading order
    links: dict[str, str] = {}
    for record in ranked:
        for kind, url in record.links:
            if url not in links.values():
                links.setdefault(kind, url)
    abstract_record = _richest_abstract(ranked)
    authors = _fullest_authors(ranked)
    return Paper(
        key=paper_key(ranked),
        title=ranked[0].title,
        abstract=abstract_record.abstract,
        math=abstract_record.math,
        sources=tuple(dict.fromkeys(record.source for record in group)),
        authors=without_mark(authors),
        more_authors=is_cut_short(authors),
        date=_most_precise(ranked, "date"),
        updated=_first(ranked, "updated"),
        listing_date=min((r.listing_date for r in group if r.listing_date), default=None),
        arxiv=_first(ranked, "arxiv"),
        doi=_first(ranked, "doi"),
        venue=_first([r for r in ranked if r.format != "arxiv"], "venue") or _first(ranked, "journal_ref"),
        categories=_first(ranked, "categories") or (),
        comment=_first(ranked, "comment"),
        journal_ref=_first(ranked, "journal_ref"),
        user_tags=_user_tags(group),
        links=links,
        bibtex=_first(ranked, "bibtex"),
        citation=_citation(ranked),
    )


def _citation(ranked: list[Record]) -> tuple[tuple[str, str], ...]:
    """The first citation by precedence that says where the paper was published, else the first:
    TRID's abstract of a paper (`misc`) says less than its record as a journal article."""
    citations = [record.citation for record in ranked if record.citation]
    return next((found for found in citations if found[0][1] != "misc"), citations[0] if citations else ())


def _richest_abstract(ranked: list[Record]) -> Record:
    """The record whose abstract the paper shows: the richest source among those whose
    abstract is at least `NEARLY` as long as the longest."""
    longest = max(len(_normalised_text(r.abstract)) for r in ranked)
    if not longest:
        return ranked[0]
    return next(r for r in ranked if len(_normalised_text(r.abstract)) >= NEARLY * longest)


def _fullest_authors(ranked: list[Record]) -> tuple[str, ...]:
    """The authors by precedence, unless that list was cut short (Cochrane's ten and "et
    al.", BibTeX's `and others`) and a later source names the same people first and more
    after them: the whole list. A list not said to be cut short is kept as it is, though
    another be longer (a library's entry that lists the authors of many works). A list
    still cut short keeps its mark, unless another source names those people alone."""
    lists = [record.authors for record in ranked if record.authors]
    if not lists:
        return ()
    best = lists[0]
    for other in lists[1:]:
        if not is_cut_short(best):
            break
        shown, whole = without_mark(best), without_mark(other)
        if len(whole) < len(shown) or [_family(name) for name in whole[: len(shown)]] != [_family(name) for name in shown]:
            continue
        if len(whole) > len(shown):
            best = other
        elif not is_cut_short(other):
            best = shown  # another source names these people as all of them
    return best


def _most_precise(ranked: list[Record], field: str) -> str | None:
    """The first date by precedence, unless a later source agrees on it and says more."""
    values = [getattr(r, field) for r in ranked if getattr(r, field)]
    if not values:
        return None
    best = values[0]
    for value in values[1:]:
        if value.startswith(best) and len(value) > len(best):
            best = value
    return best


def _user_tags(group: list[Record]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for record in group:
        for tag in record.tags:
            seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())
