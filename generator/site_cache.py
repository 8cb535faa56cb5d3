"""The site's parts found again in the cache, and its outputs deferred.

Responsible for `CachedParts`, which `site.site_outputs` uses in place of the
plain `site.Parts`, and for `Fingerprints`, the papers' digests it keys
everything by; nothing more. BibTeX entries and `papers.json` entries are
kept in the cache (`parts.pickle`), keyed by their paper's fingerprint and
whatever else they show. Cards are kept apart (`KeptCards`, `cards.sqlite`),
read one by one: only a listing page made again needs them, and a paper added
to a tag moves every card after it onto the next page.
No output is made at once: each is a `Deferred`
whose key digests all it is made from (for a paper page: the paper, its note,
its related papers and its citation key; for a file of every paper joined from
parts alone: the digests of its parts, kept with them; for any other output:
the function that makes it and its arguments, papers by their fingerprints),
and the write stage makes it only when that key, or the file, changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import pickle
import sqlite3
from itertools import compress, repeat

from generator import cards
from generator.browse import browse_text, entry_text
from generator.cache import Cache, Memo, digest
from generator.cache_store import Store
from generator.cite import assign_keys, bibliography, entry, wanted_key
from generator.model import Deferred, Paper
from generator.related import shown_as_related
from generator.site import Parts, paper_page

# The fields that stages after cleaning set on a paper: the rest is as cleaned.
SET_AFTER_CLEANING = frozenset({"key", "tags", "slug", "related"})
_getters: dict[tuple[str, ...], operator.itemgetter] = {}
_SEPARATOR = chr(31)
_HEX = operator.methodcaller("hexdigest")
_KEY = operator.attrgetter("key")
_SECOND = operator.itemgetter(1)
_AS_CLEANED = operator.itemgetter(*(f.name for f in dataclasses.fields(Paper) if f.name not in SET_AFTER_CLEANING))


class Fingerprints:
    """A digest of each paper's content but its related papers. A paper whose fields are
    those of the cleaned paper it came from (`merge_and_clean`), but for the ones later
    stages set, is digested as its origin (which names the cleaned paper) and those
    fields: far cheaper than digesting all its text. Any other paper is digested whole.
    Only a paper's own page shows its related papers, and its key names them (`page`):
    a change that moves other papers' neighbours makes no listing or part again."""

    def __init__(self, papers: list[Paper], origins: list[str]):
        self.origins = {paper.key: (origin, paper) for paper, origin in zip(papers, origins)}
        self.found: dict[int, str] = {}  # by the paper's id
        self.held: list[Paper] = []  # each paper fingerprinted, so that no id is reused

    def __call__(self, paper: Paper) -> str:
        found = self.found.get(id(paper))
        if found is not None:
            return found
        value = self.found[id(paper)] = self._digest(paper)
        self.held.append(paper)
        return value

    def origin_of(self, paper: Paper, fields=("title", "abstract")) -> str | None:
        """The origin of a paper whose `fields` are those of its cleaned paper; else None."""
        origin = self.origins.get(paper.key)
        if origin is None:
            return None
        values = _getters.get(fields) or _getters.setdefault(fields, operator.itemgetter(*fields, "key"))
        return origin[0] if values(paper.__dict__) == values(origin[1].__dict__) else None

    def _digest(self, paper: Paper) -> str:
        origin = self.origins.get(paper.key)
        if origin is not None:
            mine, cleaned = paper.__dict__, origin[1].__dict__
            # Compared as tuples: each field is its cleaned paper's own object, found equal at once.
            if mine.keys() == cleaned.keys() and _AS_CLEANED(mine) == _AS_CLEANED(cleaned):
                # Pickled, not written out by repr: twice as fast, ten thousand times a run.
                # Its strings differ from one another, so pickle's memo (an object met twice is
                # referred back to) never changes the bytes: they are the same in every run.
                data = pickle.dumps((origin[0], paper.key, paper.tags, paper.slug), protocol=pickle.HIGHEST_PROTOCOL)
                return hashlib.sha1(data).hexdigest()
        return digest([item for item in paper.__dict__.items() if item[0] != "related"])

    def with_related(self, paper: Paper) -> str:
        """The paper's fingerprint and its related papers: all of it (see `runs`)."""
        return f"{self.found.get(id(paper)) or self(paper)}|{_SEPARATOR.join(paper.related)}"


