"""Atom feeds: the newest papers of the whole archive and of each tag.

Responsible for `feeds/papers.xml` and `feeds/tags/<slug>.xml`; nothing more.
Links and ids are absolute, built from `site_url` (without it there is no
address to give, so no feeds are made). Every date comes from the papers: an
entry is updated on the day the archive filed it (`Paper.sort_date`), a feed
on its newest entry's day, so the same papers always give the same bytes.
Undated papers cannot be placed in time and are left out of feeds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone


from generator.cards import newest_first
from generator.model import Paper, made_now
from generator.render import plain_title
from generator.tagpages import tag_groups
from generator.textex import plain

ARCHIVE_FEED = "feeds/papers.xml"
# Material fetches `sitemap.xml` beside every `<link rel="alternate">` of a page
# (looking for translations of the site), again on each page until it finds
# one; an empty sitemap in each feed folder answers it instead of a 404.
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
PROBED = ("feeds/sitemap.xml", "feeds/tags/sitemap.xml")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# Characters XML 1.0 cannot carry at all; lxml refuses them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def tag_feed_path(slug: str) -> str:
    return f"feeds/tags/{slug}.xml"


def feed_outputs(papers: Sequence[Paper], taxonomy, settings, groups=None, made=made_now, ordered=None) -> dict:
    """Every feed; `groups` are `tag_groups` and `ordered` the papers `newest_first`
    when already known; `made(function, *arguments)` makes each document (see `site.Parts`)."""
    if not settings.site_url:
        return {}
    base = settings.site_url if settings.site_url.endswith("/") else settings.site_url + "/"
    size = settings.feed_size
    outputs = dict.fromkeys(PROBED, EMPTY_SITEMAP)
    outputs[ARCHIVE_FEED] = made(
        dated_document, newest_papers(newest_first(papers) if ordered is None else ordered, size), base, ARCHIVE_FEED, "",
        settings.site_name,
        f"The newest papers of {settings.site_name}.", settings.site_name,
    )
    for group in tag_groups(papers, taxonomy) if groups is None else groups:
        outputs[tag_feed_path(group.slug)] = made(
            dated_document,
            newest_papers(group.papers, size),
            base,
            tag_feed_path(group.slug),
            f"tags/{group.slug}/",
            f"{settings.site_name}: {group.name}",
            group.description or f"The newest papers tagged {group.name}.",
            settings.site_name,
        )
    return outputs


def when(date: str) -> datetime | None:
    """Midnight UTC of an ISO date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`); None if unreadable."""
    parts = (date.split("-") + ["1", "1"])[:3]
    try:
        return datetime(int(parts[0]), int(parts[1]), int(parts[2]), tzinfo=timezone.utc)
    except ValueError:
        return None


def text(value: str) -> str:
    return NOT_XML.sub("", " ".join(value.split()))


def newest_dated(ordered: Sequence[Paper], size: int) -> list[tuple[Paper, datetime]]:
    """The `size` first papers of `ordered` (newest first) that have a readable date, with it."""
    dated = []
    for paper in ordered:
        if len(dated) >= size:
            break
        moment = when(paper.sort_date) if paper.sort_date else None
        if moment is not None:
            dated.append((paper, moment))
    return dated


def newest_papers(ordered: Sequence[Paper], size: int) -> list[Paper]:
    """The papers of `newest_dated`, without their dates: what a feed's key names."""
    return [paper for paper, _ in newest_dated(ordered, size)]


def dated_document(papers: Sequence[Paper], base: str, path: str, page: str, title: str, subtitle: str,
                   site_name: str) -> str:
    """`atom_document` of `newest_papers`, each with the day it is filed under."""
    return atom_document([(paper, when(paper.sort_date)) for paper in papers], base, path, page, title, subtitle, site_name)


def atom_feed(
    papers: Sequence[Paper], base: str, path: str, page: str, title: str, subtitle: str, size: int, site_name: str
) -> str:
    """One Atom document: the `size` newest dated papers; `page` is the HTML page it mirrors."""
    return atom_document(newest_dated(newest_first(papers), size), base, path, page, title, subtitle, site_name)


def atom_document(
    dated: Sequence[tuple[Paper, datetime]], base: str, path: str, page: str, title: str, subtitle: str, site_name: str
) -> str:
    """One Atom document of `dated` papers (with the day each was filed under)."""
    from feedgen.feed import FeedGenerator  # loaded only when a feed changed

    feed = FeedGenerator()
    feed.id(base + path)
    feed.title(text(title))
    feed.subtitle(text(subtitle))
    feed.link(href=base + page, rel="alternate", type="text/html")
    feed.link(href=base + path, rel="self", type="application/atom+xml")
    feed.generator("Paper Archive")
    # Atom wants an author for every entry; a listing often names none.
    feed.author(name=text(site_name))
    feed.updated(max((moment for _, moment in dated), default=EPOCH))
    for paper, moment in dated:
        url = f"{base}papers/{paper.slug}/"
        item = feed.add_entry(order="append")
        item.id(url)
        item.title(text(plain_title(paper)))
        item.link(href=url, rel="alternate", type="text/html")
        item.updated(moment)
        published = when(paper.date) if paper.date else None
        if published is not None:
            item.published(published)
        for name in paper.authors:
            if text(name):
                item.author(name=text(name))
        for tag in paper.tags:
            item.category(term=text(tag))
        summary = text(plain(paper.abstract, paper.math))
        if summary:
            item.summary(summary)
    return feed.atom_str(pretty=True).decode("utf-8")
