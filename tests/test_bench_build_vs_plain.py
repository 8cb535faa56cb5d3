"""The build-against-plain benchmark: its plain site is what it says, and it runs (small sizes: a smoke test)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

sys.path.insert(0, str(REPO))

from bench.bench_build import make_project  # noqa: E402
from bench.bench_build_vs_plain import make_plain  # noqa: E402

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def test_the_plain_site_is_material_with_its_own_search_on_the_same_pages(tmp_path):
    project, plain = tmp_path / "project", tmp_path / "plain"
    project.mkdir()
    make_project(project, 12)
    subprocess.run([sys.executable, "-m", "generator.cli", "generate"], cwd=project, env=ENV, check=True, capture_output=True)
    make_plain(project, plain)
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=plain, env=ENV, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "paper-archive" not in built.stderr
    site = plain / "site"
    # Material's search plugin and its whole-site index, not Pagefind's; the tags plugin kept.
    assert (site / "search" / "search_index.json").is_file() and not (site / "pagefind").exists()
    assert (site / "tags.json").is_file()
    papers = sorted(path.stem for path in (project / "docs" / "papers").glob("*.md"))
    assert len(papers) == 12
    assert sorted(path.parent.name for path in (site / "papers").glob("*/index.html")) == papers
    # Material's own templates: none of ours (the citation meta tags are ours).
    page = (site / "papers" / papers[0] / "index.html").read_text("utf-8")
    assert "citation_title" not in page and 'class="md-search__input"' in page


def consistent(ratio: float, top: float, bottom: float) -> bool:
    """A ratio of unrounded seconds, shown to hundredths, against the seconds shown to tenths."""
    return (top - 0.05) / (bottom + 0.05) - 0.005 <= ratio <= (top + 0.05) / max(bottom - 0.05, 0.01) + 0.005


def test_the_benchmark_prints_a_row_per_size_with_its_ratios():
    result = subprocess.run(
        [sys.executable, "bench/bench_build_vs_plain.py", "--sizes", "16", "--jobs", "2"],
        cwd=REPO, env=ENV, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    time_row, memory_row = [line for line in result.stdout.splitlines() if line.startswith("| 16 |")]
    cells = [float(cell.replace(",", "")) for cell in time_row.strip("|").split("|")]
    assert len(cells) == 10
    _, _, plain, ours, ratio, plain_cpu, ours_cpu, cpu_ratio, jobs, speed_up = cells
    assert consistent(ratio, ours, plain) and consistent(cpu_ratio, ours_cpu, plain_cpu)
    assert consistent(speed_up, ours, jobs)
    peaks = [float(cell) for cell in memory_row.strip("|").split("|")]
    # Pagefind, a process of its own, may be the largest; never larger than the whole.
    assert len(peaks) == 5 and all(peak > 0 for peak in peaks) and peaks[3] <= peaks[2]
