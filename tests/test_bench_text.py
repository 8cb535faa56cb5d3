"""The long-abstract benchmark runs and prints its table (small sizes: a smoke test)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_bench_text_prints_one_row_per_size():
    result = subprocess.run(
        [sys.executable, "bench/bench_text.py", "--sizes", "2000", "20000", "--repeat", "1"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [row.split("|")[1].strip() for row in rows] == ["2,000", "20,000"]
    seconds = [float(row.split("|")[2]) for row in rows]
    assert all(value < 30 for value in seconds)
