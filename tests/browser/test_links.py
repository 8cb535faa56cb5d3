"""Every internal link of the served site resolves, every anchor exists, and no
page loads anything from another host.

Plain HTTP, no browser: the site is crawled from its root under the sub-path it
is published at, so a link that forgets the sub-path (`/assets/…`) is broken
here as it would be on GitHub Pages.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

pytestmark = pytest.mark.slow

# Hosts a page may load scripts, styles, fonts or frames from. None: KaTeX is
# vendored under docs/assets/vendor/katex and the theme's fonts are off. A CDN
# added here must be one readers' browsers may contact, with a reason.
ALLOWED_ASSET_HOSTS: frozenset[str] = frozenset()

# Material's search-share button; the one script URL a page may carry.
ALLOWED_SCRIPT_HREFS = frozenset({"javascript:void(0)"})

# (tag, attribute) pairs whose URL the browser fetches by itself.
ASSET_ATTRIBUTES = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("frame", "src"),
    ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("track", "src"), ("embed", "src"), ("object", "data"), ("input", "src"), ("image", "href"),
}
LINK_ASSET_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "preload",
                   "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
MAX_PAGES = 2_000


@dataclass
class Reference:
    source: str
    url: str
    asset: bool


class PageParser(HTMLParser):
    """Collects a page's URLs and the anchors (ids and names) it offers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.references: list[tuple[str, bool]] = []
        self.anchors: set[str] = set()
        self.config: list[str] = []
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.anchors.add(values["name"])
        rels = set(values.get("rel", "").lower().split())
        for name, value in values.items():
            if (tag, name) in ASSET_ATTRIBUTES:
                urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                self.references.extend((url, True) for url in urls)
            elif name == "href" and tag in ("a", "area", "link"):
                self.references.append((value, tag == "link" and bool(rels & LINK_ASSET_RELS)))
        if tag == "script" and values.get("id") == "__config":
            self._in_config = True
        if "style" in values:
            self.references.extend((url, True) for url in css_urls(values["style"]))

    def handle_endtag(self, tag):
        self._in_config = False

    def handle_data(self, data):
        if self._in_config:
            self.config.append(data)


def css_urls(text: str) -> list[str]:
    return [match.group(2) or match.group(4) for match in CSS_URL.finditer(text)]


