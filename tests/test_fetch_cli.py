"""`paper-archive fetch` end to end: a local server replays recorded arXiv and Hugging
Face answers at the addresses the environment variables give; the fetched files
build into one page per distinct paper; fetching again changes nothing; a failure
is one line, a non-zero exit and an untouched `sources/`."""

from __future__ import annotations

import hashlib
import re
import socket
from datetime import date
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from generator import fetch as fetching
from generator import fetch_cli
from generator.cli import main
from tests.conftest import Project
from tests.fetch_server import ReplayServer, arxiv_pages, by_path, fixture, hf_days

PAGES = {0: fixture("arxiv/testing-page-1.xml"), 3: fixture("arxiv/testing-page-2.xml")}
DAYS = {"2024-03-14": fixture("hf/2024-03-14-sample-papers.json"), "2026-03-06": fixture("hf/api-items.json")}
MOTION_MAMBA = "Motion Mamba: Efficient and Long Sequence Motion Generation with Hierarchical and Bidirectional Selective SSM"


def replay():
    return ReplayServer(by_path({"/api/query": arxiv_pages(PAGES), "/api/daily_papers": hf_days(DAYS)}))


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: its content hash and modification time."""
    return {
        path.relative_to(folder).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def pages_by_title(project: Project) -> dict[str, frontmatter.Post]:
    posts = [frontmatter.load(path) for path in project.paper_pages()]
    return {post["title"]: post for post in posts}


@pytest.mark.slow
def test_fetched_papers_build_one_page_each_and_fetching_again_changes_nothing(sample_project, monkeypatch):
    project = sample_project
    with replay() as server:
        monkeypatch.setenv("PAPER_ARCHIVE_ARXIV_API", server.url)
        monkeypatch.setenv("PAPER_ARCHIVE_HF_API", server.url)
        arxiv = project.run("generator.cli", "fetch", "arxiv", "all:testing", "--max", "100")
        hf = project.run("generator.cli", "fetch", "hf-daily", "2024-03-14", "2026-03-06")
        assert "wrote sources/arxiv/all-testing.xml" in arxiv.stdout
        assert "6 papers fetched, 6 new: 1 files written" in arxiv.stdout
        assert "4 papers fetched, 4 new: 2 files written" in hf.stdout
        assert sorted(snapshot(project.sources)) == [
            "2024-03-14-trending-papers.txt",
            "arxiv/all-testing.xml",
            "hf-daily/2024-03-14.json",
            "hf-daily/2026-03-06.json",
        ]
        before = snapshot(project.sources)
        project.run("generator.cli", "fetch", "arxiv", "all:testing", "--max", "100")
        again = project.run("generator.cli", "fetch", "hf-daily", "2024-03-14", "2026-03-06")
        assert "0 files written, 2 unchanged" in again.stdout
        assert snapshot(project.sources) == before
        starts = [request.params.get("start") for request in server.requests if request.path == "/api/query"]
        assert starts == ["0", "3", "0", "3"]

    project.build()
    pages = pages_by_title(project)
    # 66 pasted papers, 6 from arXiv, 4 from Hugging Face of which 2 are pasted ones.
    assert len(project.paper_pages()) == 66 + 6 + 4 - 2

    mamba = pages[MOTION_MAMBA]
    assert mamba["authors"][:2] == ["Zeyu Zhang", "Akide Liu"] and mamba["date"] == "2024-03-12"
    assert mamba["links"]["code"] == "https://github.com/steve-zeyu-zhang/MotionMamba"
    assert mamba["links"]["arxiv"] == "https://arxiv.org/abs/2403.07487"
    assert mamba["sources"] == ["sources/2024-03-14-trending-papers.txt:11", "sources/hf-daily/2024-03-14.json:2"]
    kivi = pages["KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache"]
    assert kivi["ids"]["arxiv"] == "2402.02750" and kivi["links"]["code"] == "https://github.com/jy-yuan/KIVI"

    testing = pages["Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques"]
    assert testing["authors"] == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"] and testing["date"] == "2022-02-24"
    assert pages["Towards Explainable Test Case Prioritisation with Learning-to-Rank Models"]["authors"][0] == "Aurora Ramírez"

    circle = pages["Large Multimodal Models as General In-Context Classifiers"]
    slug = next(path.stem for path in project.paper_pages() if frontmatter.load(path)["title"] == circle["title"])
    html = project.html(f"papers/{slug}")
    assert 'href="https://github.com/marco-garosi/CIRCLE"' in html and 'href="https://arxiv.org/abs/2602.23229"' in html
    assert "Marco Garosi" in html and 'datetime="2026-02-26"' in html


SHIPPED_FETCH = "      fetch:\n        hf_daily: true\n"


def configure_fetch(project: Project, block: str | None) -> None:
    """Replace the shipped `fetch:` setting with `block` (a flow mapping), or remove it."""
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    if SHIPPED_FETCH not in text:
        raise AssertionError("mkdocs.yml no longer ships the fetch: setting these tests replace")
    config.write_text(text.replace(SHIPPED_FETCH, f"      fetch: {block}\n" if block else ""), "utf-8")


def run_in_process(project: Project, *args: str):
    return CliRunner().invoke(main, ["fetch", "-f", str(project.root / "mkdocs.yml"), *args])


@pytest.fixture
def no_sleep(monkeypatch):
    """The fetchers' clock, without real waiting."""
    pauses: list[float] = []

    class Clock(fetching.Clock):
        def __init__(self):
            super().__init__(sleep=pauses.append)

    monkeypatch.setattr(fetching, "Clock", Clock)
    return pauses


