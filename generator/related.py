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

Similarities are found in two steps. First an estimate of every pair, a tile of
`BLOCK_ROWS` × `BLOCK_ROWS` papers at a time, and only half the tiles, since
similarity is symmetric; tiles go in parallel, one per core but at most
`MAX_WORKERS`. The words in at least `DENSE_SHARE` of the papers make a dense
float32 product (BLAS), the others a sparse one, and the estimate is off by at
most a known bound. Then only the pairs whose estimate is within twice that bound
of a paper's `count`-th best (about `count` + 1 a paper) are summed exactly.
Memory is O(papers × common words + tile); time O(papers² × common words), at
BLAS speed, plus the sparse products of the rarer words. Ties are broken by paper
key. Each exact sum runs over the shared words in one fixed order (the words'
hashes, ascending), adding each product to the sum so far, so a pair's
similarity is the same float in a full run and in an update, which sums the same
way in Python.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from array import array
from collections import Counter

from generator import english
from generator.cards import inline_text
from generator.model import Paper
from generator.render import md_text

# Papers are compared a tile of BLOCK_ROWS × BLOCK_ROWS at a time: BLAS products of
# that size run near full speed, and a tile's estimates take 4 MB.
BLOCK_ROWS = 1000
VECTORS_AT_ONCE = 1_000
# Candidates held per paper before those that cannot be among its best are let go.
COMPACT_AT = 64
# Pairs summed exactly at once: their products take about 2 KB each.
PAIRS_AT_ONCE = 10_000
# Tiles in flight at once, so a many-core machine does not multiply their memory by its cores.
MAX_WORKERS = 4
TITLE_WEIGHT = 2
DENSE_SHARE = 0.04  # words in at least this share of the papers go in the dense estimate
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


def vectors(papers: list[Paper]) -> list[Vector]:
    """`vector` of each paper, the very same arrays, with the arithmetic done for many at once
    (`VECTORS_AT_ONCE`: their words take memory until they are counted)."""
    return [found for start in range(0, len(papers), VECTORS_AT_ONCE) for found in _vectors(papers[start : start + VECTORS_AT_ONCE])]


def _vectors(papers: list[Paper]) -> list[Vector]:
    import numpy as np
    words, counts, lengths = [], [], []
    for paper in papers:
        found = Counter(_WORD.findall(document(paper).lower()))
        words.extend(found)
        counts.extend(found.values())
        lengths.append(len(found))
    column = {word: number for number, word in enumerate(dict.fromkeys(words))}
    known = _word_entries.get
    entries = [known(word) or _word_entry(word) for word in column]
    columns = np.fromiter(map(column.__getitem__, words), dtype=np.int64, count=len(words))
    hashes = np.array([hashed for hashed, _ in entries], dtype=np.int64)[columns]
    weights = np.array([weight for _, weight in entries], dtype=np.float64)[columns]
    counts = np.array(counts, dtype=np.int64)
    # math.log of each count there is: NumPy's log may differ from it in the last bit.
    sublinear = np.array([1.0 + math.log(count) if count else 0.0 for count in range(int(counts.max(initial=0)) + 1)])
    kept = weights > 0
    owners = np.repeat(np.arange(len(papers)), lengths)[kept]
    order = np.lexsort((hashes[kept], owners))
    hashes, values = hashes[kept][order], (sublinear[counts] * weights)[kept][order]
    ends = np.cumsum(np.bincount(owners, minlength=len(papers))).tolist()
    spans = list(zip([0, *ends[:-1]], ends))
    squares = (values * values).tolist()
    norms = np.repeat([math.sqrt(math.fsum(squares[start:end])) for start, end in spans], [end - start for start, end in spans])
    values = np.divide(values, norms, out=values, where=norms > 0)
    hash_bytes, value_bytes = hashes.tobytes(), values.tobytes()
    return [(array("q", hash_bytes[8 * start : 8 * end]), array("d", value_bytes[8 * start : 8 * end])) for start, end in spans]


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
    best = best_pairs(vectors(sorted(papers, key=lambda paper: paper.key)), ranked, count, block_rows)
    return [paper.replace(related=tuple(similar_enough(best[paper.key]))) for paper in papers]


def similar_enough(pairs: list[tuple[float, str]]) -> list[str]:
    """The keys of the (similarity, key) pairs, best first, that are similar enough to show:
    below `MIN_SIMILARITY` two papers share a few words and no topic (a history of
    diplomacy and an argument-mining corpus), and a page shows fewer related papers."""
    return [key for score, key in pairs if score >= MIN_SIMILARITY]


