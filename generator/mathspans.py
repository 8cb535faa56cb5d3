r"""Mathematics in TeX text — `$$…$$`, `$…$`, `\\(…\\)`, `\\[…\\]` — found in linear time.

The spans are those of the regular expression

    (?<!\\)\$\$.+?(?<!\\)\$\$ | (?<!\\)\$.+?(?<!\\)\$ | \\\(.+?\\\) | \\\[.+?\\\]   (DOTALL)

(a `\\$` is a dollar sign, not math), but a regular expression retries every
unclosed opener against the rest of the text, which is quadratic: an abstract
with thousands of `\\(` and no `\\)` took minutes. Here each kind of closer is
listed once and looked up by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

DOLLAR = re.compile(r"(?<!\\)\$")
DOUBLE_DOLLAR = re.compile(r"(?<!\\)(?=\$\$)")
OPEN_PAREN, CLOSE_PAREN = re.compile(r"\\\("), re.compile(r"\\\)")
OPEN_BRACKET, CLOSE_BRACKET = re.compile(r"\\\["), re.compile(r"\\\]")


@dataclass(frozen=True)
class Span:
    """One piece of mathematics; answers like a regular-expression match."""

    text: str
    begin: int
    finish: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self) -> str:
        return self.text[self.begin : self.finish]


def _positions(pattern: re.Pattern, text: str, needle: str) -> list[int]:
    # Most texts hold no `\(`, `\[` or `$$`: a substring test spares a scan by pattern.
    if needle not in text:
        return []
    return [match.start() for match in pattern.finditer(text)]


def _first_at_or_after(positions: list[int], at: int) -> int | None:
    index = bisect_left(positions, at)
    return positions[index] if index < len(positions) else None


class MathSpans:
    """The finder: `MATH_SPAN.finditer(text)` yields the spans in order, without overlaps;
    `findall` gives their text, as a compiled pattern's methods of those names do."""

    def findall(self, text: str) -> list[str]:
        return [span.group() for span in self.finditer(text)]

    def finditer(self, text: str) -> Iterator[Span]:
        if "$" not in text and "\\" not in text:
            return
        dollars = _positions(DOLLAR, text, "$")
        doubles = _positions(DOUBLE_DOLLAR, text, "$$")
        openers = sorted(
            [(at, "$") for at in dollars]
            + [(at, "(") for at in _positions(OPEN_PAREN, text, "\\(")]
            + [(at, "[") for at in _positions(OPEN_BRACKET, text, "\\[")]
        )
        closers = {"(": _positions(CLOSE_PAREN, text, "\\)"), "[": _positions(CLOSE_BRACKET, text, "\\]")}
        doubles_set = set(doubles)
        position = 0
        for at, kind in openers:
            if at < position:
                continue
            end = None
            if kind == "$":
                if at in doubles_set:
                    closer = _first_at_or_after(doubles, at + 3)
                    end = closer + 2 if closer is not None else None
                if end is None:
                    closer = _first_at_or_after(dollars, at + 2)
                    end = closer + 1 if closer is not None else None
            else:
                closer = _first_at_or_after(closers[kind], at + 3)
                end = closer + 2 if closer is not None else None
            if end is not None:
                yield Span(text, at, end)
                position = end


MATH_SPAN = MathSpans()
