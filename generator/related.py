"""Related papers: each paper's nearest neighbours by cosine similarity of weighted words.

Responsible for choosing each paper's `related` keys and for the page section
that lists them; nothing more. A paper's vector depends on its own text only:
sublinear term frequency (1 + ln tf) times a fixed weight per word taken from
English word frequencies (`wordfreq`: rare words weigh most, words as common as
"the" or "of" are dropped), normalised to length 1. Titles weigh more than
abstracts (a title is written twice into the text that is vectorised). Because
no weight depends on the rest of the archive, the similarity of two papers
never changes while both stay the same, which is what lets `update` find the
new neighbours after a few papers changed without comparing all pairs, with
exactly the result of a full run (`nearest`).

Similarities are computed a block of rows at a time from the sparse product
(at most 512 rows, fewer in big archives), so memory stays O(block × papers);
time is O(papers × non-zeros). Ties are broken by paper key. Each sum runs over
the shared words in one fixed order (the words' hashes), so a pair's
similarity is the same float in a full run and in an update.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from generator.cards import inline_text
from generator.model import Paper
from generator.render import md_text

BLOCK_ROWS = 512
# A block's product holds at most about this many similarities, so big archives
# use fewer rows per block.
BLOCK_ENTRIES = 4_000_000
TITLE_WEIGHT = 2
STOP_ZIPF = 6.0  # a word at least this frequent in English (Zipf scale) says nothing of a topic
UNKNOWN_ZIPF = 0.0  # words English frequency lists do not know: names, coinages, numbers
TOP_ZIPF = 9.0  # weight of a word = TOP_ZIPF - its Zipf frequency
_WORD = re.compile(r"(?u)\b\w\w+\b")
# After this share of the archive changed, comparing everything again is as cheap.
UPDATE_SHARE = 0.2

Vector = tuple  # (word hashes ascending, weights) as NumPy arrays, of length 1


def document(paper: Paper) -> str:
    return " ".join([paper.title] * TITLE_WEIGHT + [paper.abstract])


def document_digest(paper: Paper) -> str:
    return hashlib.sha256(document(paper).encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def _english_frequencies() -> dict[str, float]:
    import wordfreq  # loaded only when some paper has to be vectorised

    return wordfreq.get_frequency_dict("en")


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
        frequency = _english_frequencies().get(word, 0.0)
        zipf = math.log10(frequency) + 9.0 if frequency > 0 else UNKNOWN_ZIPF
        weight = 0.0 if zipf >= STOP_ZIPF else TOP_ZIPF - zipf
        digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        found = _word_entries[word] = (int.from_bytes(digest, "little", signed=True), weight)
    return found


def vector(paper: Paper) -> Vector:
    """The paper's unit vector over word hashes; empty when it has no weighted word."""
    import numpy as np
    counts = Counter(_WORD.findall(document(paper).lower()))
    entries = {}
    for word, count in counts.items():
        hashed, weight = _word_entry(word)
        if weight > 0:
            entries[hashed] = (1.0 + math.log(count)) * weight
    ids = np.array(sorted(entries), dtype=np.int64)
    weights = np.array([entries[i] for i in ids.tolist()], dtype=np.float64)
    norm = math.sqrt(math.fsum(w * w for w in weights.tolist()))
    return ids, (weights / norm if norm > 0 else weights)


def _matrix(vectors: list[Vector]):
    """Rows of `vectors` over a shared vocabulary whose column order is the hash order."""
    import numpy as np
    from scipy import sparse
    if not vectors:
        return sparse.csr_matrix((0, 0))
    ids = np.concatenate([v[0] for v in vectors])
    data = np.concatenate([v[1] for v in vectors])
    vocabulary = np.unique(ids)
    columns = np.searchsorted(vocabulary, ids)  # faster than unique's return_inverse
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    np.cumsum([len(v[0]) for v in vectors], out=indptr[1:])
    matrix = sparse.csr_matrix((data, columns, indptr), shape=(len(vectors), len(vocabulary)))
    matrix.has_sorted_indices = True
    return matrix


def relate(papers: list[Paper], count: int = 5, block_rows: int | None = None) -> list[Paper]:
    """`papers` in the same order, each with the keys of its `count` most similar papers."""
    found, _ = update(papers, count, None, {}, block_rows)
    return found


