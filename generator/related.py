"""Related papers: each paper's nearest neighbours by cosine similarity of weighted words.

Responsible for choosing each paper's `related` keys and for the page section
that lists them; nothing more. A paper's vector depends on its own text only:
sublinear term frequency (1 + ln tf) times a fixed weight per word taken from
English word frequencies (`wordfreq`: rare words weigh most, words as common as
"the" or "of" are dropped), normalised to length 1. Titles weigh more than
abstracts (a title is written twice into the text that is vectorised). Because
no weight depends on the rest of the archive, the similarity of two papers
never changes while both stay the same, which is what lets `neighbours.update`
find the new neighbours after a few papers changed without comparing all
pairs, with exactly the result of a full run (`best_pairs`).

Similarities are computed a block of rows at a time from the sparse product
(at most 512 rows, fewer in big archives), one block per core at once but at
most `MAX_WORKERS`, so memory stays O(block × papers); time is O(papers ×
non-zeros). Ties are broken by paper key. Each sum runs over the shared words
in one fixed order (the words' hashes, ascending), adding each product to the
sum so far, so a pair's similarity is the same float in a full run and in an
update, which sums the same way in Python.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from array import array
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from generator import english
from generator.cards import inline_text
from generator.model import Paper
from generator.render import md_text

BLOCK_ROWS = 512
# A block's product holds at most about this many similarities, so big archives
# use fewer rows per block.
BLOCK_ENTRIES = 4_000_000
# Blocks in flight at once: each holds up to BLOCK_ENTRIES similarities (about 50 MB),
# so a many-core machine must not multiply that by its cores.
MAX_WORKERS = 4
TITLE_WEIGHT = 2
MIN_SIMILARITY = 0.05  # see `similar_enough`
STOP_ZIPF = 6.0  # a word at least this frequent in English (Zipf scale) says nothing of a topic
UNKNOWN_ZIPF = 0.0  # words English frequency lists do not know: names, coinages, numbers
TOP_ZIPF = 9.0  # weight of a word = TOP_ZIPF - its Zipf frequency
_WORD = re.compile(r"(?u)\b\w\w+\b")

Vector = tuple  # (word hashes ascending, weights): `array('q')`, `array('d')`, of length 1


def document(paper: Paper) -> str:
    return " ".join([paper.title] * TITLE_WEIGHT + [paper.abstract])


def document_digest(paper: Paper) -> str:
    return hashlib.sha256(document(paper).encode("utf-8", "surrogatepass")).hexdigest()


# word -> (hash, weight), the results of a pure function, kept between runs by the
# cache so that a changed abstract rarely needs the English frequency lists loaded.
_word_entries: dict[str, tuple[int, float]] = {}


def word_entries() -> dict[str, tuple[int, float]]:
    return _word_entries


def _word_entry(word: str) -> tuple[int, float]:
    """(hash, weight) of a lower-case word; weight 0 for words too common to tell topics apart.
    The hash is the word's column order, the same in every run."""
    found = _word_entries.get(word)
    if found is None:
        frequency = english.frequency(word)
        zipf = math.log10(frequency) + 9.0 if frequency > 0 else UNKNOWN_ZIPF
        weight = 0.0 if zipf >= STOP_ZIPF else TOP_ZIPF - zipf
        digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        found = _word_entries[word] = (int.from_bytes(digest, "little", signed=True), weight)
    return found


def vector(paper: Paper) -> Vector:
    """The paper's unit vector over word hashes; empty when it has no weighted word."""
    counts = Counter(_WORD.findall(document(paper).lower()))
    entries = {}
    known = _word_entries.get  # a million words in a big archive: a call less for each known one
    for word, count in counts.items():
        hashed, weight = known(word) or _word_entry(word)
        if weight > 0:
            entries[hashed] = (1.0 + math.log(count)) * weight
    ids = sorted(entries)
    weights = [entries[i] for i in ids]
    norm = math.sqrt(math.fsum(w * w for w in weights))
    return array("q", ids), array("d", [w / norm for w in weights] if norm > 0 else weights)


def _matrix(vectors: list[Vector]):
    """Rows of `vectors` over a shared vocabulary whose column order is the hash order."""
    import numpy as np
    from scipy import sparse
    if not vectors:
        return sparse.csr_matrix((0, 0))
    ids = np.concatenate([np.frombuffer(v[0], dtype=np.int64) for v in vectors])
    data = np.concatenate([np.frombuffer(v[1], dtype=np.float64) for v in vectors])
    vocabulary = np.unique(ids)
    columns = np.searchsorted(vocabulary, ids)  # faster than unique's return_inverse
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    np.cumsum([len(v[0]) for v in vectors], out=indptr[1:])
    matrix = sparse.csr_matrix((data, columns, indptr), shape=(len(vectors), len(vocabulary)))
    matrix.has_sorted_indices = True
    return matrix