def nearest(papers: list[Paper], count: int, block_rows: int | None = None) -> list[list[int]]:
    """For each paper, the indices of its `count` most similar others: score desc, then index."""
    rows = _best_rows(_matrix(vectors(papers)), count, block_rows)
    return [[column for _, column in row] for row in rows]


def best_pairs(vectors: list[Vector], keys: list[str], count: int, block_rows: int | None = None) -> dict[str, list[tuple[float, str]]]:
    """For each of `keys` (ascending, one per vector), its `count` best (similarity, key)
    pairs, best first: similarity descending, then key."""
    if count <= 0 or len(keys) < 2:
        return {key: [] for key in keys}
    rows = _best_rows(_matrix(vectors), count, block_rows)
    return {key: [(score, keys[column]) for score, column in row] for key, row in zip(keys, rows)}


def _best_rows(matrix, count: int, block_rows: int | None) -> list[list[tuple[float, int]]]:
    """For each row, its `count` best (similarity, column) pairs."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np
    from threadpoolctl import threadpool_limits
    total = matrix.shape[0]
    if count <= 0 or total < 2:
        return [[] for _ in range(total)]
    estimate = _Estimate(matrix, block_rows or BLOCK_ROWS)
    tiles = [(first, second) for first in range(len(estimate.blocks)) for second in range(first, len(estimate.blocks))]
    # NumPy's and SciPy's products let go of Python's lock, so tiles go in parallel, one
    # per core, each product in one thread: BLAS threads of its own would only wait for
    # the cores the other tiles use. What a tile finds does not depend on the others.
    workers = min(len(tiles), os.cpu_count() or 1, MAX_WORKERS)
    with threadpool_limits(1, user_api="blas"):
        if workers <= 1:
            rows, columns, estimates = estimate.gathered(estimate.candidates(first, second, count) for first, second in tiles)
        else:
            with ThreadPoolExecutor(workers) as pool:
                rows, columns, estimates = estimate.gathered(pool.map(lambda tile: estimate.candidates(*tile, count), tiles))
    # The count-th best estimate of each row is among the candidates of its tiles.
    order = np.lexsort((-estimates, rows))
    rows, columns, estimates = rows[order], columns[order], estimates[order]
    starts = np.searchsorted(rows, np.arange(total + 1))
    floor = np.full(total, -np.inf)
    enough = starts[1:] - starts[:-1] >= count
    floor[enough] = estimates[starts[:-1][enough] + count - 1].astype(np.float64) - 2 * estimate.error
    kept = estimates >= floor[rows]
    rows, columns = rows[kept], columns[kept]
    rows, columns = rows.astype(np.int64), columns.astype(np.int64)
    # A pair's two orders sum the same products in the same order: each is summed once.
    pairs, inverse = np.unique(np.minimum(rows, columns) * total + np.maximum(rows, columns), return_inverse=True)
    scores = np.concatenate([np.empty(0)] + [_similarities(matrix, part // total, part % total)
                                             for part in np.split(pairs, range(PAIRS_AT_ONCE, len(pairs), PAIRS_AT_ONCE))])[inverse]
    order = np.lexsort((columns, -scores, rows))
    rows, columns, scores = rows[order], columns[order], scores[order].tolist()
    starts = np.searchsorted(rows, np.arange(total + 1)).tolist()
    columns = columns.tolist()
    return [list(zip(scores[begin : min(end, begin + count)], columns[begin : min(end, begin + count)]))
            for begin, end in zip(starts[:-1], starts[1:])]


class _Estimate:
    """Similarities to within a known error (`error`), quickly: the words in many papers as
    a dense float32 matrix (a BLAS product), the others as a sparse product. Only the pairs
    whose estimate could place them among a row's best are then summed exactly.

    Papers go in blocks; a tile is the similarities of one block with another, and as
    similarity is symmetric, a tile and its mirror image are one product."""

    def __init__(self, matrix, block_rows: int):
        import numpy as np
        papers = matrix.shape[0]
        in_papers = np.bincount(matrix.indices, minlength=matrix.shape[1])
        common = in_papers >= max(2, DENSE_SHARE * papers)
        self.dense = matrix[:, np.flatnonzero(common)].toarray().astype(np.float32)
        sparse = matrix[:, np.flatnonzero(~common)].tocsr()
        self.blocks = [(start, min(start + block_rows, papers)) for start in range(0, papers, block_rows)]
        self.sparse = [sparse[start:end] for start, end in self.blocks]
        self.sparse_t = [block.T.tocsr() for block in self.sparse]
        # A float32 sum of k products of numbers rounded to float32 is off by at most about
        # (k + 2) units of its last place times the exact sum (at most 1 for unit vectors);
        # products of zero add nothing and no error, so k is at most a row's words.
        most_words = int(np.diff(matrix.indptr).max()) if matrix.nnz else 0
        self.error = (most_words + 8) * float(np.finfo(np.float32).eps)
        self.floors = np.zeros(papers, dtype=np.float32)

    def gathered(self, found) -> tuple:
        """The candidates of all tiles (`found`, as `candidates` gives them), joined. Those that
        tiles found later show cannot be among a row's best are let go on the way: a row
        meets a tile per block of papers, and each tile keeps about `count` of its pairs,
        which at 100,000 papers would take gigabytes."""
        import numpy as np
        kept, held, limit = [], 0, COMPACT_AT * len(self.floors)
        for part in found:
            kept.append(part)
            held += len(part[0])
            if held > limit:
                rows, columns, estimates = (np.concatenate(piece) for piece in zip(*kept))
                still = estimates >= self.floors[rows] - 2 * self.error
                kept = [(rows[still], columns[still], estimates[still])]
                held = len(kept[0][0])
                limit = max(limit, 2 * held)  # what stays is not gone over again at once: linear in all
        return tuple(np.concatenate(piece) for piece in zip(*kept))

    def candidates(self, first: int, second: int, count: int):
        """(row, column, estimate) of each pair of the tile that may be among the row's
        `count` best, for the rows of both blocks."""
        import numpy as np
        (start, end), (other_start, other_end) = self.blocks[first], self.blocks[second]
        scores = self.dense[start:end] @ self.dense[other_start:other_end].T
        product = (self.sparse[first] @ self.sparse_t[second]).tocsr()
        width = other_end - other_start
        at = np.repeat(np.arange(end - start) * width, np.diff(product.indptr)) + product.indices
        scores.ravel()[at] += product.data
        if first == second:
            np.fill_diagonal(scores, 0)  # never itself
        found = [self._near_best(scores, count, start, other_start)]
        if first != second:
            found.append(self._near_best(scores.T, count, other_start, start))
        return tuple(np.concatenate(part) for part in zip(*found))

    def _near_best(self, scores, count: int, row_start: int, column_start: int):
        """The pairs of `scores` (rows of one block, columns of another) that may be among
        a row's `count` best of all: at least its count-th best here, less twice `error`."""
        import numpy as np
        columns = scores.shape[1]
        least = np.full(len(scores), np.finfo(np.float32).smallest_subnormal, dtype=np.float32)  # any pair sharing a word
        if count <= columns:
            # Each of `count` groups of columns has an estimate at least its best's, so the
            # count-th best group best is at most the count-th best estimate here; that is
            # at most the count-th best of the row, itself at most `error` above the
            # count-th best similarity: each of the best is within twice `error` of it.
            # Many groups make the bound tight, and cost less than a sort.
            width = max(1, columns // (4 * count))
            group_best = np.maximum.reduceat(scores, np.arange(0, columns, width), axis=1)
            floor = np.partition(group_best, group_best.shape[1] - count, axis=1)[:, group_best.shape[1] - count]
            # The best bound any tile found for the row so far: tiles found in another
            # order keep other pairs, never fewer of the best.
            floor = np.maximum(self.floors[row_start : row_start + len(floor)], floor)
            self.floors[row_start : row_start + len(floor)] = floor
            least = np.maximum(floor - 2 * self.error, least)
        rows, found = np.nonzero(scores >= least[:, None])
        return (rows + row_start).astype(np.int32), (found + column_start).astype(np.int32), scores[rows, found]


def _similarities(matrix, rows, columns):
    """The exact similarity of each (row, column) pair: its products summed over the shared
    words in hash order, one after the other, as the sparse product and `neighbours` do."""
    import numpy as np
    products = matrix[rows].multiply(matrix[columns]).tocsr()
    products.sort_indices()
    lengths = np.diff(products.indptr)
    padded = np.zeros((len(rows), int(lengths.max()) if len(rows) else 0))
    positions = np.arange(products.nnz) - np.repeat(products.indptr[:-1], lengths)
    padded[np.repeat(np.arange(len(rows)), lengths), positions] = products.data
    # cumsum adds left to right (np.sum would add pairwise); zeros at the end change nothing.
    return np.cumsum(padded, axis=1)[:, -1] if padded.shape[1] else np.zeros(len(rows))


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
