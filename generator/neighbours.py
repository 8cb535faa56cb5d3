"""Related papers kept up to date: after a few papers changed, the new neighbours of
every paper, exactly as a full run (`related.best_pairs`) finds them.

Responsible for `Neighbours` (what a run found, which the next one starts from),
`Postings` (for each word, the papers it is in and its weight there) and
`update`; vectors and the full computation are `related`'s. A paper keeps its
`DEPTH` × count best neighbours, in order. When some papers changed (or went),
each of those is compared with every other through the postings of its own
words, summing the products word by word in the order of a full run, so each
similarity is the same float. Every other paper keeps its list without the
changed papers, and gains a changed paper where it now ranks before the last
of the list: papers outside a list rank after all in it, and their
similarities did not change. A paper left with fewer than `count` neighbours
known this way is compared with all again. Neither NumPy nor SciPy is loaded
for this; a full run, after a fifth of the archive changed or when nothing is
known, uses them. The lists are kept in the cache as a few flat arrays, so
reading and writing them costs little; the postings in a `cache_store.Store`, of which
a run reads only the words of the papers it compares.
"""

from __future__ import annotations

import bisect
from array import array
from itertools import accumulate

from generator import related
from generator.model import Paper, with_values

DEPTH = 2
# After this share of the archive changed, comparing everything again is as cheap.
UPDATE_SHARE = 0.2

Pair = tuple[float, str]  # (similarity, paper key)


class Neighbours:
    """What a run found: per paper (`rows`, keys ascending) the digest of its document
    and its best (similarity, key) pairs, best first, up to `DEPTH` × `count`, and
    whether those are all the papers similar to it at all (`complete`)."""

    def __init__(self, count: int, documents: dict[str, str], best: dict[str, list[Pair]], complete: set[str]):
        self.count, self.documents, self.complete = count, documents, complete
        self.rows = sorted(best)
        lists = [best[key] for key in self.rows]
        self.others: list[str] = [other for pairs in lists for _, other in pairs]
        self.scores = array("d", [score for pairs in lists for score, _ in pairs])
        self.ends = array("q", accumulate(len(pairs) for pairs in lists))

    def _append(self, pairs: list[Pair]) -> None:
        self.others.extend(key for _, key in pairs)
        self.scores.extend(score for score, _ in pairs)
        self.ends.append(len(self.others))

    def _span(self, row: int) -> tuple[int, int]:
        return (self.ends[row - 1] if row else 0), self.ends[row]

    def pairs(self, row: int) -> list[Pair]:
        start, end = self._span(row)
        return list(zip(self.scores[start:end], self.others[start:end]))

    def last(self, row: int) -> Pair | None:
        start, end = self._span(row)
        return (self.scores[end - 1], self.others[end - 1]) if end > start else None

    def related(self) -> dict[str, tuple[str, ...]]:
        """Each paper's `count` most similar papers, of those similar enough (`related.similar_enough`)."""
        found, start, scores, others = {}, 0, self.scores, self.others
        enough = related.MIN_SIMILARITY.__le__
        for key, end in zip(self.rows, self.ends):
            stop = min(end, start + self.count)
            if all(map(enough, scores[start:stop])):  # most lists: all similar enough
                found[key] = tuple(others[start:stop])
            else:
                found[key] = tuple(related.similar_enough(list(zip(scores[start:stop], others[start:stop]))))
            start = end
        return found

    def __getstate__(self):
        return self.count, self.documents, self.complete, self.rows, self.others, self.scores.tobytes(), self.ends.tobytes()

    def __setstate__(self, state):
        self.count, self.documents, self.complete, self.rows, self.others, scores, ends = state
        self.scores, self.ends = array("d"), array("q")
        self.scores.frombytes(scores)
        self.ends.frombytes(ends)


class MissingPostings(Exception):
    """Postings that must be in the cache are not (it was damaged): compare everything again."""