def relate(papers: list[Paper], count: int = 5, block_rows: int | None = None) -> list[Paper]:
    """`papers` in the same order, each with the keys of its `count` most similar papers."""
    ranked = sorted(paper.key for paper in papers)
    best = best_pairs([vector(paper) for paper in sorted(papers, key=lambda paper: paper.key)], ranked, count, block_rows)
    return [paper.replace(related=tuple(similar_enough(best[paper.key]))) for paper in papers]


def similar_enough(pairs: list[tuple[float, str]]) -> list[str]:
    """The keys of the (similarity, key) pairs, best first, that are similar enough to show:
    below `MIN_SIMILARITY` two papers share a few words and no topic (a history of
    diplomacy and an argument-mining corpus), and a page shows fewer related papers."""
    return [key for score, key in pairs if score >= MIN_SIMILARITY]


def nearest(papers: list[Paper], count: int, block_rows: int | None = None) -> list[list[int]]:
    """For each paper, the indices of its `count` most similar others: score desc, then index."""
    matrix = _matrix([vector(paper) for paper in papers])
    rows = _best_rows(matrix, range(len(papers)), count, block_rows)
    return [[column for _, column in row] for row in rows]


def best_pairs(vectors: list[Vector], keys: list[str], count: int, block_rows: int | None = None) -> dict[str, list[tuple[float, str]]]:
    """For each of `keys` (ascending, one per vector), its `count` best (similarity, key)
    pairs, best first: similarity descending, then key."""
    if count <= 0 or len(keys) < 2:
        return {key: [] for key in keys}
    rows = _best_rows(_matrix(vectors), range(len(keys)), count, block_rows)
    return {key: [(score, keys[column]) for score, column in row] for key, row in zip(keys, rows)}


def _best_rows(matrix, rows, count: int, block_rows: int | None) -> list[list[tuple[float, int]]]:
    """For each of `rows`, its `count` best (similarity, column) pairs."""
    rows = list(rows)
    if not rows:
        return []
    total = matrix.shape[0]
    if count <= 0 or total < 2:
        return [[] for _ in rows]
    transposed = matrix.T.tocsr()
    if block_rows is None:
        block_rows = max(1, min(BLOCK_ROWS, BLOCK_ENTRIES // total))
    blocks = [rows[start : start + block_rows] for start in range(0, len(rows), block_rows)]

    def best_in(chosen: list[int]) -> list[list[tuple[float, int]]]:
        block = (matrix[chosen] @ transposed).tocsr()
        found = []
        for offset, row in enumerate(chosen):
            begin, end = block.indptr[offset], block.indptr[offset + 1]
            found.append(_top(block.indices[begin:end], block.data[begin:end], row, count))
        return found

    # SciPy's sparse product lets go of Python's lock, so blocks go in parallel, one per
    # core; each block's rows come out as they would alone, in the order of `rows`.
    workers = min(len(blocks), os.cpu_count() or 1, MAX_WORKERS)
    if workers <= 1:
        return [pairs for chosen in blocks for pairs in best_in(chosen)]
    with ThreadPoolExecutor(workers) as pool:
        return [pairs for found in pool.map(best_in, blocks) for pairs in found]


def _top(columns, scores, row: int, count: int) -> list[tuple[float, int]]:
    import numpy as np
    keep = (columns != row) & (scores > 0)
    columns, scores = columns[keep], scores[keep]
    if len(scores) > count:
        # Everything at least as good as the count-th best score: ties at the
        # cut stay in, so the final sort (not argpartition) decides them.
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= threshold
        columns, scores = columns[keep], scores[keep]
    chosen = np.lexsort((columns, -scores))[:count]
    return [(float(scores[i]), int(columns[i])) for i in chosen]


def shown_as_related(paper: Paper) -> tuple[str, bool, str, tuple[str, ...]]:
    """All that a related-papers section shows of a paper: (title, math, slug, tags).
    The section is made from these alone, so they are what a cached page is keyed by."""
    return paper.title, paper.math, paper.slug, paper.tags


def related_section(paper: Paper, by_key: dict[str, Paper]) -> str:
    """`## Related papers`: links to sibling pages in `docs/papers/`, with their tags."""
    others = [shown_as_related(by_key[key]) for key in paper.related if key in by_key]
    if not others:
        return ""
    items = []
    for title, title_math, slug, tags in others:
        item = f"- [{inline_text(title, title_math)}]({slug}.md)"
        if tags:
            item += f'\n  <br><span class="pa-tags">{" · ".join(md_text(tag) for tag in tags)}</span>'
        items.append(item)
    return '## Related papers\n\n<div class="pa-related" markdown>\n\n' + "\n".join(items) + "\n\n</div>"