@pytest.mark.parametrize(
    "args",
    [("arxiv", "all:testing", "--max", "100"), ("hf-daily", "2024-03-14")],
    ids=["arxiv", "hf-daily"],
)
def test_an_unreachable_server_is_one_line_and_leaves_sources_alone(sample_project, monkeypatch, no_sleep, args):
    (sample_project.sources / "hf-daily").mkdir()
    (sample_project.sources / "hf-daily" / "2024-03-14.json").write_text("[]\n")
    before = snapshot(sample_project.sources)
    monkeypatch.setenv("PAPER_ARCHIVE_ARXIV_API", closed_port_url())
    monkeypatch.setenv("PAPER_ARCHIVE_HF_API", closed_port_url())
    result = run_in_process(sample_project, *args)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert re.match(r"Error: cannot fetch http://127\.0\.0\.1:\d+/api/\w+\?\S+: .+ \(tried 2 times; run again later, or check the network if this persists\); nothing was written$", line), line
    assert result.stdout == ""
    assert snapshot(sample_project.sources) == before
    assert no_sleep  # it waited between its tries


def test_a_failure_after_a_success_writes_nothing(sample_project, monkeypatch, no_sleep):
    configure_fetch(sample_project, "{hf_daily: true, hf_days: 1, arxiv: ['all:testing']}")
    monkeypatch.setattr(fetch_cli, "today", lambda: date(2024, 3, 14))
    before = snapshot(sample_project.sources)
    with replay() as server:
        monkeypatch.setenv("PAPER_ARCHIVE_HF_API", server.url)
        monkeypatch.setenv("PAPER_ARCHIVE_ARXIV_API", closed_port_url())
        result = run_in_process(sample_project)
    assert result.exit_code == 1 and "nothing was written" in result.stderr
    assert [request.params for request in server.requests] == [{"date": "2024-03-14"}]
    assert snapshot(sample_project.sources) == before


def test_without_a_sub_command_it_fetches_what_mkdocs_yml_asks_for(sample_project, monkeypatch, no_sleep):
    configure_fetch(sample_project, "{hf_daily: true, arxiv: ['all:testing'], arxiv_max: 4}")
    monkeypatch.setattr(fetch_cli, "today", lambda: date(2024, 3, 15))
    with replay() as server:
        monkeypatch.setenv("PAPER_ARCHIVE_HF_API", server.url + "/api")
        monkeypatch.setenv("PAPER_ARCHIVE_ARXIV_API", server.url + "/api/query")
        result = run_in_process(sample_project)
    assert result.exit_code == 0, result.output
    # Yesterday and today; the day without papers writes no file.
    assert [request.params.get("date") for request in server.requests if request.path == "/api/daily_papers"] == ["2024-03-14", "2024-03-15"]
    assert [request.params["max_results"] for request in server.requests if request.path == "/api/query"] == ["4", "1"]
    assert sorted(snapshot(sample_project.sources)) == ["2024-03-14-trending-papers.txt", "arxiv/all-testing.xml", "hf-daily/2024-03-14.json"]
    assert "6 papers fetched, 6 new: 2 files written, 0 unchanged" in result.stdout


def test_nothing_configured_is_said_in_one_line(sample_project):
    configure_fetch(sample_project, None)
    result = run_in_process(sample_project)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "nothing to fetch" in result.stderr


