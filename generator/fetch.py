"""Fetching new papers into `sources/`: settings, planning and writing.

Responsible for deciding which files the fetchers' answers become and for
writing them safely; the talking to services lives in `fetch_arxiv` and
`fetch_hf`. Everything is fetched before anything is written, so a network
failure leaves `sources/` as it was; each file is written to a hidden
temporary file beside it and renamed into place, so none is ever half-written.
A file changed while the answers came in (a person's edit, another fetch) is
merged again when written, so nothing in it is lost.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import click
import httpx

from generator import fetch_arxiv, fetch_hf
from generator.config import FETCH_KEYS
from generator.fetch_http import Clock, FetchError, PoliteClient

ARXIV_API_VARIABLE = "PAPER_ARCHIVE_ARXIV_API"
HF_API_VARIABLE = "PAPER_ARCHIVE_HF_API"


class FetchSettingsError(Exception):
    """The `fetch:` block of `mkdocs.yml` is not as documented; `key` names the setting
    when the mistake is in the file (for its line)."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


# arXiv's API gives at most 30,000 results of one search, however they are paged.
ARXIV_MAX = 30000


@dataclass(frozen=True)
class FetchSettings:
    """What to fetch and from where: `fetch:` in the paper-archive block, then the environment."""

    sources_dir: Path
    arxiv_api: str = fetch_arxiv.DEFAULT_API
    hf_api: str = fetch_hf.DEFAULT_API
    hf_daily: bool = False
    hf_days: int = 2
    arxiv_queries: tuple[str, ...] = ()
    arxiv_max: int = 100


def endpoint(base: str, path: str) -> str:
    """The API address from a base URL: `path` is added unless the URL already names one."""
    try:
        parts = urlsplit(base.strip())
    except ValueError as error:
        raise FetchSettingsError(f"{base!r} is not a usable URL ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchSettingsError(f"{base!r} is not an http(s) URL")
    current = parts.path.rstrip("/")
    if not current.endswith(path.rsplit("/", 1)[-1]):
        # `https://host/api` and `https://host` both mean the service's usual path.
        current += path[len("/api") :] if current.endswith("/api") else path
    url = urlunsplit((parts.scheme, parts.netloc, current, parts.query, ""))
    try:
        httpx.URL(url)
    except httpx.InvalidURL as error:
        raise FetchSettingsError(f"{base!r} is not a usable URL ({error})") from None
    return url


def settings_from(sources_dir: Path, block: Mapping | None, environ: Mapping[str, str] = os.environ) -> FetchSettings:
    """Settings from the `fetch:` mapping; `PAPER_ARCHIVE_ARXIV_API` and `PAPER_ARCHIVE_HF_API` win."""
    block = dict(block or {})
    unknown = sorted(set(block) - set(FETCH_KEYS))
    if unknown:
        raise FetchSettingsError(f"fetch: unknown setting {unknown[0]!r} (expected one of {', '.join(FETCH_KEYS)})", unknown[0])
    queries = block.get("arxiv") or []
    if isinstance(queries, str):
        queries = [queries]
    if not isinstance(queries, list) or not all(isinstance(query, str) and query.strip() for query in queries):
        raise FetchSettingsError("fetch: arxiv must be a list of arXiv search queries (strings)", "arxiv")
    # Hugging Face's daily lists begin in 2023; ten years of days is past any use.
    for key, minimum, maximum in (("hf_days", 1, 3650), ("arxiv_max", 1, ARXIV_MAX)):
        value = block.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum):
            raise FetchSettingsError(f"fetch: {key} must be a whole number from {minimum} to {maximum}, got {value!r}", key)
    if not isinstance(block.get("hf_daily", False), bool):
        raise FetchSettingsError(f"fetch: hf_daily must be true or false, got {block['hf_daily']!r}", "hf_daily")
    addresses = {}
    for key, variable, default, path in (("arxiv_api", ARXIV_API_VARIABLE, fetch_arxiv.DEFAULT_API, "/api/query"),
                                         ("hf_api", HF_API_VARIABLE, fetch_hf.DEFAULT_API, "/api/daily_papers")):
        try:
            addresses[key] = endpoint(str(environ.get(variable) or block.get(key) or default), path)
        except FetchSettingsError as error:
            raise FetchSettingsError(str(error), None if environ.get(variable) else key) from None
    return FetchSettings(
        sources_dir=sources_dir,
        arxiv_api=addresses["arxiv_api"],
        hf_api=addresses["hf_api"],
        hf_daily=block.get("hf_daily", False),
        hf_days=block.get("hf_days") or 2,
        arxiv_queries=tuple(query.strip() for query in queries),
        arxiv_max=block.get("arxiv_max") or 100,
    )


