"""Where a `paper-archive generate` run spends its time: CPU seconds per stage.

Runs the pipeline once in this process, in the project given, with a timer around
each stage (the cached stages of `incremental.CachedStages`, the site's outputs,
the write stage, the records kept for the next run, ...). CPU time rather than
wall time, so other work on the machine disturbs the figures less; start-up
(imports, reading `mkdocs.yml`) is timed apart.

    python bench/bench_stages.py PROJECT           # after changing something in PROJECT
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from pathlib import Path

STAGES = (
    ("generator.runs", None, "source_inputs", "reading and hashing the sources"),
    ("generator.archive", None, "open_state", "the archive's state (manifest)"),
    ("generator.runs", None, "run_key", "the run's key (docs/papers/, addresses.yml)"),
    ("generator.incremental", "CachedStages", "taxonomy", "taxonomy"),
    ("generator.incremental", "CachedStages", "read_sources", "reading the sources (changed lines)"),
    ("generator.incremental", "CachedStages", "merge_and_clean", "merging and cleaning"),
    ("generator.incremental", "CachedStages", "tag", "tagging"),
    ("generator.address_cache", "AddressesFile", "read", "addresses.yml read"),
    ("generator.archive_state", "ArchiveState", "identities", "pages on disk (marks, stamps)"),
    ("generator.incremental", "CachedStages", "assign_slugs", "slugs"),
    ("generator.incremental", "CachedStages", "relate", "related papers"),
    ("generator.archive", None, "pages_to_go", "moved pages"),
    ("generator.pipeline", None, "site_outputs", "site outputs (keys; nothing made yet)"),
    ("generator.archive", None, "write_outputs", "writing (making what changed, compared by key or digest)"),
    ("generator.incremental", "CachedStages", "save_parts", "parts kept for the next run"),
    ("generator.archive", None, "remember_files", "record of the files written"),
    ("generator.address_cache", "AddressesFile", "write", "addresses.yml written"),
    ("generator.runs", None, "remember_run", "the run's result kept"),
)


def timed(stages: tuple) -> dict[str, float]:
    """Put a CPU timer around each stage; returns the dictionary the timers fill."""
    import importlib

    spent: dict[str, float] = {}
    for module_name, class_name, name, label in stages:
        owner = importlib.import_module(module_name)
        owner = getattr(owner, class_name) if class_name else owner
        function = getattr(owner, name)

        def wrapper(*arguments, __function=function, __label=label, **options):
            start = time.process_time()
            try:
                return __function(*arguments, **options)
            finally:
                spent[__label] = spent.get(__label, 0.0) + time.process_time() - start

        setattr(owner, name, functools.wraps(function)(wrapper))
    return spent


def stage_times(project: Path) -> tuple[float, float, dict[str, float]]:
    """(start-up s, whole run s, stage → s) of one run in `project`, in CPU seconds."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    start = time.process_time()
    from generator.project import load_project, run, settings_from

    spent = timed(STAGES)
    os.chdir(project)
    config, plugin = load_project("mkdocs.yml")
    started = time.process_time()
    run(settings_from(config, plugin.config), print)
    return started - start, time.process_time() - started, spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    startup, whole, spent = stage_times(options.project.resolve())
    print("| stage | CPU s |")
    print("| :-- | --: |")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"| {label} | {seconds:.2f} |")
    print(f"| everything else in the run | {whole - sum(spent.values()):.2f} |")
    print(f"| **the run** | **{whole:.2f}** |")
    print(f"| start-up: imports, mkdocs.yml | {startup:.2f} |")


if __name__ == "__main__":
    main()
