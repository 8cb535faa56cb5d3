"""Topical tags from the text: match a paper's title and abstract against the taxonomy.

Matching is by words (`[^\\W_]+`: "NAS" never matches inside "NASA"), longest
phrase first ("dataset distillation" is not also "distillation"). Phrases in
capitals only (NAS, GNN) match case-sensitively, plural "s" allowed; others
match after a light stemming (quantized = quantization). CamelCase names are
also read split (NetMamba, ShiftNAS) and phrases also joined (pretraining).
Mentions of a tag at most one word apart ("graph neural networks (GNNs)")
count once. A tag scores `TITLE` for a title mention, `ABSTRACT` per abstract
mention (capped) and a little for `weak` phrases; it needs `THRESHOLD` and an
ordinary phrase, so one passing mention in an abstract is not enough. A paper
without such evidence gets no tag: there is no filling up to a minimum, so a
paper the taxonomy does not cover is left for a person to file rather than
filed wrongly. Web addresses are ignored.
"""

from __future__ import annotations

import functools
import re
from generator.taxonomy import Tag, Taxonomy, TaxonomyError, load_taxonomy

__all__ = ["Tag", "Taxonomy", "TaxonomyError", "load_taxonomy", "assign_tags", "MAX_TAGS"]

TITLE, ABSTRACT, ABSTRACT_CAP = 3.0, 1.0, 4.0
WEAK_TITLE, WEAK_ABSTRACT, WEAK_CAP = 1.0, 0.5, 1.5
THRESHOLD = 2.0
MAX_TAGS = 6  # automatic tags a paper gets at most, best first

# ---------------------------------------------------------------- words

_WORD = re.compile(r"[^\W_]+")
# Anchored at the start of a token: unanchored, `\S+` retried at every character of a long token (quadratic).
_URL = re.compile(r"(?<!\S)\S+://\S*|www\.\S+|(?<!\S)\S+\.(?:com|org|io|net)/\S*")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z]{2,})")
_SUFFIXES = ("izations", "ization", "isations", "isation", "ations", "ation", "ings", "ing",
             "ies", "ied", "ed", "es", "s", "e")


def _is_acronym(text: str) -> bool:
    return sum(c.isupper() for c in text) >= 2 and not any(c.islower() for c in text)


@functools.lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A light stemmer: enough for plurals and -ed/-ing/-ation forms of one word."""
    w = word.lower()
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            ending = "y" if suffix in ("ies", "ied") else "iz" if suffix[:2] in ("is", "iz") else ""
            return w[: -len(suffix)] + ending
    return w


@functools.lru_cache(maxsize=1 << 16)
def _acro(word: str) -> str:
    return word[:-1] if word.endswith("s") and _is_acronym(word[:-1]) else word


def _split(words: list[str]) -> list[str]:
    return [part for w in words for part in (_CAMEL.sub(" ", w).split() if w[1:].lower() != w[1:] else (w,))]


def _views(text: str) -> list[tuple[list[str], list[str]]]:
    """The (stems, acronym keys) of the text's words, as written and CamelCase-split."""
    words = _WORD.findall(_URL.sub(" ", text))
    views = [words] + [split for split in [_split(words)] if split != words]
    return [([_stem(w) for w in ws], [_acro(w) for w in ws]) for ws in views]


def _keys(phrase: str) -> list[tuple[bool, tuple[str, ...]]]:
    """The lookup keys of a phrase: (case-sensitive?, words), also CamelCase-split and joined."""
    words = _WORD.findall(phrase)
    if _is_acronym(phrase):
        return [(True, k) for k in dict.fromkeys([tuple(words), ("".join(words),)])]
    keys = [tuple(map(_stem, words)), tuple(map(_stem, _split(words))), (_stem("".join(words)),)]
    return [(False, k) for k in dict.fromkeys(keys)]


# ---------------------------------------------------------------- matching

_KEY_END = None  # in a tree of keys' words, where a key ends (no word is None)


def _tree(table: dict) -> tuple[dict, dict]:
    """A table's keys `(case-sensitive?, words)` as two trees, one per case, of nested
    dictionaries word by word, each key's value under `_KEY_END` where its words end."""
    trees: tuple[dict, dict] = ({}, {})
    for (case, words), value in table.items():
        node = trees[case]
        for word in words:
            node = node.setdefault(word, {})
        node[_KEY_END] = value
    return trees


