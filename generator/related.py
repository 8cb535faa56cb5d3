"""Related papers: each paper's nearest neighbours by TF-IDF cosine similarity.

Responsible for choosing each paper's `related` keys and for the page section
that lists them; nothing more. Titles weigh more than abstracts (a title is
written twice into the text that is vectorised). Similarities are computed a
block of rows at a time from the sparse product (at most 512 rows, fewer in big
archives), so memory stays O(block × papers) instead of the O(papers²) of a
full similarity matrix; time is O(papers × non-zeros). Ties are broken by paper key, and papers are
vectorised in key order, so the result does not depend on the order of the
sources.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from generator.cards import inline_text
from generator.model import Paper
from generator.render import md_text

BLOCK_ROWS = 512
# A block's product holds at most about this many similarities (~32 MB as
# float32 values with int32 indices), so big archives use fewer rows per block.
BLOCK_ENTRIES = 4_000_000
TITLE_WEIGHT = 2


def document(paper: Paper) -> str:
    return " ".join([paper.title] * TITLE_WEIGHT + [paper.abstract])


def relate(papers: list[Paper], count: int = 5, block_rows: int | None = None) -> list[Paper]:
    """`papers` in the same order, each with the keys of its `count` most similar papers."""
    order = sorted(range(len(papers)), key=lambda index: papers[index].key)
    ranked = [papers[index] for index in order]
    neighbours = nearest(ranked, count, block_rows)
    related = {paper.key: tuple(ranked[other].key for other in found) for paper, found in zip(ranked, neighbours)}
    return [paper.replace(related=related[paper.key]) for paper in papers]


def nearest(papers: list[Paper], count: int, block_rows: int | None = None) -> list[list[int]]:
    """For each paper, the indices of its `count` most similar others: score desc, then index."""
    found: list[list[int]] = [[] for _ in papers]
    if count <= 0 or len(papers) < 2:
        return found
    # float32 halves the product's memory; ties it creates are settled by index.
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform([document(paper) for paper in papers]).tocsr()
    except ValueError:  # nothing but stop words in the whole archive
        return found
    transposed = matrix.T.tocsr()
    if block_rows is None:
        block_rows = max(1, min(BLOCK_ROWS, BLOCK_ENTRIES // len(papers)))
    for start in range(0, matrix.shape[0], block_rows):
        block = (matrix[start : start + block_rows] @ transposed).tocsr()
        for offset in range(block.shape[0]):
            row = start + offset
            begin, end = block.indptr[offset], block.indptr[offset + 1]
            found[row] = _top(block.indices[begin:end], block.data[begin:end], row, count)
    return found


def _top(columns: np.ndarray, scores: np.ndarray, row: int, count: int) -> list[int]:
    keep = (columns != row) & (scores > 0)
    columns, scores = columns[keep], scores[keep]
    if len(scores) > count:
        # Everything at least as good as the count-th best score: ties at the
        # cut stay in, so the final sort (not argpartition) decides them.
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= threshold
        columns, scores = columns[keep], scores[keep]
    chosen = np.lexsort((columns, -scores))[:count]
    return [int(column) for column in columns[chosen]]


def related_section(paper: Paper, by_key: dict[str, Paper]) -> str:
    """`## Related papers`: links to sibling pages in `docs/papers/`, with their tags."""
    others = [by_key[key] for key in paper.related if key in by_key]
    if not others:
        return ""
    items = []
    for other in others:
        item = f"- [{inline_text(other.title, other.math)}]({other.slug}.md)"
        if other.tags:
            item += f'\n  <br><span class="pa-tags">{" · ".join(md_text(tag) for tag in other.tags)}</span>'
        items.append(item)
    return '## Related papers\n\n<div class="pa-related" markdown>\n\n' + "\n".join(items) + "\n\n</div>"
