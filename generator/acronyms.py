"""Acronyms a text defines: "Siamese neural networks (SNNs)" says what SNN stands for there.

Responsible for finding, in one pass over a text's words, each acronym written in
parentheses after the words whose initials spell it, so that tagging can read the
acronym in that paper's sense only.
"""

from __future__ import annotations

import re
from bisect import bisect_left

WORD = re.compile(r"[^\W_]+")


# An acronym in parentheses after the words it abbreviates: "Siamese neural networks (SNNs)".
# At most 10 letters: the words before each are read once per letter, a bounded number of times.
_DEFINED = re.compile(r"\(\s*([A-Z]{2,10})(s?)\s*[),;]")


def definitions(text: str) -> list[tuple[str, list[str]]]:
    """(acronym, the words it abbreviates) for each acronym the text defines: the words
    just before its parenthesis whose initials spell it, one initial per part of a
    hyphenated word ("test-time scaling (TTS)"). One pass over the text's words."""
    defined = list(_DEFINED.finditer(text))
    if not defined:
        return []
    starts, ends, words = [], [], []
    for word in WORD.finditer(text):
        starts.append(word.start())
        ends.append(word.end())
        words.append(word.group())
    found = []
    for match in defined:
        acronym, n = match.group(1), len(match.group(1))
        before = bisect_left(starts, match.start())
        first = before - n
        if first >= 0 and "".join(w[0] for w in words[first:before]).lower() == acronym.lower():
            # The rest of a hyphenated first word: "multi-modal large language models (MLLMs)".
            for _ in range(2):
                if first and text[ends[first - 1]:starts[first]] == "-":
                    first -= 1
        else:
            # One initial per hyphenated word: "self-normalizing neural networks (SNNs)".
            first = _first_of_whole_words(text, starts, ends, before, n)
            if first is None or "".join(_initials(text, starts, ends, words, first, before)).lower() != acronym.lower():
                continue
        found.append((acronym, words[first:before]))
    return found


def _joined(text: str, starts: list[int], ends: list[int], index: int) -> bool:
    """Whether word `index` follows the word before it after a hyphen."""
    return index > 0 and text[ends[index - 1]:starts[index]] == "-"


def _first_of_whole_words(text: str, starts: list[int], ends: list[int], before: int, n: int) -> int | None:
    """The index of the first word of the `n` hyphenated or plain words before word `before`."""
    first = before
    for _ in range(n):
        if first == 0:
            return None
        first -= 1
        while _joined(text, starts, ends, first):
            first -= 1
    return first


def _initials(text: str, starts: list[int], ends: list[int], words: list[str], first: int, before: int) -> list[str]:
    return [words[i][0] for i in range(first, before) if not _joined(text, starts, ends, i)]