class Entries:
    """One mapping of the postings (slot → vector, word → postings), whose entries are
    read from the cache's `Store` when first used; this run's changes are kept until written."""

    def __init__(self, table: str, store=None):
        self.table, self.store = table, store
        self.read: dict[int, tuple[array, array]] = {}
        self.changed: dict[int, tuple[array, array] | None] = {}  # None: removed

    def get(self, key: int) -> tuple[array, array] | None:
        if key in self.changed:
            return self.changed[key]
        found = self.read.get(key)
        if found is None and self.store is not None:
            found = self.store.get(self.table, key)
            if found is not None:
                found = self.read[key] = (array("q", found[0]), array("d", found[1]))
        return found

    def needed(self, key: int) -> tuple[array, array]:
        found = self.get(key)
        if found is None:
            raise MissingPostings(f"{self.table} {key}")
        return found

    def set(self, key: int, value: tuple[array, array]) -> None:
        self.changed[key] = value

    def delete(self, key: int) -> None:
        self.changed[key] = None
        self.read.pop(key, None)


class Postings:
    """For each word (hash), the papers holding it (by slot) and its weight in each;
    and each paper's vector. Similarities of one paper with all come from the
    postings of its own words. Kept in the cache as two parts: which paper has which
    slot (pickled) and the vectors and postings (a `Store`, read as they are used)."""

    def __init__(self):
        self.keys: list[str | None] = []  # slot → paper key; None: free
        self.slots: dict[str, int] = {}
        self.documents: list[str | None] = []  # slot → document digest
        self.vectors, self.words = Entries("vectors"), Entries("words")
        self.whole = True  # every entry is in memory (made this run, not read)

    def __getstate__(self):
        return self.keys, self.slots, self.documents

    def __setstate__(self, state):
        self.keys, self.slots, self.documents = state
        self.vectors, self.words = Entries("vectors"), Entries("words")
        self.whole = False

    def attach(self, store) -> None:
        """Read vectors and postings from `store` (a `cache_store.Store`)."""
        self.vectors.store = self.words.store = store

    def write(self, store, token: str) -> bool:
        """Write what changed (all, for postings made whole this run) into `store`."""
        # Kept as bytes: pickled three times as fast as arrays, and read back as arrays.
        changes = {entries.table: {key: value and (value[0].tobytes(), value[1].tobytes()) for key, value in entries.changed.items()}
                   for entries in (self.vectors, self.words)}
        return store.write(changes, token, replace=self.whole)

    def add(self, key: str, document: str, vector: related.Vector) -> None:
        slot = self.keys.index(None) if len(self.slots) < len(self.keys) else len(self.keys)
        if slot == len(self.keys):
            self.keys.append(None)
            self.documents.append(None)
        self.keys[slot], self.documents[slot] = key, document
        self.slots[key] = slot
        self.vectors.set(slot, vector)
        for word, weight in zip(*vector):
            found = self.words.get(word) or (array("q"), array("d"))
            found[0].append(slot)
            found[1].append(weight)
            self.words.set(word, found)

    def add_all(self, papers) -> None:
        """`add` for each (key, document, vector) of `papers`, into postings that are empty."""
        import numpy as np
        assert not self.keys, "add_all fills empty postings"
        vectors = self.vectors.changed
        for slot, (key, document, vector) in enumerate(papers):
            self.keys.append(key)
            self.documents.append(document)
            self.slots[key] = slot
            vectors[slot] = vector
        words = np.concatenate([np.frombuffer(ids, dtype=np.int64) for ids, _ in vectors.values()] or [np.empty(0, np.int64)])
        if not len(words):
            return
        weights = np.concatenate([np.frombuffer(values, dtype=np.float64) for _, values in vectors.values()])
        slots = np.repeat(np.arange(len(vectors), dtype=np.int64), [len(ids) for ids, _ in vectors.values()])
        order = np.argsort(words, kind="stable")  # slots stay ascending within a word, as `add` appends them
        words, slot_bytes, weight_bytes = words[order], slots[order].tobytes(), weights[order].tobytes()
        starts = np.flatnonzero(np.concatenate(([True], words[1:] != words[:-1]))).tolist()
        for start, end in zip(starts, [*starts[1:], len(words)]):
            self.words.changed[int(words[start])] = (array("q", slot_bytes[8 * start : 8 * end]), array("d", weight_bytes[8 * start : 8 * end]))

    def remove(self, key: str) -> None:
        slot = self.slots.pop(key)
        for word in self.vectors.needed(slot)[0]:
            slots, weights = self.words.needed(word)
            position = slots.index(slot)
            del slots[position]
            del weights[position]
            if slots:
                self.words.set(word, (slots, weights))
            else:
                self.words.delete(word)
        self.vectors.delete(slot)
        self.keys[slot] = self.documents[slot] = None

    def vector_of(self, document: str) -> related.Vector | None:
        """The vector of a document some paper here has."""
        try:
            return self.vectors.needed(self.documents.index(document))
        except ValueError:
            return None

    def similar(self, key: str) -> dict[str, float]:
        """Similarity of paper `key` with each other paper sharing a word with it."""
        own = self.slots[key]
        ids, weights = self.vectors.needed(own)
        sums = [0.0] * len(self.keys)  # by slot: quicker than a dict, and 0.0 + p is p
        for word, weight in zip(ids, weights):  # ascending hashes, as a full run sums
            slots, values = self.words.needed(word)
            for slot, value in zip(slots, values):
                sums[slot] += weight * value
        sums[own] = 0.0
        keys = self.keys
        return {keys[slot]: score for slot, score in enumerate(sums) if score > 0}


