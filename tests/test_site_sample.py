"""The sample listing built end to end with `mkdocs build --strict`, checked in its HTML,
front matter and search index."""

from __future__ import annotations

import filecmp
import html
import re
import shutil
from collections import Counter

import frontmatter

from generator.readers import ReadSettings, decode, listing
from generator.search_fields import PAPER_WORD
from tests import pagefind_index
from tests.conftest import SAMPLE


def sample_records():
    records, _ = listing.read(decode(SAMPLE.read_bytes()), "sources/" + SAMPLE.name, ReadSettings())
    return records


def pages(project):
    return {path.stem: frontmatter.load(path) for path in project.paper_pages()}


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_one_page_per_paper_with_exact_titles(sample_site):
    built = pages(sample_site)
    assert len(built) == 66
    assert len(list((sample_site.site / "papers").glob("*/index.html"))) == 66
    assert sorted(page["title"] for page in built.values()) == sorted(r.title for r in sample_records())
    for slug, page in built.items():
        heading = re.search(r'<h1 class="pa-title"[^>]*>(.*?)</h1>', sample_site.html(f"papers/{slug}"), re.S)
        assert text_of(heading.group(1)) == page["title"]


def test_abstracts_are_shown_literally(sample_site):
    [matrix] = [s for s, p in pages(sample_site).items() if p["title"].startswith("How Over-Parameterization")]
    markup = sample_site.html(f"papers/{matrix}")
    abstract = re.search(r'<p class="pa-abstract"[^>]*>(.*?)</p>', markup, re.S).group(1)
    assert "<em>" not in abstract and "<strong>" not in abstract
    assert "M^* in R^{n times n}" in text_of(abstract)
    [dark] = [s for s, p in pages(sample_site).items() if "dark matter" in p["title"]]
    assert "(-varepsilon_ur)^{2/3}" in text_of(sample_site.html(f"papers/{dark}"))
    every_page = "".join(path.read_text("utf-8") for path in sample_site.paper_pages())
    assert "\\%" not in every_page and "60% reduction" in every_page


def test_messy_sample_urls_become_exact_links(sample_site):
    links = {page["title"].split(":")[0]: page.get("links", {}) for page in pages(sample_site).values()}
    assert links["EQ-Net"] == {"code": "https://github.com/xuke225/EQ-Net"}
    assert links["Weight-Entanglement Meets Gradient-Based Neural Architecture Search"] == {
        "code": "https://anonymous.4open.science/r/TangleNAS-527C"
    }
    assert links["Diversity-Driven Synthesis"] == {"code": "https://github.com/AngusDujw/Diversity-Driven-Synthesis"}
    assert links["SineNet"] == {"code": "https://github.com/divelab/AIRS"}
    assert links["Motion Mamba"] == {"project": "https://steve-zeyu-zhang.github.io/MotionMamba/"}
    every_url = [url for page_links in links.values() for url in page_links.values()]
    assert len(every_url) == 17
    assert not [url for url in every_url if re.search(r"[.)}{]$|\.git$|\{|https?://.*https?://", url)]
    markup = sample_site.html("papers/" + next(s for s, p in pages(sample_site).items() if p["title"].startswith("EQ-Net")))
    assert 'class="md-button pa-link pa-link--code" href="https://github.com/xuke225/EQ-Net"' in markup


def test_every_paper_has_one_to_six_tags_and_none_is_everywhere(sample_site):
    tag_lists = [page["tags"] for page in pages(sample_site).values()]
    assert all(1 <= len(tags) <= 6 for tags in tag_lists)
    counts = Counter(tag for tags in tag_lists for tag in tags)
    assert max(counts.values()) <= 0.4 * len(tag_lists)


def test_tag_index_links_every_tag_page_and_no_paper(sample_site):
    # The tag pages list the papers; the index only leads to them.
    index = sample_site.html("tags")
    every_tag = {tag for page in pages(sample_site).values() for tag in page["tags"]}
    linked_tags = set(re.findall(r'href="([^"/]+)/"', index.split('<article', 1)[1].split('</article>', 1)[0]))
    assert len(linked_tags) == len(every_tag)
    assert all((sample_site.site / "tags" / slug / "index.html").is_file() for slug in linked_tags)
    assert not re.findall(r'href="(?:\.\./)?papers/([^/"]+)/"', index)


