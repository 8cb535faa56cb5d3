"""Tag pages, the tag index grouped by family, and tag links on paper pages, checked in
the built HTML of the sample and of a site with a person's own tags."""

from __future__ import annotations

import html
import re
from collections import Counter

import frontmatter
import yaml

from generator.tagging import load_taxonomy
from generator.tagpages import tag_slug, tag_slugs
from tests.conftest import REPO
from tests.dated_site import article, linked_papers, pages, slug_of, text_of

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")


def tag_counts(project) -> Counter:
    return Counter(tag for page in pages(project).values() for tag in dict.fromkeys(page.get("tags", [])))


def card_dates(markup: str) -> list[str]:
    return re.findall(r'<time datetime="([^"]+)">', markup)


def test_every_tag_has_a_page_with_its_count_and_exactly_its_papers(sample_site):
    counts = tag_counts(sample_site)
    built = pages(sample_site)
    for name, count in counts.items():
        slug = TAXONOMY.get(name).slug
        page = frontmatter.load(sample_site.docs / "tags" / f"{slug}.md")
        assert page["title"] == name
        content = article(sample_site.html(f"tags/{slug}"))
        assert f'<span class="pa-count">{count} paper{"s" if count != 1 else ""}</span>' in content
        expected = {s for s, p in built.items() if name in p["tags"]}
        listed = linked_papers(content.split('class="pa-cards"', 1)[1])
        assert len(listed) == count and set(listed) == expected, name
    assert len(list((sample_site.site / "tags").glob("*/index.html"))) == len(counts)


def test_tag_page_shows_description_feed_and_bibliography(sample_site):
    tag = next(tag for tag in TAXONOMY.tags if tag.name in tag_counts(sample_site) and tag.description)
    content = article(sample_site.html(f"tags/{tag.slug}"))
    assert html.escape(tag.description, quote=False) in content
    assert f'href="../../feeds/tags/{tag.slug}.xml"' in content
    assert (sample_site.site / "feeds" / "tags" / f"{tag.slug}.xml").is_file()
    if (sample_site.site / "tags" / f"{tag.slug}.bib").is_file():
        assert f'href="../{tag.slug}.bib"' in content


def test_tag_index_groups_tags_by_family_with_counts_and_links(sample_site):
    index = article(sample_site.html("tags"))
    counts = tag_counts(sample_site)
    headings = re.findall(r'<h2 id="[^"]*">(.*?)<a class="headerlink"', index)
    used = [family for family in TAXONOMY.families if any(TAXONOMY.get(name).family == family for name in counts)]
    assert headings[: len(used)] == used
    for name, count in counts.items():
        slug = TAXONOMY.get(name).slug
        item = re.search(rf'<li><a class="pa-tag-link" href="{re.escape(slug)}/">(.*?)</a> <span class="pa-count">(\d+) papers?</span>', index)
        assert item, name
        assert text_of(item.group(1)) == name and int(item.group(2)) == count
    # Each tag sits under its own family's heading.
    for family, block in zip(headings, re.split(r"<h2 ", index)[1:]):
        if family in TAXONOMY.families:
            for slug in re.findall(r'<li><a class="pa-tag-link" href="([^"/]+)/">', block):
                assert next(t for t in TAXONOMY.tags if t.slug == slug).family == family


def test_tags_on_paper_pages_link_to_the_tag_pages(sample_site):
    for slug, page in pages(sample_site).items():
        markup = sample_site.html(f"papers/{slug}")
        chips = re.findall(r'<a href="([^"]+)" class="md-tag">(.*?)</a>', markup)
        assert sorted(html.unescape(name) for _, name in chips) == sorted(page["tags"])
        for href, name in chips:
            assert href == f"../../tags/{TAXONOMY.get(html.unescape(name)).slug}/"


def test_tag_pages_list_newest_first_then_by_title(dated_site):
    content = article(dated_site.html("tags/reading-group"))
    assert card_dates(content) == ["2023-11-20", "2023-11-02", "2023-11", "2022"]
    cards = content.split('class="pa-cards"', 1)[1]
    assert linked_papers(cards)[-1] == slug_of(dated_site, "A Paper With No Date")
    diffusion = article(dated_site.html(f"tags/{TAXONOMY.get('Diffusion Models').slug}"))
    dates = card_dates(diffusion)
    assert dates == sorted(dates, reverse=True) and dates[-1] == "2022"