def update(
    papers: list[Paper],
    count: int,
    previous: Neighbours | None,
    postings: Postings | None,
    digest_of=related.document_digest,
) -> tuple[list[Paper], Neighbours, Postings | None]:
    """`related.relate`, starting from what the last run found (`previous`, `postings`;
    `postings` is changed). `digest_of` is `related.document_digest` or a cached equivalent."""
    ranked = sorted(papers, key=lambda paper: paper.key)
    keys = [paper.key for paper in ranked]
    documents = {paper.key: digest_of(paper) for paper in ranked}
    depth = DEPTH * count
    usable = (
        previous is not None and postings is not None and previous.count == count
        # the rows of the same papers are `keys` (sorted already); of others, their keys sorted
        and previous.rows == (keys if previous.documents.keys() == documents.keys() else sorted(previous.documents))
        and previous.documents.keys() == postings.slots.keys()
    )
    if usable and previous.documents == documents:
        result = previous  # the same texts: the same neighbours
    else:
        changed = [key for key in keys if not usable or previous.documents.get(key) != documents[key]]
        gone = set(previous.documents) - set(documents) if usable else set()
        if count <= 0 or len(keys) < 2:
            result, postings = Neighbours(count, documents, {key: [] for key in keys}, set()), None
        elif not usable or len(changed) + len(gone) > UPDATE_SHARE * len(keys):
            postings = _postings(ranked, documents, postings)
            best = related.best_pairs([postings.vectors.needed(postings.slots[key]) for key in keys], keys, depth)
            result = Neighbours(count, documents, best, {key for key, pairs in best.items() if len(pairs) < depth})
        else:
            result = _update(ranked, documents, changed, gone, previous, postings)
    found = result.related()
    return with_values(papers, "related", [found[paper.key] for paper in papers]), result, postings


def _postings(ranked: list[Paper], documents: dict[str, str], old: Postings | None) -> Postings:
    """Postings of all `ranked` papers, reusing the vectors `old` has."""
    postings = Postings()
    old_slots: dict[str, int] = {}  # document → its first slot in `old`
    for slot, document in enumerate(old.documents if old is not None else ()):
        if document is not None:
            old_slots.setdefault(document, slot)
    known = {}
    for paper in ranked:
        slot = old_slots.get(documents[paper.key])
        if slot is not None:
            known[paper.key] = old.vectors.needed(slot)
    made = iter(related.vectors([paper for paper in ranked if paper.key not in known]))
    postings.add_all([(paper.key, documents[paper.key], known.get(paper.key) or next(made)) for paper in ranked])
    return postings


