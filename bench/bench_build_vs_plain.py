"""Our build against plain MkDocs + Material on the same pages, in one run.

For each size, a throwaway project holds the synthetic listing of `bench_build.py`;
`paper-archive generate` writes its pages (not timed). Then, alternating:

- **ours**: `mkdocs build` of the project, which runs the generator (a no-op
  here, as on every build after the first), renders with our template
  overrides and hooks, and indexes the site with Pagefind;
- **plain**: a copy of the generated `docs/` built with the same `mkdocs.yml`
  minus the paper-archive plugin and our template overrides, with Material's
  own search plugin as a plain Material site has it (theme, Markdown
  extensions, `not_in_nav` and the tags plugin kept).

Wall time, CPU time (user and system, of the build and the processes it
starts) and peak resident memory come from GNU time (`/usr/bin/time -v`): its
peak is that of the largest process of the build (Pagefind's, at large
sizes); the Python process's own peak is reported beside it. Each build runs
`--repeat` times, interleaved in alternating order, and the shortest times
count. On a machine shared with other work, wall times vary by tens of
percent from run to run; CPU times vary less. With
`--jobs`, `paper-archive build --jobs N` is timed too (the same site in N
worker processes). With `--profile`, both builds run once more under cProfile,
counting CPU seconds, and where each spends them is printed part by part.

    python bench/bench_build_vs_plain.py                      # 1,000 and 10,000 papers
    python bench/bench_build_vs_plain.py --sizes 1000 --repeat 3 --jobs 2 --profile
"""

from __future__ import annotations

import argparse
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_build import command_env, gnu_timed, make_project  # noqa: E402

PLAIN = "plain"
NO_OVERRIDES = "no-overrides"


# Runs a module as `python -m` does, then writes the process's own peak resident KB.
OWN_PEAK = (
    "import atexit, resource, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)))\n"
    "sys.argv = sys.argv[1:]\n"
    "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)\n"
)


@dataclass(frozen=True)
class Run:
    seconds: float  # wall
    cpu: float  # user and system seconds of the build and the processes it started
    peak_mb: float  # the largest process of the build
    python_mb: float  # the Python process that ran the build


@dataclass
class Figures:
    papers: int
    ours: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    jobs: dict[int, list[Run]] = field(default_factory=dict)
    load: float = 0.0

    @staticmethod
    def best(runs: list[Run]) -> Run:
        """The least disturbed of several runs: the shortest times, the highest peaks."""
        return Run(
            min(run.seconds for run in runs), min(run.cpu for run in runs),
            max(run.peak_mb for run in runs), max(run.python_mb for run in runs),
        )

    @property
    def ratio(self) -> float:
        return self.best(self.ours).seconds / self.best(self.plain).seconds

    @property
    def cpu_ratio(self) -> float:
        return self.best(self.ours).cpu / self.best(self.plain).cpu


def run_module(module: str, *arguments: str, cwd: Path) -> Run:
    """`python -m module arguments` in `cwd`, timed."""
    with tempfile.NamedTemporaryFile("r") as own_peak:
        seconds, cpu, peak = gnu_timed([sys.executable, "-c", OWN_PEAK, own_peak.name, module, *arguments], cwd)
        return Run(seconds, cpu, peak, int(own_peak.read() or 0) / 1024)


def plain_config(project_config: Path) -> str:
    """`mkdocs.yml` as a plain Material site has it: the project's own, inherited,
    without the paper-archive plugin and our template overrides, with Material's search."""
    return (
        f"INHERIT: {project_config}\n"
        # An empty folder of overrides: Material's own templates.
        f"theme:\n  name: material\n  custom_dir: {NO_OVERRIDES}\n"
        "plugins:\n  - search\n  - tags\n"
    )


def make_plain(root: Path, plain: Path) -> None:
    """A plain MkDocs + Material project on a copy of `root`'s generated pages."""
    plain.mkdir()
    (plain / NO_OVERRIDES).mkdir()
    shutil.copytree(root / "docs", plain / "docs")
    (plain / "mkdocs.yml").write_text(plain_config(root / "mkdocs.yml"), encoding="utf-8")


def mkdocs_build(root: Path) -> Run:
    shutil.rmtree(root / "site", ignore_errors=True)
    return run_module("mkdocs", "build", cwd=root)


def jobs_build(root: Path, jobs: int) -> Run:
    shutil.rmtree(root / "site", ignore_errors=True)
    return run_module("generator.cli", "build", "--jobs", str(jobs), cwd=root)


# `mkdocs build` in this process under cProfile, timed in CPU seconds; writes the
# profile and the CPU seconds of the processes it started (Pagefind) beside it.
PROFILED_BUILD = """
import cProfile, logging, resource, sys, time
from mkdocs.commands import build
from mkdocs.config import load_config
logging.getLogger("mkdocs").setLevel(logging.ERROR)
config = load_config("mkdocs.yml")
config.plugins.on_startup(command="build", dirty=False)
profile = cProfile.Profile(time.process_time)
profile.runcall(build.build, config)
profile.dump_stats(sys.argv[1])
children = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1] + ".children", "w").write(str(children.ru_utime + children.ru_stime))
"""

