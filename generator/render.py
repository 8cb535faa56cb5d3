"""Rendering: a `Paper` → the Markdown text of its page, per the page contract.

The page is front matter (written by python-frontmatter, never by hand) and a
body whose every piece of source text is escaped: title and abstract go into
raw HTML blocks, which Markdown passes through untouched, so `*`, `_`, `#`,
`|` and `<script>` show as text. TeX of arXiv/BibTeX text becomes the
`<span class="arithmatex">` that pymdownx.arithmatex (generic) would emit.
"""

from __future__ import annotations

import calendar
import functools
import html
import re
from datetime import date
from collections.abc import Sequence

import frontmatter

from generator import yamltext
from generator.clean import MATH_SPAN, first_sentence, normalise_space, settled_first_sentence
from generator.model import Paper
from generator.search_fields import ABSTRACT_ATTRIBUTES, TITLE_ATTRIBUTES, search_fields
from generator.textex import plain

LINK_LABELS = {
    "code": "Code",
    "project": "Project page",
    "arxiv": "arXiv",
    "pdf": "PDF",
    "doi": "DOI",
    "dataset": "Dataset",
    "model": "Model",
    "demo": "Demo",
    "video": "Video",
    "data": "Data",
    "url": "Link",
}
LINK_ICONS = {
    "code": ":material-github:",
    "project": ":material-web:",
    "arxiv": ":material-file-document-outline:",
    "pdf": ":material-file-pdf-box:",
    "doi": ":material-link-variant:",
}

# Characters Markdown could read as markup: written as numeric references
# so that inline text (link labels, teasers) shows exactly as given.
MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>&$~^=:\"'")
# One translation table instead of a test per character: tag and archive pages call
# md_text hundreds of thousands of times in a big archive.
MARKDOWN_REFERENCES = {ord(char): f"&#{ord(char)};" for char in MARKDOWN_SPECIAL}
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


# Kept: the same tag names, dates and families are on thousands of cards and pages.
@functools.lru_cache(maxsize=1 << 14)
def md_text(text: str) -> str:
    """Text for an inline Markdown context, shown literally."""
    return normalise_space(text).translate(MARKDOWN_REFERENCES)


def html_text(text: str, math: bool = False) -> str:
    """Text for a raw HTML block; with `math`, `$…$` spans become arithmatex spans."""
    if not math:
        return html.escape(text, quote=False)
    pieces, last = [], 0
    for span in MATH_SPAN.finditer(text):
        pieces.append(_tex_text(text[last : span.start()]))
        pieces.append(_math_span(span.group()))
        last = span.end()
    pieces.append(_tex_text(text[last:]))
    return "".join(pieces)


def _tex_text(text: str) -> str:
    return html.escape(text.replace("\\$", "$"), quote=False)


def _math_span(tex: str) -> str:
    display = tex.startswith(("$$", "\\["))
    body = tex[2:-2] if tex.startswith(("$$", "\\(", "\\[")) else tex[1:-1]
    body = body.strip()
    if display:
        return f'<span class="arithmatex">\\[{html.escape(body, quote=False)}\\]</span>'
    return f'<span class="arithmatex">\\({html.escape(body, quote=False)}\\)</span>'


def _paragraphs(text: str) -> list[str]:
    return [normalise_space(part) for part in PARAGRAPH_BREAK.split(text) if part.strip()]


def plain_title(paper: Paper) -> str:
    """The title as readable plain text, for where HTML cannot typeset (`<title>`, meta
    tags, feeds, JSON, search): TeX math as Unicode letters (`$\\omega$Test` → ωTest)."""
    return plain(paper.title, paper.math)


def description(paper: Paper) -> str:
    """The abstract's first sentence as plain text (else the title), for meta tags and teasers."""
    return _description(paper.abstract, paper.title, paper.math)


