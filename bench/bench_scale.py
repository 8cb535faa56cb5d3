"""Time and memory against archive size: generation, the site build and search indexing.

Per size, a throwaway project holds a JSON Lines library written like a
person's export (`bench_incremental.synthetic_jsonl`: dates over three years,
person tags, arXiv ids for half) in files of 10,000 papers. Three commands run one after the other, each
under GNU time (`/usr/bin/time -v`) for wall seconds and peak resident memory:

1. `paper-archive generate` with an empty cache (a cold run);
2. the site build (`--build`, by default `mkdocs build`, which indexes the site
   with Pagefind too);
3. `paper-archive index`, Pagefind over the built site alone.

With `--shards N`, the site is built as the sharded Pages workflow builds it
(`.github/workflows/pages-sharded.yml`): `paper-archive build --shard i/N` for
each shard in turn, as the machines of a job matrix would run them, then
`paper-archive merge-site` and `paper-archive index`. Each shard is one
measurement; the matrix's wall time is the slowest shard's plus the merge and
the index.

Each measurement is appended as one JSON line to `--out` as soon as it is taken,
so a long run (100,000 papers takes the better part of an hour on two cores)
keeps what it measured if it is stopped; `bench/plot_scale.py` draws the file.

    python bench/bench_scale.py --sizes 1000 10000 100000 --out bench/scale.jsonl
    python bench/bench_scale.py --sizes 1000 --build "paper-archive build --jobs 2"
    python bench/bench_scale.py --sizes 100000 --shards 4 --keep /tmp/kept --out bench/scale.jsonl
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shlex
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import measured  # noqa: E402
from bench_incremental import make_archive  # noqa: E402

# Papers per source file: a file stays well under the readers' 50 MB limit, as
# an archive kept as monthly or yearly exports does.
PAPERS_PER_FILE = 10_000


def site_figures(site: Path) -> dict:
    files = [path for path in site.rglob("*") if path.is_file()]
    return {"site_files": len(files), "site_mb": sum(path.stat().st_size for path in files) / 1e6}


def split_library(source: Path) -> None:
    """The one JSON Lines library as files of at most PAPERS_PER_FILE papers."""
    lines = source.read_text("utf-8").splitlines(keepends=True)
    source.unlink()
    for start in range(0, len(lines), PAPERS_PER_FILE):
        part = source.with_name(f"{source.stem}-{start // PAPERS_PER_FILE + 1:03d}{source.suffix}")
        part.write_text("".join(lines[start : start + PAPERS_PER_FILE]), encoding="utf-8")


def steps(build: list[str], shards: int) -> list[tuple[str, list[str]]]:
    """(name, command) of each measured step, in order."""
    python = [sys.executable, "-m", "generator.cli"]
    if not shards:
        return [("generate", [*python, "generate"]), ("build", build), ("index", [*python, "index", "site"])]
    folders = [f"shards/shard-{number}" for number in range(1, shards + 1)]
    shard_builds = [
        (f"shard {number}/{shards}", [*python, "build", "--shard", f"{number}/{shards}", "--site-dir", folder])
        for number, folder in enumerate(folders, start=1)
    ]
    merge = ("merge", [*python, "merge-site", "--site-dir", "site", *folders])
    return [("generate", [*python, "generate"]), *shard_builds, merge, ("index", [*python, "index", "site"])]


def bench(count: int, build: list[str], shards: int, out: Path | None, keep: Path | None) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() if keep is None else contextlib.nullcontext(keep) as folder:
        root = Path(folder) / (str(count) if keep is not None else "project")
        split_library(make_archive(root, count, "jsonl"))
        for step, command in steps(build, shards):
            seconds, peak = measured(command, root)
            row = {"papers": count, "step": step, "seconds": round(seconds, 2), "peak_mb": round(peak)}
            if step == "index":
                row.update({key: round(value, 1) for key, value in site_figures(root / "site").items()})
            if step == "generate" and len(list((root / "docs" / "papers").glob("*.md"))) != count:
                sys.exit(f"{count} papers: generate did not write a page for each paper")
            rows.append(row)
            print(f"| {count:,} | {step} | {seconds:.1f} | {peak:.0f} |", flush=True)
            if out is not None:
                with out.open("a", encoding="utf-8") as stream:
                    stream.write(json.dumps(row) + "\n")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--build", default="mkdocs build", help="the command that builds the site (default: %(default)s)")
    parser.add_argument("--shards", type=int, default=0, help="build as N shards, then merge and index (default: one build)")
    parser.add_argument("--keep", type=Path, help="build in KEEP/<papers>/ and keep it (for bench_search.py --site)")
    parser.add_argument("--out", type=Path, help="append one JSON line per measurement to this file")
    options = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("needs GNU time at /usr/bin/time (Debian: apt-get install time)")
    build = shlex.split(options.build)
    if build[0] in ("mkdocs", "paper-archive"):
        # The same environment's commands, whether or not its bin/ is on PATH.
        module = "mkdocs" if build[0] == "mkdocs" else "generator.cli"
        build = [sys.executable, "-m", module, *build[1:]]
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    described = f"{options.shards} shards, merged, indexed" if options.shards else options.build
    print(f"# {machine}; build: {described}; load average {os.getloadavg()[0]:.1f}")
    if options.out is not None:
        with options.out.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps({"machine": machine, "build": described}) + "\n")
    print("| papers | step | seconds | peak MB |")
    print("| --: | :-- | --: | --: |")
    for count in options.sizes:
        bench(count, build, options.shards, options.out, options.keep)


if __name__ == "__main__":
    main()
