"""Atom feeds of the whole archive and of each tag, read back with feedparser from
the built sites, and their announcement in the pages' heads."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import feedparser
from mkdocs.config import load_config

from generator.tagging import load_taxonomy
from tests.conftest import REPO
from tests.dated_site import FEED_SIZE, pages, slug_of

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")
ALTERNATE = re.compile(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]+)">')


def site_url(project) -> str:
    return load_config(str(project.root / "mkdocs.yml")).site_url


def read(project, path: str):
    feed = feedparser.parse((project.site / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_archive_feed_parses_and_lists_the_newest_papers_with_absolute_urls(sample_site):
    base = site_url(sample_site)
    assert base.startswith("https://")
    feed = read(sample_site, "feeds/papers.xml")
    assert feed.version == "atom10"
    assert feed.feed.id == base + "feeds/papers.xml"
    assert {link.rel: link.href for link in feed.feed.links} == {"alternate": base, "self": base + "feeds/papers.xml"}
    assert len(feed.entries) == 30  # the default feed_size; the sample has 66 papers
    titles = {page["title"]: slug for slug, page in pages(sample_site).items()}
    listed = [entry.title for entry in feed.entries]
    assert listed == sorted(titles, key=str.casefold)[:30]
    for entry in feed.entries:
        url = base + f"papers/{titles[entry.title]}/"
        assert entry.id == entry.link == url
        assert entry.updated == "2024-03-14T00:00:00+00:00"
        assert entry.summary and entry.summary_detail.type == "text/plain"
    assert feed.feed.updated == "2024-03-14T00:00:00+00:00"


def test_every_tag_has_a_feed_of_its_papers(sample_site):
    base = site_url(sample_site)
    built = pages(sample_site)
    tags = {tag for page in built.values() for tag in page["tags"]}
    for name in tags:
        slug = TAXONOMY.get(name).slug
        feed = read(sample_site, f"feeds/tags/{slug}.xml")
        assert feed.feed.title == f"Paper Archive: {name}"
        assert {link.rel: link.href for link in feed.feed.links}["alternate"] == base + f"tags/{slug}/"
        expected = {base + f"papers/{s}/" for s, page in built.items() if name in page["tags"]}
        assert {entry.link for entry in feed.entries} == expected
        for entry in feed.entries:
            assert name in [tag.term for tag in entry.tags]


def test_pages_announce_the_archive_feed_and_tag_pages_their_own(sample_site):
    home = sample_site.html("")
    head = home.split("</head>", 1)[0]
    assert ALTERNATE.findall(head) == [("Paper Archive", "feeds/papers.xml")]
    slug = next(iter(pages(sample_site)))
    assert ("Paper Archive", "../../feeds/papers.xml") in ALTERNATE.findall(sample_site.html(f"papers/{slug}"))
    tag = TAXONOMY.get("Transformers & Attention")
    tag_head = sample_site.html(f"tags/{tag.slug}").split("</head>", 1)[0]
    assert ALTERNATE.findall(tag_head) == [
        ("Paper Archive", "../../feeds/papers.xml"),
        ("Paper Archive: Transformers &amp; Attention", f"../../feeds/tags/{tag.slug}.xml"),
    ]
    for _, href in ALTERNATE.findall(tag_head):
        assert (sample_site.site / "tags" / tag.slug / href).resolve().is_file()


def test_feed_size_dates_and_order_follow_the_papers(dated_site):
    base = site_url(dated_site)
    feed = read(dated_site, "feeds/papers.xml")
    assert len(feed.entries) == FEED_SIZE
    assert [entry.updated[:10] for entry in feed.entries] == ["2024-03-15", "2024-03-15", "2024-03-14"]
    assert feed.feed.updated == "2024-03-15T00:00:00+00:00"
    group = read(dated_site, "feeds/tags/reading-group.xml")
    # Newest first, FEED_SIZE of them; a month alone stands for its first day.
    assert [entry.updated for entry in group.entries] == [
        "2023-11-20T00:00:00+00:00", "2023-11-02T00:00:00+00:00", "2023-11-01T00:00:00+00:00"
    ]
    assert group.entries[0].title == "<script>alert('card')</script> & *Stars* in a _Title_"
    assert group.entries[0].link == base + f"papers/{slug_of(dated_site, '<script>')}/"
    sparse = group.entries[1]
    assert [author.name for author in sparse.authors] == ["Ada Example", "Alan Example"]
    assert sparse.published == "2023-11-02T00:00:00+00:00"
    assert "A Paper With No Date" not in {entry.title for entry in read(dated_site, "feeds/papers.xml").entries}


def test_feeds_carry_no_build_time_and_rebuild_byte_identical(dated_site):
    feeds = sorted((dated_site.docs / "feeds").rglob("*.xml"))
    before = {path: path.read_bytes() for path in feeds}
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert all(now.encode() not in data for data in before.values())
    dated_site.build()
    assert {path: path.read_bytes() for path in sorted((dated_site.docs / "feeds").rglob("*.xml"))} == before
    for path in feeds:
        assert (dated_site.site / path.relative_to(dated_site.docs)).read_bytes() == before[path]