# Where a build's CPU time goes: (label, functions whose cumulative time counts).
PARTS = (
    ("whole build (Python)", [("mkdocs/commands/build.py", "build")]),
    ("Markdown to HTML", [("mkdocs/structure/pages.py", "render")]),
    ("page templates", [("mkdocs/commands/build.py", "_build_page")]),
    ("generator (no-op run)", [("generator/plugin.py", "on_pre_build")]),
    ("our page hooks", [("generator/plugin.py", name) for name in ("on_page_markdown", "on_page_context", "on_post_page")]),
    ("our search index, after the pages", [("generator/plugin.py", "on_post_build")]),
    ("Material search plugin", [("material/plugins/search/plugin.py", name) for name in ("on_page_context", "on_post_build")]),
    ("Material tags plugin", [("material/plugins/tags/plugin.py", name) for name in ("on_page_markdown", "on_env", "on_page_context")]),
)


def cpu_profile(root: Path) -> dict[str, float]:
    """CPU seconds of each part of a build of `root`, and of the processes it started."""
    output = root.parent / f"{root.name}.prof"
    shutil.rmtree(root / "site", ignore_errors=True)
    env = command_env()
    subprocess.run([sys.executable, "-c", PROFILED_BUILD, str(output)], cwd=root, env=env, check=True, capture_output=True)
    stats = pstats.Stats(str(output)).stats
    cumulative = {}
    for (path, _, name), (_, _, _, total, _) in stats.items():
        key = (path.replace(os.sep, "/").split("site-packages/")[-1].split(f"{REPO.as_posix()}/")[-1], name)
        cumulative[key] = cumulative.get(key, 0.0) + total
    seconds = {label: sum(cumulative.get(function, 0.0) for function in functions) for label, functions in PARTS}
    seconds["other processes (Pagefind)"] = float(Path(f"{output}.children").read_text())
    return seconds


def profile(root: Path, plain: Path) -> str:
    """Plain and our build side by side, part by part, in CPU seconds under cProfile."""
    ours, theirs = cpu_profile(root), cpu_profile(plain)
    lines = ["| part | plain CPU s | ours CPU s |", "| :-- | --: | --: |"]
    lines += [f"| {label} | {theirs[label]:.1f} | {ours[label]:.1f} |" for label in ours]
    return "\n".join(lines)


def bench(count: int, repeat: int, jobs: list[int], profiled: bool = False) -> tuple[Figures, str]:
    figures = Figures(count)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        root.mkdir()
        make_project(root, count)
        gnu_timed([sys.executable, "-m", "generator.cli", "generate"], root)
        make_plain(root, Path(folder) / PLAIN)
        figures.load = os.getloadavg()[0]
        for round_number in range(repeat):
            # Each round in the other order, so that a change of load favours neither.
            builds = [
                lambda: figures.plain.append(mkdocs_build(Path(folder) / PLAIN)),
                lambda: figures.ours.append(mkdocs_build(root)),
                *[lambda workers=workers: figures.jobs.setdefault(workers, []).append(jobs_build(root, workers)) for workers in jobs],
            ]
            for build in builds if round_number % 2 == 0 else reversed(builds):
                build()
        figures.load = (figures.load + os.getloadavg()[0]) / 2
        report = profile(root, Path(folder) / PLAIN) if profiled else ""
    return figures, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind per size; the fastest counts")
    parser.add_argument("--jobs", type=int, nargs="*", default=[], help="also time `paper-archive build --jobs N`")
    parser.add_argument("--profile", action="store_true", help="print where our build spends its time")
    options = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("needs GNU time at /usr/bin/time (Debian: apt-get install time)")
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    rows = []
    for count in options.sizes:
        figures, report = bench(count, options.repeat, options.jobs, options.profile)
        rows.append(figures)
        print(f"# {count:,} papers done (load {figures.load:.1f})", file=sys.stderr, flush=True)
        if report:
            print(f"\n{count:,} papers, CPU seconds under cProfile (which slows Python code down):\n{report}\n", flush=True)
    jobs_columns = "".join(f" --jobs {n} s | speed-up |" for n in options.jobs)
    print(f"\n| papers | load | plain s | ours s | ours ÷ plain | plain CPU s | ours CPU s | CPU ÷ |{jobs_columns}")
    print("| -: | -: | -: | -: | -: | -: | -: | -: |" + " -: | -: |" * len(options.jobs))
    for figures in rows:
        plain, ours = Figures.best(figures.plain), Figures.best(figures.ours)
        cells = "".join(
            f" {Figures.best(runs).seconds:.1f} | {ours.seconds / Figures.best(runs).seconds:.2f} |" for runs in figures.jobs.values()
        )
        print(
            f"| {figures.papers:,} | {figures.load:.1f} | {plain.seconds:.1f} | {ours.seconds:.1f} | {figures.ratio:.2f} | "
            f"{plain.cpu:.1f} | {ours.cpu:.1f} | {figures.cpu_ratio:.2f} |{cells}"
        )
    jobs_columns = "".join(f" --jobs {n} peak MB |" for n in options.jobs)
    print(f"\n| papers | plain peak MB | ours peak MB | ours Python MB |{jobs_columns}")
    print("| -: | -: | -: | -: |" + " -: |" * len(options.jobs))
    for figures in rows:
        plain, ours = Figures.best(figures.plain), Figures.best(figures.ours)
        cells = "".join(f" {Figures.best(runs).peak_mb:.0f} |" for runs in figures.jobs.values())
        print(f"| {figures.papers:,} | {plain.peak_mb:.0f} | {ours.peak_mb:.0f} | {ours.python_mb:.0f} |{cells}")


if __name__ == "__main__":
    main()
