"""Readers: one module per input format, chosen by extension, else by content.

Each reader module has `FORMAT` (its name), `EXTENSIONS`, `sniff(text) -> bool`
and `read(text, path, settings) -> (records, problems)`. `read` never raises on
bad input: it reports each bad record as a `Problem` and goes on with the rest.
A reader whose records each come from one line also has `read_line(line,
number, path, settings)`, which `read` applies to every line. Readers get text:
a file's bytes are decoded for all of them by `decoding.decode`, and every record
is checked by `validate` after its reader.
"""

from __future__ import annotations

import fnmatch
import importlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.model import Problem, Record
from generator.readers.decoding import NotText, decode
from generator.readers.validate import MAX_FILE_BYTES, validate


class SourceUnreadableError(Exception):
    """A file or folder among the sources that exists but cannot be read: the run stops
    before anything changes, as its papers' pages would otherwise be removed."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: cannot be read ({reason}); nothing was generated")
        self.path, self.reason = path, reason

    @classmethod
    def of(cls, path: str | Path, error: OSError) -> SourceUnreadableError:
        return cls(Path(path).as_posix() if isinstance(path, Path) else path, error.strerror or str(error))

    def shown_from(self, root: Path) -> SourceUnreadableError:
        """The same error, its path as messages show it (`display_path`)."""
        return SourceUnreadableError(display_path(Path(self.path), root), self.reason)


@dataclass(frozen=True)
class ReadSettings:
    """What a reader may need beyond the text: settings from `mkdocs.yml`."""

    listing_year: int | None = None


# Ordered: the first reader whose sniff accepts a file wins, and the listing
# reader accepts almost any text, so it comes last. Of the readers claiming
# `.json`, CSL JSON comes first: it is the one whose error suits a broken file.
# Each module by name with the extensions it claims (its `EXTENSIONS`, which a test
# compares): a module is imported when a file it may read is, so a library in one
# format does not import the readers of all eight.
READERS = (
    ("arxiv_atom", (".xml", ".atom")),
    ("bibtex", (".bib", ".bibtex")),
    ("csl_json", (".json",)),
    ("kaggle", (".json",)),
    ("hf_daily", (".json",)),
    ("jsonl", (".jsonl", ".ndjson")),
    ("ris", (".ris",)),
    ("listing", (".txt", ".text", ".listing")),
)

# Folders of sources/ that hold something other than inputs (personal notes).
NOT_INPUTS = ("notes",)

# Names of the files that editors, merge tools, downloads and the operating system
# leave beside a person's own, compared in lower case. Names starting with "." (Vim's
# swap files, Emacs's `.#lib.bib` locks, `.DS_Store`) are skipped as hidden anyway.
# They are no one's input, so they are skipped without a word: read, a backup or an
# auto-save would publish its paper a second time, or text never saved, and a title
# edit made while it exists would not be recorded as a move; one no reader takes
# (`listing.txt~`) would warn on every build. README's "Input formats" lists them.
LEFTOVER_NAMES = (
    "*~",  # backups: Emacs, Vim's `backup`, gedit, Kate; Emacs's numbered `lib.bib.~1~`
    "#*#",  # Emacs's auto-save of a buffer not yet saved
    "*.bak", "*.orig", "*.rej",  # backups; what a merge or `patch` leaves
    "*.swp", "*.swo", "*.swx",  # Vim's swap files, where they are not hidden
    "*.tmp", "*.temp",
    "*___jb_tmp___", "*___jb_old___",  # the halves of a JetBrains safe write
    "*.crswap",  # a browser's save in progress (VS Code for the Web)
    "4913",  # Vim's probe of whether it may write in the folder
    "sed" + "[a-z0-9]" * 6,  # `sed -i`'s file in progress: "sed" and six random letters or digits
    "thumbs.db", "desktop.ini",  # Windows
    "*.part", "*.crdownload",  # downloads in progress
    "~$*",  # Office's lock files
)
# One pattern: the preview asks it of every file event, thousands in a run.
LEFTOVER = re.compile("|".join(fnmatch.translate(pattern) for pattern in LEFTOVER_NAMES))


def is_leftover(name: str) -> bool:
    """Whether a file name is one that a tool leaves, or a hidden one: never a source."""
    return name.startswith(".") or left_by_a_tool(name)


def left_by_a_tool(name: str) -> bool:
    """Whether a file name is one that a tool leaves (see `LEFTOVER_NAMES`)."""
    return LEFTOVER.match(name.lower()) is not None


def reader_for(path: Path, text: str):
    """The reader for a file: among those claiming its extension the first whose sniff
    accepts it (else the first of them); for other extensions, the first whose sniff accepts.
    A file with an extension no reader claims (`README.md`, `.csv`) is never taken for a
    listing, which accepts almost any text: its lines would become papers."""
    suffix = path.suffix.lower()
    claimants = _claimants(suffix)
    for reader in claimants:
        if reader.sniff(text):
            return reader
    if claimants:
        return claimants[0]
    for name, _ in READERS:
        if name != "listing" or not suffix:
            reader = _module(name)
            if reader.sniff(text):
                return reader
    return None


def _claimants(suffix: str) -> list:
    """The modules of the readers claiming this extension, in order."""
    return [_module(name) for name, extensions in READERS if suffix in extensions]


def _module(name: str):
    return importlib.import_module(f"{__name__}.{name}")


def line_reader(path: Path):
    """The reader for a file whose extension one reader alone claims, when that reader
    reads line by line (`reader_for` gives it whatever the text): else None."""
    claimants = _claimants(path.suffix.lower())
    return claimants[0] if len(claimants) == 1 and hasattr(claimants[0], "read_line") else None


def read_text(path: Path, text: str, display: str, settings: ReadSettings, reader=None) -> tuple[list[Record], list[Problem]]:
    """The text's records and problems, read by `reader` (`reader_for` it, when not given)."""
    reader = reader or reader_for(path, text)
    if reader is None:
        known = ", ".join(sorted({ext for _, extensions in READERS for ext in extensions}))
        # PubMed saves its MEDLINE export as `.nbib`: the same advice as for one saved as `.txt`.
        tagged = _module("listing").tagged_export(text)
        if tagged:
            return [], [Problem(display, 1, f"a {tagged[0]} export, which is not read (expected one of {known}); {tagged[1]}")]
        return [], [Problem(display, None, f"unknown input format (expected one of {known}); move a file that is no input out of the sources folder")]
    return reader.read(text, display, settings)


