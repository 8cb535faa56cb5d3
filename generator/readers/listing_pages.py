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

# Pages of scholarly search engines, told by lines only their pages hold (a whole line each, so
# that an abstract naming "Google Scholar" is none). One such line could still be a paper's
# title; two different ones make the page.
SIGNATURES = 2
ENGINES = (
    ("a Google Scholar alert e-mail",
     [re.compile(pattern, re.IGNORECASE) for pattern in (
         r"Google Scholar Alerts(?:\s*<scholaralerts-noreply@google\.com>)?|<?scholaralerts-noreply@google\.com>?",
         r"Scholar Alert\s*[:-]\s*\[.*\]",
         r"This alert is sent by Google Scholar\..*",
         r"Cancel alert",
         r"List alerts",
         r"Save\s+Twitter\s+LinkedIn\s+Facebook")],
     "its entries are snippets, not abstracts: save the papers to your Scholar library and export it as "
     "BibTeX (.bib), or fetch them by their arXiv ids with `paper-archive fetch arxiv '2506.20001, 2506.20002'`"),
    ("a Semantic Scholar feed or search page",
     [re.compile(pattern, re.IGNORECASE) for pattern in (
         r"Semantic Scholar(?:'s Logo)?",
         r"Search [\d,.]+ papers from all fields of science",
         r"Research Feeds?",
         r"TLDR",
         r"Create Free Account")],
     "its TLDRs are summaries, not abstracts: export the papers as BibTeX (.bib) from your Semantic Scholar "
     "library, or save its API's answer as JSON Lines (.jsonl) or a JSON array (.json)"),
)


def other_page(content: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(line, message) when the stripped, non-blank `content` lines are a copy of a page that
    is no trending-papers listing, else None."""
    arxiv_lines = [number for number, line in content if ARXIV_PAGE_LINE.match(line)]
    if len(arxiv_lines) >= 4:
        return arxiv_lines[0], _message(ARXIV_PAGE, ARXIV_ADVICE)
    for page, signatures, advice in ENGINES:
        found = _signature_lines(content, signatures)
        if len(found) >= SIGNATURES:
            return min(found.values()), _message(page, advice)
    return None


def _signature_lines(content: list[tuple[int, str]], signatures: list[re.Pattern]) -> dict[int, int]:
    """The first line each of `signatures` matches whole, by the signature's index."""
    found: dict[int, int] = {}
    for number, line in content:
        for index, signature in enumerate(signatures):
            if index not in found and signature.fullmatch(line):
                found[index] = number
    return found


def _message(page: str, advice: str) -> str:
    return f"not a trending-papers listing but a copy of {page}; {advice}"
