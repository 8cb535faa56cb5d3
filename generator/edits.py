"""What a person added to a generated page, told apart from what the generator wrote.

Used two ways: `paper-archive generate --keep-edits` moves the additions of
hand-edited pages into `sources/notes/<slug>.md`; and a notes file that holds
a whole page (someone moved the edited page there) counts only for what was
added to it, so the page's own text never shows twice under "Notes".
"""

from __future__ import annotations

import difflib

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


def own_words(edited: str, generated: str) -> str:
    """The lines of `edited`'s body that `generated`'s body does not have, in order;
    runs of them separated by a blank line. Front matter is left out of both."""
    _, edited_body = split_page(unmarked_text(edited.lstrip("\ufeff").encode("utf-8")))
    _, generated_body = split_page(generated)
    old, new = generated_body.splitlines(), edited_body.splitlines()
    blocks = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, _, _, start, end in matcher.get_opcodes():
        if operation in ("insert", "replace"):
            block = "\n".join(new[start:end]).strip("\n")
            if block.strip():
                blocks.append(block)
    return "\n\n".join(blocks)


def front_matter_changes(edited: str, generated: str) -> list[str]:
    """Keys of the front matter that the person changed (the generator's mark aside)."""
    mine, _ = split_page(unmarked_text(edited.encode("utf-8")))
    theirs, _ = split_page(generated)
    mine, theirs = mine or {}, theirs or {}
    return sorted(key for key in set(mine) | set(theirs) if key != MARK_KEY and mine.get(key) != theirs.get(key))