def source_files(source_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Every input file under `source_dir`, in a stable order; hidden files, the files
    tools leave (`is_leftover`) and notes skipped.

    Links (to files or folders) are followed only while they stay inside
    `source_dir`: one that leads out of it is refused with a problem, so
    `sources/x.txt -> /etc/passwd` publishes nothing."""
    files: list[Path] = []
    problems: list[Problem] = []
    inside = source_dir.resolve()
    seen_folders: set[Path] = set()
    for folder, folders, names in os.walk(source_dir, onerror=_unreadable_folder, followlinks=True):
        folder_path = Path(folder)
        real = folder_path.resolve()
        relative_folder = folder_path.relative_to(source_dir)
        if real in seen_folders or not real.is_relative_to(inside):
            folders[:] = []
            continue
        seen_folders.add(real)
        kept_folders = []
        for name in sorted(folders):
            path = folder_path / name
            if name.startswith(".") or (relative_folder == Path(".") and name in NOT_INPUTS):
                continue
            problem = _link_problem(path, inside)
            if problem is not None:
                problems.append(problem)
                continue
            kept_folders.append(name)
        folders[:] = kept_folders
        for name in sorted(names):
            path = folder_path / name
            if is_leftover(name):
                continue
            problem = _link_problem(path, inside)
            if problem is not None:
                problems.append(problem)
                continue
            if path.is_file():
                files.append(path)
            else:
                problems.append(Problem(path.as_posix(), None, _not_a_file(path)))
    return sorted(files), problems


def _unreadable_folder(error: OSError) -> None:
    # A folder that vanished during the walk was removed on purpose; one that cannot be
    # listed still holds papers, whose pages must not go.
    if not isinstance(error, FileNotFoundError):
        raise SourceUnreadableError.of(Path(error.filename), error) from None


def _not_a_file(path: Path) -> str:
    """Why a name the walk found, neither a folder nor a file, is not read; told by its
    `stat` alone, so a named pipe is never opened (that would wait for a writer)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a link to nothing (its target is missing); not read"
    kinds = {stat.S_ISFIFO: "a named pipe", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a device",
             stat.S_ISBLK: "a device"}
    kind = next((name for test, name in kinds.items() if test(mode)), "not a regular file")
    return f"{kind}, not a file; not read"


def _link_problem(path: Path, inside: Path) -> Problem | None:
    """Why a path under the sources folder is not read: a link out of it, or round a loop."""
    try:
        target = path.resolve()
    except (RuntimeError, OSError):  # RuntimeError: Python 3.11's "Symlink loop"
        return Problem(path.as_posix(), None, "a link round a loop of links; not read")
    if not target.is_relative_to(inside):
        return Problem(path.as_posix(), None, "a link that leads out of the sources folder; not read")
    return None


def read_sources(source_dir: Path, root: Path, settings: ReadSettings, parse=None) -> tuple[list[Record], list[Problem]]:
    """All records of all files under `source_dir`, each checked and bounded by
    `validate`; paths in problems relative to `root`. `parse` turns one file's bytes
    into its records (`parse_source`, or a cached equivalent)."""
    parse = parse or parse_source
    records: list[Record] = []
    try:
        files, problems = source_files(source_dir)
    except SourceUnreadableError as error:
        raise error.shown_from(root) from None
    problems = [Problem(display_path(Path(problem.path), root), None, problem.message) for problem in problems]
    for path in files:
        display = source_name(path, source_dir, root)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(
                    Problem(display, None, f"{size / 1024 / 1024:.0f} MB, over the limit of {MAX_FILE_BYTES // 1024 // 1024} MB; not read")
                )
                continue
            data = path.read_bytes()
        except FileNotFoundError as error:  # removed since the folder was listed
            problems.append(Problem(display, None, f"cannot read: {error.strerror}"))
            continue
        except OSError as error:
            raise SourceUnreadableError.of(display, error) from None
        found, trouble = parse(path, data, display, settings)
        records.extend(found)
        problems.extend(trouble)
    return records, problems


def parse_source(path: Path, data: bytes, display: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    """One file's records, each checked and bounded by `validate`, and its problems."""
    try:
        text = decode(data)
    except NotText as error:
        return [], [Problem(display, error.line, str(error))]
    return parse_text(path, text, display, settings)


def parse_text(path: Path, text: str, display: str, settings: ReadSettings, reader=None,
               check=validate) -> tuple[list[Record], list[Problem]]:
    """`parse_source` of a file's decoded text, read by `reader` when it is already known;
    `check` is `validate` or a cached equivalent."""
    found, problems = read_text(path, text, display, settings, reader)
    records, changes = validated(found, check)
    return records, problems + changes


def validated(found: list[Record], check=validate) -> tuple[list[Record], list[Problem]]:
    """Records checked and bounded by `validate` (or `check`, a cached equivalent), and what that changed."""
    records, changes = [], []
    for record in found:
        record, changed = check(record)
        records.append(record)
        changes.extend(changed)
    return records, changes


def source_name(path: Path, source_dir: Path, root: Path) -> str:
    """A source file's name as its records carry it (pages publish it as `sources`):
    relative to the project root, or, for a sources folder outside the project, to
    that folder, so that no path of the person's disk (`/Users/alice/…`) is published."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = None
    if relative is None or ".." in relative.parts:
        relative = path.relative_to(source_dir)
    return safe_name(relative.as_posix())


def display_path(path: Path, root: Path) -> str:
    """`path` as shown in messages: relative to the project root when inside it."""
    try:
        return safe_name(path.relative_to(root).as_posix())
    except ValueError:
        return safe_name(path.as_posix())


# What a file name may hold that no page or message can: the bytes of a name that is not
# UTF-8 (Python holds them as lone surrogates, which YAML cannot write), and control
# characters (a newline would split a `sources:` entry, or a message, in two).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def safe_name(name: str) -> str:
    """A file name as pages and messages show it: each byte that is not UTF-8 and each control
    character written as a visible escape (`caf\\xe9.ris`); other names are left as they are."""
    return _UNSAFE.sub(_escape, name) if _UNSAFE.search(name) else name


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # the byte `surrogateescape` stood in for
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
