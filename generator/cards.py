"""Paper cards: one paper as an item of the home, tag and date archive listings.

A card is Markdown, so MkDocs checks and rewrites its links to paper and tag
pages; every piece of source text in it goes through `inline_text` and shows
literally, except the TeX of arXiv and BibTeX text, which becomes the
`arithmatex` span that the site's math script typesets, as on the paper's own
page. Web links are inline HTML anchors with escaped addresses, because a
Markdown link destination cannot hold every URL a source may give.
"""

from __future__ import annotations

import calendar
import functools
import html
import re
from collections.abc import Iterable, Sequence
from operator import attrgetter

from generator.clean import MATH_SPAN, first_sentence, normalise_space
from generator.model import Paper
from generator.render import LINK_LABELS, MARKDOWN_REFERENCES, day_heading, description, md_text

CARD_LINKS = ("code", "project")
MAX_AUTHORS = 6
# Where a formula starts that MATH_SPAN found no end for; `\\$` is a dollar sign.
MATH_OPENING = re.compile(r"(?<!\\)\$|\\\(|\\\[")


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Newest `sort_date` first, then title; undated papers last."""
    papers = list(papers)
    # Keys made in C (attribute getters, zip) and sorted as tuples (ties keep the given order);
    # then by date, a stable sort: papers of one day stay in title order.
    titles = list(map(_TITLE, papers))
    by_title = sorted(zip(map(str.casefold, titles), titles, map(_SLUG, papers), range(len(papers))))
    return sorted(map(papers.__getitem__, [position for *_, position in by_title]), key=_SORT_DATE, reverse=True)


_TITLE, _SLUG, _SORT_DATE = attrgetter("title"), attrgetter("slug"), attrgetter("sort_date")


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@functools.lru_cache(maxsize=1 << 12)  # a few thousand days; month names are looked up slowly
def date_label(date: str) -> str:
    """`2024-03-14` → `14 March 2024`, `2024-03` → `March 2024`, `2024` as it is, "" → `Undated`."""
    if re.fullmatch(r"\d{4}-\d{2}", date or "") and 1 <= int(date[5:]) <= 12:
        return f"{calendar.month_name[int(date[5:])]} {date[:4]}"
    return day_heading(date)


def _literal(text: str) -> str:
    return text.translate(MARKDOWN_REFERENCES)


# Kept: each title is shown again in the related papers of a few other pages.
@functools.lru_cache(maxsize=1 << 15)
def inline_text(text: str, math: bool = False) -> str:
    """Text for an inline Markdown context, shown literally; with `math`, each TeX
    span (`$…$`, `\\(…\\)`) becomes an inline arithmatex span instead.

    The TeX inside the span is written as character references too: Markdown
    would otherwise read `\\(` as an escaped parenthesis. The browser decodes
    them, and the math script reads the span's text.
    """
    text = normalise_space(text)
    if not math:
        return _literal(text)
    pieces, last = [], 0
    for span in MATH_SPAN.finditer(text):
        pieces.append(_literal(text[last : span.start()].replace("\\$", "$")))
        pieces.append(f'<span class="arithmatex">{_literal(_inline_tex(span.group()))}</span>')
        last = span.end()
    pieces.append(_literal(text[last:].replace("\\$", "$")))
    return "".join(pieces)


def _inline_tex(tex: str) -> str:
    """`$x$`, `$$x$$`, `\\(x\\)`, `\\[x\\]` → `\\(x\\)`: a card is one line, so display math is set inline."""
    body = tex[2:-2] if tex.startswith(("$$", "\\(", "\\[")) else tex[1:-1]
    return f"\\({body.strip()}\\)"


def teaser(paper: Paper) -> str:
    """The abstract's first sentence; in TeX text never cut inside a formula.

    A sentence cut at its length limit (or at a full stop inside `$…$`) can
    end in an unclosed formula, which would show as raw TeX: it ends before it.
    """
    if not paper.math:
        return description(paper)
    text = first_sentence(paper.abstract) if paper.abstract.strip() else paper.title
    last = 0
    for span in MATH_SPAN.finditer(text):
        last = span.end()
    opening = MATH_OPENING.search(text, last)
    if opening is None:
        return text
    return text[: opening.start()].rstrip(" ,;:") + "…"


def paper_card(paper: Paper, root: str, tag_slugs: dict[str, str]) -> str:
    """One list item; `root` leads from the listing page's folder to `docs/` ("../")."""
    return root.join(_card_pieces(paper, tag_slugs))


