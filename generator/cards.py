"""Paper cards: one paper as an item of the tag and date archive listings.

A card is Markdown, so MkDocs checks and rewrites its links to paper and tag
pages; every piece of source text in it goes through `md_text` and shows
literally. Web links are inline HTML anchors with escaped addresses, because a
Markdown link destination cannot hold every URL a source may give.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from generator.model import Paper
from generator.render import LINK_LABELS, day_heading, description, md_text, plain_title

CARD_LINKS = ("code", "project")
MAX_AUTHORS = 6


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Newest `sort_date` first, then title; undated papers last."""
    by_title = sorted(papers, key=lambda p: (p.title.casefold(), p.title, p.slug))
    return sorted(by_title, key=lambda p: p.sort_date, reverse=True)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def paper_card(paper: Paper, root: str, tag_slugs: dict[str, str]) -> str:
    """One list item; `root` leads from the listing page's folder to `docs/` ("../")."""
    lines = [f"- [{md_text(plain_title(paper))}]({root}papers/{paper.slug}.md){{ .pa-card__title }}"]
    byline = _byline(paper)
    if byline:
        lines.append(f'  <br><span class="pa-byline">{byline}</span>')
    if paper.abstract.strip():
        lines.append(f'  <br><span class="pa-teaser">{md_text(description(paper))}</span>')
    if paper.tags:
        chips = " · ".join(
            f"[{md_text(tag)}]({root}tags/{tag_slugs[tag]}.md)" if tag in tag_slugs else md_text(tag) for tag in paper.tags
        )
        lines.append(f'  <br><span class="pa-tags">{chips}</span>')
    buttons = _buttons(paper.links)
    if buttons:
        lines.append(f'  <br><span class="pa-links">{buttons}</span>')
    return "\n".join(lines)


# Cards made for the current `tag_slugs` (one run's): a paper is on several tag pages
# and a date page, so each card is made once. Entries hold the paper and the slugs
# themselves, so an id is never reused while its entry lives.
_made: dict = {"slugs": None, "cards": {}}


def card_list(papers: Sequence[Paper], root: str, tag_slugs: dict[str, str]) -> str:
    """Cards in the given order, in a block that Markdown reads (md_in_html)."""
    if _made["slugs"] is not tag_slugs or _made["copy"] != tag_slugs:
        _made.update(slugs=tag_slugs, copy=dict(tag_slugs), cards={})
    made = _made["cards"]
    items = []
    for paper in papers:
        found = made.get((id(paper), root))
        if found is None or found[0] is not paper:
            found = made[(id(paper), root)] = (paper, paper_card(paper, root, tag_slugs))
        items.append(found[1])
    items = "\n".join(items)
    return f'<div class="pa-cards" markdown data-search-exclude>\n\n{items}\n\n</div>'


def _byline(paper: Paper) -> str:
    parts = []
    if paper.authors:
        names = ", ".join(paper.authors[:MAX_AUTHORS])
        if len(paper.authors) > MAX_AUTHORS:
            names += " et al."
        parts.append(md_text(names))
    when = paper.sort_date
    if when:
        parts.append(f'<time datetime="{html.escape(when)}">{md_text(when)}</time>')
    return " · ".join(parts)


def _buttons(links: dict[str, str]) -> str:
    anchors = []
    for kind, url in links.items():
        base = kind.split("-")[0]
        if base not in CARD_LINKS or not url.lower().startswith(("https://", "http://")):
            continue
        label = LINK_LABELS.get(base, base.capitalize())
        anchors.append(
            f'<a class="md-button pa-link pa-link--{html.escape(base)}" href="{html.escape(url)}">{html.escape(label)}</a>'
        )
    return " ".join(anchors)


def home_listing(papers: Sequence[Paper], root: str, tag_slugs: dict[str, str], archive: str | None = None) -> str:
    """The papers of the latest day (listing date, else publication), then a link to `archive`.

    A date of only a year or month never counts as the latest day: "2025"
    sorts after "2024-12-31" but says nothing about when the paper came.
    """
    if not papers:
        return "No papers yet.\n"
    days = [paper.sort_date for paper in papers if re.fullmatch(r"\d{4}-\d{2}-\d{2}", paper.sort_date)]
    latest = max(days, default=max(paper.sort_date for paper in papers))
    items = sorted((p for p in papers if p.sort_date == latest), key=lambda p: p.title.casefold())
    text = f"## {day_heading(latest)}\n\n" + card_list(items, root, tag_slugs)
    if archive:
        text += f"\n\n[All {len(papers)} papers by date →]({archive})"
    return text + "\n"
