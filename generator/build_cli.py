"""`paper-archive build` and `paper-archive merge-site`: the site built in slices.

`build --jobs N` builds the site as `mkdocs build` does, in N processes, each
one shard of the pages (see `shards.py`), merges them into one `site/` and
indexes it once. `build --shard i/N` builds one shard into a folder of its
own, for a machine of a CI job matrix; `merge-site` then merges the shards'
folders, as downloaded from the jobs.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

import click
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

from generator.merge_site import log_anchor_problems, merge_site
from generator.parallel_build import PAGE_LINE, BuildStopped, build_in_processes
from generator.config_check import block_problem
from generator.project import config_error
from generator.search_index import SearchIndexError
from generator.shards import MAX_SHARDS, Shard, ShardError, build_shard

BUILD_HELP = (
    "Build the site as mkdocs build does, in several processes (--jobs), or one shard of it "
    "(--shard) for a machine of a CI matrix."
)
JOBS_HELP = "Build the pages in this many processes at once (default: 1)."
SHARD_HELP = "Build only shard i of N (such as 2/4) into --site-dir, for paper-archive merge-site."
SITE_DIR_HELP = "Where the site (or the shard) goes; default: site_dir of mkdocs.yml."
STRICT_HELP = "Fail on any warning, as mkdocs build --strict does."
CONFIG_HELP = "The mkdocs.yml to build."
MERGE_HELP = "Merge the folders that paper-archive build --shard i/N wrote into one site (no search index: run paper-archive index after)."

log = logging.getLogger("mkdocs.plugins.paper_archive.build")


class BuildFailed(click.ClickException):
    """A failure reported in one line, without a traceback."""


class StoppedBySignal(BuildFailed):
    """The build was stopped by SIGTERM or SIGHUP; the exit status says which, as a shell's does."""

    def __init__(self, stop: BuildStopped):
        super().__init__(f"stopped by {stop.name}")
        self.exit_code = 128 + stop.signum


def show_mkdocs_warnings() -> None:
    """MkDocs' warnings on standard error, as `mkdocs build` prints them, and nothing quieter."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(handler, "name", "") == "paper-archive" for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.name = "paper-archive"
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False


def _load(config_file: str, site_dir: str | None, strict: bool):
    problem = block_problem(config_file)  # which MkDocs says with neither line nor reason
    if problem is not None:
        raise BuildFailed(problem)
    try:
        return load_config(config_file, site_dir=site_dir, strict=strict or None)
    except (ConfigurationError, OSError) as error:
        raise BuildFailed(config_error(config_file, error)) from None


@click.command(help=BUILD_HELP)
@click.option("-f", "--config-file", default="mkdocs.yml", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("-j", "--jobs", type=click.IntRange(min=1, max=MAX_SHARDS), default=1, help=JOBS_HELP)
@click.option("--shard", "shard_text", default=None, metavar="i/N", help=SHARD_HELP)
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None, help=SITE_DIR_HELP)
@click.option("-s", "--strict", is_flag=True, help=STRICT_HELP)
# For `--jobs`: each shard process names the pages it wrote on standard output, and
# stops when its standard input closes.
@click.option("--name-pages", is_flag=True, hidden=True)
def build(config_file: str, jobs: int, shard_text: str | None, site_dir: str | None, strict: bool, name_pages: bool) -> None:
    show_mkdocs_warnings()
    try:
        if shard_text is not None:
            if jobs != 1:
                raise BuildFailed("--shard builds one shard in this process; leave out --jobs")
            _build_one_shard(config_file, Shard.parse(shard_text), site_dir, strict, name_pages)
        else:
            _build_in_processes(config_file, jobs, site_dir, strict)
    except ShardError as error:
        raise BuildFailed(str(error)) from None
    except BuildStopped as stop:
        raise StoppedBySignal(stop) from None


def watch_parent() -> None:
    """Stop this process once its standard input closes: the `build --jobs` that started
    it is gone, however it ended (SIGKILL too, which it cannot pass on)."""

    def stop_at_end() -> None:
        sys.stdin.buffer.read()
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=stop_at_end, name="watch-parent", daemon=True).start()


def _build_one_shard(config_file: str, shard: Shard, site_dir: str | None, strict: bool, name_pages: bool) -> None:
    if name_pages:
        watch_parent()
    config = _load(config_file, site_dir, strict)

    def name_page(position: int, file) -> None:
        print(f"{PAGE_LINE}{position} {file.dest_uri}", flush=True)

    try:
        manifest = build_shard(config, shard, name_page if name_pages else None)
    except (Abort, BuildError, PluginError) as error:
        raise BuildFailed(str(error)) from None
    click.echo(f"shard {shard}: {len(manifest['pages'])} pages into {config.site_dir}", err=True)


def _build_in_processes(config_file: str, jobs: int, site_dir: str | None, strict: bool) -> None:
    started = time.perf_counter()
    config = _load(config_file, site_dir, strict)
    plugin = config.plugins.get("paper-archive")
    if strict and plugin is not None:
        # Each shard would stop on them (the plugin's `on_config`); none is started.
        try:
            plugin.say_unknown_options(strict, log.warning)
        except Abort as error:
            raise BuildFailed(str(error)) from None
    index = plugin.config.search_part_size if plugin is not None and plugin.config.search_index else None
    try:
        report = build_in_processes(
            Path(config.config_file_path), jobs, Path(config.site_dir), strict, index, lambda line: click.echo(line, err=True)
        )
    except SearchIndexError as error:
        raise BuildFailed(str(error)) from None
    warnings = log_anchor_problems(report.merge, log)
    if strict and warnings:
        raise BuildFailed(f"Aborted with {warnings} warnings in strict mode!")
    click.echo(f"{report.merge.pages} pages from {report.merge.shards} shards merged into {config.site_dir}", err=True)
    if report.index is not None:
        click.echo(str(report.index), err=True)
    click.echo(f"built in {time.perf_counter() - started:.1f} s", err=True)


@click.command(name="merge-site", help=MERGE_HELP)
@click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("-d", "--site-dir", default="site", type=click.Path(file_okay=False), help="Where the merged site goes.")
@click.option("-s", "--strict", is_flag=True, help="Fail when a link to another shard's page names an anchor it lacks.")
def merge(folders: tuple[str, ...], site_dir: str, strict: bool) -> None:
    show_mkdocs_warnings()
    try:
        report = merge_site([Path(folder) for folder in folders], Path(site_dir))
    except ShardError as error:
        raise BuildFailed(str(error)) from None
    warnings = log_anchor_problems(report, log)
    if strict and warnings:
        raise BuildFailed(f"Aborted with {warnings} warnings in strict mode!")
    click.echo(f"{report.pages} pages from {report.shards} shards merged into {site_dir}", err=True)

