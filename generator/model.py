"""The values that flow between the pipeline's stages.

`Record` is one paper as one source file states it; `Paper` is the merged,
cleaned and tagged paper that becomes one page. Both are frozen: each stage
returns new values rather than editing old ones, so any stage can be tested
alone with values built by hand.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """Something wrong with one record or file, reported as `path:line: message`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def source_place(source: str) -> tuple[str, int | None]:
    """(path, line) of a record's source, `path:line` or a bare path."""
    path, _, line = source.rpartition(":")
    if path and line.isdigit():
        return path, int(line)
    return source, None


@dataclass(frozen=True, kw_only=True)
class Bibliographic:
    """What sources say about a paper, shared by a `Record` and the merged `Paper`.

    Dates are ISO (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). `math` says the text is
    TeX (arXiv, BibTeX), where `$...$` is mathematics; in a scraped listing it
    is plain text. `bibtex` is a source's own entry, rebuilt from its citation
    fields only (`generator.bibentry`); `citation`, what another source says of how
    to cite the paper: its BibTeX entry type and fields as (name, value) pairs, the
    first `("ENTRYTYPE", type)` (`generator.readers.citation`).
    """

    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    date: str | None = None
    updated: str | None = None
    listing_date: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    venue: str | None = None
    categories: tuple[str, ...] = ()
    comment: str | None = None
    journal_ref: str | None = None
    bibtex: str | None = None
    citation: tuple[tuple[str, str], ...] = ()
    math: bool = False

    def __setstate__(self, state: dict) -> None:
        # Unpickled, a record or paper takes the dictionary read as its own, rather than
        # having it copied in: the cache hands back tens of thousands of them a run.
        object.__setattr__(self, "__dict__", state)


@dataclass(frozen=True, kw_only=True)
class Record(Bibliographic):
    """One paper as one source states it: the readers' only output.

    `source` is `file:line`. Links are `(kind, url)` pairs; `tags` are the ones
    a person gave (BibTeX keywords, JSON Lines tags), never automatic ones.
    """

    source: str
    format: str
    tags: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Paper(Bibliographic):
    """One paper of the archive, merged from its records: one page.

    `more_authors` says that its sources name only the first of its authors
    (BibTeX's `and others`, an "et al."), so the list is not shown as whole.
    """

    key: str
    slug: str = ""
    more_authors: bool = False
    sources: tuple[str, ...] = ()
    user_tags: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    links: dict[str, str] = field(default_factory=dict)
    related: tuple[str, ...] = ()

    def replace(self, **changes) -> Paper:
        """A copy with `changes`, as `dataclasses.replace` makes it but without running
        `__init__` again (a Paper has nothing to check): every stage replaces every paper."""
        if not _PAPER_FIELDS.issuperset(changes):
            raise TypeError(f"Paper has no field {sorted(changes.keys() - _PAPER_FIELDS)[0]!r}")
        fields = self.__dict__.copy()
        fields.update(changes)
        copy = object.__new__(type(self))
        object.__setattr__(copy, "__dict__", fields)
        return copy

    @property
    def author_line(self) -> str:
        """The authors as one line of text, "et al." after a list its sources cut short."""
        return ", ".join(self.authors) + (" et al." if self.more_authors and self.authors else "")

    @property
    def sort_date(self) -> str:
        """The date the archive files the paper under: listing day, else publication."""
        return self.listing_date or self.date or ""

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


_PAPER_FIELDS = frozenset(field.name for field in dataclasses.fields(Paper))


def with_values(papers, name: str, values) -> list[Paper]:
    """`paper.replace(**{name: value})` of each paper and value in turn: a stage sets one
    field of every paper, and one call for all of them costs half a call each."""
    if name not in _PAPER_FIELDS:
        raise TypeError(f"Paper has no field {name!r}")
    new, set_fields, found = object.__new__, object.__setattr__, []
    for paper, value in zip(papers, values, strict=True):
        fields = paper.__dict__.copy()
        fields[name] = value
        copy = new(type(paper))
        set_fields(copy, "__dict__", fields)
        found.append(copy)
    return found


class Deferred:
    """An output whose text is made only when it is needed. Outputs with equal keys have
    equal text, so the write stage tells an unchanged file by its key (see `written`)."""

    __slots__ = ("key", "make", "_text")  # ten thousand a run

    def __init__(self, key: str, make: Callable[[], str]):
        self.key, self.make, self._text = key, make, None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.make()
        return self._text

    def take(self) -> str:
        """The text, which is then no longer kept: the write stage needs each text once, and
        a big archive's texts, kept beside the bytes written, would double its memory."""
        text, self._text = self.text, None
        return text


def made_now(function: Callable[..., str], *arguments) -> str:
    """`function(*arguments)`: how an output is made when nothing is deferred (see `site.Parts`)."""
    return function(*arguments)


def joined(part, papers, separator: str, per_paper=None) -> str:
    """`separator.join` of `part(paper, per_paper[i])` (of `part(paper)` when `per_paper`
    is None) for each paper."""
    if per_paper is None:
        return separator.join(part(paper) for paper in papers)
    return separator.join(part(paper, extra) for paper, extra in zip(papers, per_paper))


def output_text(output: str | Deferred) -> str:
    """The text of one of the site's outputs, made now if it was deferred."""
    return output.text if isinstance(output, Deferred) else output


def taken_text(output: str | Deferred) -> str:
    """`output_text`, not kept by a deferred output (see `Deferred.take`)."""
    return output.take() if isinstance(output, Deferred) else output