def test_since_fetches_every_day_up_to_today(sample_project, monkeypatch, no_sleep):
    monkeypatch.setattr(fetch_cli, "today", lambda: date(2024, 3, 15))
    with replay() as server:
        monkeypatch.setenv("PAPER_ARCHIVE_HF_API", server.url)
        result = run_in_process(sample_project, "hf-daily", "--since", "2024-03-13")
        late = run_in_process(sample_project, "hf-daily", "--since", "2024-03-16")
        mistyped = run_in_process(sample_project, "hf-daily", "--since", "1024-03-13")
    assert result.exit_code == 0, result.output
    assert [request.params["date"] for request in server.requests] == ["2024-03-13", "2024-03-14", "2024-03-15"]
    assert late.exit_code == 1 and "--since 2024-03-16 is in the future" in late.stderr
    assert mistyped.exit_code == 1 and mistyped.stderr.count("\n") == 1 and "--since 1024-03-13 is more than 3650 days ago" in mistyped.stderr


def test_a_bad_date_is_refused_before_fetching(sample_project):
    result = run_in_process(sample_project, "hf-daily", "14/03/2024")
    assert result.exit_code == 2 and "14/03/2024" in result.stderr


def test_the_shipped_settings_fetch_the_daily_papers(sample_project, monkeypatch):
    monkeypatch.delenv("PAPER_ARCHIVE_HF_API", raising=False)
    settings, root = fetch_cli._settings(str(sample_project.root / "mkdocs.yml"))
    assert root == sample_project.root.resolve()
    assert settings.hf_daily and settings.hf_days == 2 and settings.arxiv_queries == ()
    assert settings.hf_api == "https://huggingface.co/api/daily_papers"
    assert settings.sources_dir == sample_project.sources.resolve()


def test_more_papers_than_arxiv_gives_of_a_search_is_refused_as_in_mkdocs_yml(sample_project):
    # arXiv's API gives at most 30,000 results of one search; `arxiv_max` stops there too.
    result = run_in_process(sample_project, "arxiv", "all:testing", "--max", "30001")
    assert result.exit_code == 2
    assert "Invalid value for '--max': 30001 is more than arXiv gives of one search (30000)" in result.stderr


def test_a_file_changed_while_the_fetch_went_on_keeps_that_change(sample_project, monkeypatch, no_sleep):
    # Another run (or a person) writes the first day's file while the second day is fetched.
    import json

    first_day = sample_project.sources / "hf-daily" / "2024-03-14.json"
    theirs = json.loads(fixture("hf/api-items.json"))[:1]
    answer = hf_days(DAYS)

    def meanwhile(request):
        if request.params["date"] == "2026-03-06":
            first_day.parent.mkdir(exist_ok=True)
            first_day.write_text(json.dumps(theirs), "utf-8")
        return answer(request)

    with ReplayServer(by_path({"/api/daily_papers": meanwhile})) as server:
        monkeypatch.setenv("PAPER_ARCHIVE_HF_API", server.url)
        result = run_in_process(sample_project, "hf-daily", "2024-03-14", "2026-03-06")
    assert result.exit_code == 0, result.output
    fetched = [item["paper"]["id"] for item in json.loads(DAYS["2024-03-14"])]
    assert [item["paper"]["id"] for item in json.loads(first_day.read_text("utf-8"))] == [theirs[0]["paper"]["id"], *fetched]


@pytest.mark.parametrize(("sources", "written"), [
    ("sources", "sources/hf-daily/2024-03-14.json"),
    # A build locks the project (the folder of mkdocs.yml), also where sources are further down.
    ("library/papers", "library/papers/hf-daily/2024-03-14.json"),
])
def test_a_fetch_writes_when_the_run_holding_the_projects_lock_is_done(sample_project, monkeypatch, no_sleep, sources, written):
    import threading

    from generator.archive_state import project_lock

    config = sample_project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "      sources: sources\n" in text
    config.write_text(text.replace("      sources: sources\n", f"      sources: {sources}\n", 1), "utf-8")
    held, release = threading.Event(), threading.Event()

    def another_run():
        with project_lock(sample_project.root, None, None):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=another_run)
    holder.start()
    held.wait(30)
    threading.Timer(1.0, release.set).start()
    with replay() as server:
        monkeypatch.setenv("PAPER_ARCHIVE_HF_API", server.url)
        result = run_in_process(sample_project, "hf-daily", "2024-03-14")
    holder.join(30)
    assert result.exit_code == 0, result.output
    assert "another paper-archive run is working on" in result.stderr
    assert f"wrote {written}" in result.stdout and (sample_project.root / written).is_file()
    assert not (sample_project.root / "library" / ".paper-archive").exists()
