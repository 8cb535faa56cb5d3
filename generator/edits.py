"""What a person added to a generated page, told apart from what the generator wrote.

Used two ways: `paper-archive generate --keep-edits` moves the additions of
hand-edited pages into `sources/notes/<slug>.md`; and a notes file that holds
a whole page (someone moved the edited page there) counts only for what was
added to it, so the page's own text never shows twice under "Notes". A
generated line a person corrected (a typo in the abstract) is not an
addition: the text comes from `sources/`, and is corrected there.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import yaml

from generator.pagemark import MARK_KEY, unmarked_text


def split_page(text: str) -> tuple[dict | None, str]:
    """(front matter, body) of a page; (None, text) when it has no readable front matter."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 3)
    if end < 0:
        return None, text
    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError:
        return None, text
    return (meta if isinstance(meta, dict) else None), text[end + 5 :]


def looks_like_page(text: str) -> bool:
    """A notes file that is a generated page: front matter with the mark or the page's `sources`."""
    meta, _ = split_page(text.lstrip("\ufeff"))
    return meta is not None and (MARK_KEY in meta or "sources" in meta)


# Of a line's words and marks: a line of the person's this much like a generated line
# it replaces is that line, corrected (difflib's own measure; 1 is the same line).
SIMILAR = 0.6
WORDS = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class PageEdits:
    """How a page differs from the generated one: the lines a person added, and the
    first line (of the edited page, from 1) where generated text was changed or removed."""

    added: str  # runs of added lines, separated by a blank line
    changed_line: int | None = None
    changed_text: tuple[str, ...] = ()  # the generated lines changed or removed there


def page_edits(edited: str, generated: str) -> PageEdits:
    """Compare the bodies of `edited` and `generated`; front matter is left out of both.
    A line that replaces a generated line it is like is that line corrected, not an addition."""
    edited = edited.lstrip("\ufeff")
    _, edited_body = split_page(unmarked_text(edited.encode("utf-8")))
    _, generated_body = split_page(generated)
    first = edited[: len(edited) - len(edited_body)].count("\n") + 1 if edited.endswith(edited_body) else 1
    old, new = generated_body.splitlines(), edited_body.splitlines()
    runs: list[list[str]] = []
    changed: int | None = None
    changed_text: tuple[str, ...] = ()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, old_start, old_end, start, end in matcher.get_opcodes():
        if operation == "equal":
            continue
        replaced = [WORDS.findall(line) for line in old[old_start:old_end] if line.strip()]
        run: list[str] = []
        corrected = []
        for index in range(start, end):
            if replaced and _like_one_of(new[index], replaced):
                corrected.append(index)
                runs.append(run)
                run = []
            else:
                run.append(new[index])
        runs.append(run)
        if replaced and changed is None:  # generated text corrected, or removed
            changed = corrected[0] if corrected else min(start, max(len(new) - 1, 0))
            changed_text = tuple(line for line in old[old_start:old_end] if line.strip())
    blocks = ["\n".join(run).strip("\n") for run in runs]
    return PageEdits("\n\n".join(block for block in blocks if block.strip()), None if changed is None else first + changed,
                     changed_text)


def _like_one_of(line: str, others: list[list[str]]) -> bool:
    matcher = difflib.SequenceMatcher(None, b=WORDS.findall(line))
    for other in others:
        matcher.set_seq1(other)
        if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR:
            return True
    return False


def own_words(edited: str, generated: str) -> str:
    """The lines of `edited`'s body that a person added to `generated`'s body, in order;
    runs of them separated by a blank line (see `page_edits`)."""
    return page_edits(edited, generated).added


def front_matter_changes(edited: str, generated: str) -> list[str]:
    """Keys of the front matter that the person changed (the generator's mark aside)."""
    mine, _ = split_page(unmarked_text(edited.encode("utf-8")))
    theirs, _ = split_page(generated)
    mine, theirs = mine or {}, theirs or {}
    return sorted(key for key in set(mine) | set(theirs) if key != MARK_KEY and mine.get(key) != theirs.get(key))
