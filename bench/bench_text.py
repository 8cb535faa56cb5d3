"""How the text stages scale with the length of one abstract: clean → tag → render.

    python bench/bench_text.py                       # 100 KB and 1 MB
    python bench/bench_text.py --sizes 10000 100000 1000000 --repeat 3

Each abstract mixes prose from the sample listing with the tokens that made
regular expressions quadratic (a base64 image, unclosed `\\(`, runs of `$`,
URLs without spaces, closing brackets), in the same proportions at every
size, so a linear pipeline shows a cost ratio close to the size ratio.
Prints one row per size: characters, seconds (fastest of `--repeat` runs),
and the ratios of both against the smallest size.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generator import clean
from generator.model import Paper
from generator.pipeline import tag_paper
from generator.render import render_page
from generator.tagging import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sources" / "2024-03-14-trending-papers.txt"


def abstract_of(size: int) -> str:
    prose = " ".join(line for line in SAMPLE.read_text("utf-8").splitlines() if len(line) > 200)
    pieces = [
        "data:image/png;base64," + "A" * 4000,
        "\\(x" * 500,
        "$a" * 500,
        "http://x.org/" * 200,
        "https://github.com/a/b" + ")" * 500,
        prose[:8000],
    ]
    block = " ".join(pieces) + " "
    return (block * (size // len(block) + 1))[:size]


def measure(size: int, repeat: int, taxonomy) -> float:
    abstract = abstract_of(size)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for math in (False, True):
            paper = clean.clean_paper(Paper(key="k", title="A long abstract", abstract=abstract, math=math, slug="s"))
            render_page(tag_paper(paper, taxonomy))
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args(argv)
    taxonomy = load_taxonomy(ROOT / "taxonomy.yml")
    print("| characters | seconds | × size | × time |")
    print("| ---------: | ------: | -----: | -----: |")
    first = None
    for size in options.sizes:
        seconds = measure(size, options.repeat, taxonomy)
        first = first or (size, seconds)
        print(f"| {size:,} | {seconds:.3f} | {size / first[0]:.1f} | {seconds / first[1]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
