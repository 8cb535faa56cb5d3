"""A hostile listing in the sample's format (CRLF, BOM, markup, odd titles) built end to end."""

from __future__ import annotations

import html
import re
import shutil

import frontmatter
import pytest

from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "listing" / "2024-03-14-hostile.txt"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from tests.conftest import make_project

    project = make_project(tmp_path_factory.mktemp("hostile") / "project", with_sample=False)
    shutil.copy2(HOSTILE, project.sources / HOSTILE.name)
    project.build()
    return project


def source_titles():
    lines = [line.strip() for line in HOSTILE.read_bytes().decode("utf-8-sig").splitlines() if line.strip()]
    start = lines.index("Mar 14") + 1
    return lines[start::2]


def test_titles_round_trip_and_the_duplicate_makes_one_page(hostile_site):
    titles = source_titles()
    assert len(titles) == 10 and len(set(titles)) == 9
    built = [frontmatter.load(path)["title"] for path in hostile_site.paper_pages()]
    assert sorted(built) == sorted(set(titles))


def test_titles_that_slugify_alike_get_two_pages(hostile_site):
    slugs = [path.stem for path in hostile_site.paper_pages() if frontmatter.load(path)["title"].startswith("Deep Learning")]
    assert len(slugs) == 2 and len(set(slugs)) == 2


def test_no_page_escapes_docs_papers(hostile_site):
    assert all(path.parent == hostile_site.papers for path in hostile_site.paper_pages())
    assert not (hostile_site.root / "etc").exists() and not (hostile_site.docs / "etc").exists()
    assert all(re.fullmatch(r"[a-z0-9-]{1,80}", path.stem) for path in hostile_site.paper_pages())


def test_markup_is_shown_and_never_executed(hostile_site):
    for path in (hostile_site.site / "papers").glob("*/index.html"):
        markup = path.read_text("utf-8")
        assert "<script>alert" not in markup
        assert "<img src=x" not in markup and "<iframe" not in markup
        assert "<b>LLMs</b>" not in markup
    for name in ("index.html", "tags/index.html"):
        markup = (hostile_site.site / name).read_text("utf-8")
        assert "<script>alert" not in markup and "<b>LLMs</b>" not in markup
    [page] = [p for p in (hostile_site.site / "papers").glob("*/index.html") if "onerror" in p.read_text("utf-8")]
    text = html.unescape(page.read_text("utf-8"))
    assert "<img src=x onerror=alert(1)>" in text
    assert "<title>&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Quantization" in page.read_text("utf-8")


def test_markdown_in_abstracts_stays_literal(hostile_site):
    [page] = [p for p in (hostile_site.site / "papers").glob("*/index.html") if "not bold" in p.read_text("utf-8")]
    markup = page.read_text("utf-8")
    abstract = re.search(r'<p class="pa-abstract"[^>]*>(.*?)</p>', markup, re.S).group(1)
    assert "*not bold*" in abstract and "__not strong__" in abstract and "`not code`" in abstract
    assert "<em>" not in abstract and "<code>" not in abstract and "<table" not in markup


def test_dollar_signs_in_plain_text_start_no_math(hostile_site):
    [page] = [p for p in (hostile_site.site / "papers").glob("*/index.html") if "Price $5" in p.read_text("utf-8")]
    assert "arithmatex" not in re.search(r'<p class="pa-abstract"[^>]*>(.*?)</p>', page.read_text("utf-8"), re.S).group(1)
