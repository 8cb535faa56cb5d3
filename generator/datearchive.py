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
from generator.pagination import Place, link, paged
from generator.render import day_heading
from generator.tagpages import slugs_in_use

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")
NO_DAY = "Day not given"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def filed_under(paper: Paper) -> tuple[str, str | None]:
    """(year, month) from the paper's date; ("", None) when undated or unreadable."""
    return _filed(paper.sort_date)


def _filed(date: str) -> tuple[str, str | None]:
    parts = date.split("-")
    year = parts[0] if parts and len(parts[0]) == 4 and parts[0].isdigit() else ""
    month = parts[1] if year and len(parts) > 1 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12 else None
    return year, month


def month_name(year: str, month: str) -> str:
    return f"{MONTHS[int(month) - 1]} {year}"


def archive_pages(papers: Sequence[Paper], taxonomy, made=made_now, ordered=None, slugs=None,
                  page_size: int = 0) -> dict:
    """Every page of the date archive; `made(function, *arguments)` makes each page (see
    `site.Parts`); `ordered` (the papers `newest_first`) and `slugs` (`slugs_in_use`) when
    already known. A list of more than `page_size` papers (0: no limit) goes on over more
    pages (`pagination`)."""
    slugs = slugs_in_use(papers, taxonomy) if slugs is None else slugs
    years: dict[str, dict[str | None, list[Paper]]] = {}
    undated: list[Paper] = []
    ordered = newest_first(papers) if ordered is None else ordered  # one sort of all: every list below is in order
    dates = [paper.sort_date for paper in ordered]
    places = {date: _filed(date) for date in set(dates)}  # a few hundred days for thousands of papers
    for paper, date in zip(ordered, dates):
        year, month = places[date]
        if year:
            years.setdefault(year, {}).setdefault(month, []).append(paper)
        else:
            undated.append(paper)
    months = sorted((year, month) for year, by_month in years.items() for month in by_month if month)
    # The index and the year pages list their months by count alone: the papers themselves
    # go into their keys only where the page shows them.
    counts = {year: {month: len(group) for month, group in by_month.items()} for year, by_month in years.items()}
    outputs = {}
    for members, place in paged("archive/index.md", undated, page_size):
        outputs[place.path] = made(_index_page, counts, list(members), slugs, place)
    for year, by_month in years.items():
        for members, place in paged(f"archive/{year}/index.md", by_month.get(None, []), page_size):
            outputs[place.path] = made(_year_page, year, counts[year], list(members), slugs, place)
    for position, (year, month) in enumerate(months):
        before = months[position - 1] if position else None
        after = months[position + 1] if position + 1 < len(months) else None
        for members, place in paged(f"archive/{year}/{month}.md", years[year][month], page_size):
            outputs[place.path] = made(_month_page, year, month, list(members), before, after, slugs, place)
    return outputs


def _page(meta: dict, body: list[str]) -> str:
    post = frontmatter.Post("\n\n".join(body) + "\n", **meta)
    return yamltext.page(post)


def _index_page(counts: dict, undated: list[Paper], slugs: dict[str, str], place: Place) -> str:
    here = place.path
    total = sum(sum(by_month.values()) for by_month in counts.values()) + place.papers
    body = [
        "# Archive",
        f"All {plural(total, 'paper')} by the day they were listed, else by their publication date.",
    ]
    for year in sorted(counts, reverse=True):
        by_month = counts[year]
        body.append(f"## {year}")
        lines = [f'[All of {year}]({link(f"archive/{year}/index.md", here)}) '
                 f'<span class="pa-count">{plural(sum(by_month.values()), "paper")}</span>', ""]
        for month in sorted((m for m in by_month if m), reverse=True):
            lines.append(
                f'- [{month_name(year, month)}]({link(f"archive/{year}/{month}.md", here)}) '
                f'<span class="pa-count">{plural(by_month[month], "paper")}</span>'
            )
        if None in by_month:
            lines.append(
                f'- [Dated {year} only]({link(f"archive/{year}/index.md", here)}#dated-{year}-only) '
                f'<span class="pa-count">{plural(by_month[None], "paper")}</span>'
            )
        body.append("\n".join(lines).strip())
    if undated:
        body.append("## Undated")
        body.extend(place.around(card_list(undated, place.root, slugs)))
    return _page({"title": place.title("Archive"), "description": "The archive's papers by year and month."}, body)


def _year_page(year: str, by_month: dict, dated_only: list[Paper], slugs: dict[str, str], place: Place) -> str:
    here = place.path
    count = sum(by_month.values())
    body = [
        f"# {year}",
        f'[Archive]({link("archive/index.md", here)}) › {year} · <span class="pa-count">{plural(count, "paper")}</span>',
    ]
    lines = [
        f'- [{month_name(year, month)}]({link(f"archive/{year}/{month}.md", here)}) '
        f'<span class="pa-count">{plural(by_month[month], "paper")}</span>'
        for month in sorted((m for m in by_month if m), reverse=True)
    ]
    if lines:
        body.append("\n".join(lines))
    if dated_only:
        body.append(f"## Dated {year} only")
        body.extend(place.around(card_list(dated_only, place.root, slugs)))
    return _page({"title": place.title(year), "description": f"The archive's papers of {year}."}, body)


def _month_page(year: str, month: str, papers: list[Paper], before, after, slugs: dict[str, str],
                place: Place) -> str:
    here, name = place.path, month_name(year, month)
    trail = [f'[Archive]({link("archive/index.md", here)}) › [{year}]({link(f"archive/{year}/index.md", here)}) › {name}',
             f'<span class="pa-count">{plural(place.papers, "paper")}</span>']
    body = [f"# {name}", " · ".join(trail)]
    by_day: dict[str, list[Paper]] = {}
    for paper in papers:
        day = paper.sort_date[:10]
        by_day.setdefault(day if DAY.fullmatch(day) else "", []).append(paper)
    days = [f"## {day_heading(day) if day else NO_DAY}\n\n{card_list(by_day[day], place.root, slugs)}"
            for day in sorted(by_day, reverse=True)]
    body.extend(place.around("\n\n".join(days)))
    steps = []
    if before:
        steps.append(f"[← {month_name(*before)}]({link(f'archive/{before[0]}/{before[1]}.md', here)})")
    if after:
        steps.append(f"[{month_name(*after)} →]({link(f'archive/{after[0]}/{after[1]}.md', here)})")
    if steps:
        body.append(f'<p class="pa-steps" markdown>{" · ".join(steps)}</p>')
    return _page({"title": place.title(name), "description": f"The archive's papers of {name}."}, body)
