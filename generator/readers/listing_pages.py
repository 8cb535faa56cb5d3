"""Pages pasted as `.txt` that are no trending-papers listing, told by lines no listing holds.

Read as a listing, their lines (buttons, subject lines, footers) would pair into papers; the
reader reports them with what to do instead.
"""

from __future__ import annotations

import re

# arXiv's own listing pages (`/list/cs.LG/new`, search results): each paper under `[1] arXiv:2506.20001`
# with `Title:`, `Comments:` and `Subjects:` lines, which pairing lines would make papers of.
ARXIV_PAGE_LINE = re.compile(r"^(?:\[\d+\]\s+)?arXiv:\d{4}\.\d{4,5}(?:v\d+)?\b|^(?:Title|Subjects|Comments|Authors):\s")
ARXIV_PAGE = "arXiv's own listing page"
ARXIV_ADVICE = ("fetch its papers with `paper-archive fetch arxiv 'cat:cs.LG'` (any search or arXiv ids), "
                "or save the arXiv API's answer as .xml")


def other_page(content: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(line, message) when the stripped, non-blank `content` lines are a copy of a page that
    is no trending-papers listing, else None."""
    arxiv_lines = [number for number, line in content if ARXIV_PAGE_LINE.match(line)]
    if len(arxiv_lines) >= 4:
        return arxiv_lines[0], _message(ARXIV_PAGE, ARXIV_ADVICE)
    return None


def _message(page: str, advice: str) -> str:
    return f"not a trending-papers listing but a copy of {page}; {advice}"
