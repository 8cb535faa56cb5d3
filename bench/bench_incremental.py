"""Incremental generation: cold, no-op and one-changed-abstract `generate`, as ratios of one run.

Two kinds of archive per size, each a throwaway project in a temp folder:

- `listing`: one scraped listing of papers made from the sample's sentences
  (`bench_build.synthetic_listing`);
- `jsonl`: a JSON Lines library written the way a person's export looks: dates
  over three years, a few person tags per paper, arXiv ids for half;
- `bibtex`: the same papers as one BibTeX library, as a reference manager
  exports it (keywords for the person tags, `eprint` for the arXiv ids).

For each: `paper-archive generate` on an empty cache (cold), again on the same
inputs (no-op), then after one abstract changed (one change: the first after a
cold run, as a person editing a fresh archive meets it), then after three more
changes, each of another abstract (their median), after one new paper, newer
than the others (as a daily fetch adds them; "its files" are the files it
rewrote), then a cold run of that last state with the cache removed, whose
`docs/` must be byte-identical to the incremental one. Wall time and peak memory come from GNU time
(`/usr/bin/time -v`), so Python's start-up is included. The load average of
the machine is printed before and after: other work on it slows every figure.
With `--stages`, one more change is timed stage by stage (`bench_stages.py`).

    python bench/bench_incremental.py                       # 10,000 papers
    python bench/bench_incremental.py --sizes 1000 --kinds jsonl --stages
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import make_project, measured, sample_papers  # noqa: E402

PERSON_TAGS = ("reading group", "to read", "diffusion models", "Graph Neural Networks", "robotics", "surveys", "LLM agents")


def synthetic_jsonl(count: int, seed: int = 11) -> str:
    """`count` JSON Lines papers: sample sentences, dates over 2022–2024, person tags, arXiv ids for half."""
    rng = random.Random(seed)
    papers = sample_papers()
    sentences = [s for _, abstract in papers for s in re.split(r"(?<=\.) ", abstract)]
    title_words = [word for title, _ in papers for word in title.split()]
    lines = []
    for number in range(count):
        record = {
            "title": " ".join(rng.sample(title_words, 8)) + f" {number}",
            "abstract": " ".join(rng.sample(sentences, 7)),
            "authors": [f"Author{rng.randrange(3000)} Family{rng.randrange(3000)}" for _ in range(rng.randrange(1, 5))],
            "date": f"{2022 + rng.randrange(3)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
            "tags": rng.sample(PERSON_TAGS, rng.randrange(0, 3)),
        }
        if number % 2 == 0:
            # Five digits after the dot, as arXiv has them; the month moves on every
            # 90,000 papers so that ids stay unique in archives of 100,000 and more.
            record["arxiv"] = f"{22 + number % 3}{1 + (number + number // 90000) % 12:02d}.{10000 + number % 90000:05d}"
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def synthetic_bibtex(count: int, seed: int = 11) -> str:
    """The papers of `synthetic_jsonl` as one BibTeX library."""
    entries = []
    for number, line in enumerate(synthetic_jsonl(count, seed).splitlines()):
        record = json.loads(line)
        fields = [("title", record["title"]), ("author", " and ".join(record["authors"])), ("date", record["date"])]
        if record["tags"]:
            fields.append(("keywords", ", ".join(record["tags"])))
        if "arxiv" in record:
            fields += [("eprint", record["arxiv"]), ("archiveprefix", "arXiv")]
        fields.append(("abstract", record["abstract"]))
        body = "".join(f"  {name} = {{{_bib_text(value)}}},\n" for name, value in fields)
        entries.append(f"@article{{paper{number},\n{body}}}\n")
    return "\n".join(entries)


def _bib_text(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("%", "\\%")


def make_archive(root: Path, count: int, kind: str) -> Path:
    """A project at `root`; returns its one source file."""
    root.mkdir(parents=True, exist_ok=True)
    make_project(root, count if kind == "listing" else 1)
    if kind == "listing":
        return root / "sources" / "2024-03-01-bench.txt"
    for path in (root / "sources").iterdir():
        path.unlink()
    source = root / "sources" / ("library.bib" if kind == "bibtex" else "library.jsonl")
    source.write_text(synthetic_bibtex(count) if kind == "bibtex" else synthetic_jsonl(count), encoding="utf-8")
    return source


def change_one_abstract(source: Path, where: float = 0.5) -> None:
    """Append a sentence to the abstract of the paper at `where` (0 to 1) in the file."""
    text = source.read_text("utf-8")
    lines = text.split("\n")
    at = int(len(lines) * where)
    if source.suffix == ".jsonl":
        at = next(i for i in range(at, len(lines)) if lines[i].strip())
        record = json.loads(lines[at])
        record["abstract"] += " We also study graph neural networks."
        lines[at] = json.dumps(record)
        source.write_text("\n".join(lines), encoding="utf-8")
        return
    if source.suffix == ".bib":
        at = next(i for i in range(at, len(lines)) if lines[i].startswith("  abstract = {"))
        lines[at] = lines[at].removesuffix("},") + " We also study graph neural networks.},"
        source.write_text("\n".join(lines), encoding="utf-8")
        return
    at = next(i for i in range(at, len(lines)) if len(lines[i]) > 200)
    lines[at] += " We also study graph neural networks."
    source.write_text("\n".join(lines), encoding="utf-8")


NEW_PAPER = ("Diffusion Policies for Robot Manipulation from Few Demonstrations",
             "We study diffusion policies for robot manipulation. They learn from fewer demonstrations than earlier methods.")


def add_one_paper(source: Path) -> None:
    """Append one paper, dated after every other, as a daily fetch adds one."""
    title, abstract = NEW_PAPER
    text = source.read_text("utf-8").rstrip("\n")
    if source.suffix == ".jsonl":
        record = {"title": title, "abstract": abstract, "authors": ["Ada Newcomer"], "date": "2025-01-15", "tags": ["robotics"]}
        text += "\n" + json.dumps(record)
    elif source.suffix == ".bib":
        text += (f"\n\n@article{{newpaper,\n  title = {{{title}}},\n  author = {{Ada Newcomer}},\n  date = {{2025-01-15}},\n"
                 f"  keywords = {{robotics}},\n  abstract = {{{abstract}}},\n}}")
    else:
        text += f"\n\n{title}\n\n{abstract}"  # on the listing's last day
    source.write_text(text + "\n", encoding="utf-8")


def snapshot(docs: Path) -> dict[str, bytes]:
    return {path.relative_to(docs).as_posix(): path.read_bytes() for path in sorted(docs.rglob("*")) if path.is_file()}


def bench(count: int, kind: str, stages: bool = False) -> dict:
    generate = [sys.executable, "-m", "generator.cli", "generate"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        source = make_archive(root, count, kind)
        cold, cold_peak = measured(generate, root)
        noop, _ = measured(generate, root)
        before = snapshot(root / "docs")
        change_one_abstract(source)
        changed, _ = measured(generate, root)
        after = snapshot(root / "docs")
        rewritten = sum(1 for name in after if before.get(name) != after[name])
        again = []
        for where in (0.2, 0.4, 0.8):
            change_one_abstract(source, where)
            again.append(measured(generate, root)[0])
        before = snapshot(root / "docs")
        add_one_paper(source)
        added, _ = measured(generate, root)
        after = snapshot(root / "docs")
        added_files = sum(1 for name in after if before.get(name) != after[name])
        if stages:
            change_one_abstract(source, 0.6)
            script = Path(__file__).with_name("bench_stages.py")
            shown = subprocess.run([sys.executable, str(script), str(root)], capture_output=True, text=True, check=True)
            print(f"\n{kind}, {count:,} papers, one more change:\n\n{shown.stdout}", file=sys.stderr)
        after = snapshot(root / "docs")
        twin = Path(folder) / "twin"
        shutil.copytree(root, twin, ignore=shutil.ignore_patterns("cache"))
        measured(generate, twin)
        identical = snapshot(twin / "docs") == after
    return dict(cold=cold, peak=cold_peak, noop=noop, changed=changed, again=statistics.median(again),
                rewritten=rewritten, added=added, added_files=added_files, identical=identical)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--kinds", nargs="+", choices=("listing", "jsonl", "bibtex"),
                        default=["listing", "jsonl", "bibtex"])
    parser.add_argument("--stages", action="store_true", help="time one more change stage by stage")
    options = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("needs GNU time at /usr/bin/time (Debian: apt-get install time)")
    startup, _ = measured([sys.executable, "-c", "import generator.cli"], Path.cwd())
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"start-up (import generator.cli) {startup:.2f} s; load average {os.getloadavg()[0]:.1f}")
    print("| archive | papers | cold s | papers/s | cold peak MB | no-op s | × cold | one change s | × cold "
          "| next changes s | × cold | files rewritten | new paper s | × cold | its files | same as cold |")
    print("| :-- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | :-- |")
    for count in options.sizes:
        for kind in options.kinds:
            r = bench(count, kind, options.stages)
            print(f"| {kind} | {count:,} | {r['cold']:.1f} | {count / r['cold']:,.0f} | {r['peak']:.0f} | "
                  f"{r['noop']:.2f} | {r['noop'] / r['cold']:.1%} | {r['changed']:.2f} | {r['changed'] / r['cold']:.1%} | "
                  f"{r['again']:.2f} | {r['again'] / r['cold']:.1%} | {r['rewritten']} | "
                  f"{r['added']:.2f} | {r['added'] / r['cold']:.1%} | {r['added_files']} | {'yes' if r['identical'] else 'NO'} |")
    print(f"# load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
