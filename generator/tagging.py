"""Topical tags: load the curated taxonomy (`taxonomy.yml`) and tag papers with it.

Matching is by words (`[^\\W_]+`: "NAS" never matches inside "NASA"), longest
phrase first ("dataset distillation" is not also "distillation"). Phrases in
capitals only (NAS, GNN) match case-sensitively, plural "s" allowed; others
match after a light stemming (quantized = quantization). CamelCase names are
also read split (NetMamba, ShiftNAS) and phrases also joined (pretraining).
Mentions of a tag at most one word apart ("graph neural networks (GNNs)")
count once. A tag scores `TITLE` for a title mention, `ABSTRACT` per abstract
mention (capped) and a little for `weak` phrases; it needs `THRESHOLD` and an
ordinary phrase, so one passing mention in an abstract is not enough. Papers
with fewer than `MIN_TAGS` are completed from sub-threshold evidence plus TF-IDF
similarity to each tag's name, description and phrases. Web addresses are ignored.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml
from slugify import slugify

__all__ = ["Tag", "Taxonomy", "TaxonomyError", "load_taxonomy", "assign_tags", "merge_tags"]

TITLE, ABSTRACT, ABSTRACT_CAP = 3.0, 1.0, 4.0
WEAK_TITLE, WEAK_ABSTRACT, WEAK_CAP = 1.0, 0.5, 1.5
THRESHOLD = 2.0
SIMILARITY = 4.0  # weight of TF-IDF similarity against phrase evidence, in the fallback
MIN_TAGS, MAX_TAGS = 2, 6
TAG_KEYS = ("name", "description", "phrases", "weak", "exclude")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message is `path:line: what is wrong`."""


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    family: str
    description: str
    phrases: tuple[str, ...]
    weak: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    tags: tuple[Tag, ...]
    families: tuple[str, ...]

    @functools.cached_property
    def _by_name(self) -> dict[str, Tag]:
        return {t.name.casefold(): t for t in self.tags}

    @functools.cached_property
    def _matcher(self) -> _Matcher:  # compiled once per taxonomy, on first use
        return _Matcher(self)

    def get(self, name: str) -> Tag | None:
        return self._by_name.get(name.strip().casefold())

    def family_of(self, name: str) -> str | None:
        tag = self.get(name)
        return tag.family if tag else None


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


# Words too common in papers of any topic to say which tag fits, for the fallback.
_GENERIC = frozenset(map(_stem, """
    the and for with from that this these those their its into over under via our are was were has
    have had can not but also such than then they them which when where while both each other more
    most many much some all any only very well new between based using use used paper work propose
    present show demonstrate result method approach model network neural deep learning learn train
    data dataset task performance problem framework system state art existing large small high low
    first two one three different various improve achieve effective efficient simple novel recent
    study analysis given however further specifically moreover including across without within
    weight parameter layer input output feature technique application algorithm machine artificial
    intelligence time number set make way like often known general code available github https
    http www com source release""".split()))


# ---------------------------------------------------------------- matching

