"""Small page-reading helpers shared by the browser tests."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

SEARCH_RESULTS = ".md-search-result__item"

# Links in what the address points at: the section under the anchor's heading
# (up to the next heading of the same level or higher), else the whole article.
LINKS_AT_TARGET = """(hash) => {
  const heading = (node) => /^H[1-6]$/.test(node.tagName) ? Number(node.tagName[1]) : 0;
  let nodes = [document.querySelector("article") || document.body];
  if (hash) {
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return null;
    nodes = [target];
    const level = heading(target);
    if (level) {
      for (let n = target.nextElementSibling; n && !(heading(n) && heading(n) <= level); n = n.nextElementSibling) {
        nodes.push(n);
      }
    }
  }
  return nodes.flatMap((n) => [...n.querySelectorAll("a[href]")].map((a) => a.href));
}"""

HORIZONTAL_OVERFLOW = """() => ({
  scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
  innerWidth: window.innerWidth,
})"""


def without_query(url: str) -> str:
    """`url` without its query and fragment (search adds `?h=…` to result links)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def search(page, query: str) -> None:
    """Type `query` into the header's search box, key by key, as a reader does."""
    box = page.locator(".md-search__input")
    if not box.is_visible():
        page.locator("label[for=__search]").first.click()
    box.click()
    box.press_sequentially(query, delay=20)
    # The list answers the whole query, not a prefix typed on the way.
    page.wait_for_function("q => document.getElementById('pa-search-results').dataset.query === q", arg=query.strip())
    page.locator(SEARCH_RESULTS).first.wait_for()


def result_titles(page) -> list[str]:
    return [title.strip() for title in page.locator(f"{SEARCH_RESULTS} > a h1").all_inner_texts()]


def links_at_target(page) -> list[str] | None:
    """Absolute links listed where the current address points; None if its anchor is missing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    fragment = urlsplit(page.url).fragment
    hash_ = "#" + fragment if fragment else ""
    # A fragment link changes the address before the browser has scrolled to it.
    try:
        page.wait_for_function(LINKS_AT_TARGET, arg=hash_, timeout=5_000)
    except PlaywrightTimeoutError:
        pass
    return page.evaluate(LINKS_AT_TARGET, hash_)