class Progress:
    """A progress bar on a terminal; plain lines where output goes to a log (CI, pipes)."""

    def __init__(self, interactive: bool | None = None):
        if interactive is None:
            interactive = sys.stderr.isatty() and not os.environ.get("CI")
        self.interactive = interactive
        self._bars: list = []

    def line(self, text: str) -> None:
        click.echo(text, err=True)

    def counter(self, label: str):
        """A function `(done, total)` that shows how far a long fetch is."""
        bar = None

        def update(done: int, total: int) -> None:
            nonlocal bar
            if not self.interactive:
                self.line(f"{label}: {done}/{total}")
                return
            if bar is None:
                bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr)
                self._bars.append(bar)
            bar.length = max(total, done, 1)
            bar.update(done - bar.pos)

        return update

    def close(self) -> None:
        for bar in self._bars:
            bar.render_finish()
        self._bars.clear()


@dataclass
class Plan:
    """Files to write (path → text) and what the fetch found."""

    files: dict[Path, str] = field(default_factory=dict)
    unchanged: list[Path] = field(default_factory=list)
    papers: int = 0
    new: int = 0
    # Of each file to write: its text when read, and what makes its new text of a text.
    merges: dict[Path, tuple[str | None, Callable[[str | None], tuple[str | None, int]]]] = field(default_factory=dict)


def client_for(interval: float, clock: Clock | None = None, transport=None) -> PoliteClient:
    return PoliteClient(interval=interval, clock=clock or Clock(), transport=transport)


def plan_hf_daily(settings: FetchSettings, days: Iterable[date], progress: Progress, plan: Plan, clock=None, transport=None) -> Plan:
    days = list(days)
    advance = progress.counter("hf-daily days") if progress.interactive else None
    with client_for(fetch_hf.INTERVAL, clock, transport) as client:
        for number, day in enumerate(days, start=1):
            skipped: list[str] = []
            items = fetch_hf.fetch_day(client, settings.hf_api, day, skipped)
            for reason in skipped:
                progress.line(f"hf-daily {day.isoformat()}: skipped {reason}")
            path = fetch_hf.file_for(settings.sources_dir, day)
            new = _add(plan, path, partial(fetch_hf.merged_file, items=items, shown=_shown(path, settings)), len(items))
            if advance:
                advance(number, len(days))
            else:
                progress.line(f"hf-daily {day.isoformat()} ({number}/{len(days)}): {len(items)} papers, {new} new")
    return plan


def plan_arxiv(settings: FetchSettings, query: str, limit: int, progress: Progress, plan: Plan, clock=None, transport=None) -> Plan:
    with client_for(fetch_arxiv.INTERVAL, clock, transport) as client:
        entries = fetch_arxiv.search(
            client, settings.arxiv_api, query, limit, progress=progress.counter(f"arxiv {query!r}"),
            notice=lambda text: progress.line(f"arxiv {query!r}: {text}"),
        )
    path = fetch_arxiv.file_for(settings.sources_dir, query)
    new = _add(plan, path, partial(fetch_arxiv.merged_file, query=query, entries=entries), len(entries))
    progress.line(f"arxiv {query!r}: {len(entries)} papers, {new} new")
    return plan


def _existing(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise FetchError(f"{path}: cannot read ({error})") from None


def _add(plan: Plan, path: Path, merge: Callable[[str | None], tuple[str | None, int]], papers: int) -> int:
    """Plan the file at `path` as `merge` makes it of its text now; returns the papers new to it."""
    existing = _existing(path)
    text, new = merge(existing)
    plan.papers += papers
    plan.new += new
    if text is not None:
        plan.files[path] = text
        plan.merges[path] = (existing, merge)
    elif path.exists():
        plan.unchanged.append(path)
    return new


def _shown(path: Path, settings: FetchSettings) -> str:
    try:
        return path.relative_to(settings.sources_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()


def write_plan(plan: Plan) -> list[Path]:
    """Write every planned file, each atomically; returns the paths written. A file that
    changed since it was planned is merged again first (all before any is written)."""
    remove_leftovers({path.parent for path in [*plan.files, *plan.unchanged]})
    texts = dict(plan.files)
    for path, (planned, merge) in plan.merges.items():
        now = _existing(path)
        if now != planned:
            text, _ = merge(now)
            if text is None:
                del texts[path]  # it holds all of this fetch already
            else:
                texts[path] = text
    for path, text in texts.items():
        write_atomically(path, text)
    return list(texts)


# `write_atomically`'s temporary files: `.<name>.<8 random characters>.tmp`.
LEFTOVER = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")
LEFTOVER_AGE = 600.0  # seconds; a write takes milliseconds, so an older one is from a killed run


def remove_leftovers(folders: Iterable[Path], now: float | None = None) -> None:
    """Delete the temporary files of runs killed mid-write: hidden, the site never reads
    them, but a `git add sources` (by hand, or on a runner that keeps its folder) would
    commit them."""
    now = time.time() if now is None else now
    for folder in folders:
        try:
            candidates = [path for path in folder.iterdir() if LEFTOVER.fullmatch(path.name)]
        except OSError:
            continue
        for path in candidates:
            try:
                if now - path.stat().st_mtime > LEFTOVER_AGE:
                    path.unlink()
            except OSError:
                pass  # gone already, or not ours to remove: the write itself will say if it matters


def write_atomically(path: Path, text: str) -> None:
    """Write to a hidden temporary file in the same folder, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; a source file gets the usual permissions.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