def test_home_page_lists_the_30_newest_papers_with_tags_and_teaser(sample_site):
    # One listing day in the sample: its first 30 papers by title. More days: tests/test_home_page.py.
    home = sample_site.html("")
    by_title = sorted(pages(sample_site).items(), key=lambda item: (item[1]["title"].casefold(), item[1]["title"], item[0]))
    assert re.findall(r'class="pa-card__title" href="papers/([^/"]+)/"', home) == [slug for slug, _ in by_title[:30]]
    assert home.count('class="pa-teaser"') == 30
    assert 'href="archive/">All 66 papers by date' in home


def test_search_index_holds_every_paper_with_its_fields_and_nothing_else(sample_site):
    fragments = sample_site.search_fragments()
    built = pages(sample_site)
    # Only paper pages: listings (home, tags, archive) would repeat every title.
    assert set(fragments) == {f"papers/{slug}/" for slug in built}
    assert pagefind_index.filter_names(sample_site.site) == {"tag", "year"}  # the sample has no venues
    for slug, page in built.items():
        fragment = fragments[f"papers/{slug}/"]
        assert fragment["meta"]["title"] == " ".join(page["title"].split())
        assert fragment["meta"]["date"] == page["date"] and fragment["filters"]["year"] == [page["date"][:4]]
        # The word the browse page searches to list every paper.
        assert fragment["meta"]["kind"] == PAPER_WORD
        assert sorted(fragment["filters"]["tag"]) == sorted(page["tags"])
        # Title, then the abstract, whose length the page states; related papers and BibTeX are not searched.
        words = fragment["content"].split()
        title_words = len(fragment["meta"]["title"].split())
        abstract = words[title_words : title_words + int(fragment["meta"]["abstract_words"])]
        shown = re.findall(r'<p class="pa-abstract"[^>]*>(.*?)</p>', sample_site.html(f"papers/{slug}"), re.S)
        assert " ".join(abstract).rstrip(".") == " ".join(text_of(" ".join(shown)).split()).rstrip(".")
        assert "@misc{" not in fragment["content"] and "Related papers" not in fragment["content"]
    assert not (sample_site.site / "search").exists()
    assert not pagefind_index.pages_fetching_whole_index(sample_site.site)


def test_paper_pages_mark_what_pagefind_indexes(sample_site):
    [slug] = [s for s, p in pages(sample_site).items() if p["title"].startswith("KIVI")]
    markup = sample_site.html(f"papers/{slug}")
    assert re.search(r'<h1 class="pa-title" data-pagefind-body data-pagefind-meta="title">KIVI', markup)
    assert re.search(r'<p class="pa-abstract" data-pagefind-body>Efficiently serving', markup)
    fields = re.search(r'<div class="pa-search-fields" hidden>(.*?)</div>', markup).group(1)
    assert '<span data-pagefind-filter="tag">Quantization</span>' in fields
    assert '<span data-pagefind-filter="year">2024</span>' in fields
    assert '<span data-pagefind-meta="date">2024-03-14</span>' in fields
    assert markup.count("data-pagefind-body") == 2 + len(re.findall(r'class="pa-abstract"', markup))


def test_generation_twice_rewrites_nothing_and_builds_are_identical(sample_project):
    sample_project.build()
    first = sample_project.root / "first-site"
    shutil.copytree(sample_project.site, first)
    stamps = {path: path.stat().st_mtime_ns for path in sample_project.docs.rglob("*") if path.is_file()}
    result = sample_project.generate()
    assert "0 written" in result.stdout and "0 removed" in result.stdout
    assert {path: path.stat().st_mtime_ns for path in sample_project.docs.rglob("*") if path.is_file()} == stamps
    sample_project.build()
    # Pagefind orders a filter's values differently from run to run; what it indexed is compared instead.
    comparison = filecmp.dircmp(first, sample_project.site, ignore=["sitemap.xml", "sitemap.xml.gz", "pagefind"])
    assert pagefind_index.fragments(first) == sample_project.search_fragments()
    differences = []

    def collect(node):
        differences.extend(node.diff_files + node.left_only + node.right_only)
        for child in node.subdirs.values():
            collect(child)

    collect(comparison)
    assert differences == []
