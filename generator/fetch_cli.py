"""`paper-archive fetch`: new papers from arXiv and Hugging Face into `sources/`."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.project import ProjectConfigError, load_project

if TYPE_CHECKING:
    from generator import fetch as fetching

FETCH_HELP = (
    "Fetch new papers into sources/. Without a sub-command, fetch what the fetch: "
    "setting of mkdocs.yml asks for (as the scheduled workflow does)."
)
HF_HELP = "The Hugging Face daily papers of each DATE (YYYY-MM-DD; default today, UTC), one file per day."
SINCE_HELP = "Every day from this date (YYYY-MM-DD) to today."
ARXIV_HELP = "The papers of an arXiv API search (e.g. 'cat:cs.LG AND abs:mamba', or arXiv ids), newest first."
MAX_HELP = "At most this many papers."
CONFIG_HELP = "The mkdocs.yml whose paper-archive block holds the settings."

ISO_DAY = click.DateTime(formats=["%Y-%m-%d"])
MAX_DAYS = 3650  # as for the hf_days setting


class FetchFailed(click.ClickException):
    """A failure reported in one line, without a traceback; nothing was written."""


def _fetching():
    """`generator.fetch`, imported when a command fetches: the network libraries are slow
    to import, and `paper-archive generate` needs none of them."""
    from generator import fetch

    return fetch


def today() -> date:
    return datetime.now(timezone.utc).date()


def _settings(config_file: str) -> tuple[fetching.FetchSettings, Path]:
    """The fetch settings and the project's root (the folder of `mkdocs.yml`), whose lock a build takes too."""
    from generator.config_check import OptionLines

    try:
        config, plugin = load_project(config_file)
    except ProjectConfigError as error:
        raise FetchFailed(str(error)) from None
    for unknown in plugin.unknown_options:
        # A mistake in `fetch:` would fetch other than what was asked for.
        if unknown.block == "fetch":
            raise FetchFailed(str(unknown))
        click.echo(f"warning: {unknown}", err=True)
    root = Path(config.config_file_path).resolve().parent
    try:
        return _fetching().settings_from(root / plugin.config.sources, plugin.config.fetch), root
    except _fetching().FetchSettingsError as error:
        where = OptionLines(config.config_file_path).where("fetch", error.key) if error.key else config_file
        raise FetchFailed(f"{where}: {error}") from None


def _run(settings: fetching.FetchSettings, root: Path, steps) -> None:
    """Fetch everything first, then write: a failure leaves sources/ untouched."""
    from generator.archive_state import StateUnwritableError, project_lock
    from generator.fetch_http import FetchError

    progress = _fetching().Progress()
    plan = _fetching().Plan()
    try:
        for step in steps:
            step(settings, progress, plan)
    except (FetchError, _fetching().FetchSettingsError) as error:
        progress.close()
        raise FetchFailed(f"{error}; nothing was written") from None
    progress.close()
    try:
        # One fetch writes at a time, and not while a build reads the sources: the build's lock is the
        # project's, also where `sources:` names a folder further down (`library/papers`).
        with project_lock(root, None, lambda text: click.echo(text, err=True)):
            written = _fetching().write_plan(plan)
    except FetchError as error:
        raise FetchFailed(f"{error}; nothing was written") from None
    except StateUnwritableError as error:
        raise FetchFailed(str(error)) from None
    except OSError as error:
        raise FetchFailed(f"cannot write {error.filename}: {error.strerror}") from None
    from generator.readers import display_path

    for path in written:
        click.echo(f"wrote {display_path(path, root)}")
    click.echo(f"{plan.papers} papers fetched, {plan.new} new: {len(written)} files written, {len(plan.unchanged)} unchanged")


def _hf_step(days):
    return lambda settings, progress, plan: _fetching().plan_hf_daily(settings, days, progress, plan)


def _arxiv_step(query: str, limit: int):
    return lambda settings, progress, plan: _fetching().plan_arxiv(settings, query, limit, progress, plan)


@click.group(invoke_without_command=True, help=FETCH_HELP)
@click.option("-f", "--config-file", default="mkdocs.yml", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.pass_context
def fetch(context: click.Context, config_file: str) -> None:
    context.obj = config_file
    if context.invoked_subcommand is not None:
        return
    settings, root = _settings(config_file)
    steps = []
    if settings.hf_daily:
        last = today()
        steps.append(_hf_step([last - timedelta(days=back) for back in reversed(range(settings.hf_days))]))
    steps.extend(_arxiv_step(query, settings.arxiv_max) for query in settings.arxiv_queries)
    if not steps:
        raise FetchFailed(f"{config_file}: nothing to fetch; set fetch: {{hf_daily: true, arxiv: [...]}} in the paper-archive block")
    _run(settings, root, steps)


@fetch.command("hf-daily", help=HF_HELP)
@click.argument("dates", nargs=-1, type=ISO_DAY)
@click.option("--since", type=ISO_DAY, help=SINCE_HELP)
@click.pass_obj
def hf_daily(config_file: str, dates: tuple[datetime, ...], since: datetime | None) -> None:
    days = [moment.date() for moment in dates]
    if since is not None:
        if since.date() > today():
            raise FetchFailed(f"--since {since.date().isoformat()} is in the future")
        if (today() - since.date()).days >= MAX_DAYS:
            # A mistyped year (1024 for 2024) would mean a request a second for days on end.
            raise FetchFailed(f"--since {since.date().isoformat()} is more than {MAX_DAYS} days ago;"
                              " Hugging Face's daily papers begin in 2023")
        from generator.fetch_hf import days_between

        days.extend(days_between(since.date(), today()))
    days = sorted(set(days)) or [today()]
    _run(*_settings(config_file), [_hf_step(days)])


@fetch.command("arxiv", help=ARXIV_HELP)
@click.argument("query")
@click.option("--max", "limit", type=click.IntRange(min=1), default=100, show_default=True, help=MAX_HELP)
@click.pass_obj
def arxiv(config_file: str, query: str, limit: int) -> None:
    if not query.strip():
        raise FetchFailed("the query is empty")
    if limit > _fetching().ARXIV_MAX:  # as `arxiv_max` in mkdocs.yml
        raise click.BadParameter(f"{limit} is more than arXiv gives of one search ({_fetching().ARXIV_MAX})", param_hint="'--max'")
    _run(*_settings(config_file), [_arxiv_step(query.strip(), limit)])
