"""Topical tags from the text: match a paper's title and abstract against the taxonomy.

Matching is by words (`[^\\W_]+`: "NAS" never matches inside "NASA"), longest
phrase first ("dataset distillation" is not also "distillation"). Phrases in
capitals only (NAS, GNN) and one-word names with capitals inside (ViT, LoRA)
match case-sensitively, plural "s" allowed; others
match after a light stemming (quantized = quantization). CamelCase names are
also read split (NetMamba, ShiftNAS) and phrases also joined (pretraining).
Mentions of a tag at most one word apart ("graph neural networks (GNNs)")
count once; no phrase runs across a colon, a semicolon or a sentence's end.
A tag scores `TITLE` for a title mention, `ABSTRACT` per abstract mention
(capped) and a little for `weak` phrases; it needs `THRESHOLD` and an
ordinary phrase, so one passing mention in an abstract is not enough. A paper
without such evidence gets no tag: there is no filling up to a minimum, so a
paper the taxonomy does not cover is left for a person to file rather than
filed wrongly. Web addresses are ignored.
"""

from __future__ import annotations

import re
from itertools import chain, compress, count

from generator import acronyms
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
# In ASCII text `_WORD`'s words are the runs of letters and digits: the other characters
# made spaces, a split finds them at twice the speed of the pattern.
_ASCII_SPACES = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
_SUFFIXES = ("izations", "ization", "isations", "isation", "ations", "ation", "ings", "ing",
             "ies", "ied", "ed", "es", "s", "e")


# Words whose -ation is no form of the word before it: "foundation model" is no "founded model".
_WHOLE = frozenset({"foundation", "foundations"})
# A field's name is no plural of its adjective: "robotics" is the field, "robotic instrumentation" any machine.
_FIELDS = frozenset({"robotics"})


def _is_acronym(text: str) -> bool:
    return sum(c.isupper() for c in text) >= 2 and not any(c.islower() for c in text)


def _is_name(phrase: str) -> bool:
    """A one-word name with a capital after a small letter (ViT, LoRA, ResNet): matched as
    written, as an acronym is, so "Vit D" and the LoRa radio are not it."""
    return _NAME.fullmatch(phrase) is not None and sum(c.isupper() for c in phrase) >= 2


_NAME = re.compile(r"[A-Za-z0-9]*[a-z][A-Z][A-Za-z0-9]*")


def _stem(word: str) -> str:
    """A light stemmer: enough for plurals and -ed/-ing/-ation forms of one word."""
    w = word.lower()
    if len(w) <= 3 or not w.isalpha():
        return w
    if w in _WHOLE:
        return w.removesuffix("s")
    if w in _FIELDS:
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            ending = "y" if suffix in ("ies", "ied") else "iz" if suffix[:2] in ("is", "iz") else ""
            return w[: -len(suffix)] + ending
    return w


def _acro(word: str) -> str:
    return word[:-1] if word.endswith("s") and (_is_acronym(word[:-1]) or _is_name(word[:-1])) else word


class _PerWord(dict):
    """A function of one word, remembered: `map` over a text's words then looks each up
    in C, at a third of the cost of calling an `lru_cache`. Forgotten at once when full."""

    LIMIT = 1 << 16

    def __init__(self, function):
        super().__init__()
        self.function = function

    def __missing__(self, word: str):
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[word] = self.function(word)
        return value


def _camel_parts(word: str) -> tuple[str, ...]:
    return tuple(_CAMEL.sub(" ", word).split()) if word[1:].lower() != word[1:] else (word,)


STEMS, _ACROS, _PARTS = _PerWord(_stem), _PerWord(_acro), _PerWord(_camel_parts)
_IS_CAMEL = _PerWord(lambda word: len(_PARTS[word]) > 1)


def _split(words: list[str]) -> list[str]:
    return list(chain.from_iterable(map(_PARTS.__getitem__, words)))


# A colon, semicolon or sentence end followed by a space: no phrase runs across it.
_BREAK = re.compile(r"[.:;?!](?=\s)")
# Stands between the words on either side of a break; no phrase has it as a word.
_GAP = "\x1f"


