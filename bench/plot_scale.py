"""Draw `bench_scale.py`'s measurements: time and peak memory against archive size.

Two log–log panels, one line per step (generate, build, index, and for a
sharded build its shards run one after the other plus the merge), with a dotted
line of slope one through the smallest size's build time (the build measured at
the most sizes) for reference:
a step that follows it grows linearly with the number of papers. Where a size
was measured more than once, the last measurement of each step counts (so a
shard measured again replaces its earlier figure).

    python bench/plot_scale.py bench/scale.jsonl bench/scale.png
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on a build machine
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, NullFormatter  # noqa: E402

STEPS = ("generate", "build", "sharded build", "index")
SHARDED = "sharded build"


def _sharded_total(parts: dict[str, dict]) -> dict:
    """A sharded build from its shards' and merge's measurements: seconds summed (one
    machine running every shard in turn), the largest peak."""
    return {
        "seconds": sum(row["seconds"] for row in parts.values()),
        "peak_mb": max(row["peak_mb"] for row in parts.values()),
    }


def load(path: Path) -> tuple[dict[str, dict[int, dict]], str]:
    by_step: dict[str, dict[int, dict]] = {step: {} for step in STEPS}
    sharded: dict[int, dict[str, dict]] = {}  # papers -> shard or merge step -> its last row
    machine = ""
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "machine" in row:
            machine = row["machine"]
        elif str(row.get("step", "")).startswith("shard ") or row.get("step") == "merge":
            parts = sharded.setdefault(row["papers"], {})
            if row["step"] != "merge" and any(s.split("/")[-1] != row["step"].split("/")[-1] for s in parts if s != "merge"):
                parts.clear()  # a build in another number of shards: the last one counts
            parts[row["step"]] = row
        elif row.get("step") in by_step:
            by_step[row["step"]][row["papers"]] = row
    by_step[SHARDED] = {papers: _sharded_total(parts) for papers, parts in sharded.items()}
    return by_step, machine


def plot(by_step: dict[str, dict[int, dict]], machine: str, target: Path) -> None:
    figure, (times, memory) = plt.subplots(1, 2, figsize=(10, 4.2), layout="constrained")
    for step in STEPS:
        sizes = sorted(by_step[step])
        if not sizes:
            continue
        times.plot(sizes, [by_step[step][n]["seconds"] for n in sizes], marker="o", label=step)
        memory.plot(sizes, [by_step[step][n]["peak_mb"] for n in sizes], marker="o", label=step)
    # The reference runs along the build measured at the most sizes.
    reference = max(("build", SHARDED), key=lambda step: len(by_step[step]))
    built = sorted(by_step[reference])
    if len(built) > 1:
        first = by_step[reference][built[0]]["seconds"]
        times.plot(built, [first * n / built[0] for n in built], ":", color="grey", label="linear")
    for axes, label in ((times, "wall seconds"), (memory, "peak resident MB")):
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("papers")
        axes.set_ylabel(label)
        axes.grid(True, which="both", alpha=0.3)
        for axis in (axes.xaxis, axes.yaxis):
            axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.10g}"))
            axis.set_minor_formatter(NullFormatter())
        axes.legend()
    figure.suptitle(machine, fontsize=8)
    figure.savefig(target, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("measurements", type=Path)
    parser.add_argument("image", type=Path)
    options = parser.parse_args()
    by_step, machine = load(options.measurements)
    plot(by_step, machine, options.image)
    print(f"{options.image}: {sum(len(rows) for rows in by_step.values())} measurements")


if __name__ == "__main__":
    main()
