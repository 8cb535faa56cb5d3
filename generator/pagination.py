"""Long listings split into pages: which papers each page holds, where it lives, and
the links between the pages.

Responsible for page paths, links relative to a page and the pager; the
modules that make listings (tag pages, the date archive) decide what each page
shows. Page 1 keeps the listing's own path, so every link to a listing still
leads to its start; page `n` lives at `<listing>/page/<n>.md` (URL
`…/page/<n>/`), as blog engines number theirs. Papers stay newest first across
the pages. A page of a few hundred cards is what a reader scrolls and what
MkDocs renders again after an edit; one of thousands takes seconds for both.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

WINDOW = 2  # page numbers shown either side of the current one


def page_slices(items: Sequence, size: int) -> list[Sequence]:
    """`items` cut into pages of `size`: one page, empty or not, when `size` is 0 or all fit."""
    if size <= 0 or len(items) <= size:
        return [items]
    return [items[start : start + size] for start in range(0, len(items), size)]


def paged(first: str, items: Sequence, size: int):
    """(items, `Place`) of each page of the listing whose first page is `first`: one
    page when it is empty."""
    slices = page_slices(items, size)
    for number, members in enumerate(slices, 1):
        yield members, Place(first, number, len(slices), len(items))


def page_path(first: str, number: int) -> str:
    """The Markdown path (under `docs/`) of page `number` of the listing whose first page is `first`."""
    if number == 1:
        return first
    folder, name = posixpath.split(first)
    stem = name.removesuffix(".md")
    base = folder if stem == "index" else posixpath.join(folder, stem)
    return posixpath.join(base, "page", f"{number}.md")


def root_of(path: str) -> str:
    """From the folder of the page at `path` to `docs/` ("" at the top)."""
    return "../" * path.count("/")


def link(target: str, page: str) -> str:
    """The Markdown link from the page at `page` to `target` (both under `docs/`)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def title_of(title: str, number: int, count: int) -> str:
    """A page's title: the listing's, with the page's number after the first."""
    return title if number == 1 else f"{title} (page {number} of {count})"


def pager(first: str, number: int, count: int, label: str = "Pages of this list") -> str:
    """Links from page `number` of `count` to the newer and older pages, the first, the
    last and those near it, as a navigation landmark named `label`; "" for a listing of
    one page."""
    if count < 2:
        return ""
    here = page_path(first, number)

    def to(other: int, label: str) -> str:
        return f"[{label}]({link(page_path(first, other), here)})"

    items = []
    if number > 1:
        items.append(to(number - 1, "← Newer"))
    shown = sorted({1, count, *range(max(1, number - WINDOW), min(count, number + WINDOW) + 1)})
    last = 0
    for other in shown:
        if other > last + 1:
            items.append('<span class="pa-pager__gap">…</span>')
        if other == number:
            items.append(f'<strong class="pa-pager__current" aria-current="page">{other}</strong>')
        else:
            items.append(to(other, str(other)))
        last = other
    if number < count:
        items.append(to(number + 1, "Older →"))
    return f'<nav class="pa-pager" aria-label="{label}" markdown="span">{" ".join(items)}</nav>'


@dataclass(frozen=True)
class Place:
    """Where a page of a listing is: the listing's first page, this page's number, how many
    pages the listing has and how many papers they hold together."""

    first: str
    number: int = 1
    count: int = 1
    papers: int = 0

    @property
    def path(self) -> str:
        return page_path(self.first, self.number)

    @property
    def root(self) -> str:
        return root_of(self.path)

    def title(self, title: str) -> str:
        return title_of(title, self.number, self.count)

    def pager(self, label: str = "Pages of this list") -> str:
        return pager(self.first, self.number, self.count, label)

    def around(self, listing: str) -> list[str]:
        """The Markdown blocks of a page's listing: between pagers when there are pages,
        named apart so that a list of landmarks tells the two from each other."""
        above = self.pager("Pages of this list, above it")
        return [above, listing, self.pager("Pages of this list, below it")] if above else [listing]
