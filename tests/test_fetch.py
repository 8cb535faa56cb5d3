"""The fetchers against a local server replaying recorded answers: rate limit, retries,
paging, the files they make and how they merge, and the settings. No real sleeping:
a fake clock records the pauses."""

from __future__ import annotations

import json
import socket
from datetime import date
from pathlib import Path

import pytest

from generator import fetch as fetching
from generator import fetch_arxiv, fetch_hf
from generator.fetch_http import Clock, FetchError, PoliteClient
from generator.readers import ReadSettings, arxiv_atom, hf_daily
from tests.fetch_server import ATOM, Answer, ReplayServer, arxiv_pages, fixture, hf_days

PAGE_1 = fixture("arxiv/testing-page-1.xml")
PAGE_2 = fixture("arxiv/testing-page-2.xml")
SIX_IDS = ["2202.12139", "2405.13786", "2005.14124", "2403.16981", "2004.03322", "1912.09881"]


class FakeClock:
    """Time that moves only when the client sleeps; every pause is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.pauses: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(round(seconds, 3))
        self.now += seconds

    def clock(self) -> Clock:
        return Clock(monotonic=self.monotonic, sleep=self.sleep)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def client(fake: FakeClock, interval: float = 3.0, **options) -> PoliteClient:
    return PoliteClient(interval=interval, clock=fake.clock(), **options)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scripted(*answers: Answer):
    """A responder giving these answers in turn, then the last one again."""
    queue = list(answers)

    def respond(request):
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return respond


def test_requests_are_three_seconds_apart_and_name_the_project(clock):
    with ReplayServer(arxiv_pages({0: PAGE_1, 3: PAGE_2})) as server, client(clock) as polite:
        entries = fetch_arxiv.search(polite, server.url + "/api/query", "all:testing", 100, page_size=3)
    assert [entry.arxiv for entry in entries] == SIX_IDS
    assert [(r.params["start"], r.params["max_results"]) for r in server.requests] == [("0", "3"), ("3", "3")]
    assert server.requests[0].params["search_query"] == "all:testing"
    assert clock.pauses == [3.0]  # before the second request, none before the first
    assert all(r.user_agent.startswith("paper-archive/") for r in server.requests)


def test_a_slow_answer_counts_toward_the_interval(clock):
    with ReplayServer(arxiv_pages({0: PAGE_1})) as server, client(clock) as polite:
        polite.get(server.url)
        clock.now += 2.0  # the caller worked for two seconds
        polite.get(server.url)
    assert clock.pauses == [1.0]


def test_paging_stops_at_the_limit(clock):
    with ReplayServer(arxiv_pages({0: PAGE_1, 3: PAGE_2})) as server, client(clock) as polite:
        entries = fetch_arxiv.search(polite, server.url, "all:testing", 4, page_size=3)
    assert [entry.arxiv for entry in entries] == SIX_IDS[:4]
    assert [r.params["max_results"] for r in server.requests] == ["3", "1"]


def test_a_server_that_repeats_itself_ends_the_paging(clock):
    with ReplayServer(lambda request: Answer(200, PAGE_1, ATOM)) as server, client(clock) as polite:
        entries = fetch_arxiv.search(polite, server.url, "all:testing", 100, page_size=3)
    assert len(entries) == 3 and len(server.requests) == 2


def test_an_empty_page_short_of_the_total_is_asked_for_again(clock):
    empty = fixture("arxiv/empty-page.xml").replace(b"<opensearch:totalResults>0", b"<opensearch:totalResults>6")
    pages = scripted(Answer(200, PAGE_1, ATOM), Answer(200, empty, ATOM), Answer(200, empty, ATOM), Answer(200, PAGE_2, ATOM))
    with ReplayServer(pages) as server, client(clock, backoff=4.0) as polite:
        entries = fetch_arxiv.search(polite, server.url, "all:testing", 100, page_size=3)
    assert [entry.arxiv for entry in entries] == SIX_IDS
    assert [r.params["start"] for r in server.requests] == ["0", "3", "3", "3"]
    # Back-off 4 s, then 8 s; the 3 s interval has passed by then, so no extra wait.
    assert clock.pauses == [3.0, 4.0, 8.0]


# arXiv has answered so under load: `totalResults` 37211 and no entry at all, for every
# try (an answer quoted in a public script that gave up at start 21100 of all:cs.CL).
EMPTY_OF_MANY = fixture("arxiv/empty-page.xml").replace(b"<opensearch:totalResults>0", b"<opensearch:totalResults>37211")


def test_pages_that_stay_empty_before_any_paper_are_an_error_not_an_empty_search(clock):
    with ReplayServer(lambda request: Answer(200, EMPTY_OF_MANY, ATOM)) as server, client(clock) as polite:
        with pytest.raises(FetchError) as raised:
            fetch_arxiv.search(polite, server.url, "all:cs.CL", 100)
    assert len(server.requests) == 4
    assert str(raised.value) == (
        "arXiv sent no papers from number 1 on although the search has 37211 (asked 4 times): it does so when busy; run again later"
    )


def test_pages_that_stay_empty_later_keep_the_papers_found_and_say_so(clock):
    first = PAGE_1.replace(b"<opensearch:totalResults>6", b"<opensearch:totalResults>37211")
    said = []
    with ReplayServer(arxiv_pages({0: first}, empty=EMPTY_OF_MANY)) as server, client(clock) as polite:
        entries = fetch_arxiv.search(polite, server.url, "all:cs.CL", 100, page_size=3, notice=said.append)
    assert [entry.arxiv for entry in entries] == SIX_IDS[:3]
    assert said == ["arXiv sent no papers from number 4 on although the search has 37211 (asked 4 times);"
                    " keeping the 3 fetched, run again later for the rest"]


def test_server_errors_are_retried_with_back_off_and_retry_after(clock):
    answers = scripted(
        Answer(503, b"busy", headers={"Retry-After": "10"}),
        Answer(502, b"bad gateway"),
        Answer(200, PAGE_1, ATOM),
    )
    with ReplayServer(answers) as server, client(clock, interval=3.0, backoff=1.0) as polite:
        assert polite.get(server.url) == PAGE_1
    assert len(server.requests) == 3
    assert clock.pauses == [10.0, 2.0, 1.0]  # Retry-After; back-off 2 s, then the rest of the 3 s interval


@pytest.mark.parametrize("retry_after", ["120", "Fri, 31 Dec 2100 23:59:59 GMT"], ids=["seconds", "http-date"])
def test_a_longer_retry_after_than_a_minute_is_not_waited_out_but_said(clock, retry_after):
    busy = Answer(503, b"busy", headers={"Retry-After": retry_after})
    with ReplayServer(lambda request: busy) as server, client(clock) as polite, pytest.raises(FetchError) as raised:
        polite.get(server.url)
    assert len(server.requests) == 1 and clock.pauses == []
    message = str(raised.value)
    assert "\n" not in message and "HTTP 503" in message and "asks to wait" in message and "run again after that" in message


def test_a_retry_after_date_already_past_waits_only_the_back_off(clock):
    # An HTTP date already past means "now": the back-off alone applies.
    answers = scripted(Answer(429, b"slow down", headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), Answer(200, PAGE_1, ATOM))
    with ReplayServer(answers) as server, client(clock, interval=0.0, backoff=1.0) as polite:
        assert polite.get(server.url) == PAGE_1
    assert clock.pauses == [1.0]


def test_an_answer_larger_than_any_of_the_services_is_refused_unread(clock):
    huge = Answer(200, PAGE_1 * 130, ATOM)  # about 1.1 MB against a limit of 1 MB
    with ReplayServer(lambda request: huge) as server, client(clock, max_bytes=1024 * 1024) as polite:
        with pytest.raises(FetchError, match=r"larger than 1 MB.*check the address and run again"):
            polite.get(server.url)
    assert len(server.requests) == 1


def test_an_answer_that_trickles_in_past_the_deadline_is_given_up(clock):
    class Trickle(FakeClock):
        def monotonic(self):  # every look at the clock finds minutes gone
            self.now += 200.0
            return self.now

    slow = Trickle()
    with ReplayServer(arxiv_pages({0: PAGE_1})) as server, client(slow, retries=1, backoff=0.0) as polite:
        with pytest.raises(FetchError, match=r"the answer took longer than 120 s \(tried 2 times"):
            polite.get(server.url)


def test_a_client_error_is_not_retried_and_says_what_arxiv_said(clock):
    error = Answer(400, fixture("arxiv/error-400.xml"), ATOM)
    with ReplayServer(lambda request: error) as server, client(clock) as polite:
        with pytest.raises(FetchError) as raised:
            fetch_arxiv.search(polite, server.url, "id:abc", 10)
    assert len(server.requests) == 1
    assert "HTTP 400" in str(raised.value) and "incorrect id format for abc" in str(raised.value)


@pytest.mark.parametrize(("connect_retries", "tries", "pauses"), [(1, "2 times", [1.0, 2.0]), (2, "3 times", [1.0, 2.0, 2.0, 1.0])])
def test_an_unreachable_server_is_one_line_after_the_retries(clock, connect_retries, tries, pauses):
    url = f"http://127.0.0.1:{free_port()}/api/query"
    with client(clock, retries=3, connect_retries=connect_retries, backoff=1.0) as polite, pytest.raises(FetchError) as raised:
        polite.get(url, {"search_query": "all:testing"})
    message = str(raised.value)
    assert "\n" not in message and message.startswith(f"cannot fetch {url}?search_query=all%3Atesting: ")
    assert message.endswith(f"(tried {tries}; run again later, or check the network if this persists)")
    assert clock.pauses == pauses  # back-off, then the rest of the 3 s interval


def test_time_outs_are_reported(clock):
    import time

    def slow(request):
        time.sleep(0.5)
        return Answer(200, b"late")

    with ReplayServer(slow) as server, client(clock, retries=0, timeout=0.1) as polite:
        with pytest.raises(FetchError, match=r"no answer within 0.1 s \(tried once; run again later"):
            polite.get(server.url)


PORTAL = b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><p>Accept the terms<br></p></body></html>"


@pytest.mark.parametrize(
    "page", [PORTAL, b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'], ids=["html", "xhtml"]
)
def test_a_web_page_in_place_of_the_answer_says_to_check_the_network(clock, page):
    with ReplayServer(lambda request: Answer(200, page, "text/html")) as server:
        with client(clock) as polite, pytest.raises(FetchError) as arxiv:
            fetch_arxiv.search(polite, server.url, "all:testing", 10)
        with client(clock, 1.0) as polite, pytest.raises(FetchError) as hf:
            fetch_hf.fetch_day(polite, server.url, date(2026, 3, 6))
    for raised, expected in ((arxiv, "not an Atom feed"), (hf, "not JSON")):
        message = str(raised.value)
        assert "\n" not in message and f"a web page, {expected}" in message and "check the network connection" in message


def test_an_answer_cut_short_is_not_a_feed_and_says_to_run_again(clock):
    cut = PAGE_1[: len(PAGE_1) // 2]
    with ReplayServer(lambda request: Answer(200, cut, ATOM)) as server:
        with client(clock) as polite, pytest.raises(FetchError, match=r"not an Atom feed \(no element found: .*\); run again later"):
            fetch_arxiv.search(polite, server.url, "all:testing", 10)


def test_id_lists_go_to_id_list():
    assert fetch_arxiv.query_params("2403.07487, 2402.02750v2", 0, 2)["id_list"] == "2403.07487,2402.02750"
    assert fetch_arxiv.query_params("id:hep-th/9901001", 0, 1)["id_list"] == "hep-th/9901001"
    params = fetch_arxiv.query_params("cat:cs.LG AND abs:mamba", 100, 50)
    assert params["search_query"] == "cat:cs.LG AND abs:mamba" and params["start"] == 100 and "id_list" not in params


def test_the_saved_search_is_read_by_the_arxiv_reader_and_grows_only_by_new_papers():
    first = fetch_arxiv.parse_page(PAGE_1, "page 1").entries
    second = fetch_arxiv.parse_page(PAGE_2, "page 2").entries
    text, new = fetch_arxiv.merged_file(None, "all:testing & more", first)
    assert new == 3
    records, problems = arxiv_atom.read(text, "sources/arxiv/all-testing.xml", ReadSettings())
    assert problems == [] and [record.arxiv for record in records] == SIX_IDS[:3]
    assert records[1].authors[0] == "Aurora Ramírez"  # UTF-8 kept as sent
    assert "<title>arXiv API search: all:testing &amp; more</title>" in text

    assert fetch_arxiv.merged_file(text, "all:testing & more", first[:2]) == (None, 0)
    grown, new = fetch_arxiv.merged_file(text, "all:testing & more", second + first)
    assert new == 3 and grown.startswith(text.removesuffix("</feed>\n"))
    records, problems = arxiv_atom.read(grown, "sources/arxiv/all-testing.xml", ReadSettings())
    assert problems == [] and [record.arxiv for record in records] == SIX_IDS
    assert fetch_arxiv.merged_file(None, "q", []) == (None, 0)


def test_a_later_version_of_a_saved_paper_replaces_its_entry_and_only_then():
    v1 = fetch_arxiv.parse_page(fixture("arxiv/id-2104.12255v1.xml"), "v1").entries
    revised = fixture("arxiv/id-2104.12255v1.xml").replace(b"2104.12255v1", b"2104.12255v2")
    revised = revised.replace(b"<title>0</title>", b"<title>0: splitting zero</title>")
    v2 = fetch_arxiv.parse_page(revised.replace(b"<updated>2021-04-20", b"<updated>2021-05-02"), "v2").entries
    others = fetch_arxiv.parse_page(PAGE_1, "page 1").entries
    text, _ = fetch_arxiv.merged_file(None, "q", others[:1] + v1 + others[1:])
    updated, new = fetch_arxiv.merged_file(text, "q", v2 + others)
    assert new == 0 and updated.count("<entry") == 4 and "2104.12255v1" not in updated
    records, problems = arxiv_atom.read(updated, "sources/arxiv/q.xml", ReadSettings())
    assert problems == [] and [record.arxiv for record in records][1] == "2104.12255"
    assert records[1].title == "0: splitting zero"
    # The same version again, or an older one, leaves the file as it is.
    assert fetch_arxiv.merged_file(updated, "q", v2) == (None, 0)
    assert fetch_arxiv.merged_file(updated, "q", v1) == (None, 0)


def test_query_files_are_named_by_their_slug(tmp_path):
    assert fetch_arxiv.file_for(tmp_path, "cat:cs.LG AND abs:mamba") == tmp_path / "arxiv" / "cat-cs-lg-and-abs-mamba.xml"


def test_a_day_file_keeps_what_the_archive_reads_and_drops_accounts():
    [circle, _] = json.loads(fixture("hf/api-items.json"))
    kept = fetch_hf._kept(circle)
    assert set(kept) == {"paper", "publishedAt", "title", "numComments"}
    assert kept["paper"]["upvotes"] == 10 and kept["paper"]["githubRepo"] == "https://github.com/marco-garosi/CIRCLE"
    assert kept["paper"]["authors"][0] == {"name": "Marco Garosi"}
    assert "submittedOnDailyBy" not in kept["paper"] and "organization" not in kept["paper"]


def test_fetching_a_day_again_updates_in_place_and_adds_new_papers(clock):
    items = json.loads(fixture("hf/api-items.json"))
    with ReplayServer(hf_days({"2026-03-06": json.dumps(items).encode()})) as server, client(clock, 1.0) as polite:
        fetched = fetch_hf.fetch_day(polite, server.url, date(2026, 3, 6))
        assert fetch_hf.fetch_day(polite, server.url, date(2026, 3, 7)) == []
    assert [r.params["date"] for r in server.requests] == ["2026-03-06", "2026-03-07"]
    text, new = fetch_hf.merged_file(None, fetched[:1], "day.json")
    assert new == 1
    assert fetch_hf.merged_file(text, fetched[:1], "day.json") == (None, 0)
    upvoted = json.loads(json.dumps(fetched))
    upvoted[0]["paper"]["upvotes"] = 11
    again, new = fetch_hf.merged_file(text, upvoted, "day.json")
    assert new == 1 and [item["paper"]["id"] for item in json.loads(again)] == ["2602.23229", "2509.04664"]
    assert json.loads(again)[0]["paper"]["upvotes"] == 11
    records, problems = hf_daily.read(again, "sources/hf-daily/2026-03-06.json", ReadSettings())
    assert problems == [] and len(records) == 2
    assert fetch_hf.merged_file(None, [], "day.json") == (None, 0)
    with pytest.raises(FetchError, match="left alone"):
        fetch_hf.merged_file('{"not": "a list"}', fetched, "sources/hf-daily/2026-03-06.json")


def test_an_answer_that_is_not_a_list_is_an_error(clock):
    with ReplayServer(lambda request: Answer(200, b'{"error": "Invalid date"}', "application/json")) as server:
        with client(clock, 1.0) as polite, pytest.raises(FetchError, match=r"expected a JSON array of papers, got dict saying 'Invalid date'; check the address"):
            fetch_hf.fetch_day(polite, server.url, date(2024, 3, 14))


def test_writes_are_atomic(tmp_path, monkeypatch):
    target = tmp_path / "sources" / "hf-daily" / "2024-03-14.json"
    fetching.write_atomically(target, "old\n")
    assert target.read_text() == "old\n" and oct(target.stat().st_mode & 0o777) != "0o600"

    def crash(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fetching.os, "replace", crash)
    with pytest.raises(OSError):
        fetching.write_atomically(target, "new\n")
    assert target.read_text() == "old\n"
    assert [path.name for path in target.parent.iterdir()] == ["2024-03-14.json"]  # no temporary left


def test_the_temporary_file_of_a_run_killed_mid_write_is_removed_by_the_next(tmp_path):
    import os
    import subprocess
    import sys

    target = tmp_path / "sources" / "hf-daily" / "2024-03-14.json"
    killed = (
        "import os, sys; from pathlib import Path; from generator import fetch\n"
        "os.replace = lambda source, destination: os._exit(9)  # killed between write and rename\n"
        "fetch.write_atomically(Path(sys.argv[1]), '[]\\n')\n"
    )
    root = str(Path(fetching.__file__).resolve().parents[1])
    result = subprocess.run([sys.executable, "-c", killed, str(target)], env={**os.environ, "PYTHONPATH": root}, timeout=60)
    assert result.returncode == 9
    [leftover] = target.parent.iterdir()
    assert leftover.name.startswith(".2024-03-14.json.") and leftover.name.endswith(".tmp")
    a_person_s = target.parent / ".notes.tmp"
    a_person_s.write_text("mine")
    recent = target.parent / ".2024-03-15.json.abcd1234.tmp"  # another run writing right now
    recent.write_text("[]")
    old = leftover.stat().st_mtime - 3600
    os.utime(leftover, (old, old))
    os.utime(a_person_s, (old, old))

    fetching.write_plan(fetching.Plan(files={target: "[]\n"}))
    assert sorted(path.name for path in target.parent.iterdir()) == [".2024-03-15.json.abcd1234.tmp", ".notes.tmp", "2024-03-14.json"]


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/api/query"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/api/query"),
        ("http://127.0.0.1:8000/api", "http://127.0.0.1:8000/api/query"),
        ("https://export.arxiv.org/api/query", "https://export.arxiv.org/api/query"),
        ("http://mirror.example/arxiv", "http://mirror.example/arxiv/api/query"),
    ],
)
def test_base_urls(base, expected):
    assert fetching.endpoint(base, "/api/query") == expected


def test_settings_come_from_mkdocs_yml_and_the_environment_wins(tmp_path):
    block = {"hf_daily": True, "arxiv": ["cat:cs.LG AND abs:mamba"], "arxiv_api": "http://mirror.example", "hf_api": "http://hf.example/api"}
    settings = fetching.settings_from(tmp_path, block, environ={})
    assert settings.arxiv_api == "http://mirror.example/api/query" and settings.hf_api == "http://hf.example/api/daily_papers"
    assert settings.hf_daily and settings.arxiv_queries == ("cat:cs.LG AND abs:mamba",) and settings.arxiv_max == 100
    environ = {"PAPER_ARCHIVE_ARXIV_API": "http://127.0.0.1:1/api/query", "PAPER_ARCHIVE_HF_API": "http://127.0.0.1:2"}
    settings = fetching.settings_from(tmp_path, block, environ=environ)
    assert settings.arxiv_api == "http://127.0.0.1:1/api/query" and settings.hf_api == "http://127.0.0.1:2/api/daily_papers"
    defaults = fetching.settings_from(tmp_path, None, environ={})
    assert defaults.arxiv_api == "https://export.arxiv.org/api/query" and defaults.hf_api == "https://huggingface.co/api/daily_papers"


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"arxiv": [3]}, "arxiv must be a list"),
        ({"hf_daily": "yes"}, "hf_daily must be true or false"),
        ({"arxiv_max": 0}, "arxiv_max must be a whole number"),
        ({"hf_days": 100_000_000}, "hf_days must be a whole number from 1 to 3650"),
        ({"arxiv_max": 10**20}, "arxiv_max must be a whole number from 1 to 30000"),
        ({"hf_api": "ftp://x"}, "is not an http(s) URL"),
        ({"arxiv_api": "http://127.0.0.1:abc"}, "is not a usable URL (Invalid port: 'abc')"),
        ({"hf-daily": True}, "unknown setting 'hf-daily'"),
    ],
)
def test_bad_settings_are_named(tmp_path, block, message):
    with pytest.raises(fetching.FetchSettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fetching.settings_from(tmp_path, block, environ={})


def test_progress_is_plain_lines_outside_a_terminal(capsys):
    progress = fetching.Progress(interactive=False)
    update = progress.counter("arxiv 'all:testing'")
    update(3, 6)
    update(6, 6)
    progress.close()
    assert capsys.readouterr().err.splitlines() == ["arxiv 'all:testing': 3/6", "arxiv 'all:testing': 6/6"]


def test_fetch_paths_stay_in_sources(tmp_path):
    path = fetch_arxiv.file_for(tmp_path, "../../etc/passwd")
    assert path.parent == tmp_path / "arxiv" and Path(path.name).name == path.name


def test_items_the_reader_would_refuse_are_left_out_and_named(clock):
    items = json.loads(fixture("hf/api-items.json"))
    items.insert(1, {"paper": {"id": "not-an-id", "title": "Odd"}})
    items.append("not an item")
    with ReplayServer(hf_days({"2026-03-06": json.dumps(items).encode()})) as server, client(clock, 1.0) as polite:
        skipped: list[str] = []
        fetched = fetch_hf.fetch_day(polite, server.url, date(2026, 3, 6), skipped)
    assert [item["paper"]["id"] for item in fetched] == ["2602.23229", "2509.04664"]
    assert skipped == [
        "item 2: \"paper\" → \"id\" must be an arXiv id such as 2403.07487, got 'not-an-id'",
        "item 4: expected an object with a \"paper\", got string",
    ]


def test_an_address_that_cannot_be_used_is_one_line(clock):
    with client(clock) as polite, pytest.raises(FetchError, match=r"^http://127.0.0.1:abc/api/query: not a usable address \(Invalid port: 'abc'\)$"):
        polite.get("http://127.0.0.1:abc/api/query")
    assert clock.pauses == []