class CachedParts(Parts):
    """`site.Parts`, each part found in the cache (`parts.pickle`) by the fingerprint of
    its paper and whatever else it shows."""

    def __init__(self, cache: Cache, fingerprint: Fingerprints):
        self.memo = Memo(cache, "parts")
        self.known = dict(self.memo.old)  # the parts of papers still in the archive are all kept (see save)
        self.fingerprint = fingerprint
        self.bib_entry = PartMaker(self, "entry", entry)
        self.browse_entry = PartMaker(self, "browse", entry_text)
        self.wanted_key = PartMaker(self, "wanted key", wanted_key)
        self._keys_entry: tuple | None = None
        self._papers = -1  # the archive's papers, when `citation_keys` was given them
        self._as_related: tuple[dict, dict[str, str]] | None = None  # (by_key, key → what a related item shows)
        self._dicts: dict[int, tuple[dict, tuple]] = {}  # by id: each dict given to `made`, as shown
        self.cards = KeptCards(cache, fingerprint)
        cards.keep_cards(self.cards)

    def _part(self, entry: tuple, make):
        found = self.known.get(entry)
        if found is None:
            found = self.known[entry] = self.memo.get(entry, make)
        return found

    def page(self, paper: Paper, note: str | None, by_key: dict[str, Paper], keys: dict[str, str]) -> Deferred:
        # Of its related papers a page shows only what `shown_as_related` gives: a change
        # elsewhere in them does not make it again. Each paper's is digested once a run (in C,
        # as pickle.dumps is), so that a page's key is short: ten thousand are digested again.
        if self._as_related is None or self._as_related[0] is not by_key:  # one mapping for all pages of a run
            digests = map(_HEX, map(hashlib.sha1, map(pickle.dumps, map(shown_as_related, by_key.values()))))
            self._as_related = (by_key, dict(zip(by_key, digests)))
        shown = self._as_related[1]
        try:
            others = ",".join(map(shown.__getitem__, paper.related))
        except KeyError:  # a related paper not in the archive (not shown either)
            others = ",".join([shown[key] for key in paper.related if key in shown])
        fingerprint = self.fingerprint.found.get(id(paper)) or self.fingerprint(paper)
        key = f"{fingerprint}|{note and digest(note)}|{keys.get(paper.key)!r}|{others}"
        return Deferred(key, lambda: paper_page(paper, note, by_key, keys))

    def citation_keys(self, papers: list[Paper]) -> dict[str, str]:
        ordered = sorted(papers, key=_KEY)
        self._papers = len(papers)
        for paper in ordered:  # fingerprinted first: the parts known are then found in C
            self.fingerprint(paper)
        wanted = self.wanted_key.many(ordered)  # as `cite.wanted_keys` gives them
        # The keys change only when the keys papers want change (rarely, with an abstract).
        self._keys_entry = ("citation keys", digest(wanted))
        return self._part(self._keys_entry, lambda: assign_keys(wanted))

    def made(self, function, *arguments) -> Deferred:
        # A file of every paper joined from their parts alone (`papers.bib`, `papers.json`) has
        # its papers in its key as their parts' digests: an edit its parts do not show (an
        # abstract, in BibTeX entries) leaves it as it was, instead of making it again to find
        # the same text (at 10,000 papers: tens of milliseconds of joining and encoding). A
        # file of some papers (a tag's `.bib`) has them by their fingerprints: an edit leaves
        # most such files be, and digesting all their parts would cost more.
        if function is bibliography and isinstance(arguments[2], PartMaker) and len(arguments[1]) == self._papers:
            keys, papers, maker = arguments
            shown = [list(keys), maker.digests(papers, keys), ("parts", maker.kind)]
        elif function is browse_text and isinstance(arguments[1], PartMaker) and len(arguments[0]) == self._papers:
            papers, maker = arguments
            shown = [maker.digests(papers), ("parts", maker.kind)]
        else:
            shown = [self._shown(value) for value in arguments]
        key = digest(function.__module__, function.__qualname__, shown)
        return Deferred(key, lambda: function(*arguments))

    def _shown(self, value):
        """An argument as it goes into a key: papers by their fingerprints, functions by name."""
        if value is None or isinstance(value, (str, int, float)):
            return value
        if isinstance(value, Paper):
            return ("paper", self.fingerprint(value))
        if isinstance(value, (list, tuple)):
            found = self.fingerprint.found  # by id: only a paper fingerprinted this run is there
            try:
                return (type(value).__name__, "papers", list(map(found.__getitem__, map(id, value))))
            except KeyError:
                if {*map(type, value)} == {str}:  # each item's type, collected in C
                    return (type(value).__name__, "texts", list(value))
                return (type(value).__name__, [self._shown(item) for item in value])
        if isinstance(value, dict):
            # The tags' slugs are given to every listing page: digested once a run. (A value is
            # not changed once given: its output is made from it later.)
            known = self._dicts.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            if {*map(type, value), *map(type, value.values())} == {str}:
                shown = ("dict", "texts", digest(list(value.items())))
            else:
                shown = ("dict", [(self._shown(key), self._shown(item)) for key, item in value.items()])
            self._dicts[id(value)] = (value, shown)
            return shown
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return (type(value).__qualname__, [self._shown(getattr(value, field.name)) for field in dataclasses.fields(value)])
        if isinstance(value, PartMaker):
            return ("parts", value.kind)
        if callable(value):
            return ("function", value.__module__, value.__qualname__)
        return value

    def save(self) -> None:
        # A run makes only the outputs that changed: the parts of every paper still in
        # the archive are kept for the next run that needs them.
        live = set(self.fingerprint.found.values())
        # Sifted in C: tens of thousands of parts.
        self.memo.new = dict(compress(self.known.items(), map(live.__contains__, map(_SECOND, self.known))))
        if self._keys_entry in self.known:
            self.memo.new[self._keys_entry] = self.known[self._keys_entry]
        self.memo.save()
        cards.keep_cards(None)
        self.cards.save(len(live))


