"""Readers: one module per input format, chosen by extension, else by content.

Each reader module has `FORMAT` (its name), `EXTENSIONS`, `sniff(text) -> bool`
and `read(text, path, settings) -> (records, problems)`. `read` never raises on
bad input: it reports each bad record as a `Problem` and goes on with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.model import Problem, Record
from generator.readers import arxiv_atom, bibtex, csl_json, hf_daily, jsonl, kaggle, listing, ris


@dataclass(frozen=True)
class ReadSettings:
    """What a reader may need beyond the text: settings from `mkdocs.yml`."""

    listing_year: int | None = None


# Ordered: the first reader whose sniff accepts a file wins, and the listing
# reader accepts almost any text, so it comes last. Of the readers claiming
# `.json`, CSL JSON comes first: it is the one whose error suits a broken file.
READERS = (arxiv_atom, bibtex, csl_json, kaggle, hf_daily, jsonl, ris, listing)

# Folders of sources/ that hold something other than inputs (personal notes).
NOT_INPUTS = ("notes",)


def reader_for(path: Path, text: str):
    """The reader for a file: among those claiming its extension the first whose sniff
    accepts it (else the first of them); for other extensions, the first whose sniff accepts."""
    suffix = path.suffix.lower()
    claimants = [reader for reader in READERS if suffix in reader.EXTENSIONS]
    for reader in claimants:
        if reader.sniff(text):
            return reader
    if claimants:
        return claimants[0]
    for reader in READERS:
        if reader.sniff(text):
            return reader
    return None


def decode(data: bytes) -> str:
    """Text of a source file: UTF-8 with or without byte-order mark, any line ends."""
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, text: str, display: str, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    reader = reader_for(path, text)
    if reader is None:
        known = ", ".join(sorted({ext for r in READERS for ext in r.EXTENSIONS}))
        return [], [Problem(display, None, f"unknown input format (expected one of {known})")]
    return reader.read(text, display, settings)


def source_files(source_dir: Path) -> list[Path]:
    """Every input file under `source_dir`, in a stable order; hidden files and notes skipped."""
    files = []
    for path in sorted(source_dir.rglob("*")):
        relative = path.relative_to(source_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if relative.parts[0] in NOT_INPUTS:
            continue
        files.append(path)
    return files


def read_sources(source_dir: Path, root: Path, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    """All records of all files under `source_dir`; paths in problems relative to `root`."""
    records: list[Record] = []
    problems: list[Problem] = []
    for path in source_files(source_dir):
        display = _display(path, root)
        try:
            text = decode(path.read_bytes())
        except UnicodeDecodeError as error:
            problems.append(Problem(display, None, f"not UTF-8 text (byte {error.start}); save it as UTF-8"))
            continue
        except OSError as error:
            problems.append(Problem(display, None, f"cannot read: {error.strerror}"))
            continue
        found, trouble = read_text(path, text, display, settings)
        records.extend(found)
        problems.extend(trouble)
    return records, problems


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