class _Matcher:
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
        # a scan extends a run of words only while some key starts with it
        self.prefixes = {(case, key[:k]) for case, key in keys for k in range(1, len(key))}
        self.first = {case: {key[0] for c, key in keys if c == case} for case in (False, True)}
        # TF-IDF vectors of each tag's name, description and phrases, for the fallback
        docs = [_terms(" ; ".join([t.name, t.description, *t.phrases, *t.weak])) for t in self.tags]
        df = Counter(term for doc in docs for term in set(doc))
        self.idf = {term: math.log((1 + len(docs)) / (1 + n)) + 1 for term, n in df.items()}
        self.vocabulary = [set(doc) for doc in docs]
        self.index: dict[str, list[tuple[int, float]]] = {}
        for t, doc in enumerate(docs):
            for term, w in _unit(doc, self.idf).items():
                self.index.setdefault(term, []).append((t, w))

    def _scan(self, stems, acros, table, consume):
        """(start, end, value) for each key of `table` found; leftmost-longest if `consume`."""
        found, i, n = [], 0, len(stems)
        while i < n:
            hits = []
            for case, words in ((False, stems), (True, acros)):
                end = i + 1 if words[i] in self.first[case] else n + 1
                while end <= n:
                    key = (case, tuple(words[i:end]))
                    if key in table:
                        hits.append((i, end, table[key]))
                    if key not in self.prefixes:
                        break
                    end += 1
            if consume and hits:
                longest = max(hit[1] for hit in hits)
                hits = [hit for hit in hits if hit[1] == longest]
            found.extend(hits)
            i = hits[0][1] if consume and hits else i + 1
        return found

    def mentions(self, text: str) -> dict[int, tuple[int, int]]:
        """tag -> (ordinary, weak) mentions, the best over the text's views; at least
        (0, 0) for a tag one of whose `exclude` phrases occurs."""
        best: dict[int, tuple[int, int]] = {}
        for stems, acros in _views(text):
            masked: dict[int, list[tuple[int, int]]] = {}
            for start, end, tags in self._scan(stems, acros, self.excludes, False):
                for t in tags:
                    masked.setdefault(t, []).append((start, end))
                    best.setdefault(t, (0, 0))
            weak_flags: dict[int, list[bool]] = {}  # one flag per mention
            last_end: dict[int, int] = {}
            for start, end, entries in self._scan(stems, acros, self.lookup, True):
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

    def scores(self, title: str, abstract: str) -> dict[int, tuple[float, bool]]:
        """tag -> (score, has an ordinary phrase), for tags with any evidence; a score of 0
        means the text has only uses of the tag's words that its `exclude` phrases rule out."""
        in_title, in_abstract = self.mentions(title), self.mentions(abstract)
        result = {}
        for t in in_title.keys() | in_abstract.keys():
            (tn, tw), (an, aw) = in_title.get(t, (0, 0)), in_abstract.get(t, (0, 0))
            score = (TITLE if tn else 0.0) + min(ABSTRACT * an, ABSTRACT_CAP)
            score += min((WEAK_TITLE if tw else 0.0) + WEAK_ABSTRACT * aw, WEAK_CAP)
            result[t] = (score, bool(tn or an))
        return result

    def similarity(self, text: str, explained: Sequence[int] = ()) -> list[float]:
        """TF-IDF cosine of the text with each tag's name, description and phrases,
        leaving out the words of the `explained` tags."""
        known = set().union(*(self.vocabulary[t] for t in explained))
        sims = [0.0] * len(self.tags)
        for term, w in _unit([x for x in _terms(text) if x in self.idf and x not in known], self.idf).items():
            for t, v in self.index[term]:
                sims[t] += w * v
        return sims


def _terms(text: str) -> list[str]:
    """The text's telling words (stems; acronyms as written) and pairs of neighbours."""
    words = [_acro(w) if _is_acronym(w) else _stem(w) for w in _WORD.findall(_URL.sub(" ", text))]
    words = [w for w in words if (len(w) > 2 or w.isupper()) and w not in _GENERIC]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def _unit(terms: list[str], idf: dict[str, float]) -> dict[str, float]:
    """A length-normalised, sublinear TF-IDF vector."""
    vector = {term: (1 + math.log(n)) * idf[term] for term, n in Counter(terms).items()}
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return {term: w / norm for term, w in vector.items()}


def assign_tags(title: str, abstract: str, taxonomy: Taxonomy) -> list[str]:
    """The paper's automatic tags: 2 to 6 tag names, best first (ties in file order)."""
    matcher = taxonomy._matcher
    scores = matcher.scores(title or "", abstract or "")
    chosen = sorted((t for t, (s, ordinary) in scores.items() if ordinary and s >= THRESHOLD),
                    key=lambda t: (-scores[t][0], t))[:MAX_TAGS]
    if len(chosen) < MIN_TAGS:
        # Too little evidence: add the tags with the most of it (a single mention, weak
        # phrases) plus similarity to the words the chosen tags leave unexplained; tags
        # whose words occur only in senses their `exclude` phrases rule out come last.
        sims = matcher.similarity(f"{title}\n{title}\n{abstract}", explained=chosen)

        def fallback(t: int) -> tuple:
            score = scores.get(t, (None, False))[0]
            return (score == 0.0, -((score or 0.0) + SIMILARITY * sims[t]), t)

        rest = sorted((t for t in range(len(taxonomy.tags)) if t not in chosen), key=fallback)
        chosen += rest[: MIN_TAGS - len(chosen)]
    return [taxonomy.tags[t].name for t in chosen]


