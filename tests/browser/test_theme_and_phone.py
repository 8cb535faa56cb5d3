"""The light/dark switch, and reading on a phone without sideways scrolling."""

from __future__ import annotations

import pytest

from tests.browser.pages import HORIZONTAL_OVERFLOW

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375


def scheme(page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def toggle_palette(page) -> None:
    # Each palette has its own label; only the one that switches away from the
    # current palette is visible.
    page.locator("form[data-md-component=palette] label.md-header__button:visible").click()


def test_the_palette_toggle_switches_light_and_dark_and_is_remembered(page, served_site):
    page.goto(served_site.url)
    assert scheme(page) == "default"
    toggle_palette(page)
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")

    page.goto(served_site.url + "tags/")
    assert scheme(page) == "slate"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == background

    toggle_palette(page)
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != background


def pages_to_read(served_site) -> dict[str, str]:
    papers = served_site.papers()
    tagged = max(papers, key=lambda slug: (len(papers[slug].get("tags", [])), slug))
    return {
        "home": "",
        "tag-index": "tags/",
        "most-tags": f"papers/{tagged}/",
        "300-char-title": f"papers/{max(papers, key=lambda slug: len(papers[slug]['title']))}/",
        "markup-abstract": f"papers/{served_site.slug_where(lambda post: 'onerror' in post.content)}/",
        "math": f"papers/{served_site.slug_where(lambda post: 'mathcal' in post.content.split('</h1>')[0])}/",
        "non-latin": f"papers/{served_site.slug_where(lambda post: '深度学习' in post['title'])}/",
    }


@pytest.mark.parametrize(
    "name", ["home", "tag-index", "most-tags", "300-char-title", "markup-abstract", "math", "non-latin"]
)
def test_a_phone_never_scrolls_sideways(phone_page, served_site, name):
    path = pages_to_read(served_site)[name]
    if name == "300-char-title":
        assert max(len(post["title"]) for post in served_site.papers().values()) >= 300
    phone_page.goto(served_site.url + path)
    phone_page.wait_for_load_state("load")
    size = phone_page.evaluate(HORIZONTAL_OVERFLOW)
    # A phone zooms out to fit wide content, which would widen innerWidth too;
    # so the layout must keep both at the device's width.
    assert size["innerWidth"] == PHONE_WIDTH
    assert size["scrollWidth"] <= PHONE_WIDTH, f"{path or 'home'} is {size['scrollWidth']}px wide on a {PHONE_WIDTH}px phone"
