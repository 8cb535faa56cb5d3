"""What Pagefind reads on a paper page: which text is searched, and the fields
a result shows or is filtered by.

Responsible for the `data-pagefind-*` markup of a paper page, nothing more;
`render.py` places it. Only the title and the abstract (with the authors,
venue and tags as hidden, lightly weighted text) are indexed, so the related
papers and the BibTeX entry on a page never make it a match for other
papers' words.

What a result needs beside Pagefind's content: `authors` and `date` (meta),
`listed` (meta: the listing day, where the archive files the paper under a
day other than its date), `tag`, `year` and `venue` (filters, which results
carry too), `math` when the text holds TeX, and `abstract_words`, the number
of words of the abstract as Pagefind counts them (split at white space), so
the search box can take its excerpt from the abstract and not from the title.

Sort keys: `newest` and `title`, for the browse page. Every paper carries both
(Pagefind leaves a page without the key out of sorted results), and no two
papers share one, so that papers of one day or of one title come in the same
order in every build. There is no other sort key: each costs every query the
order of all the archive's pages (in Pagefind's metadata, which a query loads
first; about 2.7 bytes a paper). Pagefind compares strings by code point and
sorts only ascending keys that way, so `newest` holds the date with each digit
complemented: ascending, it is newest first.
"""

from __future__ import annotations

import html
import re

from generator.clean import normalise_space
from generator.model import Paper
from generator.textex import plain

TAGS = re.compile(r"<[^>]*>")

# Weight of the hidden authors/tags line against Pagefind's 1 for body text:
# an author's name or a tag finds the paper, but below papers about the word.
HIDDEN_WEIGHT = "0.5"

TITLE_ATTRIBUTES = 'data-pagefind-body data-pagefind-meta="title"'
ABSTRACT_ATTRIBUTES = "data-pagefind-body"


def visible_words(markup: str) -> int:
    """Words of an HTML fragment's text, split at white space as Pagefind splits them."""
    # Inline markup (arithmatex spans) does not break a word; only white space does.
    return len(html.unescape(TAGS.sub("", markup)).split())


# A word every paper page carries (as meta `kind`) and no reader types (Pagefind
# matches a typed word with every word that starts with it, and indexes the
# parts of `a_b` or `a-b` as words too). A search for it lists every paper from
# the one index chunk that holds it, where a search for nothing (null) would
# download every chunk of the index (Pagefind 1.5).
PAPER_WORD = "zzpaper"

# Digits complemented (0 ↔ 9): ascending order of the result is descending order of dates.
_COMPLEMENT = str.maketrans("0123456789", "9876543210")
# Above every digit and "-": ends a date, so that `2024` (complemented) follows
# every day of 2024, and an undated paper follows every dated one.
_DATE_END = "~"


def title_key(paper: Paper) -> str:
    """The `title` sort key: the title as shown in plain text, case folded, then the slug."""
    return f"{' '.join(plain(paper.title, paper.math).casefold().split())} {paper.slug}"


def newest_key(paper: Paper) -> str:
    """The `newest` sort key: newest `sort_date` first (as the other listings), then `title_key`."""
    return f"{paper.sort_date.translate(_COMPLEMENT)}{_DATE_END} {title_key(paper)}"


def _field(kind: str, name: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{name}">{html.escape(normalise_space(value), quote=False)}</span>'


def search_fields(paper: Paper, abstract_markup: list[str]) -> str:
    """The hidden block of meta, filters and extra searchable words for a paper page.

    `abstract_markup` is the abstract's paragraphs as the page shows them.
    """
    day = paper.date or paper.listing_date or ""
    fields = [_field("meta", "abstract_words", str(sum(visible_words(part) for part in abstract_markup)))]
    if paper.authors:
        fields.append(_field("meta", "authors", paper.author_line))
    if day:
        fields.append(_field("meta", "date", day))
        fields.append(_field("filter", "year", day[:4]))
    if paper.listing_date and paper.listing_date != day:
        fields.append(_field("meta", "listed", paper.listing_date))
    fields.append(_field("meta", "kind", PAPER_WORD))
    fields.append(_field("sort", "newest", newest_key(paper)))
    fields.append(_field("sort", "title", title_key(paper)))
    if paper.math:
        fields.append(_field("meta", "math", "1"))
    if paper.venue:
        fields.append(_field("filter", "venue", paper.venue))
    fields.extend(_field("filter", "tag", tag) for tag in paper.tags)
    words = [*paper.authors, paper.venue or "", *paper.tags]
    searchable = " · ".join(normalise_space(word) for word in words if word.strip())
    if searchable:
        fields.append(
            f'<span data-pagefind-body data-pagefind-weight="{HIDDEN_WEIGHT}">'
            f"{html.escape(searchable, quote=False)}</span>"
        )
    return f'<div class="pa-search-fields" hidden>{"".join(fields)}</div>'
