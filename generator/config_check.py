"""Mistakes in the paper-archive block of `mkdocs.yml`, each said as `path:line: what is wrong`.

Responsible for finding the line of an option in the file (MkDocs keeps none)
and for wording what MkDocs' validation found: unknown options, with the
known one they are closest to, and values of the wrong kind; nothing more.
The lines come from the file's YAML nodes (`yaml.compose`), which hold no
values, so tags that only MkDocs' loader knows (`!ENV`, `!!python/name:`)
need nothing here.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml
from click import ClickException
from mkdocs.exceptions import Abort, ConfigurationError

from generator.config import FETCH_KEYS

PLUGIN_NAME = "paper-archive"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PluginConfigError(ConfigurationError, Abort):
    """A value in the paper-archive block that no command can run with; already `path:line: …`.

    An `Abort` too: `mkdocs serve` prints that as its one line when a rebuild
    fails, where any other error gets a traceback."""

    show = ClickException.show  # "Error: …" on stderr, as before; `Abort` prints to stdout


@dataclasses.dataclass(frozen=True)
class UnknownOption:
    """An option of the paper-archive block (or of its `fetch:`, `block`) that it does not have."""

    where: str
    key: str
    block: str | None
    suggestion: str | None

    def __str__(self) -> str:
        under = f"in {self.block}: under" if self.block else "under"
        hint = f" (did you mean {self.suggestion!r}?)" if self.suggestion else ""
        return f"{self.where}: unknown option {self.key!r} {under} the {PLUGIN_NAME} plugin{hint}"


def shown(path: str | os.PathLike) -> str:
    """A file's path as messages name it: from the working folder when it is inside it."""
    relative = os.path.relpath(path)
    return Path(path).as_posix() if relative.startswith("..") else Path(relative).as_posix()


def _compose(path: Path):
    try:
        return yaml.compose(path.read_bytes(), Loader=_LOADER)
    except (OSError, yaml.YAMLError, ValueError):
        return None


def _inherited(path: Path, root) -> Path | None:
    """The file that the one at `path` (parsed: `root`) inherits (`INHERIT`), if any."""
    _, parent = _get(root, "INHERIT")
    return Path(os.path.normpath(path.parent / parent.value)) if isinstance(parent, yaml.ScalarNode) else None


def _get(node, key: str):
    """The key's node and value's node in a mapping node (the last, as MkDocs' loader keeps)."""
    found = None
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value == key:
                found = (name, value)
    return found or (None, None)


def _plugin_block(root):
    """The paper-archive block's mapping node in a file's root node, if it has one."""
    _, plugins = _get(root, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for entry in entries:
        _, block = _get(entry, PLUGIN_NAME)
        if block is not None:
            return block
    return None


class OptionLines:
    """Where each option of the paper-archive block is written: in `mkdocs.yml` or, for
    what it leaves to it, the file it inherits (`INHERIT`). The files are read once, when
    a line is first asked for."""

    def __init__(self, config_file: str | os.PathLike | None):
        self.config_file = Path(config_file) if config_file else None
        self._blocks: list[tuple[Path, object]] | None = None

    def _files(self) -> list[tuple[Path, object]]:
        if self._blocks is None:
            self._blocks, path, seen = [], self.config_file, {None}
            while path not in seen:
                seen.add(path)
                root = _compose(path)
                self._blocks.append((path, _plugin_block(root)))
                path = _inherited(path, root)
        return self._blocks

    def where(self, *keys: str) -> str:
        """`path:line` of the option named by `keys` (`"fetch", "hf_days"`), or of the nearest
        block holding it; the file's path alone when no line is known."""
        for path, block in self._files():
            line, node = None, block
            for key in keys:
                name, node = _get(node, key)
                if name is None:
                    break
                line = name.start_mark.line + 1
            if line is not None:
                return f"{shown(path)}:{line}"
        return shown(self.config_file) if self.config_file else "mkdocs.yml"


def block_problem(config_file: str | os.PathLike) -> str | None:
    """`path:line: …` when the paper-archive entry under `plugins:` holds something other than
    its options (a list, a text): MkDocs says only that they are invalid, without a line."""
    for path, block in OptionLines(config_file)._files():
        if block is None or isinstance(block, yaml.MappingNode):
            continue
        if isinstance(block, yaml.ScalarNode) and block.tag == "tag:yaml.org,2002:null":
            continue  # `- paper-archive:` with nothing after it: the defaults
        kind = "a list" if isinstance(block, yaml.SequenceNode) else f"{block.value!r}"
        return (f"{shown(path)}:{block.start_mark.line + 1}: the options of the {PLUGIN_NAME} plugin must be "
                f"`option: value` lines indented under it, not {kind}")
    return None


def unknown_options(options: Mapping, known: Iterable[str], lines: OptionLines) -> list[UnknownOption]:
    """The options given that the block does not have, at its top and in `fetch:`, in file order."""
    known = list(known)
    found = [_unknown(key, known, None, lines) for key in options if key not in known]
    fetch = options.get("fetch")
    if isinstance(fetch, Mapping):
        found.extend(_unknown(key, FETCH_KEYS, "fetch", lines) for key in fetch if key not in FETCH_KEYS)
    return found


def _unknown(key, known: Iterable[str], block: str | None, lines: OptionLines) -> UnknownOption:
    key = str(key)
    close = difflib.get_close_matches(key, list(known), n=1)
    where = lines.where(*([block] if block else []), key)
    return UnknownOption(where, key, block, close[0] if close else None)


def value_error(key: str, error: Exception, lines: OptionLines) -> PluginConfigError:
    """MkDocs' complaint about one option's value, as one line that says where."""
    message = " ".join(str(error).split())
    return PluginConfigError(f"{lines.where(key)}: option {key!r} under the {PLUGIN_NAME} plugin: {message}")


def yaml_problem(config_file: str | os.PathLike) -> str | None:
    """`path:line: not valid YAML: …` when the file, or a file it inherits, cannot be parsed."""
    path, seen = Path(config_file), {None}
    while path not in seen:
        seen.add(path)
        try:
            root = yaml.compose(path.read_bytes(), Loader=_LOADER)
        except OSError:
            return None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = f"{shown(path)}:{mark.line + 1}" if mark else shown(path)
            return f"{where}: not valid YAML: {error.problem or error.context}"
        except (yaml.YAMLError, ValueError) as error:
            return f"{shown(path)}: not valid YAML: {' '.join(str(error).split())}"
        path = _inherited(path, root)
    return None