class PartMaker:
    """One kind of part (BibTeX entries, `papers.json` entries, the citation keys papers want):
    `make(paper, *arguments)` found in the cache by the paper's fingerprint and the
    `arguments` (all else the part shows). A file that joins ten thousand of them
    (`papers.bib`, `papers.json`) is made again from them in milliseconds; keeping
    joined runs of them too would double the cache, which every run reads."""

    def __init__(self, parts: CachedParts, kind: str, make):
        self.parts, self.kind, self.make = parts, kind, make
        self.found, self.known = parts.fingerprint.found, parts.known

    def __call__(self, paper: Paper, *arguments) -> str:
        # Called for every paper of a joined file: what is known is found without a further call.
        found = self.known.get((self.kind, self.found.get(id(paper)) or self.parts.fingerprint(paper), *arguments))
        if found is None:
            entry = (self.kind, self.parts.fingerprint(paper), *arguments)
            found = self.parts._part(entry, lambda: self.make(paper, *arguments))
        return found

    def many(self, papers: list[Paper], arguments: list | None = None) -> list:
        """The part of each paper (with its argument, when given): those known found in C."""
        found = self._known(self.kind, papers, arguments)
        if None in found:  # a part not made yet, or a paper not fingerprinted yet
            for position, part in enumerate(found):
                if part is None:
                    found[position] = self(papers[position], *(() if arguments is None else (arguments[position],)))
        return found

    def digests(self, papers: list[Paper], arguments: list | None = None) -> list[bytes]:
        """The sha1 of the part of each paper (with its argument, when given), kept beside the
        parts (the digests of one paper's parts go with it): those known found in C."""
        kind = f"{self.kind} digest"
        found = self._known(kind, papers, arguments)
        if None in found:  # a part not digested yet, or a paper not fingerprinted yet
            for position, value in enumerate(found):
                if value is None:
                    extra = () if arguments is None else (arguments[position],)
                    part = self(papers[position], *extra)
                    entry = (kind, self.parts.fingerprint(papers[position]), *extra)
                    found[position] = self.parts._part(entry, lambda: hashlib.sha1(part.encode("utf-8", "surrogatepass")).digest())
        return found

    def _known(self, kind: str, papers: list[Paper], arguments: list | None) -> list:
        """What is known of each paper (with its argument, when given) under `kind`, None for
        what is not, looked up in C; a paper not fingerprinted this run is not known."""
        prints = map(self.found.get, map(id, papers))
        entries = zip(repeat(kind), prints) if arguments is None else zip(repeat(kind), prints, arguments)
        return list(map(self.known.get, entries))


class KeptCards:
    """The pieces of paper cards (`cards.card_list`) kept between runs in `cards.sqlite`,
    each under its paper's fingerprint and the slugs of its tags: a listing page made
    again (a paper added to a tag moves every card after it onto the next page) finds
    its cards instead of making them. Read card by card, so a run reads only the cards
    of the pages it makes; emptied when it holds many more cards than the archive has
    papers, after which the cards come back as pages are made."""

    MAX_PER_PAPER = 4

    def __init__(self, cache: Cache, fingerprint: Fingerprints):
        self.cache, self.fingerprint = cache, fingerprint
        self.store: Store | None = None  # opened when a listing page is first made
        self.count = 0  # cards in the store when it was opened
        self.added: dict[int, tuple[str, list[str]]] = {}

    def _entry(self, paper: Paper, tag_slugs: dict[str, str]) -> tuple[int, str] | None:
        found = self.fingerprint.found.get(id(paper))  # only a paper of this run
        if found is None:
            return None
        text = f"{found}|{[tag_slugs.get(tag) for tag in paper.tags]!r}"
        return int.from_bytes(hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()[:8], "big") >> 1, text

    def get(self, paper: Paper, tag_slugs: dict[str, str]) -> list[str] | None:
        if self.store is None:
            self._open()
        entry = self._entry(paper, tag_slugs) if self.count else None  # none kept: a first run, or just emptied
        if entry is None:
            return None
        found = self.store.get("cards", entry[0])
        # The whole key is kept with the card: two keys of one number never mix.
        return found[1] if isinstance(found, tuple) and len(found) == 2 and found[0] == entry[1] else None

    def add(self, paper: Paper, tag_slugs: dict[str, str], pieces: list[str]) -> None:
        entry = self._entry(paper, tag_slugs)
        if entry is not None:
            self.added[entry[0]] = (entry[1], pieces)

    def save(self, papers: int) -> None:
        if self.added:
            if self.store is None:
                self._open()
            self.store.write({"cards": self.added}, "", replace=self.count + len(self.added) > self.MAX_PER_PAPER * max(papers, 1))
            self.added = {}
        if self.store is not None:
            self.store.close()
            self.store = None

    def _open(self) -> None:
        self.store = Store(self.cache, "cards", ("cards",))
        try:
            self.count = self.store.connection.execute("SELECT count(*) FROM cards").fetchone()[0] if self.store.usable else 0
        except sqlite3.Error:
            self.count = 0