class Matcher:
    """The taxonomy's phrases compiled into word-sequence lookups, built once per taxonomy."""

    def __init__(self, taxonomy: Taxonomy):
        self.tags = taxonomy.tags
        self.lookup: dict[tuple, list[tuple[int, bool]]] = {}
        self.excludes: dict[tuple, set[int]] = {}
        for i, tag in enumerate(self.tags):
            for phrase, weak in [*((p, False) for p in tag.phrases), *((p, True) for p in tag.weak)]:
                for key in _keys(phrase):
                    if (i, weak) not in self.lookup.setdefault(key, []):
                        self.lookup[key].append((i, weak))
            for key in (k for phrase in tag.exclude for k in _keys(phrase)):
                self.excludes.setdefault(key, set()).add(i)
        keys = [*self.lookup, *self.excludes]
        self.first = {case: {key[0] for c, key in keys if c == case} for case in (False, True)}
        # A scan follows the words of the text down a tree of the keys' words, so it
        # extends a run of words only while some key starts with it.
        self.lookup_tree, self.excludes_tree = _tree(self.lookup), _tree(self.excludes)

    def _starts(self, stems, acros) -> list[int]:
        """Positions of the words that begin some key: the only places a match can begin,
        so that a scan passes over most words here, once for both tables."""
        plain_first, case_first = self.first[False], self.first[True]
        return [i for i in range(len(stems)) if stems[i] in plain_first or acros[i] in case_first]

    def _scan(self, stems, acros, starts, tree, consume):
        """(start, end, value) for each key of `tree` found; leftmost-longest if `consume`."""
        found, n, resume = [], len(stems), 0
        plain, case_sensitive = tree
        for i in starts:
            if i < resume:
                continue
            hits = []
            for words, node in ((stems, plain), (acros, case_sensitive)):
                end = i
                while end < n:
                    node = node.get(words[end])
                    if node is None:
                        break
                    end += 1
                    value = node.get(_KEY_END)
                    if value is not None:
                        hits.append((i, end, value))
            if consume and hits:
                longest = max(hit[1] for hit in hits)
                hits = [hit for hit in hits if hit[1] == longest]
            found.extend(hits)
            resume = hits[0][1] if consume and hits else i + 1
        return found

    def mentions(self, text: str, views=None) -> dict[int, tuple[int, int]]:
        """tag -> (ordinary, weak) mentions, the best over the text's views (`_views(text)`,
        when not given); at least (0, 0) for a tag one of whose `exclude` phrases occurs."""
        best: dict[int, tuple[int, int]] = {}
        for stems, acros in views if views is not None else _views(text):
            starts = self._starts(stems, acros)
            masked: dict[int, list[tuple[int, int]]] = {}
            for start, end, tags in self._scan(stems, acros, starts, self.excludes_tree, False):
                for t in tags:
                    masked.setdefault(t, []).append((start, end))
                    best.setdefault(t, (0, 0))
            weak_flags: dict[int, list[bool]] = {}  # one flag per mention
            last_end: dict[int, int] = {}
            for start, end, entries in self._scan(stems, acros, starts, self.lookup_tree, True):
                for t, weak in entries:
                    if any(start < e and s < end for s, e in masked.get(t, ())):
                        continue
                    flags = weak_flags.setdefault(t, [])
                    if t in last_end and start - last_end[t] <= 1:
                        flags[-1] = flags[-1] and weak  # same mention, e.g. "... (GNNs)"
                    else:
                        flags.append(weak)
                    last_end[t] = end
            for t, flags in weak_flags.items():
                best[t] = max(best.get(t, (0, 0)), (flags.count(False), flags.count(True)))
        return best


def _scores(in_title: dict, in_abstract: dict) -> dict[int, tuple[float, bool]]:
    """tag -> (score, has an ordinary phrase), for tags with any evidence in the title's
    or the abstract's mentions; a score of 0 means the text has only uses of the tag's
    words that its `exclude` phrases rule out."""
    result = {}
    for t in in_title.keys() | in_abstract.keys():
        (tn, tw), (an, aw) = in_title.get(t, (0, 0)), in_abstract.get(t, (0, 0))
        score = (TITLE if tn else 0.0) + min(ABSTRACT * an, ABSTRACT_CAP)
        score += min((WEAK_TITLE if tw else 0.0) + WEAK_ABSTRACT * aw, WEAK_CAP)
        result[t] = (score, bool(tn or an))
    return result


def in_context(title: str, abstract: str, taxonomy: Taxonomy) -> bool:
    """Whether the title or abstract mentions one of the taxonomy's context phrases
    (always, for a taxonomy without a context)."""
    return _in_context(taxonomy._context_matcher, [_views(title or ""), _views(abstract or "")])


def _in_context(context, views) -> bool:
    return context is None or any(context.mentions("", view).get(0, (0, 0))[0] for view in views)


def assign_tags(title: str, abstract: str, taxonomy: Taxonomy, in_field: bool = False) -> list[str]:
    """The paper's automatic tags: at most `MAX_TAGS` names, best evidence first; none
    when no tag has enough. Equal evidence is ordered by title mentions, then by name.
    With a context, a paper whose text does not mention it gets only `field` tags,
    unless it is `in_field` by other evidence (its arXiv categories): "pruning" in
    horticulture or "Llama" in animal science name no machine-learning topic."""
    matcher, context = taxonomy._matcher, taxonomy._context_matcher
    views = [_views(title or ""), _views(abstract or "")]
    outside = not in_field and not _in_context(context, views)
    in_title = matcher.mentions("", views[0])
    scores = _scores(in_title, matcher.mentions("", views[1]))
    chosen = [t for t, (score, ordinary) in scores.items()
              if ordinary and score >= THRESHOLD and not (outside and not taxonomy.tags[t].field)]
    chosen.sort(key=lambda t: (-scores[t][0], -in_title.get(t, (0, 0))[0], taxonomy.tags[t].name.casefold()))
    return [taxonomy.tags[t].name for t in chosen[:MAX_TAGS]]
