"""The mark a generated Markdown page carries, so it can be recognised by its content alone.

A generated page's front matter starts with one line

    paper-archive: {"ids": ["<paper identity>", …], "sha256": "<digest of the page without this line>"}

(JSON, which YAML reads as a mapping). With it, a page tells by itself that
paper-archive wrote it, whether a person changed it since (the digest no
longer matches), and which paper it belongs to. That is what lets a lost or
damaged `.paper-archive/` be rebuilt from `docs/` without moving or
duplicating a page. Other outputs (feeds, `.bib`, `.json`) carry no mark.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

MARK_KEY = "paper-archive"
MARK_PREFIX = f"{MARK_KEY}: ".encode()
FENCE = b"---\n"
# JSON writes a character beyond the Basic Multilingual Plane as a surrogate pair, which
# YAML (MkDocs reads the line as YAML) refuses, and YAML's `\U…` is no JSON: such a
# character is written as itself, which both read.
SURROGATE_PAIR = re.compile(rb"\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})")


@dataclass(frozen=True)
class Mark:
    """What a page's mark says, and whether the page still matches it."""

    digest: str
    ids: tuple[str, ...]
    intact: bool


def is_markable(relative: str) -> bool:
    return relative.endswith(".md")


def mark_page(text: str, ids: list[str] | tuple[str, ...] = ()) -> bytes:
    """The bytes to write for a generated Markdown page: its text with the mark line added."""
    data = text.encode("utf-8")
    if not data.startswith(FENCE):
        data = FENCE + FENCE + data  # an empty front matter to hold the mark
    value = {"sha256": hashlib.sha256(data).hexdigest()}
    if ids:
        value["ids"] = list(ids)
    line = MARK_PREFIX + SURROGATE_PAIR.sub(_as_itself, json.dumps(value, ensure_ascii=True, sort_keys=True).encode("ascii")) + b"\n"
    return FENCE + line + data[len(FENCE) :]


def _as_itself(pair: re.Match) -> bytes:
    high, low = (int(half, 16) for half in pair.groups())
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).encode("utf-8")


def read_mark(data: bytes) -> Mark | None:
    """The mark of a page's bytes; None when the page carries none (a person's page)."""
    if not data.startswith(FENCE + MARK_PREFIX):
        return None
    end = data.find(b"\n", len(FENCE))
    if end < 0:
        return None
    line = data[len(FENCE) + len(MARK_PREFIX) : end]
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("sha256"), str):
        return None
    ids = value.get("ids", [])
    ids = tuple(name for name in ids if isinstance(name, str)) if isinstance(ids, list) else ()
    unmarked = FENCE + data[end + 1 :]
    return Mark(digest=value["sha256"], ids=ids, intact=hashlib.sha256(unmarked).hexdigest() == value["sha256"])


def unmarked_text(data: bytes) -> str:
    """A page's text without its mark line, as the generator rendered it."""
    if read_mark(data) is not None:
        end = data.find(b"\n", len(FENCE))
        data = FENCE + data[end + 1 :]
        if data.startswith(FENCE + FENCE):
            data = data[2 * len(FENCE) :]
    return data.decode("utf-8", errors="replace")
