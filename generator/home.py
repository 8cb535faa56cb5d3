"""The home page's listing: the archive in numbers, its doors, and the newest papers by day.

Responsible for the Markdown that replaces the home page's marker; nothing
more. The newest papers are taken across all sources by `Paper.sort_date`
(listing day, else publication date), so one new listing day never hides the
rest of the archive; they are grouped under a heading per date as given (a
day, a month or a year). Undated papers come last, only when there is room.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.cards import card_list, date_label, newest_first, plural
from generator.model import Paper

HOME_SIZE = 30


def date_range(papers: Iterable[Paper]) -> str:
    """`14 March 2024 to 15 March 2024`, one date when all are alike, "" when none is dated."""
    dates = sorted({paper.sort_date for paper in papers if paper.sort_date})
    if not dates:
        return ""
    first, last = date_label(dates[0]), date_label(dates[-1])
    return first if first == last else f"{first} to {last}"


def home_listing(
    papers: Sequence[Paper],
    root: str,
    tag_slugs: dict[str, str],
    size: int = HOME_SIZE,
    doors: Sequence[tuple[str, str]] = (),
) -> str:
    """Facts line, links to `doors` (label, Markdown path), then the `size` newest papers by date.

    `root` leads from the home page's folder to `docs/`.
    """
    facts = [plural(len(papers), "paper"), plural(len(set(tag_slugs.values())), "tag")]
    span = date_range(papers)
    if span:
        facts.append(span)
    text = f'<p class="pa-home-facts">{" · ".join(facts)}</p>\n\n'
    if doors:
        links = " ".join(f"[{label}]({path}){{ .md-button }}" for label, path in doors)
        text += f'<p class="pa-home-doors" markdown>{links}</p>\n\n'
    if not papers:
        return text + "No papers yet.\n"
    newest = newest_first(papers)[: max(size, 0)]
    text += "## Newest papers\n\n"
    groups: dict[str, list[Paper]] = {}
    for paper in newest:
        groups.setdefault(paper.sort_date, []).append(paper)
    for date, group in groups.items():
        text += f"### {date_label(date)}\n\n{card_list(group, root, tag_slugs)}\n\n"
    if len(newest) < len(papers):
        text += f'<p class="pa-home-more" markdown>[All {len(papers)} papers by date →]({root}archive/index.md)</p>\n'
    return text
