"""Live preview: seconds from saving a source file to the changed page being served by `mkdocs serve`.

A throwaway project per size and kind of archive (`bench_incremental.make_archive`:
one listing file, or a JSON Lines library as a person exports it); `mkdocs serve`
(with `--dirty`, or without for comparison) builds the site once; then one
paper's abstract gets a new sentence in its source file, and the paper's page
is fetched every 0.2 s until it shows that sentence.

    python bench/bench_preview.py --sizes 1000
    python bench/bench_preview.py --sizes 1000 --modes dirty full
    python bench/bench_preview.py --sizes 10000 --kinds listing jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
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


def preview(count: int, kind: str, dirty: bool) -> tuple[float | None, float | None, float | None]:
    """Seconds to the first served page, from the save to the changed page served,
    and from the save to the search index written again."""
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
            quiet(root / "serve.log")
            lines = source.read_text("utf-8").split("\n")
            if kind == "jsonl":
                middle = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].strip())
                record = json.loads(lines[middle])
                title, record["abstract"] = record["title"], f"{record['abstract']} {MARKER}"
                lines[middle] = json.dumps(record)
            else:
                middle = next(i for i in range(len(lines) // 2, len(lines)) if len(lines[i]) > 200)
                # Abstracts share sentences; the title (which ends in the paper's number) is unique.
                title = lines[middle - 2]
                lines[middle] += " " + MARKER
            page = next(p for p in (root / "docs" / "papers").glob("*.md") if any(f"{title}{quote}\n" in p.read_text("utf-8") for quote in ("", "'", '"')))
            indexed = (root / "serve.log").read_text("utf-8", "replace").count("search index:")
            saved = time.monotonic()
            source.write_text("\n".join(lines), encoding="utf-8")
            shown = wait(lambda: MARKER in (fetch(f"{url}papers/{page.stem}/") or ""), 600)
            reindexed = wait(lambda: (root / "serve.log").read_text("utf-8", "replace").count("search index:") > indexed, 600)
            return first, shown, None if reindexed is None else time.monotonic() - saved
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--modes", nargs="+", choices=("dirty", "full"), default=["dirty"])
    parser.add_argument("--kinds", nargs="+", choices=("listing", "jsonl"), default=["listing"])
    options = parser.parse_args()
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print("| archive | papers | serve | first page s | save → changed page s | save → search index s |")
    print("| :-- | --: | :-- | --: | --: | --: |")
    for count in options.sizes:
        for kind in options.kinds:
            for mode in options.modes:
                first, shown, indexed = preview(count, kind, mode == "dirty")
                shown_text, indexed_text = (f"{value:.1f}" if value is not None else "not seen" for value in (shown, indexed))
                serve = "--dirty" if mode == "dirty" else "full rebuilds"
                print(f"| {kind} | {count:,} | {serve} | {first:.1f} | {shown_text} | {indexed_text} |", flush=True)


if __name__ == "__main__":
    main()
