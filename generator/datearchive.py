"""The date archive: `archive/index.md`, a page per year and a page per month.

Responsible for filing papers by date and for the Markdown of those pages;
nothing more. A paper is filed by `Paper.sort_date` (the day it was listed,
else its publication date). A paper dated by month is listed on its month's
page without a day; one dated by year only, on its year's page; an undated
one, on the archive's index. Month names are English whatever the locale, so
builds on any machine give the same pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import frontmatter

from generator import yamltext
from generator.cards import card_list, newest_first, plural
from generator.model import Paper, made_now
from generator.render import day_heading
from generator.tagpages import slugs_in_use

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")
NO_DAY = "Day not given"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def filed_under(paper: Paper) -> tuple[str, str | None]:
    """(year, month) from the paper's date; ("", None) when undated or unreadable."""
    parts = paper.sort_date.split("-")
    year = parts[0] if parts and len(parts[0]) == 4 and parts[0].isdigit() else ""
    month = parts[1] if year and len(parts) > 1 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12 else None
    return year, month


def month_name(year: str, month: str) -> str:
    return f"{MONTHS[int(month) - 1]} {year}"


def archive_pages(papers: Sequence[Paper], taxonomy, card=None, made=made_now, ordered=None, slugs=None) -> dict:
    """Every page of the date archive; `card` makes a paper's card (see `card_list`),
    `made(function, *arguments)` each page (see `site.Parts`); `ordered` (the papers
    `newest_first`) and `slugs` (`slugs_in_use`) when already known."""
    slugs = slugs_in_use(papers, taxonomy) if slugs is None else slugs
    years: dict[str, dict[str | None, list[Paper]]] = {}
    undated: list[Paper] = []
    for paper in newest_first(papers) if ordered is None else ordered:  # one sort of all: every list below is in order
        year, month = filed_under(paper)
        if year:
            years.setdefault(year, {}).setdefault(month, []).append(paper)
        else:
            undated.append(paper)
    months = sorted((year, month) for year, by_month in years.items() for month in by_month if month)
    outputs = {"archive/index.md": made(_index_page, years, undated, slugs, card)}
    for year, by_month in years.items():
        outputs[f"archive/{year}/index.md"] = made(_year_page, year, by_month, slugs, card)
    for position, (year, month) in enumerate(months):
        before = months[position - 1] if position else None
        after = months[position + 1] if position + 1 < len(months) else None
        outputs[f"archive/{year}/{month}.md"] = made(_month_page, year, month, years[year][month], before, after, slugs, card)
    return outputs


def _page(meta: dict, body: list[str]) -> str:
    post = frontmatter.Post("\n\n".join(body) + "\n", **meta)
    return yamltext.page(post)


def _index_page(years, undated: list[Paper], slugs: dict[str, str], card) -> str:
    total = sum(len(group) for by_month in years.values() for group in by_month.values()) + len(undated)
    body = [
        "# Archive",
        f"All {plural(total, 'paper')} by the day they were listed, else by their publication date.",
    ]
    for year in sorted(years, reverse=True):
        by_month = years[year]
        count = sum(len(group) for group in by_month.values())
        body.append(f"## {year}")
        lines = [f'[All of {year}]({year}/index.md) <span class="pa-count">{plural(count, "paper")}</span>', ""]
        for month in sorted((m for m in by_month if m), reverse=True):
            lines.append(
                f'- [{month_name(year, month)}]({year}/{month}.md) '
                f'<span class="pa-count">{plural(len(by_month[month]), "paper")}</span>'
            )
        if None in by_month:
            lines.append(
                f'- [Dated {year} only]({year}/index.md#dated-{year}-only) '
                f'<span class="pa-count">{plural(len(by_month[None]), "paper")}</span>'
            )
        body.append("\n".join(lines).strip())
    if undated:
        body.append("## Undated")
        body.append(card_list(undated, "../", slugs, card))
    return _page({"title": "Archive", "description": "The archive's papers by year and month."}, body)


def _year_page(year: str, by_month, slugs: dict[str, str], card) -> str:
    count = sum(len(group) for group in by_month.values())
    body = [
        f"# {year}",
        f'[Archive](../index.md) › {year} · <span class="pa-count">{plural(count, "paper")}</span>',
    ]
    lines = [
        f'- [{month_name(year, month)}]({month}.md) <span class="pa-count">{plural(len(by_month[month]), "paper")}</span>'
        for month in sorted((m for m in by_month if m), reverse=True)
    ]
    if lines:
        body.append("\n".join(lines))
    if None in by_month:
        body.append(f"## Dated {year} only")
        body.append(card_list(by_month[None], "../../", slugs, card))
    return _page({"title": year, "description": f"The archive's papers of {year}."}, body)


def _month_page(year: str, month: str, papers: list[Paper], before, after, slugs: dict[str, str], card) -> str:
    name = month_name(year, month)
    trail = [f"[Archive](../index.md) › [{year}](index.md) › {name}", f'<span class="pa-count">{plural(len(papers), "paper")}</span>']
    body = [f"# {name}", " · ".join(trail)]
    by_day: dict[str, list[Paper]] = {}
    for paper in papers:
        day = paper.sort_date[:10]
        by_day.setdefault(day if DAY.fullmatch(day) else "", []).append(paper)
    for day in sorted(by_day, reverse=True):
        body.append(f"## {day_heading(day) if day else NO_DAY}")
        body.append(card_list(by_day[day], "../../", slugs, card))
    steps = []
    if before:
        steps.append(f"[← {month_name(*before)}]({_month_link(year, before)})")
    if after:
        steps.append(f"[{month_name(*after)} →]({_month_link(year, after)})")
    if steps:
        body.append(f'<p class="pa-steps" markdown>{" · ".join(steps)}</p>')
    return _page({"title": name, "description": f"The archive's papers of {name}."}, body)


def _month_link(year: str, other: tuple[str, str]) -> str:
    """From `archive/<year>/`, the Markdown path of another month's page."""
    other_year, other_month = other
    return f"{other_month}.md" if other_year == year else f"../{other_year}/{other_month}.md"