def merge_tags(user_tags: Sequence[str], automatic: Sequence[str]) -> list[str]:
    """User tags first, as given (trimmed), then automatic ones; no case-insensitive repeats."""
    merged: dict[str, str] = {}
    for name in [*user_tags, *automatic]:
        name = " ".join(str(name).split())
        if name:
            merged.setdefault(name.casefold(), name)
    return list(merged.values())


# ---------------------------------------------------------------- loading

def load_taxonomy(path: Path) -> Taxonomy:
    """Read and check a taxonomy file; any mistake raises `TaxonomyError("path:line: ...")`."""
    path = Path(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        raise TaxonomyError(f"{path}: cannot read the taxonomy: {error}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise TaxonomyError(f"{where}: invalid YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise TaxonomyError(f"{path}: invalid YAML: {error}") from None

    def fail(node, message: str):
        raise TaxonomyError(f"{path}:{node.start_mark.line + 1 if node else 1}: {message}")

    def mapping(node, what: str, allowed: Sequence[str]) -> dict:
        if not isinstance(node, yaml.MappingNode):
            fail(node, f"{what} must be a mapping")
        items = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or not key.value.strip():
                fail(key, f"{what} has a key that is not a plain name")
            if key.value in items:
                fail(key, f"{what} repeats the key {key.value!r}")
            if allowed and key.value not in allowed:
                fail(key, f"unknown key {key.value!r} in {what} (expected one of: {', '.join(allowed)})")
            items[key.value] = value
        return items

    def text(node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            fail(node, f"{what} must be a text")
        return " ".join(node.value.split())

    def phrase_list(node, what: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            fail(node, f"{what} must be a list of phrases")
        for item in node.value:
            if not _WORD.search(text(item, f"each of {what}")):
                fail(item, f"{what} has a phrase with no letters or digits: {item.value!r}")
        return tuple(dict.fromkeys(text(item, what) for item in node.value))

    if root is None:
        raise TaxonomyError(f"{path}:1: the taxonomy is empty; expected a 'families:' mapping")
    top = mapping(root, "the taxonomy", ("families",))
    if "families" not in top:
        fail(root, "the taxonomy needs a 'families:' mapping of family names to lists of tags")
    families, tags, seen = [], [], {}
    for family_key, family_node in mapping(top["families"], "'families'", ()).items():
        family = " ".join(family_key.split())
        if not isinstance(family_node, yaml.SequenceNode) or not family_node.value:
            fail(family_node if family_node.start_mark.line > 0 else top["families"],
                 f"family {family!r} must be a non-empty list of tags")
        families.append(family)
        for node in family_node.value:
            items = mapping(node, "a tag", TAG_KEYS)
            if "name" not in items:
                fail(node, "a tag has no 'name'")
            name = text(items["name"], "a tag's 'name'")
            slug = slugify(name)
            if not slug:
                fail(items["name"], "a tag's 'name' must have letters or digits")
            if name.casefold() in seen or slug in seen:
                first = seen.get(name.casefold()) or seen[slug]
                fail(items["name"], f"tag {name!r} repeats the tag {first!r} (same name or slug)")
            seen[name.casefold()] = seen[slug] = name
            if "phrases" not in items:
                fail(node, f"tag {name!r} has no 'phrases'")
            phrases = phrase_list(items["phrases"], f"the phrases of tag {name!r}")
            if not phrases:
                fail(items["phrases"], f"tag {name!r} has an empty 'phrases' list")
            description = text(items["description"], f"the description of tag {name!r}") \
                if "description" in items else ""
            weak, exclude = (phrase_list(items[k], f"the {k} phrases of tag {name!r}") if k in items else ()
                             for k in ("weak", "exclude"))
            tags.append(Tag(name, slug, family, description, phrases, weak, exclude))
    if len(tags) < MIN_TAGS:
        fail(root, f"the taxonomy needs at least {MIN_TAGS} tags")
    return Taxonomy(tuple(tags), tuple(families))