def _words(text: str) -> list[str]:
    if _BREAK.search(text):
        parts = [plain_words(part) for part in _BREAK.split(text)]
        return list(chain.from_iterable(words + [_GAP] for words in parts))[:-1]
    return plain_words(text)


def plain_words(text: str) -> list[str]:
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_SPACES).decode("ascii").split()
    return _WORD.findall(text)


def word_views(text: str) -> list[list[str]]:
    """The text's words as written and, when one is in CamelCase, CamelCase-split."""
    if "/" in text or "www." in text:  # in every address `_URL` matches
        text = _URL.sub(" ", text)
    words = _words(text)
    camel = list(compress(count(), map(_IS_CAMEL.__getitem__, words)))
    if not camel:
        return [words]
    split, done = [], 0  # a few words split, the runs between them copied whole
    for i in camel:
        split += words[done:i]
        split += _PARTS[words[i]]
        done = i + 1
    return [words, split + words[done:]]


def _keys(phrase: str) -> list[tuple[bool, tuple[str, ...]]]:
    """The lookup keys of a phrase: (case-sensitive?, words), also CamelCase-split and joined."""
    words = _WORD.findall(phrase)
    if _is_acronym(phrase) or _is_name(phrase):
        # Split too, as the split view reads it: an `exclude` fMRI must reach that view's "f MRI".
        return [(True, k) for k in dict.fromkeys([tuple(words), ("".join(words),), tuple(_split(words))])]
    keys = [tuple(map(_stem, words)), tuple(map(_stem, _split(words))), (_stem("".join(words)),)]
    return [(False, k) for k in dict.fromkeys(keys)]


# ---------------------------------------------------------------- matching

def _tree(table: dict) -> tuple[dict, dict]:
    """A table's keys `(case-sensitive?, words)` as two trees, one per case, word by word:
    a dictionary from a key's first word to its node, a node being the value of the key
    that ends there (or None) and the same kind of dictionary for the next word."""
    trees: tuple[dict, dict] = ({}, {})
    for (case, words), value in table.items():
        children = trees[case]
        for word in words[:-1]:
            children = children.setdefault(word, [None, {}])[1]
        children.setdefault(words[-1], [None, {}])[0] = value
    return tuple(_frozen(children) for children in trees)


def _frozen(children: dict) -> dict:
    """The tree's nodes as (value, children) pairs, the same dictionaries in the same order.
    Built with a stack of its own: a taxonomy phrase of a thousand words makes a tree that
    deep, deeper than Python lets a function call itself."""
    frozen: dict = {}
    pending = [(children, frozen)]
    while pending:
        source, target = pending.pop()
        for word, (value, below) in source.items():
            target[word] = (value, {})
            pending.append((below, target[word][1]))
    return frozen


