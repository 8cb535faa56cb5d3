"""A project's settings, from its `mkdocs.yml`, for the command line and the plugin.

Responsible for reading `mkdocs.yml` through MkDocs (`load_project`), for the
pipeline's settings it gives (`settings_from`), for finding those settings in
the cache when the file is as it was (`project_settings`), and for running the
pipeline with its expected failures as one-line errors (`run`). MkDocs'
configuration code is imported only when the file must be read: `paper-archive
generate`, run on every save, otherwise spends a third of a run that changes
nothing importing it and the Markdown extensions the file names.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from pathlib import Path

import mkdocs
import yaml
from mkdocs.exceptions import ConfigurationError, PluginError

from generator import pipeline
from generator.addresses import AddressesError
from generator.archive import ArchiveWriteError, HandEditedError
from generator.journal import OutsideError
from generator.readers import SourceUnreadableError
from generator.archive_state import LockTimeoutError, StateUnwritableError
from generator.cache import Cache, digest
from generator.tagging import TaxonomyError

ENVIRONMENT_TAG = "!ENV"


class ProjectConfigError(Exception):
    """A `mkdocs.yml` that cannot be read, or has no paper-archive block; one line."""


@dataclasses.dataclass(frozen=True)
class ProjectSettings:
    """What a command takes from `mkdocs.yml`: the pipeline's settings, and the sources
    folder as the file names it (for messages)."""

    pipeline: pipeline.Settings
    sources: str
    unknown_options: tuple[str, ...] = ()


def load_project(config_file: str):
    """The loaded `mkdocs.yml` and its paper-archive plugin, for the command line,
    with MkDocs' own log quiet: the commands print their own summary and warnings."""
    from mkdocs.config import load_config

    from generator.config_check import block_problem

    # MkDocs refuses such a block before the plugin is loaded, naming neither line nor reason.
    problem = block_problem(config_file)
    if problem is not None:
        raise ProjectConfigError(problem)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        # Without the Markdown extensions: neither command renders Markdown, and checking
        # them (Material's emoji index alone) takes longer than a run that changes nothing.
        config = load_config(config_file, markdown_extensions=[])
    except (ConfigurationError, OSError) as error:
        raise ProjectConfigError(config_error(config_file, error)) from None
    plugin = config.plugins.get("paper-archive")
    if plugin is None:
        raise ProjectConfigError(f"{config_file}: no paper-archive entry under plugins:")
    return config, plugin


def config_error(config_file: str, error: Exception) -> str:
    """MkDocs' failure to load the file as one line; where YAML cannot parse it, its line."""
    from generator.config_check import PluginConfigError, yaml_problem

    if isinstance(error, PluginConfigError):  # already one line with its place
        return str(error)
    if isinstance(error, ConfigurationError):
        problem = yaml_problem(config_file)
        if problem is not None:
            return problem
    return f"{config_file}: {' '.join(str(error).split())}"


def settings_from(config, plugin_config, force: bool = False, serving: bool = False, **options) -> pipeline.Settings:
    """Pipeline settings from a loaded `mkdocs.yml` and this plugin's block in it; `serving`:
    loaded by `mkdocs serve`, which puts its own address in `site_url`."""
    root = Path(config.config_file_path).resolve().parent
    return pipeline.Settings(
        root=root,
        docs_dir=Path(config.docs_dir).resolve(),
        sources_dir=root / plugin_config.sources,
        taxonomy_path=root / plugin_config.taxonomy,
        listing_year=plugin_config.listing_year,
        site_url=(configured_site_url(config) if serving else config.site_url) or "",
        site_name=config.site_name,
        related_count=plugin_config.related_count,
        feed_size=plugin_config.feed_size,
        listing_page_size=plugin_config.listing_page_size,
        force=force or plugin_config.force,
        max_tags=plugin_config.max_tags,
        keyword_min_papers=plugin_config.keyword_min_papers,
        workflow_labels=tuple(plugin_config.workflow_labels),
        **options,
    )


def configured_site_url(config) -> str | None:
    """`site_url` as the configuration file sets it, read again: `mkdocs serve` puts its own
    address in the loaded configuration, and the files generated into `docs/` (feeds) must
    name the published site whichever command wrote them."""
    from mkdocs.config import config_options
    from mkdocs.config.defaults import MkDocsConfig

    path = config.config_file_path
    if not path:  # read from standard input: nothing to read again
        return config.site_url
    raw = MkDocsConfig(config_file_path=path)
    try:
        with open(path, "rb") as file:
            raw.load_file(file)  # with its `!ENV` tags and `INHERIT`, as MkDocs reads it
        return config_options.Optional(config_options.URL(is_dir=True)).validate(raw.get("site_url"))
    except (OSError, ConfigurationError, config_options.ValidationError):
        return config.site_url  # changed since MkDocs read it; MkDocs says what is wrong


def project_settings(config_file: str) -> ProjectSettings:
    """`settings_from` the file, read through MkDocs only when it (its bytes and the
    environment variables its `!ENV` tags name) or MkDocs changed since the last command
    that read it; raises `ProjectConfigError` as `load_project` does."""
    path = Path(config_file)
    try:
        data = path.read_bytes()
        cache = Cache(path.resolve().parent)
    except OSError:
        data = cache = None  # MkDocs says what is wrong
    names = _environment_names(data) if data is not None else None
    if names is not None:
        key = digest(str(path.resolve()), data, mkdocs.__version__, [(name, os.environ.get(name)) for name in names])
        found = cache.load("settings", key)
        # MkDocs requires the docs folder: without it, its error, as on the first run.
        if isinstance(found, ProjectSettings) and found.pipeline.docs_dir.is_dir():
            return found
    config, plugin = load_project(config_file)
    found = ProjectSettings(settings_from(config, plugin.config), plugin.config.sources,
                            tuple(str(unknown) for unknown in plugin.unknown_options))
    if names is not None:
        cache.save("settings", key, found)
    return found


def _environment_names(data: bytes) -> list[str] | None:
    """The environment variables the file's `!ENV` tags may read (each name in them, the
    default too); None when its settings may come from elsewhere (`INHERIT`: another file)
    or it is not YAML (MkDocs says what is wrong)."""
    try:
        root = yaml.compose(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError):
        return None
    names, nodes = [], [root] if root is not None else []
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.MappingNode):
            if node is root and any(isinstance(key, yaml.ScalarNode) and key.value == "INHERIT" for key, _ in node.value):
                return None
            nodes.extend(item for pair in node.value for item in pair)
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(node.value)
        if node.tag == ENVIRONMENT_TAG:
            items = node.value if isinstance(node.value, list) else [node]
            names.extend(item.value for item in items if isinstance(item, yaml.ScalarNode))
    return names


def run(settings: pipeline.Settings, on_wait: Callable[[str], None]) -> pipeline.Result:
    """`pipeline.generate` with its expected failures as one-line errors."""
    try:
        return pipeline.generate(settings, on_wait)
    except HandEditedError as error:
        raise PluginError("generation stopped, nothing was written:\n" + "\n".join(error.messages)) from None
    except (TaxonomyError, pipeline.SourcesMissingError, SourceUnreadableError, ArchiveWriteError, OutsideError, LockTimeoutError,
            StateUnwritableError, AddressesError) as error:
        raise PluginError(str(error)) from None