def _update(ranked, documents, changed, gone, previous: Neighbours, postings: Postings) -> Neighbours:
    count, depth = previous.count, DEPTH * previous.count
    by_key = {paper.key: paper for paper in ranked}
    for key in [*gone, *changed]:
        if key in postings.slots:
            postings.remove(key)
    for key in changed:
        document = documents[key]
        postings.add(key, document, postings.vector_of(document) or related.vector(by_key[key]))
    touched = set(changed) | gone
    best: dict[str, list[Pair]] = {}  # the lists that change
    complete = previous.complete - touched
    newcomers: dict[str, list[Pair]] = {}
    for key in changed:
        scores = postings.similar(key)
        best[key], whole = _top(scores, depth)
        if whole:
            complete.add(key)
        if not newcomers:  # the first changed paper (most updates have one): a list each
            newcomers = {other: [(score, key)] for other, score in scores.items()}
            continue
        for other, score in scores.items():
            newcomers.setdefault(other, []).append((score, key))
    rows = {key: row for row, key in enumerate(previous.rows)}
    affected = {bisect.bisect_right(previous.ends, position) for position in _positions(previous.others, touched)}
    ends, others, scores = previous.ends, previous.others, previous.scores
    for other, pairs in newcomers.items():
        row = rows.get(other)
        if row is None or other in best or row in affected:
            continue
        end = ends[row]
        if other in previous.complete or end == (ends[row - 1] if row else 0):
            affected.add(row)
            continue
        last_score, last_key = scores[end - 1], others[end - 1]
        # The best of the pairs ranks before the last it knew if any of them does.
        score, key = pairs[0] if len(pairs) == 1 else min(pairs, key=_order)
        if score > last_score or (score == last_score and key < last_key):
            affected.add(row)  # a changed paper now ranks before the last it knew
    for row in sorted(affected):
        key = previous.rows[row]
        if key in best or key in gone:
            continue
        pairs = [pair for pair in previous.pairs(row) if pair[1] not in touched]
        extra = newcomers.get(key, [])
        if key not in previous.complete:
            if len(pairs) < count:
                best[key], whole = _top(postings.similar(key), depth)  # too few known: compared with all again
                if whole:
                    complete.add(key)
                continue
            last = _order(pairs[-1])
            extra = [pair for pair in extra if _order(pair) < last]
        pairs = sorted(pairs + extra, key=_order)
        if key in previous.complete and len(pairs) > depth:
            complete.discard(key)
        best[key] = pairs[:depth]
    result = Neighbours(previous.count, documents, {}, complete)
    if previous.rows == sorted(documents):
        # The same papers: the new lists take the old ones' places, and the lists between
        # them are copied a stretch at a time, their ends moved by what the lists before grew.
        copied, row_after, grown = 0, 0, 0
        for row in sorted(rows[key] for key in best):
            start, end = previous._span(row)
            pairs = best[previous.rows[row]]
            result.others += others[copied:start]
            result.scores += scores[copied:start]
            result.ends.extend([at + grown for at in ends[row_after:row]] if grown else ends[row_after:row])
            result._append(pairs)
            grown += len(pairs) - (end - start)
            copied, row_after = end, row + 1
        result.others += others[copied:]
        result.scores += scores[copied:]
        result.ends.extend([at + grown for at in ends[row_after:]] if grown else ends[row_after:])
        result.rows = previous.rows
        return result
    for key in sorted(documents):
        row = rows.get(key)
        result.rows.append(key)
        if key in best:
            result._append(best[key])
        else:
            start, end = previous._span(row)
            result.others.extend(previous.others[start:end])
            result.scores.extend(previous.scores[start:end])
            result.ends.append(len(result.others))
    return result


def _positions(items: list[str], wanted: set[str]) -> list[int]:
    """The positions in `items` of the keys `wanted`: for a few keys (one changed paper),
    a search of the list for each, which is a tenth of asking each of its items."""
    if len(wanted) > 4:
        return [position for position, item in enumerate(items) if item in wanted]
    found = []
    for key in wanted:
        position = -1
        try:
            while True:
                position = items.index(key, position + 1)
                found.append(position)
        except ValueError:
            pass
    return found


def _order(pair: Pair) -> tuple[float, str]:
    return -pair[0], pair[1]


def _top(scores: dict[str, float], depth: int) -> tuple[list[Pair], bool]:
    """The `depth` best of `scores` (key → similarity), and whether that is all of them."""
    pairs = sorted(((score, key) for key, score in scores.items()), key=_order)
    return pairs[:depth], len(pairs) <= depth
