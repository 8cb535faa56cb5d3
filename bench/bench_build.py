"""Whole-site cost: `paper-archive generate`, then `mkdocs build`, at growing archive sizes.

Each size is a throwaway project in a temp folder whose listing holds papers made
from the sample's own sentences (so titles, lengths and vocabulary are real).
Time and peak memory come from GNU time (`/usr/bin/time -v`) around each command;
a second `generate` on unchanged inputs shows the cost of a no-op rebuild, which
is what `mkdocs serve` pays on every save. Ratios are against the smallest size
of the same run.

    python bench/bench_build.py                    # 250, 1000 and 4000 papers
    python bench/bench_build.py --sizes 500 2000
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sources" / "2024-03-14-trending-papers.txt"
SITE_FILES = ("mkdocs.yml", "taxonomy.yml", "docs", "overrides")
GENERATED = ("papers", "tags", "archive", "feeds", "papers.json", "papers.bib")


def sample_papers() -> list[tuple[str, str]]:
    lines = [line.strip() for line in SAMPLE.read_text("utf-8").splitlines() if line.strip()]
    start = next(index for index, line in enumerate(lines) if re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", line)) + 1
    return list(zip(lines[start::2], lines[start + 1 :: 2]))


def synthetic_listing(count: int, seed: int = 7) -> str:
    """`count` papers over several days, each a shuffle of the sample's sentences."""
    rng = random.Random(seed)
    papers = sample_papers()
    sentences = [s for _, abstract in papers for s in re.split(r"(?<=\.) ", abstract)]
    title_words = [word for title, _ in papers for word in title.split()]
    days = []
    per_day = max(1, count // 10)
    for start in range(0, count, per_day):
        entries = []
        for number in range(start, min(start + per_day, count)):
            title = " ".join(rng.sample(title_words, 9)) + f" {number}"
            abstract = " ".join(rng.sample(sentences, 8))
            entries.append(f"{title}\n\n{abstract}")
        days.append(f"Mar {1 + len(days)}\n\n" + "\n\n".join(entries))
    return "\n\n".join(days) + "\n"


def make_project(root: Path, count: int) -> None:
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns(*GENERATED, ".*"))
        else:
            shutil.copy2(source, root / name)
    (root / "sources").mkdir()
    (root / "sources" / "2024-03-01-bench.txt").write_text(synthetic_listing(count), encoding="utf-8")


def command_env() -> dict[str, str]:
    """The environment of a measured command: Python writes and reuses its bytecode,
    as on a person's machine (some sandboxes set PYTHONDONTWRITEBYTECODE, and every
    run would then compile the generator again: a third of a second)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def gnu_timed(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user and system, the command's and its children's)
    and peak resident MB of `command`, from GNU time."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, env=command_env(), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    hours, minutes, seconds = (float(part or 0) for part in wall.groups())
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", result.stderr).group(1)) for kind in ("User", "System"))
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return hours * 3600 + minutes * 60 + seconds, cpu, peak / 1024


def measured(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of `command`, from GNU time."""
    wall, _, peak = gnu_timed(command, cwd)
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 4000])
    options = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("needs GNU time at /usr/bin/time (Debian: apt-get install time)")
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print("| papers | generate s | × | no-op generate s | mkdocs build s | × | build peak MB | × |")
    print("| -----: | ---------: | -: | ---------------: | -------------: | -: | ------------: | -: |")
    first = None
    for count in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            make_project(root, count)
            generate = [sys.executable, "-m", "generator.cli", "generate"]
            generated, _ = measured(generate, root)
            again, _ = measured(generate, root)
            built, peak = measured([sys.executable, "-m", "mkdocs", "build"], root)
        first = first or (generated, built, peak)
        print(
            f"| {count:,} | {generated:.1f} | {generated / first[0]:.1f} | {again:.1f} | "
            f"{built:.1f} | {built / first[1]:.1f} | {peak:.0f} | {peak / first[2]:.1f} |"
        )


if __name__ == "__main__":
    main()
