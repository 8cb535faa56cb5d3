"""How related-paper selection scales: time and peak memory on synthetic archives.

    python bench/bench_related.py                 # 1k, 5k and 20k papers
    python bench/bench_related.py --sizes 1000 2000

Each archive is made of topics: a paper draws most of its words from its
topic's Zipf-shaped vocabulary and the rest from the whole vocabulary, with a
title of 10 words and an abstract of 160, roughly a real abstract's length.
Time is the fastest of `--repeat` runs without tracing; peak memory in a second run under
tracemalloc (it sees NumPy and SciPy arrays, which is where the cost is).
Ratios are against the smallest size of the same run, on the same machine.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import scipy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.model import Paper  # noqa: E402
from generator.related import DENSE_SHARE, _matrix, relate, vectors  # noqa: E402

VOCABULARY = 30_000
TOPICS = 60
TITLE_WORDS = 10
ABSTRACT_WORDS = 160
TOPIC_SHARE = 0.7


def synthetic_archive(size: int, seed: int = 2024) -> list[Paper]:
    rng = np.random.default_rng(seed)
    words = np.array([_word(number) for number in range(VOCABULARY)])
    zipf = 1.0 / np.arange(1, VOCABULARY + 1)
    zipf /= zipf.sum()
    # Each topic favours its own shuffle of the vocabulary.
    topic_orders = [rng.permutation(VOCABULARY) for _ in range(TOPICS)]
    papers = []
    for number in range(size):
        order = topic_orders[number % TOPICS]
        length = TITLE_WORDS + ABSTRACT_WORDS
        from_topic = rng.random(length) < TOPIC_SHARE
        drawn = np.where(from_topic, order[rng.choice(VOCABULARY, length, p=zipf)], rng.choice(VOCABULARY, length, p=zipf))
        text = words[drawn]
        papers.append(Paper(
            key=f"synthetic:{number:06d}",
            title=" ".join(text[:TITLE_WORDS]),
            abstract=" ".join(text[TITLE_WORDS:]),
            slug=f"paper-{number}",
        ))
    return papers


def _word(number: int) -> str:
    """A pronounceable made-up word, never an English stop word."""
    syllables = ["ka", "lo", "mi", "ru", "te", "zo", "pa", "ne", "si", "vu"]
    letters = []
    while True:
        number, digit = divmod(number, 10)
        letters.append(syllables[digit])
        if not number:
            break
    return "q" + "".join(letters)


def measure(papers: list[Paper], count: int, repeat: int) -> tuple[float, int]:
    # The fastest of a few runs: other work on the machine only ever adds time.
    seconds = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        relate(papers, count)
        seconds = min(seconds, time.perf_counter() - start)
    gc.collect()
    tracemalloc.start()
    try:
        relate(papers, count)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak


def common_words(papers: list[Paper]) -> int:
    """How many words are in at least `DENSE_SHARE` of the papers: the dense part of the estimate."""
    in_papers = np.bincount(_matrix(vectors(papers)).indices)
    return int((in_papers >= max(2, DENSE_SHARE * len(papers))).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size; the fastest counts")
    options = parser.parse_args()

    print(f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    print(f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}; {options.count} related")
    print()
    header = f"{'papers':>7} {'common':>6} {'seconds':>8} {'× time':>7} {'peak MB':>8} {'× memory':>9} {'dense n×n MB':>13}"
    print(header)
    base = None
    for size in options.sizes:
        papers = synthetic_archive(size)
        seconds, peak = measure(papers, options.count, options.repeat)
        base = base or (seconds, peak)
        dense = size * size * 4 / 1e6
        print(f"{size:>7} {common_words(papers):>6} {seconds:>8.2f} {seconds / base[0]:>7.1f} {peak / 1e6:>8.1f} {peak / base[1]:>9.1f} {dense:>13.0f}")


if __name__ == "__main__":
    main()
