"""The home page as the archive's front door, the Tags page as an index, TeX in
every listing, and what the built site must not carry, checked in the HTML of
real throwaway sites. Readers' view in Chromium: tests/browser/test_front_door.py."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest

from generator.cards import paper_card
from generator.home import home_listing
from generator.model import Paper
from tests.conftest import FIXTURES, make_project
from tests.dated_site import DATED, article, linked_papers, pages, slug_of, text_of

ARXIV_WITH_TEX = FIXTURES / "readers" / "arxiv" / "api-query.xml"
BIBTEX_WITH_TEX = FIXTURES / "readers" / "bibtex" / "reading-list.bib"
TEX_TITLE = "Exact Results in"


def headings(markup: str, level: int) -> list[str]:
    return [text_of(found) for found in re.findall(rf'<h{level} id="[^"]+">(.*?)<a class="headerlink"', markup)]


def test_home_lists_the_newest_papers_of_every_source_by_day(dated_site):
    home = article(dated_site.html(""))
    linked = linked_papers(home)
    assert len(linked) == 30 == len(set(linked))
    assert headings(home, 3) == ["15 March 2024", "14 March 2024"]
    newer = home.split('id="14-march-2024"', 1)[0]
    assert set(linked_papers(newer)) == {slug_of(dated_site, "Tiny Recursive Models"), slug_of(dated_site, "Listing Day Two")}
    assert home.count('class="pa-teaser"') == 30
    assert re.search(r'<a href="archive/">All 73 papers by date', home)


def test_home_states_the_archive_size_and_range_and_opens_every_door(dated_site):
    assert "<title>Paper Archive</title>" in dated_site.html("")
    home = article(dated_site.html(""))
    facts = text_of(re.search(r'<p class="pa-home-facts">(.*?)</p>', home).group(1))
    tags = len({path.stem for path in (dated_site.docs / "tags").glob("*.md")} - {"untagged"})
    assert facts == f"73 papers · {tags} tags · 2022 to 15 March 2024"
    doors = re.search(r'<p class="pa-home-doors">(.*?)</p>', home).group(1)
    assert re.findall(r'href="([^"]+)"', doors) == [
        "browse/", "tags/", "archive/", "about/", "feeds/papers.xml", "papers.bib", "papers.json",
    ]
    for target in ("browse/index.html", "tags/index.html", "archive/index.html", "about/index.html", "feeds/papers.xml", "papers.bib"):
        assert (dated_site.site / target).is_file(), target


def test_every_section_is_a_header_tab_on_every_page(dated_site):
    tab_labels = ["Home", "Tags", "Browse", "Archive", "About"]
    some_paper = slug_of(dated_site, "Tiny Recursive Models")
    for path in ("", "tags", "browse", "archive", "archive/2024/03", f"papers/{some_paper}", "tags/graph-neural-networks"):
        markup = dated_site.html(path)
        tabs = re.search(r'<nav class="md-tabs".*?</nav>', markup, re.S)
        assert tabs, path
        assert [text_of(label).strip() for label in re.findall(r'<a href="[^"]*" class="md-tabs__link">(.*?)</a>', tabs.group(), re.S)] == tab_labels, path


def test_home_size_is_a_setting_and_small_dates_come_last(tmp_path):
    project = make_project(tmp_path / "project")
    for path in sorted(DATED.iterdir()):
        shutil.copy2(path, project.sources / path.name)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      taxonomy: taxonomy.yml\n", "      taxonomy: taxonomy.yml\n      home_size: 100\n"), "utf-8")
    project.build()
    home = article(project.html(""))
    assert len(set(linked_papers(home))) == 73
    assert headings(home, 3) == ["15 March 2024", "14 March 2024", "20 November 2023", "2 November 2023", "November 2023", "2022", "Undated"]
    assert "papers by date" not in home


def paper(title: str, date: str, **fields) -> Paper:
    return Paper(title=title, abstract=f"About {title}.", key=title, slug=re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"), listing_date=date or None, **fields)


@pytest.mark.parametrize("size, shown", [(0, 0), (1, 1), (3, 3), (10, 4)])
def test_home_listing_shows_at_most_its_size(size, shown):
    papers = [paper("A", "2024-03-14"), paper("B", "2024-03-15"), paper("C", "2023"), paper("D", "")]
    listing = home_listing(papers, "", {}, size=size)
    assert len(re.findall(r"\(papers/[a-d]\.md\)", listing)) == shown
    assert ("All 4 papers by date" in listing) == (shown < 4)
    assert "4 papers · 0 tags · 2023 to 15 March 2024" in listing


def test_an_empty_archive_says_so():
    assert "No papers yet." in home_listing([], "", {}, doors=[("Tags", "tags.md")])


@pytest.fixture(scope="module")
def tex_site(tmp_path_factory):
    """The sample, a real arXiv export and a BibTeX list, both with TeX in titles and abstracts."""
    project = make_project(tmp_path_factory.mktemp("tex") / "project")
    shutil.copy2(ARXIV_WITH_TEX, project.sources / ARXIV_WITH_TEX.name)
    shutil.copy2(BIBTEX_WITH_TEX, project.sources / BIBTEX_WITH_TEX.name)
    project.build()
    return project


def raw_tex_outside_math(markup: str) -> list[str]:
    """TeX a reader would see as source: `$…$` or `\\(` in the text outside arithmatex spans."""
    outside = re.sub(r'<span class="arithmatex">.*?</span>', "", markup, flags=re.S)
    text = text_of(outside)
    return re.findall(r"\$[^$\s][^$]*\$|\\\(|\\mathcal", text)


def test_tex_in_cards_is_marked_for_typesetting_on_tag_and_archive_pages(tex_site):
    slug = slug_of(tex_site, TEX_TITLE)
    tag_pages = [path for path in (tex_site.site / "tags").glob("*/index.html") if f"papers/{slug}/" in path.read_text("utf-8")]
    assert tag_pages
    for page in tag_pages + [tex_site.site / "archive" / "1998" / "12" / "index.html"]:
        content = article(page.read_text("utf-8"))
        assert r'<span class="arithmatex">\(\mathcal{N}=2\)</span>' in html.unescape(content)
        assert raw_tex_outside_math(content) == [], page


def test_tex_in_the_browse_index_is_given_beside_plain_text(tex_site):
    entries = {entry["slug"]: entry for entry in json.loads((tex_site.site / "papers.json").read_text("utf-8"))}
    tex = entries[slug_of(tex_site, TEX_TITLE)]
    assert "$\\mathcal{N}=2$" in tex["tex"]["title"] and "$" not in tex["title"]
    listed_only = [slug for slug, post in pages(tex_site).items() if all(".txt:" in source for source in post["sources"])]
    assert len(listed_only) >= 60  # one sample paper is also in the BibTeX list
    assert not any("tex" in entries[slug] for slug in listed_only)


def test_no_listing_shows_raw_tex(tex_site):
    for path in [tex_site.site / "index.html", *(tex_site.site / "tags").rglob("index.html"), *(tex_site.site / "archive").rglob("index.html")]:
        assert raw_tex_outside_math(article(path.read_text("utf-8"))) == [], path


def test_a_related_paper_with_tex_is_typeset():
    from generator.related import related_section

    other = paper("Fast $\\mathcal{O}(n)$ sorting", "2024-03-14", math=True)
    plain = paper("Price $5 and $6", "2024-03-14")
    here = paper("Here", "2024-03-14", related=(other.key, plain.key))
    section = related_section(here, {p.key: p for p in (here, other, plain)})
    assert '<span class="arithmatex">&#92;&#40;&#92;mathcal&#123;O&#125;&#40;n&#41;&#92;&#41;</span>' in section
    assert "Price &#36;5 and &#36;6" in section


def test_a_card_escapes_markup_around_tex():
    card = paper_card(paper("<b>Bold</b> $x_1$ and *star*", "2024-03-14", math=True), "", {})
    assert "<b>" not in card and "*star*" not in card
    assert '<span class="arithmatex">&#92;&#40;x&#95;1&#92;&#41;</span>' in card


def test_the_tags_page_is_an_index_of_tags_with_counts_and_descriptions(dated_site):
    markup = article(dated_site.html("tags"))
    assert "papers by tag" not in text_of(markup).lower()
    assert linked_papers(markup) == []
    linked = re.findall(r'<a class="pa-tag-link" href="([^/"]+)/">', markup)
    assert sorted(linked) == sorted(path.stem for path in (dated_site.docs / "tags").glob("*.md") if path.stem != "untagged")
    assert '<a href="untagged/">' in markup
    assert headings(markup, 2)[:3] == ["Methods", "Learning Settings", "Tasks"]
    assert headings(markup, 2)[-2:] == ["Your tags", "Without a topic"]
    gnn = re.search(r'href="graph-neural-networks/">Graph Neural Networks</a> <span class="pa-count">(\d+) papers</span>\s*<br><span class="pa-tag-description">([^<]+)</span>', markup)
    assert gnn and int(gnn.group(1)) >= 2 and gnn.group(2).strip()


def test_browse_page_has_no_table_of_contents(dated_site):
    markup = dated_site.html("browse")
    secondary = re.search(r'<div class="md-sidebar md-sidebar--secondary"[^>]*>', markup)
    assert secondary and "hidden" in secondary.group()
    # The fallback's headings are still there for readers without JavaScript.
    assert headings(article(markup), 2)[:1] == ["Methods"]


def test_no_screenshots_in_the_site(sample_site):
    images = [path.relative_to(sample_site.site).as_posix() for path in sample_site.site.rglob("*") if path.suffix.lower() in {".png", ".jpg", ".jpeg", ".webp", ".gif"}]
    assert images == ["assets/images/favicon.png"]
