"""A throwaway site with papers on two listing days and dated by day, month, year
or not at all, with a person's own tags; shared by the tag page, date archive,
browse index and feed tests."""

from __future__ import annotations

import html
import re
import shutil

import frontmatter
import pytest

from tests.conftest import FIXTURES, make_project

DATED = FIXTURES / "dated"
FEED_SIZE = 3


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("dated") / "project")
    for path in sorted(DATED.iterdir()):
        shutil.copy2(path, project.sources / path.name)
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    # keyword_min_papers: 1 keeps the one-paper tags "C++" and "C", whose slugs collide.
    settings = f"      taxonomy: taxonomy.yml\n      feed_size: {FEED_SIZE}\n      keyword_min_papers: 1\n"
    config.write_text(text.replace("      taxonomy: taxonomy.yml\n", settings), "utf-8")
    assert f"feed_size: {FEED_SIZE}" in config.read_text("utf-8")
    project.build()
    return project


def pages(project) -> dict[str, frontmatter.Post]:
    return {path.stem: frontmatter.load(path) for path in project.paper_pages()}


def slug_of(project, title_start: str) -> str:
    [slug] = [slug for slug, page in pages(project).items() if page["title"].startswith(title_start)]
    return slug


def article(markup: str) -> str:
    """The page's content, without navigation, header and footer."""
    return re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', markup, re.S).group(1)


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def linked_papers(markup: str) -> list[str]:
    """Slugs of the paper pages a piece of HTML links, in order, from any folder depth."""
    return re.findall(r'href="(?:\.\./)*papers/([^/"]+)/"', markup)
