"""`paper-archive`: the pipeline from the command line, without building the site."""

from __future__ import annotations

import dataclasses
import gc
import importlib
import os
import sys
from pathlib import Path

import click
from mkdocs.exceptions import PluginError

from generator.pipeline import leave_to_exit
from generator.project import ProjectConfigError, load_project, project_settings, run

GENERATE_HELP = "Write the paper pages into docs/ from sources/ and print a summary."
CONFIG_HELP = "The mkdocs.yml whose paper-archive block holds the settings."
FORCE_HELP = "Overwrite generated pages even when they were edited by hand."
STRICT_HELP = (
    "Exit with status 1 when any input had problems; when mkdocs.yml has an unknown option, before generating."
)
DROPPED_SHOWN = 10  # dropped keywords named in the summary
KEEP_EDITS_HELP = (
    "Move what was added by hand to generated paper pages into sources/notes/<slug>.md, then regenerate them."
)
WAIT_HELP = "Seconds to wait for another run on the same project before giving up (default: as long as it takes)."

INDEX_HELP = "Index a built site (default: site/) for the search box; for sites built by another engine."


def _a_number(context, parameter, value: float | None) -> float | None:
    """`--wait nan` passes FloatRange's bounds, as NaN passes every comparison."""
    if value is not None and value != value:
        raise click.BadParameter("must be a number of seconds, not nan", context, parameter)
    return value


class GenerateError(click.ClickException):
    """A failure reported in one line, without a traceback."""


class LazyGroup(click.Group):
    """A group whose other commands are imported only when asked for: `generate`, run on
    every save of a preview, then does not pay for importing MkDocs' build and the
    sharding code (a fifth of a no-op run's time)."""

    lazy = {
        "build": "generator.build_cli:build",
        "merge-site": "generator.build_cli:merge",
        "fetch": "generator.fetch_cli:fetch",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup)
@click.version_option(package_name="paper-archive")
def main() -> None:
    """Paper Archive: collected paper abstracts → a searchable MkDocs site."""


@main.command(help=GENERATE_HELP)
@click.option("-f", "--config-file", default="mkdocs.yml", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--keep-edits", is_flag=True, help=KEEP_EDITS_HELP)
@click.option("--wait", "wait_seconds", type=click.FloatRange(min=0), default=None, help=WAIT_HELP, callback=_a_number)
def generate(config_file: str, force: bool, strict: bool, keep_edits: bool, wait_seconds: float | None) -> None:
    try:
        project = project_settings(config_file)
    except ProjectConfigError as error:
        raise GenerateError(str(error)) from None
    for unknown in project.unknown_options:
        click.echo(f"warning: {unknown}", err=True)
    if strict and project.unknown_options:
        # As `mkdocs build --strict` does: settings with a mistake are not used.
        raise GenerateError(f"{len(project.unknown_options)} unknown option(s) in {config_file} (--strict); nothing was generated")
    settings = dataclasses.replace(project.pipeline, force=project.pipeline.force or force, keep_edits=keep_edits,
                                   lock_timeout=wait_seconds)
    if _ends_after_command:
        leave_to_exit()
    try:
        result = run(settings, on_wait=lambda message: click.echo(message, err=True))
    except PluginError as error:
        raise GenerateError(str(error)) from None
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    papers = len(result.papers)
    click.echo(f"{result.records} records read from {_shown(project.sources)}, {papers} papers")
    click.echo(
        f"pages: {len(result.written)} written, {len(result.unchanged)} unchanged, {len(result.removed)} removed"
    )
    click.echo(f"tags: {result.tags}")
    for line in tag_report_lines(result.tag_report):
        click.echo(line)
    click.echo(f"problems: {len(result.problems)}")
    if strict and result.problems:
        raise GenerateError(f"{len(result.problems)} problem(s) in the inputs (--strict)")


def tag_report_lines(report, shown: int = DROPPED_SHOWN) -> list[str]:
    """What a person extending `taxonomy.yml` wants to know: papers no topic fits, and
    the keywords that became no tag, most frequent first."""
    lines = [f"papers without a topic: {report.untagged} of {report.papers}"
             + (" (listed on tags/untagged/)" if report.untagged else "")]
    if report.dropped:
        top = ", ".join(f"{item.keyword} ({item.papers}, {item.reason})" for item in report.dropped[:shown])
        more = f", and {len(report.dropped) - shown} more" if len(report.dropped) > shown else ""
        lines.append(f"keywords dropped: {top}{more}")
    return lines


@main.command(help=INDEX_HELP)
@click.argument("site_dir", default="site", type=click.Path(file_okay=False))
@click.option("--part-size", type=click.IntRange(min=1), default=None,
              help="Papers per part of the index (default: search_part_size in ./mkdocs.yml, else 5000).")
def index(site_dir: str, part_size: int | None) -> None:
    from generator.search_index import PART_SIZE, SearchIndexError, index_site

    try:
        click.echo(str(index_site(Path(site_dir), part_size=part_size or _project_part_size() or PART_SIZE)))
    except SearchIndexError as error:
        raise GenerateError(str(error)) from None


def _project_part_size() -> int | None:
    """`search_part_size` of the project here, when its `mkdocs.yml` configures the plugin;
    a site built by another engine may come with no such file."""
    if not Path("mkdocs.yml").is_file():
        return None
    try:
        return load_project("mkdocs.yml")[1].config.search_part_size
    except ProjectConfigError as error:
        # Said, not fatal: the site may be another engine's, whose mkdocs.yml is not ours to read.
        from generator.search_index import PART_SIZE

        click.echo(f"warning: {error}; the index is made in parts of {PART_SIZE} papers", err=True)
        return None


def _shown(path: str) -> str:
    return Path(path).as_posix() + "/"


# Set by `console`, whose process ends as soon as the command is done: only then may a run
# leave what it held to the exit (`build` goes on to build the site after its run).
_ends_after_command = False


def console() -> None:
    """The `paper-archive` command: `main`, after which the process ends without Python
    freeing one by one the millions of objects a big archive's run leaves (a tenth of a
    second at 10,000 papers), neither as a `generate` run ends (`pipeline.leave_to_exit`)
    nor at the exit. Output is flushed first; nothing else waits for the exit.
    The cycle collector stays off: it would only pass over those objects once more."""
    global _ends_after_command
    gc.disable()
    _ends_after_command = True
    try:
        main()
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    console()
