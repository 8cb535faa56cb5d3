"""`paper-archive fetch arxiv`: an arXiv API search, saved as an Atom file the arXiv reader reads.

arXiv asks API clients to wait 3 seconds between requests, to page through long
result lists, and to try again when a page comes back empty although the
search has more results (the API does that under load). Each query has one
file, `sources/arxiv/<query slug>.xml`; a new search adds the papers that are
not in it yet after the ones already there, entries exactly as arXiv sent
them, replaces a paper's entry when arXiv sends a later version of it, and
leaves the file byte for byte as it was when nothing is new.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from slugify import slugify

from generator.fetch_http import FetchError, PoliteClient, unusable_answer
from generator.readers.arxiv_atom import arxiv_id

DEFAULT_API = "https://export.arxiv.org/api/query"
INTERVAL = 3.0  # seconds between requests, as arXiv's terms of use ask
PAGE_SIZE = 100
FOLDER = "arxiv"

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ENTRY = re.compile(r"<entry\b.*?</entry>", re.DOTALL)
ENTRY_ID = re.compile(r"<id>\s*([^<]*?)\s*</id>")
ID_LIST = re.compile(r"^(?:id:)?\s*([^\s,]+(?:[\s,]+[^\s,]+)*)\s*$")

FEED_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"'
    ' xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">\n'
    "  <title>arXiv API search: {query}</title>\n"
)
FEED_TAIL = "</feed>\n"


@dataclass(frozen=True)
class Entry:
    """One paper of an answer: its versionless arXiv id and its `<entry>` element as sent."""

    arxiv: str
    xml: str


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    total: int | None


def query_params(query: str, start: int, size: int) -> dict:
    """The API parameters: a list of arXiv ids goes to `id_list`, anything else is a search."""
    ids = _id_list(query)
    if ids:
        return {"id_list": ",".join(ids), "start": start, "max_results": size}
    return {
        "search_query": query,
        "start": start,
        "max_results": size,
        "sortBy": "submittedDate",
        "sortOrder": "descending",
    }


def _id_list(query: str) -> list[str] | None:
    match = ID_LIST.match(query.strip())
    if not match:
        return None
    tokens = re.split(r"[\s,]+", match.group(1))
    ids = [arxiv_id(token) for token in tokens]
    return ids if all(ids) else None


def parse_page(data: bytes, shown: str) -> Page:
    """The entries of one answer; an answer that is not an arXiv feed is a `FetchError`."""
    try:
        text = data.decode("utf-8")
        root = ET.fromstring(data)
    except (UnicodeDecodeError, ET.ParseError) as error:
        raise unusable_answer(shown, data, "an Atom feed", str(error)) from None
    if root.tag != f"{ATOM}feed":
        raise unusable_answer(shown, data, "an Atom feed", f"root element {root.tag!r}")
    elements = root.findall(f"{ATOM}entry")
    raw = ENTRY.findall(text)
    if len(raw) != len(elements):
        raise FetchError(f"{shown}: the feed's entries could not be told apart")
    entries = []
    for element, xml in zip(elements, raw):
        raw_id = (element.findtext(f"{ATOM}id") or "").strip()
        if "arxiv.org/api/errors" in raw_id:
            summary = " ".join((element.findtext(f"{ATOM}summary") or raw_id).split())
            raise FetchError(f"arXiv rejected the query: {summary}")
        identifier = arxiv_id(raw_id)
        if identifier:
            entries.append(Entry(identifier, xml))
    total = (root.findtext(f"{OPENSEARCH}totalResults") or "").strip()
    return Page(entries, int(total) if total.isdigit() else None)


def explain_error(body: bytes) -> str | None:
    """The message of an arXiv error feed (an answer with status 400), if it is one."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    summary = root.findtext(f"{ATOM}entry/{ATOM}summary")
    return " ".join(summary.split()) if summary else None


def search(
    client: PoliteClient,
    api: str,
    query: str,
    limit: int,
    page_size: int = PAGE_SIZE,
    progress: Callable[[int, int], None] | None = None,
    notice: Callable[[str], None] | None = None,
) -> list[Entry]:
    """Up to `limit` papers of a search, newest first, page by page. Pages that stay
    empty short of the total end the search: with nothing found that is a `FetchError`,
    else the papers found are kept and `notice` is told why there are no more."""
    found: dict[str, Entry] = {}
    start = 0
    while len(found) < limit:
        size = min(page_size, limit - len(found))
        page = _page(client, api, query, start, size)
        if not page.entries:
            if page.total is not None and start < page.total:
                short = (f"arXiv sent no papers from number {start + 1} on although the search has {page.total}"
                         f" (asked {client.retries + 1} times)")
                if not found:
                    raise FetchError(f"{short}: it does so when busy; run again later")
                if notice:
                    notice(f"{short}; keeping the {len(found)} fetched, run again later for the rest")
            break
        new = [entry for entry in page.entries if entry.arxiv not in found]
        if not new:
            break  # the server repeats itself: nothing more to learn
        for entry in new[: limit - len(found)]:
            found[entry.arxiv] = entry
        start += len(page.entries)
        goal = min(limit, page.total) if page.total is not None else limit
        if progress:
            progress(len(found), goal)
        if page.total is not None and start >= page.total:
            break
    return list(found.values())


def _page(client: PoliteClient, api: str, query: str, start: int, size: int) -> Page:
    """One page; an empty page short of the total is asked for again, with back-off."""
    params = query_params(query, start, size)
    for attempt in range(client.retries + 1):
        page = parse_page(client.get(api, params, explain=explain_error), f"{api}?start={start}")
        if page.entries or page.total is None or start >= page.total:
            return page
        if attempt < client.retries:
            client.pause(client.backoff * 2**attempt)
    return page


def file_for(sources: Path, query: str) -> Path:
    slug = slugify(query, max_length=80, word_boundary=True) or "query"
    return sources / FOLDER / f"{slug}.xml"


def merged_file(existing: str | None, query: str, entries: list[Entry]) -> tuple[str | None, int]:
    """The file's new text with the entries it lacks added and those arXiv now has in a
    later version replaced in place (None when neither), and how many were added."""
    kept = ENTRY.findall(existing or "")
    where = {}
    for position, xml in enumerate(kept):
        if match := ENTRY_ID.search(xml):
            where.setdefault(arxiv_id(match.group(1)), position)
    new = []
    replaced = False
    for entry in entries:
        position = where.get(entry.arxiv)
        if position is None:
            new.append(entry)
        elif _version(entry.xml) > _version(kept[position]):
            # A revised paper (v2) brings its new title, abstract and date to its page.
            kept[position] = entry.xml
            replaced = True
    if not new and not replaced:
        return None, 0
    body = "".join(f"  {xml}\n" for xml in kept + [entry.xml for entry in new])
    return FEED_HEAD.format(query=escape(query)) + body + FEED_TAIL, len(new)


def _version(xml: str) -> int:
    """The version in an entry's id (`…/abs/2104.12255v2` → 2); 0 when it names none."""
    match = ENTRY_ID.search(xml)
    version = re.search(r"v(\d+)$", match.group(1)) if match else None
    return int(version.group(1)) if version else 0