def nearest(papers: list[Paper], count: int, block_rows: int | None = None) -> list[list[int]]:
    """For each paper, the indices of its `count` most similar others: score desc, then index."""
    matrix = _matrix([vector(paper) for paper in papers])
    rows = _best_rows(matrix, range(len(papers)), count, block_rows)
    return [[column for _, column in row] for row in rows]


@dataclass
class Neighbours:
    """What a run found, kept so the next one can update it: per paper key, the digest
    of its document and its best `(similarity, key)` pairs, best first."""

    count: int
    documents: dict[str, str] = field(default_factory=dict)
    best: dict[str, list[tuple[float, str]]] = field(default_factory=dict)


def update(
    papers: list[Paper],
    count: int,
    previous: Neighbours | None,
    vectors: dict[str, Vector],
    block_rows: int | None = None,
) -> tuple[list[Paper], Neighbours]:
    """`relate`, reusing what `previous` found: only the papers whose text changed, and
    those whose neighbours changed, are compared with all others; every other paper only
    with the changed ones. `vectors` (document digest → vector) is read and filled in."""
    ranked = sorted(papers, key=lambda paper: paper.key)
    keys = [paper.key for paper in ranked]
    documents = {paper.key: document_digest(paper) for paper in ranked}
    result = Neighbours(count, documents)
    if previous is not None and previous.count == count and previous.documents == documents and set(previous.best) == set(documents):
        result.best = previous.best  # the same texts: the same neighbours
    elif count > 0 and len(ranked) >= 2:
        for paper in ranked:
            if documents[paper.key] not in vectors:
                vectors[documents[paper.key]] = vector(paper)
        matrix = _matrix([vectors[documents[key]] for key in keys])
        result.best = _find(matrix, keys, documents, count, previous, block_rows)
    else:
        result.best = {key: [] for key in keys}
    related = {key: tuple(other for _, other in result.best[key]) for key in keys}
    return [paper.replace(related=related[paper.key]) for paper in papers], result


def _find(matrix, keys, documents, count, previous, block_rows) -> dict[str, list[tuple[float, str]]]:
    usable = previous is not None and previous.count == count and set(previous.best) == set(previous.documents)
    changed = [i for i, key in enumerate(keys) if not usable or previous.documents.get(key) != documents[key]]
    gone = set(previous.documents) - set(documents) if usable else set()
    if not usable or len(changed) + len(gone) > UPDATE_SHARE * len(keys):
        rows = _best_rows(matrix, range(len(keys)), count, block_rows)
        return {key: [(score, keys[column]) for score, column in row] for key, row in zip(keys, rows)}
    touched = {keys[i] for i in changed} | gone
    redo = sorted(set(changed) | {i for i, key in enumerate(keys) if any(other in touched for _, other in previous.best.get(key, ()))})
    best = {keys[i]: [(score, keys[column]) for score, column in row] for i, row in zip(redo, _best_rows(matrix, redo, count, block_rows))}
    if changed:
        # Similarity to each changed paper, for every paper: the only newcomers to a
        # top list whose members all stayed as they were.
        against = (matrix @ matrix[changed].T).tocsr()
    for i, key in enumerate(keys):
        if key in best:
            continue
        candidates = list(previous.best[key])
        if changed:
            begin, end = against.indptr[i], against.indptr[i + 1]
            for column, score in zip(against.indices[begin:end].tolist(), against.data[begin:end].tolist()):
                if score > 0 and changed[column] != i:
                    candidates.append((score, keys[changed[column]]))
        best[key] = sorted(candidates, key=lambda pair: (-pair[0], pair[1]))[:count]
    return best


def _best_rows(matrix, rows, count: int, block_rows: int | None) -> list[list[tuple[float, int]]]:
    """For each of `rows`, its `count` best (similarity, column) pairs."""
    rows = list(rows)
    found: list[list[tuple[float, int]]] = []
    if not rows:
        return found
    total = matrix.shape[0]
    if count <= 0 or total < 2:
        return [[] for _ in rows]
    transposed = matrix.T.tocsr()
    if block_rows is None:
        block_rows = max(1, min(BLOCK_ROWS, BLOCK_ENTRIES // total))
    for start in range(0, len(rows), block_rows):
        chosen = rows[start : start + block_rows]
        block = (matrix[chosen] @ transposed).tocsr()
        for offset, row in enumerate(chosen):
            begin, end = block.indptr[offset], block.indptr[offset + 1]
            found.append(_top(block.indices[begin:end], block.data[begin:end], row, count))
    return found


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
