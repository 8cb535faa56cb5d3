"""Search in parts: what indexing a built site costs at each part size.

A built site (any: `bench_build.py`'s, or your own) is indexed again at each
`--part-sizes` value, in a hard-linked copy, by `python -m
generator.search_index` (what `paper-archive index --part-size N` runs). With
`--copies N` the copy holds each paper page N times under other addresses
(`papers0/`, `papers1/`, …; hard links, no disk), for archives larger than
the site. Measured: wall and CPU time and the peak resident memory of the
largest process (GNU time, `/usr/bin/time -v`), and the peak of the memory of
every Pagefind process at once, sampled from `/proc` every twentieth of a
second (a part's process ends once its part is written, while the next part's
gets pages).

    python bench/bench_search_parts.py SITE --part-sizes 10000 5000 3000
    python bench/bench_search_parts.py SITE --copies 10 --part-sizes 5000
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Figures:
    part_size: int
    pages: int
    parts: int
    seconds: float
    cpu_seconds: float
    largest_mb: float
    largest_pagefind_mb: float
    pagefind_mb: float  # every Pagefind process at once


def copy_site(site: Path, target: Path, copies: int) -> None:
    """`site` without its index, hard-linked; its `papers/` `copies` times when more than one."""
    ignore = shutil.ignore_patterns("pagefind", *(["papers"] if copies > 1 else []))
    shutil.copytree(site, target, copy_function=os.link, ignore=ignore)
    if copies > 1:
        for number in range(copies):
            shutil.copytree(site / "papers", target / f"papers{number}", copy_function=os.link)


def pagefind_memory(parent: int) -> list[int]:
    """Resident bytes of each Pagefind process `parent` started."""
    sizes = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            name, ppid = stat[stat.index("(") + 1 : stat.rindex(")")], int(stat[stat.rindex(")") + 2 :].split()[1])
            if name == "pagefind" and ppid == parent:
                sizes.append(int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE"))
        except (OSError, ValueError, IndexError):
            continue
    return sizes


def index_once(site: Path, part_size: int) -> Figures:
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "generator.search_index", str(site), "pagefind", str(part_size)]
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = largest = 0

    def sample() -> None:
        nonlocal peak, largest
        while process.poll() is None:
            python = [int(pid) for pid in os.listdir("/proc") if pid.isdigit() and _parent(int(pid)) == process.pid]
            sizes = [size for pid in python for size in pagefind_memory(pid)]
            peak, largest = max(peak, sum(sizes)), max([largest, *sizes])
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"indexing failed: {err.strip()[-500:]}")
    report = re.search(r"search index: (\d+) pages(?: in (\d+) parts)?", out)
    times = {key: float(value) for key, value in re.findall(r"\s*(User time|System time) \(seconds\): ([\d.]+)", err)}
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", err)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return Figures(part_size, int(report.group(1)), int(report.group(2) or 1), seconds,
                   times["User time"] + times["System time"], rss / 1000, largest / 1e6, peak / 1e6)


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return int(stat[stat.rindex(")") + 2 :].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def measure(site: Path, part_sizes: list[int], copies: int = 1) -> list[Figures]:
    with tempfile.TemporaryDirectory(prefix="bench-parts-", dir=site.parent) as work:
        copy = Path(work) / "site"
        copy_site(site, copy, copies)
        return [index_once(copy, size) for size in part_sizes]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site")
    parser.add_argument("--part-sizes", type=int, nargs="+", default=[10000, 5000])
    parser.add_argument("--copies", type=int, default=1, help="each paper page this many times")
    arguments = parser.parse_args()
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}")
    print("\n| part size | pages | parts | wall s | CPU s | largest process MB | largest Pagefind MB | all Pagefind MB |")
    print("| -: | -: | -: | -: | -: | -: | -: | -: |")
    for figures in measure(arguments.site.resolve(), arguments.part_sizes, arguments.copies):
        print(f"| {figures.part_size:,} | {figures.pages:,} | {figures.parts} | {figures.seconds:.1f} | "
              f"{figures.cpu_seconds:.1f} | {figures.largest_mb:,.0f} | {figures.largest_pagefind_mb:,.0f} | "
              f"{figures.pagefind_mb:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
