"""The date archive (index, year and month pages), checked in the built HTML of a
site with two listing days and papers dated by day, month, year or not at all.
The home page: tests/test_home_page.py."""

from __future__ import annotations

import re

from tests.dated_site import article, linked_papers, pages, slug_of, text_of


def counts_in(markup: str) -> dict[str, str]:
    """Link text → the count beside it, for index lines such as `March 2024 66 papers`."""
    return {
        text_of(label): count
        for label, count in re.findall(r'<a href="[^"]+">([^<]+)</a> <span class="pa-count">(\d+) papers?</span>', markup)
    }


def test_archive_index_lists_years_and_months_with_counts(dated_site):
    index = article(dated_site.html("archive"))
    assert re.findall(r'<h2 id="[^"]+">([^<]+)<a', index) == ["2024", "2023", "2022", "Undated"]
    counts = counts_in(index)
    assert counts["March 2024"] == "68" and counts["All of 2024"] == "68"
    assert counts["November 2023"] == "3" and counts["All of 2023"] == "3"
    assert counts["Dated 2022 only"] == "1" and counts["All of 2022"] == "1"
    assert 'href="2024/03/"' in index and 'href="2023/11/"' in index and 'href="2022/"' in index
    undated = index.split('id="undated"', 1)[1]
    assert linked_papers(undated) == [slug_of(dated_site, "A Paper With No Date")]


def test_month_page_groups_its_papers_by_day_newest_first(dated_site):
    month = article(dated_site.html("archive/2023/11"))
    assert "November 2023" in text_of(month)
    days = re.findall(r'<h2 id="[^"]+">([^<]+)<a', month)
    assert days == ["20 November 2023", "2 November 2023", "Day not given"]
    assert linked_papers(month) == [
        slug_of(dated_site, "<script>"),
        slug_of(dated_site, "Sparse Routing"),
        slug_of(dated_site, "A Paper Dated by Its Month Only"),
    ]
    assert 'href="../../2024/03/"' in month  # the next month with papers
    march = article(dated_site.html("archive/2024/03"))
    assert re.findall(r'<h2 id="[^"]+">([^<]+)<a', march) == ["15 March 2024", "14 March 2024"]
    assert len(linked_papers(march)) == 68
    assert 'href="../../2023/11/"' in march


def test_year_page_lists_its_months_and_papers_dated_by_year_only(dated_site):
    year = article(dated_site.html("archive/2022"))
    assert re.findall(r'<h2 id="[^"]+">([^<]+)<a', year) == ["Dated 2022 only"]
    assert linked_papers(year) == [slug_of(dated_site, "A Paper Dated by Its Year Only")]
    assert counts_in(article(dated_site.html("archive/2023"))) == {"November 2023": "3"}


def test_every_paper_is_filed_exactly_once(dated_site):
    filed = []
    for path in (dated_site.site / "archive").rglob("index.html"):
        content = article(path.read_text("utf-8"))
        filed += linked_papers(content)
    assert sorted(filed) == sorted(pages(dated_site))


def test_hostile_titles_show_as_text_in_the_archive(dated_site):
    month = article(dated_site.html("archive/2023/11"))
    assert "<script>" not in month and "<em>" not in month
    assert "<script>alert('card')</script> & *Stars* in a _Title_" in text_of(month)


def test_archive_is_in_the_navigation(dated_site):
    assert re.search(r'<a href="archive/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Archive', dated_site.html(""))
