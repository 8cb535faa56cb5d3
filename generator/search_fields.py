"""What Pagefind reads on a paper page: which text is searched, and the fields
a result shows or is filtered by.

Responsible for the `data-pagefind-*` markup of a paper page, nothing more;
`render.py` places it. Only the title and the abstract (with the authors,
venue and tags as hidden, lightly weighted text) are indexed, so the related
papers and the BibTeX entry on a page never make it a match for other
papers' words.

What a result needs beside Pagefind's content: `authors` and `date` (meta),
`tag`, `year` and `venue` (filters, which results carry too), `date` as a
sort key, `math` when the text holds TeX, and `abstract_words`, the number of
words of the abstract as Pagefind counts them (split at white space), so the
search box can take its excerpt from the abstract and not from the title.
"""

from __future__ import annotations

import html
import re

from generator.clean import normalise_space
from generator.model import Paper

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


def _field(kind: str, name: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{name}">{html.escape(normalise_space(value), quote=False)}</span>'


def search_fields(paper: Paper, abstract_markup: list[str]) -> str:
    """The hidden block of meta, filters and extra searchable words for a paper page.

    `abstract_markup` is the abstract's paragraphs as the page shows them.
    """
    day = paper.date or paper.listing_date or ""
    fields = [_field("meta", "abstract_words", str(sum(visible_words(part) for part in abstract_markup)))]
    if paper.authors:
        fields.append(_field("meta", "authors", ", ".join(paper.authors)))
    if day:
        fields.append(_field("meta", "date", day))
        fields.append(_field("sort", "date", day))
        fields.append(_field("filter", "year", day[:4]))
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