def _ends(node: tuple, words: list[str], i: int, key_of: dict) -> list[tuple[int, object]]:
    """(end, value) of each key found at `i`, shortest first: `node` is the node of the
    word there, `key_of` gives each word's key (`STEMS` or `_ACROS`)."""
    found, end, n = [], i, len(words)
    while node is not None:
        end += 1
        value, children = node
        if value is not None:
            found.append((end, value))
        node = children.get(key_of[words[end]]) if children and end < n else None
    return found


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
        # A scan follows the words of the text down a tree of the keys' words, so it
        # extends a run of words only while some key starts with it.
        self.lookup_tree, self.excludes_tree = _tree(self.lookup), _tree(self.excludes)
        self.roots = _PerWord(self._roots)

    def _roots(self, word: str) -> tuple | None:
        """Where the trees' walks from the word begin, or None when it begins no key: the
        only words a scan stops at. (value, children) of its plain node, then its nodes of
        the rarer kinds (case-sensitive, `exclude` plain and case-sensitive) or None."""
        stem, acro = STEMS[word], _ACROS[word]
        (plain, case_sensitive), (excluded_plain, excluded_case) = self.lookup_tree, self.excludes_tree
        rarer = (case_sensitive.get(acro), excluded_plain.get(stem), excluded_case.get(acro))
        node = plain.get(stem)
        if node is None and not any(rarer):
            return None
        return (*(node or (None, {})), rarer if any(rarer) else None)

    def _scan(self, words) -> tuple[list[tuple[int, int, set]], list[tuple[int, int, list]]]:
        """(start, end, tags or entries) of the `exclude` keys found anywhere, and of the
        other keys found leftmost-longest: a match's words begin no other; where a
        case-sensitive key is as long as the other, both, the other first."""
        roots = list(map(self.roots.__getitem__, words))
        excluded, found, n, resume = [], [], len(words), 0
        for i, (value, children, rarer) in zip(compress(count(), roots), filter(None, roots)):
            case_end = 0  # no match ends before the first word
            if rarer:
                case_sensitive, excluded_plain, excluded_case = rarer
                if excluded_plain:
                    excluded += [(i, end, tags) for end, tags in _ends(excluded_plain, words, i, STEMS)]
                if excluded_case:
                    excluded += [(i, end, tags) for end, tags in _ends(excluded_case, words, i, _ACROS)]
                if case_sensitive and i >= resume and (ends := _ends(case_sensitive, words, i, _ACROS)):
                    case_end, case_value = ends[-1]
            if i < resume:
                continue
            end = i + 1
            plain_end, plain_value = (end, value) if value is not None else (0, None)
            node = children.get(STEMS[words[end]]) if children and end < n else None
            while node is not None:
                end += 1
                value, children = node
                if value is not None:
                    plain_end, plain_value = end, value
                node = children.get(STEMS[words[end]]) if children and end < n else None
            if plain_end or case_end:
                resume = max(plain_end, case_end)
                if plain_end == resume:
                    found.append((i, resume, plain_value))
                if case_end == resume:
                    found.append((i, resume, case_value))
        return excluded, found

    def scanned(self, views) -> list[tuple[list[str], tuple[list, list]]]:
        """Each view's words with what `_scan` finds in them."""
        return [(words, self._scan(words)) for words in views]

    def mentions(self, text: str, views=None, scanned=None, senses=None) -> dict[int, tuple[int, int]]:
        """tag -> (ordinary, weak) mentions, the best over the text's views (`word_views(text)`,
        when not given; or `scanned`, as `scanned` gives them); at least (0, 0) for a tag
        one of whose `exclude` phrases occurs. With `senses` (`longer_senses`), a word that
        begins or ends an `exclude` phrase found in the paper is read as short for that phrase."""
        best: dict[int, tuple[int, int]] = {}
        for words, (excluded, found) in scanned if scanned is not None else self.scanned(
                views if views is not None else word_views(text)):
            masked: dict[int, list[tuple[int, int]]] = {}
            for start, end, tags in excluded:
                for t in tags:
                    masked.setdefault(t, []).append((start, end))
                    best.setdefault(t, (0, 0))
            weak_flags: dict[int, list[bool]] = {}  # one flag per mention
            last_end: dict[int, int] = {}
            for start, end, entries in found:
                if senses and end - start == 1 and (sense := senses.get(STEMS[words[start]])):
                    entries = _as_short_for(entries, *sense)
                for t, weak in entries:
                    if t in masked and any(start < e and s < end for s, e in masked[t]):
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

    @staticmethod
    def longer_senses(scanned) -> dict[str, tuple[frozenset[int], frozenset[int]]]:
        """A word's stem -> (the tags of ordinary phrases of several words that begin or end
        with it, the tags `exclude` phrases of several words beginning or ending with it rule
        out), for the phrases found in `scanned` (a paper's texts, as `scanned` gives them)."""
        senses: dict[str, tuple[set[int], set[int]]] = {}
        for words, (excluded, found) in scanned:
            for start, end, entries in found:
                if end - start > 1 and (ordinary := [t for t, weak in entries if not weak]):
                    for stem in {STEMS[words[start]], STEMS[words[end - 1]]}:
                        senses.setdefault(stem, (set(), set()))[0].update(ordinary)
            for start, end, tags in excluded:
                if end - start > 1:
                    for stem in {STEMS[words[start]], STEMS[words[end - 1]]}:
                        senses.setdefault(stem, (set(), set()))[1].update(tags)
        return {stem: (frozenset(longer), frozenset(ruled_out)) for stem, (longer, ruled_out) in senses.items()
                if ruled_out}

    def defined_senses(self, texts, senses: dict) -> dict[str, tuple[frozenset[int], frozenset[int]]]:
        """`senses` (as `longer_senses` gives them) with each acronym the texts define by
        words that name none of its tags: those tags are ruled out wherever the paper uses
        it ("Siamese neural networks (SNNs)" are no spiking networks; "spiking neural
        networks (SNNs)" keep them). Tags named by any of its definitions stay."""
        own: dict[str, tuple[set[int], set[int]]] = {}
        for acronym, expansion in chain.from_iterable(map(acronyms.definitions, texts)):
            tags = {t for t, _ in self.lookup.get((True, (acronym,)), ())}
            if not tags:
                continue
            named = {t for view in word_views(" ".join(expansion))
                     for _, _, entries in self._scan(view)[1] for t, _ in entries}
            for stem in {STEMS[acronym], STEMS[acronym + "s"]}:
                kept, ruled_out = own.setdefault(stem, (set(), set()))
                kept.update(tags & named)
                ruled_out.update(tags - named)
        result = dict(senses)
        for stem, (kept, ruled_out) in own.items():
            if ruled_out - kept:
                longer, ruled = result.get(stem, (frozenset(), frozenset()))
                result[stem] = (longer, ruled | (ruled_out - kept))
        return result