@dataclass
class Crawl:
    base: str
    pages: dict[str, bytes] = field(default_factory=dict)
    anchors: dict[str, set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    wanted_anchors: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    found_on: dict[str, str] = field(default_factory=dict)

    def fetch(self, url: str) -> tuple[bytes, str] | str:
        """The body and its media type, or why there is none."""
        try:
            with urlopen(url, timeout=20) as response:
                return response.read(), response.headers.get_content_type()
        except HTTPError as error:
            return f"HTTP {error.code}"
        except URLError as error:
            return str(error.reason)

    def references_in(self, url: str, body: bytes, kind: str) -> list[Reference]:
        text = body.decode("utf-8", "replace")
        if kind == "text/html":
            parser = PageParser()
            parser.feed(text)
            self.anchors[url] = parser.anchors
            found = [Reference(url, ref, asset) for ref, asset in parser.references]
            for config in parser.config:
                worker = json.loads(config).get("search")
                if worker:
                    found.append(Reference(url, worker, True))
            return found
        if kind == "text/css":
            return [Reference(url, ref, True) for ref in css_urls(text)]
        found = [Reference(url, ref, False) for ref in re.findall(re.escape(self.base) + r"""[^\s"'<>\\]*""", text)]
        return found

    def check(self, reference: Reference, queue: list[str]) -> None:
        raw = reference.url.strip()
        scheme = urlsplit(raw).scheme.lower()
        if scheme == "javascript":
            if raw not in ALLOWED_SCRIPT_HREFS:
                self.problems.append(f"{reference.source}: script URL {raw!r}")
            return
        if scheme in ("mailto", "tel", "data", "blob"):
            return
        url, fragment = urldefrag(urljoin(reference.source, raw))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            self.problems.append(f"{reference.source}: unexpected URL {raw!r}")
            return
        if parts.netloc != urlsplit(self.base).netloc:
            if reference.asset and parts.hostname not in ALLOWED_ASSET_HOSTS:
                self.problems.append(f"{reference.source}: loads {url} from another host")
            return
        if not url.startswith(self.base):
            self.problems.append(f"{reference.source}: {raw!r} leaves the site's sub-path ({url})")
            return
        if fragment:
            self.wanted_anchors[(url, unquote(fragment))].add(reference.source)
        if url not in self.pages:
            self.pages[url] = b""
            queue.append(url)
            self.found_on[url] = reference.source


def crawl(base: str, start: str | None = None) -> Crawl:
    """Follows every internal URL from `start` (the site's root by default)."""
    state = Crawl(base)
    state.pages[start or base] = b""
    queue = [start or base]
    while queue:
        assert len(state.pages) < MAX_PAGES, "the crawl does not end: does the site generate URLs?"
        url = queue.pop()
        fetched = state.fetch(url)
        if isinstance(fetched, str):
            state.problems.append(f"{state.found_on.get(url, 'start')}: broken link to {url} ({fetched})")
            continue
        body, kind = fetched
        state.pages[url] = body
        for reference in state.references_in(url, body, kind):
            state.check(reference, queue)
    for (url, fragment), sources in sorted(state.wanted_anchors.items()):
        if url in state.anchors and fragment not in state.anchors[url] and fragment != "top":
            state.problems.append(f"{sorted(sources)[0]}: no anchor #{fragment} in {url}")
    return state


@pytest.fixture(scope="module")
def crawled(served_site) -> Crawl:
    return crawl(served_site.url)


def test_every_internal_link_and_anchor_resolves(crawled):
    assert not crawled.problems, "\n".join(crawled.problems[:60])


def test_the_crawl_reaches_every_page_and_the_assets(crawled, served_site):
    reached = {urlsplit(url).path for url in crawled.pages}
    for slug in served_site.papers():
        assert f"/paper-archive/papers/{slug}/" in reached
    assert any(path.endswith("katex.min.js") for path in reached)
    assert any(path.endswith(".woff2") for path in reached), "fonts referenced from stylesheets are checked too"
    assert any("/workers/search." in path for path in reached)


def test_the_not_found_page_works_at_any_depth(served_site):
    """GitHub Pages answers a missing address with 404.html at that address,
    so the page's links must not depend on where it is shown."""
    body = urlopen(served_site.url + "404.html", timeout=20).read()
    state = Crawl(served_site.url)
    deep = served_site.url + "no/such/paper/"
    problems = []
    for reference in state.references_in(deep, body, "text/html"):
        url = urldefrag(urljoin(deep, reference.url))[0]
        if urlsplit(url).netloc == urlsplit(deep).netloc and (
            not url.startswith(served_site.url) or isinstance(state.fetch(url), str)
        ):
            problems.append(f"{reference.url!r} is broken when shown at {deep}")
    assert not problems, "\n".join(problems)


def test_the_checker_catches_what_it_is_for(served_site):
    site = served_site.project.site
    probe = site / "link-checker-probe"
    probe.mkdir()
    try:
        (probe / "index.html").write_text(
            '<a href="../papers/no-such-paper/">x</a> <a href="../tags/#no-such-tag">y</a>'
            ' <a href="/assets/escaped.css">z</a> <script src="https://cdn.example.com/x.js"></script>'
            ' <a href="https://arxiv.org/abs/2401.00001">fine</a> <a href="javascript:alert(1)">bad</a>',
            "utf-8",
        )
        problems = "\n".join(crawl(served_site.url, served_site.url + "link-checker-probe/").problems)
    finally:
        (probe / "index.html").unlink()
        probe.rmdir()
    assert "no-such-paper" in problems
    assert "no anchor #no-such-tag" in problems
    assert "leaves the site's sub-path" in problems
    assert "cdn.example.com" in problems
    assert "script URL" in problems
    assert "arxiv.org" not in problems