def test_a_persons_tags_get_pages_spellings_merge_and_lookalikes_stay_apart(dated_site):
    # "Reading Group" and "reading group" are one tag; "C++" and "C" slugify alike but are two.
    content = article(dated_site.html("tags/reading-group"))
    assert '<h1 class="pa-title">Reading Group</h1>' in content
    assert '<span class="pa-count">5 papers</span> in Your tags' in content
    slugs = tag_slugs(["C++", "C", "Reading Group", "reading group", "diffusion models"], TAXONOMY)
    assert slugs["C++"] != slugs["C"] and slugs["C"].startswith("c-") and slugs["C++"].startswith("c-")
    assert slugs["Reading Group"] == slugs["reading group"] == "reading-group"
    assert slugs["diffusion models"] == TAXONOMY.get("Diffusion Models").slug
    for name, title in (("C++", "Sparse Routing"), ("C", "A Paper Dated by Its Month Only")):
        page = article(dated_site.html(f"tags/{slugs[name]}"))
        assert linked_papers(page.split('class="pa-cards"', 1)[1]) == [slug_of(dated_site, title)]
    index = article(dated_site.html("tags"))
    assert re.search(r'<h2 id="your-tags">Your tags', index)
    assert '<a class="pa-tag-link" href="reading-group/">Reading Group</a> <span class="pa-count">5 papers</span>' in index
    # The person's lower-case spelling of a taxonomy tag is that tag, under its own name.
    year_only = dated_site.html(f"papers/{slug_of(dated_site, 'A Paper Dated by Its Year Only')}")
    assert f'<a href="../../tags/{slugs["diffusion models"]}/" class="md-tag">Diffusion Models</a>' in year_only
    assert ">diffusion models</a>" not in year_only


def test_tag_slugs_avoid_reserved_and_empty_names():
    assert tag_slug("Index", TAXONOMY) != "index" and tag_slug("Index", TAXONOMY).startswith("index-")
    assert tag_slug("sitemap", TAXONOMY).startswith("sitemap-")
    assert re.fullmatch(r"tag-[0-9a-f]{6}", tag_slug("!!!", TAXONOMY))
    taken = TAXONOMY.tags[0]
    assert tag_slug(taken.slug.replace("-", " ") + " !", TAXONOMY) != taken.slug


def test_cards_show_hostile_titles_as_text_and_escape_link_addresses(dated_site):
    content = article(dated_site.html("tags/reading-group"))
    assert "<script>" not in content and "<em>" not in content and "<strong>" not in content
    assert "<script>alert('card')</script> & *Stars* in a _Title_" in text_of(content)
    assert 'href="https://github.com/example/sparse_routing?a=1&amp;b=2">Code</a>' in content
    assert 'href="https://example.org/sparse-routing/">Project page</a>' in content


def test_tag_pages_front_matter_reads_back(dated_site):
    for path in (dated_site.docs / "tags").glob("*.md"):
        if path.stem == "untagged":  # no feed: papers leave it as the taxonomy grows
            assert set(yaml.safe_load(path.read_text("utf-8").split("---")[1])) - {"paper-archive"} == {"title", "description"}
            continue
        meta = yaml.safe_load(path.read_text("utf-8").split("---")[1])
        assert set(meta) - {"paper-archive"} == {"title", "description", "atom_feed"}  # the generator's mark aside
        assert meta["atom_feed"] == f"feeds/tags/{path.stem}.xml"


def test_search_finds_papers_by_tag_name_and_never_a_listing_page(sample_site):
    fragments = sample_site.search_fragments()
    # Tag and archive pages list other papers' titles: they are not in the index.
    assert fragments and all(url.startswith("papers/") for url in fragments)
    titled = {page["title"]: page for page in pages(sample_site).values()}
    tagged = [title for title, page in titled.items() if "Pruning" in page["tags"]]
    found = [fragment for fragment in fragments.values() if "Pruning" in fragment["filters"]["tag"]]
    assert tagged and sorted(f["meta"]["title"] for f in found) == sorted(tagged)
    # The tag's name is searchable text of each of its papers, not only a filter.
    assert all("Pruning" in fragment["content"] for fragment in found)