def _as_short_for(entries: list, longer: frozenset, ruled_out: frozenset) -> list:
    """A one-word match's (tag, weak) entries, less the tags for which the word is short
    for another sense the paper names: an `exclude` phrase beginning or ending with that
    word ("magic state distillation", then "distillation", is no knowledge distillation;
    "the vortex state", then "vortices", no fluid dynamics), unless the paper also names
    the tag's own sense by such a phrase ("knowledge distillation")."""
    return [(t, weak) for t, weak in entries if t not in ruled_out or t in longer]


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
    return _in_context(taxonomy._context_matcher, [word_views(title or ""), word_views(abstract or "")])


def _in_context(context, views) -> bool:
    return context is None or any(context.mentions("", view).get(0, (0, 0))[0] for view in views)


def assign_tags(title: str, abstract: str, taxonomy: Taxonomy, in_field: bool = False) -> list[str]:
    """The paper's automatic tags: at most `MAX_TAGS` names, best evidence first; none
    when no tag has enough. Equal evidence is ordered by title mentions, then by name.
    With a context, a paper whose text does not mention it gets only `field` tags,
    unless it is `in_field` by other evidence (its arXiv categories): "pruning" in
    horticulture or "Llama" in animal science name no machine-learning topic."""
    matcher, context = taxonomy._matcher, taxonomy._context_matcher
    views = [word_views(title or ""), word_views(abstract or "")]
    outside = not in_field and not _in_context(context, views)
    scanned = [matcher.scanned(view) for view in views]
    senses = matcher.defined_senses((title or "", abstract or ""), matcher.longer_senses(chain.from_iterable(scanned)))
    in_title = matcher.mentions("", scanned=scanned[0], senses=senses)
    scores = _scores(in_title, matcher.mentions("", scanned=scanned[1], senses=senses))
    chosen = [t for t, (score, ordinary) in scores.items()
              if ordinary and score >= THRESHOLD and not (outside and not taxonomy.tags[t].field)]
    chosen.sort(key=lambda t: (-scores[t][0], -in_title.get(t, (0, 0))[0], taxonomy.tags[t].name.casefold()))
    return [taxonomy.tags[t].name for t in chosen[:MAX_TAGS]]
