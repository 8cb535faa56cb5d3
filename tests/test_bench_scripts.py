"""Each benchmark script runs at a tiny size and prints a row of figures for it.

Smoke tests only: the scripts measure, and nothing here judges a figure beyond
"it was measured". The 10,000- and 100,000-paper runs are for `bench/README.md`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.browser.conftest import locate_chromium, missing_browser
from tests.conftest import REPO

pytestmark = pytest.mark.slow


def table_rows(output: str) -> list[list[str]]:
    """The Markdown table rows of a script's output whose first cell is a number, as cells."""
    rows = []
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and any(cell.replace(",", "").isdigit() for cell in cells[:2]):
            rows.append(cells)
    return rows


def run_bench(*arguments: str) -> str:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, *arguments], cwd=REPO, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_bench_build_measures_generate_and_build():
    [row] = table_rows(run_bench("bench/bench_build.py", "--sizes", "30"))
    assert row[0] == "30"
    assert all(float(cell) > 0 for cell in row[1:])


def test_bench_related_measures_each_size():
    output = run_bench("bench/bench_related.py", "--sizes", "120", "240", "--repeat", "1")
    sizes = [line.split()[0] for line in output.splitlines() if line.split() and line.split()[0].isdigit()]
    assert sizes == ["120", "240"]


def test_bench_incremental_checks_the_result_against_a_cold_run():
    rows = table_rows(run_bench("bench/bench_incremental.py", "--sizes", "40", "--kinds", "jsonl", "bibtex"))
    assert [row[:2] for row in rows] == [["jsonl", "40"], ["bibtex", "40"]]
    # The last column is the script's own byte-for-byte comparison with a cold run.
    assert [row[-1] for row in rows] == ["yes", "yes"]


def test_bench_preview_sees_the_changed_page():
    # One kind of archive: a smoke test of the script (each kind is one more `mkdocs serve`).
    arguments = ("--sizes", "30", "--modes", "dirty", "--kinds", "jsonl", "--saves", "2", "--edit", "start")
    rows = table_rows(run_bench("bench/bench_preview.py", *arguments))
    assert [row[:4] for row in rows] == [["jsonl", "30", "--dirty", "abstract's start"]]
    for row in rows:
        median, first, second = map(float, re.fullmatch(r"([\d.]+) \(([\d.]+), ([\d.]+)\)", row[5]).groups())
        assert 0 < min(first, second) <= median <= max(first, second) and float(row[6]) > 0


def test_bench_search_floor_decodes_the_index_metadata():
    # Two parts of 30 (the script's --part-size): the header search loads the second's
    # metadata without sort orders, the first's (chosen by the page's language) with them.
    [row] = table_rows(run_bench("bench/bench_search_floor.py", "--sizes", "60", "--part-size", "30"))
    assert row[:2] == ["60", "2"]
    figures = [float(cell.replace(",", "")) for cell in row[2:]]
    assert all(figure > 0 for figure in figures)
    search_kb, browse_kb, code_kb, floor_kb = figures[0], figures[1], figures[-3], figures[-2]
    # The Browse page's files are about their parts' sum (a gzip stream each); the floor
    # is the code and the header search's files.
    assert search_kb < browse_kb and 0.5 * browse_kb < sum(figures[2:-3]) < 2 * browse_kb
    assert floor_kb == pytest.approx(code_kb + search_kb, abs=0.2)


@pytest.mark.browser
def test_bench_search_types_a_query_in_chromium():
    if locate_chromium()[0] is None:
        missing_browser(locate_chromium()[1])
    output = run_bench("bench/bench_search.py", "30", "--queries", "diffusion")
    query_rows = [row for row in table_rows(output) if "diffusion" in row]
    assert len(query_rows) == 1, output
    assert int(query_rows[0][2]) > 0  # results found


def test_bench_scale_records_each_step_and_plots_them(tmp_path):
    measurements = tmp_path / "scale.jsonl"
    run_bench("bench/bench_scale.py", "--sizes", "20", "--out", str(measurements))
    rows = [json.loads(line) for line in measurements.read_text("utf-8").splitlines()]
    assert [row.get("step") for row in rows[1:]] == ["generate", "build", "index"]
    assert all(row["papers"] == 20 and row["seconds"] > 0 and row["peak_mb"] > 0 for row in rows[1:])
    assert rows[-1]["site_files"] > 20
    image = tmp_path / "scale.png"
    run_bench("bench/plot_scale.py", str(measurements), str(image))
    assert image.read_bytes().startswith(b"\x89PNG")


def test_bench_scale_builds_in_shards_then_merges_and_indexes(tmp_path):
    measurements = tmp_path / "scale.jsonl"
    kept = tmp_path / "kept"
    run_bench("bench/bench_scale.py", "--sizes", "20", "--shards", "2", "--keep", str(kept), "--out", str(measurements))
    rows = [json.loads(line) for line in measurements.read_text("utf-8").splitlines()]
    assert [row.get("step") for row in rows[1:]] == ["generate", "shard 1/2", "shard 2/2", "merge", "index"]
    assert rows[-1]["site_files"] > 20
    assert len(list((kept / "20" / "site" / "papers").glob("*/index.html"))) == 20
    assert (kept / "20" / "site" / "pagefind" / "pagefind-entry.json").is_file()
    image = tmp_path / "scale.png"
    run_bench("bench/plot_scale.py", str(measurements), str(image))
    assert image.read_bytes().startswith(b"\x89PNG")


def test_bench_search_parts_indexes_a_site_at_each_part_size(sample_site):
    rows = table_rows(run_bench("bench/bench_search_parts.py", str(sample_site.site), "--part-sizes", "100", "30",
                                "--copies", "2"))
    assert [row[:3] for row in rows] == [["100", "132", "2"], ["30", "132", "5"]]
    assert all(float(cell.replace(",", "")) > 0 for row in rows for cell in row[3:6])
    # Pagefind's processes are sampled: one that lives less than a sample's time is missed.
    assert all(float(cell.replace(",", "")) >= 0 for row in rows for cell in row[6:8])
