"""Whatever a server answers and whatever a saved file holds, the fetchers give papers,
`None` or a one-line `FetchError`, never another exception."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import fetch as fetching
from generator import fetch_arxiv, fetch_hf
from generator.fetch_http import Clock, FetchError, PoliteClient
from tests.fetch_server import fixture

PAGE_1 = fixture("arxiv/testing-page-1.xml")
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
PAPER_LIKE = st.fixed_dictionaries({"paper": st.dictionaries(st.sampled_from(["id", "title", "summary", "authors", "ai_keywords"]), JSON_VALUES | st.just("2403.07487"), max_size=5)})


def answering(body: bytes, status: int = 200) -> PoliteClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    return PoliteClient(interval=0, retries=1, clock=Clock(sleep=lambda seconds: None), transport=transport)


def one_line(error: FetchError) -> bool:
    return "\n" not in str(error) and str(error).strip() == str(error)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode) | st.sampled_from([PAGE_1, PAGE_1[:2000], PAGE_1.replace(b"<entry>", b"<entry><entry>", 1)]))
def test_any_arxiv_answer_gives_entries_or_one_error(body):
    with answering(body) as client:
        try:
            entries = fetch_arxiv.search(client, "http://arxiv.test/api/query", "all:testing", 10, page_size=5)
        except FetchError as error:
            assert one_line(error)
        else:
            assert all(entry.arxiv and entry.xml.startswith("<entry") for entry in entries)


@settings(max_examples=150, deadline=None)
@given(st.lists(PAPER_LIKE | JSON_VALUES, max_size=5).map(lambda items: json.dumps(items).encode()) | st.binary(max_size=200))
def test_any_daily_papers_answer_gives_items_or_one_error(body):
    with answering(body) as client:
        try:
            items = fetch_hf.fetch_day(client, "http://hf.test/api/daily_papers", date(2024, 3, 14))
        except FetchError as error:
            assert one_line(error)
        else:
            text, new = fetch_hf.merged_file(None, items, "day.json")
            assert (text is None) == (not items) and new == len({item["paper"]["id"] for item in items})


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_saved_file_is_grown_or_left_alone(existing):
    entries = fetch_arxiv.parse_page(PAGE_1, "page").entries
    text, new = fetch_arxiv.merged_file(existing, "all:testing", entries)
    assert text is None or (text.endswith("</feed>\n") and 0 <= new <= len(entries))
    try:
        fetch_hf.merged_file(existing, [], "day.json")
    except FetchError as error:
        assert one_line(error)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60) | st.text(max_size=30).map(lambda rest: "http://" + rest))
def test_any_base_url_is_an_endpoint_or_a_settings_error(base):
    try:
        url = fetching.endpoint(base, "/api/query")
    except fetching.FetchSettingsError:
        return
    assert url.startswith(("http://", "https://")) and url.split("?")[0].endswith("/query")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_any_query_names_a_file_inside_the_arxiv_folder(query):
    path = fetch_arxiv.file_for(Path("/project/sources"), query)
    assert path.parent == Path("/project/sources/arxiv") and path.suffix == ".xml" and path.stem
