"""One run at a time: concurrent real `generate` processes on one project wait for each
other, and leave the pages a clean run gives."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import make_project

# 400 papers keep the suite quick; PAPER_ARCHIVE_CONCURRENT_PAPERS=2000 runs the
# size at which the corruption was first seen (minutes on two cores).
PAPERS = int(os.environ.get("PAPER_ARCHIVE_CONCURRENT_PAPERS", "400"))


def jsonl(version: int) -> str:
    lines = []
    for number in range(PAPERS):
        day = 1 + (number * 7 + version) % 28
        lines.append(
            json.dumps(
                {
                    "title": f"Graph study {number}: sparse attention, version {version if number % 3 == 0 else 1}",
                    "abstract": f"We study sparse graph attention for task {number} and report results, edition {version}.",
                    "date": f"2024-03-{day:02d}",
                    "authors": [f"Author {number % 17}", f"Author {number % 23}"],
                }
            )
        )
    return "\n".join(lines) + "\n"


def generate_command() -> list[str]:
    return [sys.executable, "-m", "generator.cli", "generate"]


def environment() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")


def docs_snapshot(project) -> dict[str, bytes]:
    return {
        path.relative_to(project.docs).as_posix(): path.read_bytes()
        for path in sorted(project.docs.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


@pytest.mark.slow
def test_two_generates_at_once_wait_for_each_other(tmp_path):
    project = make_project(tmp_path / "shared", with_sample=False)
    source = project.add_source("papers.jsonl", jsonl(0))
    project.generate()
    clean_runs: dict[tuple[int, str], dict[str, bytes]] = {}
    for round_number in range(1, 6):
        version = round_number % 2
        source.write_text(jsonl(version), "utf-8")
        runs = [
            subprocess.Popen(generate_command(), cwd=project.root, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outcomes = [run.communicate(timeout=600) + (run.returncode,) for run in runs]
        for stdout, stderr, code in outcomes:
            assert code == 0, stderr
            assert "Traceback" not in stderr and "edited by hand" not in stderr
        waited = [stderr for _, stderr, _ in outcomes if "waiting for it to finish" in stderr]
        assert len(waited) <= 1
        # The pages equal a clean run's on the same inputs (and the committed addresses file).
        addresses = (project.root / "addresses.yml").read_text("utf-8")
        if (version, addresses) not in clean_runs:
            clean = make_project(tmp_path / f"clean-{round_number}", with_sample=False)
            clean.add_source("papers.jsonl", jsonl(version))
            shutil.copy2(project.root / "addresses.yml", clean.root / "addresses.yml")
            clean.generate()
            clean_runs[version, addresses] = docs_snapshot(clean)
        assert docs_snapshot(project) == clean_runs[version, addresses], f"round {round_number}"


def test_a_second_run_waits_then_gives_up_with_one_line(sample_project):
    from filelock import FileLock

    sample_project.generate()
    lock = FileLock(sample_project.root / ".paper-archive" / "lock")
    with lock:
        started = time.monotonic()
        result = sample_project.generate("--wait", "1", check=False)
        assert time.monotonic() - started < 60
    assert result.returncode == 1
    assert "waiting for it to finish" in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "still working" in errors[0] and "Traceback" not in result.stderr
    assert "pages: 0 written" in sample_project.generate().stdout


def test_mkdocs_build_takes_the_same_lock(sample_project):
    from filelock import FileLock

    sample_project.generate()
    lock = FileLock(sample_project.root / ".paper-archive" / "lock")
    lock.acquire()
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"], cwd=sample_project.root, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(6)
    still_waiting = build.poll() is None
    lock.release()
    _, stderr = build.communicate(timeout=600)
    assert still_waiting, stderr
    assert build.returncode == 0 and "waiting for it to finish" in stderr


def test_a_wait_that_is_no_number_is_refused_in_one_line():
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["generate", "--wait", "nan"])
    assert result.exit_code == 2 and "--wait" in result.output and "not nan" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