# Kept: a paper's page, its cards and its `papers.json` entry each show it.
@functools.lru_cache(maxsize=1 << 15)
def _description(abstract: str, title: str, math: bool) -> str:
    if not abstract.strip():
        return plain(title, math)
    # Only the start is needed: a sentence longer than 2,000 characters is cut to 240 anyway.
    # The first few hundred mostly hold the first sentence, and converting a long abstract's
    # TeX is a run's costliest text work.
    if math:
        settled = settled_first_sentence(plain(abstract, math, limit=400))
        if settled is not None:
            return settled
    return first_sentence(plain(abstract, math, limit=2000))


def front_matter(paper: Paper) -> dict:
    """The page contract's keys, in a fixed order, only those that are known."""
    meta: dict = {"title": plain_title(paper)}
    if paper.abstract.strip():
        meta["description"] = description(paper)
    if paper.date or paper.listing_date:
        meta["date"] = paper.date or paper.listing_date
    if paper.listing_date and paper.listing_date != meta.get("date"):
        meta["listed"] = paper.listing_date
    if paper.authors:
        meta["authors"] = list(paper.authors)
        if paper.more_authors:
            meta["more_authors"] = True
    if paper.venue:
        meta["venue"] = paper.venue
    if paper.tags:
        meta["tags"] = list(paper.tags)
    if paper.links:
        meta["links"] = dict(paper.links)
    ids = {name: value for name, value in (("arxiv", paper.arxiv), ("doi", paper.doi)) if value}
    if ids:
        meta["ids"] = ids
    meta["sources"] = list(paper.sources)
    return meta


def render_page(paper: Paper, notes: str | None = None, sections: Sequence[str] = ()) -> str:
    """The whole page: front matter, title, byline, links, abstract, notes, then `sections`."""
    body = [f'<h1 class="pa-title" {TITLE_ATTRIBUTES}>{html_text(paper.title, paper.math)}</h1>']
    byline = _byline(paper)
    if byline:
        body.append(f'<p class="pa-byline">{byline}</p>')
    buttons = link_buttons(paper.links)
    if buttons:
        body.append(buttons)
    body.append("## Abstract")
    paragraphs = _paragraphs(paper.abstract) or ["No abstract given."]
    abstract = [html_text(part, paper.math) for part in paragraphs]
    body.extend(f'<p class="pa-abstract" {ABSTRACT_ATTRIBUTES}>{part}</p>' for part in abstract)
    body.append(search_fields(paper, abstract))
    if notes and notes.strip():
        body.append("## Notes")
        # Indexed too: a person's notes are words to find the paper by.
        body.append(f'<div class="pa-notes" data-pagefind-body markdown="1">\n\n{notes.strip()}\n\n</div>')
    body.extend(section.strip() for section in sections if section.strip())
    post = frontmatter.Post("\n\n".join(body) + "\n", **front_matter(paper))
    return yamltext.page(post)


def _byline(paper: Paper) -> str:
    parts = []
    if paper.authors:
        parts.append(f'<span class="pa-authors">{html.escape(paper.author_line, quote=False)}</span>')
    when = paper.date or paper.listing_date
    if when:
        parts.append(f'<time datetime="{html.escape(when)}">{html.escape(when)}</time>')
    if paper.venue:
        parts.append(f'<span class="pa-venue">{html.escape(paper.venue, quote=False)}</span>')
    return " · ".join(parts)


def link_buttons(links: dict[str, str]) -> str:
    """Links as Material buttons; only web addresses, whatever a source claimed."""
    buttons = []
    for kind, url in links.items():
        if not url.lower().startswith(("https://", "http://")):
            continue
        base = kind.split("-")[0]
        label = LINK_LABELS.get(base, base.capitalize())
        buttons.append(f'<a class="md-button pa-link pa-link--{html.escape(base)}" href="{html.escape(url)}">{html.escape(label)}</a>')
    return f'<p class="pa-links">{" ".join(buttons)}</p>' if buttons else ""


@functools.lru_cache(maxsize=1 << 12)  # a few thousand days; month names are looked up slowly
def day_heading(day: str) -> str:
    """`2024-03-14` → `14 March 2024`; other dates as they are."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day or ""):
        return day or "Undated"
    try:
        when = date.fromisoformat(day)
    except ValueError:
        return day  # not a real day: shown as written rather than failing the build
    return f"{when.day} {calendar.month_name[when.month]} {when.year}"
