"""The polite HTTP client against a local server replaying answers: the interval between
requests, retries and their pauses (Retry-After too), time-outs, answers too large, too
slow or not the service's at all, each failure one line. No real sleeping: a fake clock
records the pauses."""

from __future__ import annotations

from datetime import date

import pytest

from generator import fetch_arxiv, fetch_hf
from generator.fetch_http import FetchError
from tests.fetch_server import (
    ATOM,
    PAGE_1,
    PAGE_2,
    SIX_IDS,
    Answer,
    FakeClock,
    ReplayServer,
    arxiv_pages,
    client,
    fixture,
    free_port,
    scripted,
)

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


@pytest.mark.parametrize("retry_after", ["nan", "inf", "-5", "soon"])
def test_a_retry_after_that_is_no_pause_waits_only_the_back_off(clock, retry_after):
    answers = scripted(Answer(503, b"busy", headers={"Retry-After": retry_after}), Answer(200, PAGE_1, ATOM))
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
    assert str(raised.value).endswith(
        ": HTTP 400 Bad Request: incorrect id format for abc; correct the query or the address (arxiv_api, hf_api), then run again"
    )


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


def test_an_address_that_cannot_be_used_is_one_line(clock):
    with client(clock) as polite, pytest.raises(FetchError, match=r"^http://127.0.0.1:abc/api/query: not a usable address \(Invalid port: 'abc'\)$"):
        polite.get("http://127.0.0.1:abc/api/query")
    assert clock.pauses == []
