"""The fetchers against a local server replaying recorded answers: paging, the files
they make and how they merge, and the settings (the HTTP client itself: test_fetch_http).
No real sleeping: a fake clock records the pauses."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from generator import fetch as fetching
from generator import fetch_arxiv, fetch_hf
from generator.fetch_http import FetchError
from generator.readers import ReadSettings, arxiv_atom, hf_daily
from tests.fetch_server import (
    ATOM,
    PAGE_1,
    PAGE_2,
    SIX_IDS,
    Answer,
    ReplayServer,
    arxiv_pages,
    client,
    fixture,
    hf_days,
    scripted,
)

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
    assert said == [
        (
            "arXiv sent no papers from number 4 on although the search has 37211 (asked 4 times);"
            " keeping the 3 fetched, run again later for the rest"
        )
    ]


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
    result = subprocess.run([sys.executable, "-c", killed, str(target)], env={**os.environ, "PYTHONPATH": root}, timeout=60, check=False)
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


def test_a_file_broken_while_the_fetch_went_on_stops_every_write(tmp_path):
    items = json.loads(fixture("hf/api-items.json"))
    first, second = tmp_path / "hf-daily" / "2026-03-05.json", tmp_path / "hf-daily" / "2026-03-06.json"
    plan = fetching.Plan()
    for path in (first, second):
        fetching._add(plan, path, lambda text, path=path: fetch_hf.merged_file(text, items, path.name), len(items))
    second.parent.mkdir()
    second.write_text('{"a person": "wrote this"}')
    with pytest.raises(FetchError, match="left alone"):
        fetching.write_plan(plan)
    assert not first.exists() and second.read_text() == '{"a person": "wrote this"}'