def _card_pieces(paper: Paper, tag_slugs: dict[str, str]) -> list[str]:
    """The card cut at each link to a page, where the listing's `root` goes between two pieces."""
    pieces = [f"- [{inline_text(paper.title, paper.math)}](", f"papers/{paper.slug}.md){{ .pa-card__title }}"]
    byline = _byline(paper)
    if byline:
        pieces[-1] += f'\n  <br><span class="pa-byline">{byline}</span>'
    if paper.abstract.strip():
        # A teaser is shown on its card alone, made once: not kept.
        pieces[-1] += f'\n  <br><span class="pa-teaser">{inline_text.__wrapped__(teaser(paper), paper.math)}</span>'
    if paper.tags:
        pieces[-1] += '\n  <br><span class="pa-tags">'
        for position, tag in enumerate(paper.tags):
            if position:
                pieces[-1] += " · "
            if tag in tag_slugs:
                pieces[-1] += f"[{md_text(tag)}]("
                pieces.append(f"tags/{tag_slugs[tag]}.md)")
            else:
                pieces[-1] += md_text(tag)
        pieces[-1] += "</span>"
    buttons = _buttons(paper.links)
    if buttons:
        pieces[-1] += f'\n  <br><span class="pa-links">{buttons}</span>'
    return pieces


# Cards made for the current `tag_slugs` (one run's): a paper is on several tag pages
# and a date page, so each card is made once, as pieces that any listing's root joins.
# Entries hold the paper and the slugs themselves, so an id is never reused while its
# entry lives. `kept`: where cards of earlier runs are found, if anywhere (`keep_cards`).
_made: dict = {"slugs": None, "cards": {}, "kept": None}


def keep_cards(kept) -> None:
    """Find cards made by earlier runs in `kept` from now on: `kept.get(paper, tag_slugs)`
    gives a card's pieces or None, `kept.add(paper, tag_slugs, pieces)` keeps them
    (`site_cache.KeptCards`); None: make every card."""
    _made["kept"] = kept


def card_list(papers: Sequence[Paper], root: str, tag_slugs: dict[str, str]) -> str:
    """Cards in the given order, in a block that Markdown reads (md_in_html); each card
    is made once a run (a paper is on several tag pages and a date page)."""
    if _made["slugs"] is not tag_slugs or _made["copy"] != tag_slugs:
        _made.update(slugs=tag_slugs, copy=dict(tag_slugs), cards={})
    made, kept = _made["cards"], _made["kept"]
    items = []
    for paper in papers:
        found = made.get(id(paper))
        if found is None or found[0] is not paper:
            pieces = kept.get(paper, tag_slugs) if kept is not None else None
            if pieces is None:
                pieces = _card_pieces(paper, tag_slugs)
                if kept is not None:
                    kept.add(paper, tag_slugs, pieces)
            found = made[id(paper)] = (paper, pieces)
        items.append(root.join(found[1]))
    items = "\n".join(items)
    return f'<div class="pa-cards" markdown data-search-exclude>\n\n{items}\n\n</div>'


def _byline(paper: Paper) -> str:
    parts = []
    if paper.authors:
        names = ", ".join(paper.authors[:MAX_AUTHORS])
        if len(paper.authors) > MAX_AUTHORS or paper.more_authors:
            names += " et al."
        parts.append(md_text(names))
    when = paper.sort_date
    if when:
        parts.append(f'<time datetime="{html.escape(when)}">{md_text(date_label(when))}</time>')
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
