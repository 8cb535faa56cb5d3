"""Live preview: seconds from saving a source file to the changed page being served by `mkdocs serve`.

A throwaway project per size and kind of archive (`bench_incremental.make_archive`:
one listing file, or a JSON Lines library as a person exports it); `mkdocs serve`
(with `--dirty`, or without for comparison) builds the site once; then one
paper's abstract gets a new sentence in its source file, and the paper's page
is fetched every 0.2 s until it shows that sentence. The sentence goes at the
abstract's end (`--edit end`: only the paper's page and its neighbours' change)
or at its start (`--edit start`: the paper's card on its tag and date pages
shows the first sentence, so those pages are made and rendered again too). With `--saves N`, N
papers one after the other, each once the server settled (its search index
written again); the median counts, each save is shown.

    python bench/bench_preview.py --sizes 1000
    python bench/bench_preview.py --sizes 1000 --modes dirty full
    python bench/bench_preview.py --sizes 10000 --kinds listing jsonl --saves 3
    python bench/bench_preview.py --sizes 10000 --kinds jsonl --edit start --saves 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import command_env  # noqa: E402
from bench_incremental import make_archive  # noqa: E402

MARKER = "Zyxwvutsr previews settle quickly."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (URLError, OSError):
        return None


def wait(condition, timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.2)
    return None


def quiet(log: Path, seconds: float = 3.0, timeout: float = 3600) -> None:
    """Wait until every build the server started has ended, its search index is
    written, and nothing was logged for `seconds`."""
    last, since = "", time.monotonic()
    deadline = since + timeout
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", "replace")
        settled = text.count("Building documentation") == text.count("Documentation built") and "search index:" in text
        if text != last or not settled:
            last, since = text, time.monotonic()
        elif time.monotonic() - since >= seconds:
            return
        time.sleep(0.2)


def preview(count: int, kind: str, dirty: bool, saves: int = 1, edit: str = "end") -> tuple[float | None, list[float | None], float | None]:
    """Seconds to the first served page, from each save to the changed page served
    (`saves` saves, each of another paper, each after the server settled), and from
    the last save to the search index written again."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = make_archive(root, count, kind)
        port = free_port()
        env = dict(command_env(), DISABLE_MKDOCS_2_WARNING="true")
        env.pop("SITE_URL", None)
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
        with open(root / "serve.log", "wb") as log:
            server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/paper-archive/"
            first = wait(lambda: fetch(url) is not None, 1800)
            shown, reindexed = [], None
            for number in range(saves):
                quiet(root / "serve.log")
                page, save, marker = _one_change(root, source, kind, number, saves, edit)
                indexed = (root / "serve.log").read_text("utf-8", "replace").count("search index:")
                saved = time.monotonic()
                save()
                shown.append(wait(lambda: marker in (fetch(f"{url}papers/{page}/") or ""), 600))
                reindexed = wait(lambda: (root / "serve.log").read_text("utf-8", "replace").count("search index:") > indexed, 600)
                reindexed = None if reindexed is None else time.monotonic() - saved
            return first, shown, reindexed
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _one_change(root: Path, source: Path, kind: str, number: int, saves: int, edit: str = "end"):
    """(the changed paper's page name, a function that saves the change, the marker it adds)
    for save `number` of `saves`: another paper each time, spread over the file; the
    marker goes at the abstract's `edit` ("end" or "start")."""
    marker = f"{MARKER} {number}"
    if edit == "start":
        marker = f"{MARKER.rstrip('.')} {number}."

    def edited(abstract: str) -> str:
        return f"{marker} {abstract}" if edit == "start" else f"{abstract} {marker}"

    lines = source.read_text("utf-8").split("\n")
    start = len(lines) * (number + 1) // (saves + 1)
    if kind == "jsonl":
        at = next(i for i in range(start, len(lines)) if lines[i].strip())
        record = json.loads(lines[at])
        title, record["abstract"] = record["title"], edited(record["abstract"])
        lines[at] = json.dumps(record)
    else:
        at = next(i for i in range(start, len(lines)) if len(lines[i]) > 200)
        # Abstracts share sentences; the title (which ends in the paper's number) is unique.
        title = lines[at - 2]
        lines[at] = edited(lines[at])
    page = next(p for p in (root / "docs" / "papers").glob("*.md") if any(f"{title}{quote}\n" in p.read_text("utf-8") for quote in ("", "'", '"')))
    return page.stem, lambda: source.write_text("\n".join(lines), encoding="utf-8"), marker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--modes", nargs="+", choices=("dirty", "full"), default=["dirty"])
    parser.add_argument("--kinds", nargs="+", choices=("listing", "jsonl"), default=["listing"])
    parser.add_argument("--saves", type=int, default=1, help="saves per server, each of another paper; the median counts")
    parser.add_argument("--edit", choices=("end", "start"), default="end", help="where in the abstract the new sentence goes")
    options = parser.parse_args()
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print("| archive | papers | serve | edit | first page s | save → changed page s | save → search index s |")
    print("| :-- | --: | :-- | :-- | --: | --: | --: |")
    for count in options.sizes:
        for kind in options.kinds:
            for mode in options.modes:
                first, shown, indexed = preview(count, kind, mode == "dirty", options.saves, options.edit)
                seen = [value for value in shown if value is not None]
                shown_text = f"{statistics.median(seen):.1f}" if len(seen) == len(shown) else "not seen"
                if len(shown) > 1:
                    shown_text += " (" + ", ".join("not seen" if value is None else f"{value:.1f}" for value in shown) + ")"
                indexed_text = f"{indexed:.1f}" if indexed is not None else "not seen"
                serve = "--dirty" if mode == "dirty" else "full rebuilds"
                print(f"| {kind} | {count:,} | {serve} | abstract's {options.edit} | {first:.1f} | {shown_text} | {indexed_text} |", flush=True)


if __name__ == "__main__":
    main()
