"""The pipeline's costly stages with their work looked up in the cache (`cache.py`).

Each stage here gives exactly what the uncached stage gives: the cache only
spares recomputing it. The pipeline calls them, through `CachedStages`, instead
of the plain stages. Work is keyed by what it was made from: the sources'
records by the files, lines and entries they come from (`source_cache`), a
merged and cleaned paper by the keys of its records (its origin),
what a paper brings to tagging by its origin, automatic tags by title and
abstract, the tags of all papers by their origins in turn. The parts of the
site are `site_cache`'s, the addresses' `address_cache`'s, whole runs `runs`'s.
"""

from __future__ import annotations

import hashlib
import operator
import secrets
from itertools import chain
from pathlib import Path

from generator import (address_cache, categories, clean, english, keywords, merge, neighbours, related, site_cache, slugs,
                       tagging, topics)
from generator.cache import Cache, Memo, digest, file_digest
from generator.cache_store import Store
from generator.model import Paper, Problem, Record, with_values
from generator.readers import ReadSettings
from generator.source_cache import read_sources
from generator.tagging import assign_tags
from generator.taxonomy import Taxonomy


def load_taxonomy(cache: Cache, path: Path, key: str | None = None) -> Taxonomy:
    """The taxonomy with the arXiv categories (`categories.with_categories`), read again
    only when the file's bytes changed (`key`: their digest, when known)."""
    key = key or file_digest(path)
    found = cache.load("taxonomy", key)
    if isinstance(found, Taxonomy):
        return found
    taxonomy = categories.with_categories(tagging.load_taxonomy(path))
    kept = Taxonomy(taxonomy.tags, taxonomy.families, taxonomy.context)
    kept._matcher, kept._context_matcher  # noqa: B018 - its compiled phrases are kept too: a changed abstract needs them
    cache.save("taxonomy", key, kept)
    return taxonomy


def known_keys(cache: Cache, taxonomy_key: str):
    """`keywords.known_keys`, kept for the taxonomy file whose digest is `taxonomy_key` (a
    run that makes a plan needs them, and working them out takes longer than the plan)."""
    def known(taxonomy: Taxonomy, labels) -> keywords.Known:
        key = digest(taxonomy_key, tuple(labels))
        found = cache.load("known-keys", key)
        if not isinstance(found, keywords.Known):
            found = keywords.known_keys(taxonomy, labels)
            cache.save("known-keys", key, found)
        return found
    return known


def merge_and_clean(cache: Cache, records: list[Record], keys: list[str], memo: Memo | None = None) -> tuple[list[Paper], list[str]]:
    """`clean.clean_paper` of each paper `merge.merge_records` makes, and each paper's
    origin: the keys of its records, which name its content as merged and cleaned.
    `memo` holds (paper, `merge.distinction`) by origin: the cache's `papers`."""
    memo = memo or Memo(cache, "papers")
    titles = KeptTable(cache, "titles", merge.normalised_titles())
    groups = merge.group_records(records)
    origins = [keys[group[0]] if len(group) == 1 else "+".join([keys[i] for i in group]) for group in groups]
    made = [memo.get(origin, lambda: _merged([records[i] for i in group])) for group, origin in zip(groups, origins)]
    papers = merge.distinct_keys([paper for paper, _ in made], lambda index: made[index][1])
    memo.save()
    titles.save(map(operator.attrgetter("title"), records))
    return papers, origins


def _merged(group: list[Record]) -> tuple[Paper, str]:
    paper = merge.combine_records(group)
    return clean.clean_paper(paper), merge.distinction(paper)


class KeptTable:
    """A module's table of a pure function's results (`merge.normalised_titles`), kept
    between runs for the entries a run used."""

    def __init__(self, cache: Cache, name: str, table: dict):
        self.cache, self.name, self.table = cache, name, table
        saved = cache.load(name, "")
        self.saved = saved if isinstance(saved, dict) else {}
        table.update(self.saved)

    def save(self, used) -> None:
        used = set(used)
        if used == self.saved.keys():  # as in most runs: the same entries as the last
            return
        kept = {entry: self.table[entry] for entry in used if entry in self.table}
        if kept.keys() != self.saved.keys():
            self.cache.save(self.name, "", kept)


class AutomaticTags:
    """`tagging.assign_tags` remembered per title and abstract, for one taxonomy file."""

    def __init__(self, cache: Cache, taxonomy_path: Path):
        self.memo = Memo(cache, "tags", file_digest(taxonomy_path))

    def keys_of(self, paper: Paper) -> tuple[str, str]:
        """The keys a paper's plan may have used: out of the taxonomy's field, and within it."""
        return tuple(self.key(paper.title, paper.abstract, in_field) for in_field in (False, True))

    def __call__(self, title: str, abstract: str, taxonomy, in_field: bool = False) -> list[str]:
        return list(self.memo.get(self.key(title, abstract, in_field),
                                  lambda: tuple(assign_tags(title, abstract, taxonomy, in_field))))

    @staticmethod
    def key(title: str, abstract: str, in_field: bool = False) -> str:
        return hashlib.sha1(f"{len(title)}:{in_field:d}:{title}{abstract}".encode("utf-8", "surrogatepass")).hexdigest()

    def save(self) -> None:
        self.memo.save()


class TagPlans:
    """`topics.plan_of` remembered per cleaned paper (by its origin), for one taxonomy file
    and one list of workflow labels. The automatic tags of a plan found here stay
    remembered too (`AutomaticTags`), for when its paper changes in another way."""

    def __init__(self, cache: Cache, taxonomy_path: Path, labels, origin_of, automatic: AutomaticTags, cleaned=((), ())):
        """`cleaned` is (the cleaned papers, their origins): those papers themselves need no
        comparing with what they were cleaned as, as `origin_of` does."""
        self.memo = Memo(cache, "plans", digest(file_digest(taxonomy_path), tuple(labels)))
        self.origin_of, self.automatic = origin_of, automatic
        self.cleaned = cleaned
        self.as_cleaned = dict(zip(map(id, cleaned[0]), cleaned[1]))  # live papers: no id is reused
        self.texts: list[str] = []  # the automatic tags the plans found here used, kept when saved

    def __call__(self, paper: Paper, make):
        origin = self.as_cleaned.get(id(paper)) or self.origin_of(paper, ("title", "abstract", "user_tags", "categories"))
        if origin is None:
            return make()
        plan, texts = self.memo.get(origin, lambda: (make(), self.automatic.keys_of(paper)))
        self.texts += texts  # the one the plan used is there
        return plan

    def save(self) -> None:
        """Save the plans, and keep the automatic tags they used (before those are saved)."""
        self.automatic.memo.keep_entries(self.texts)
        self.memo.save()


class KeptTagging:
    """The tags `topics.tag_papers` gave each paper in the last run and its report, kept
    with the papers' origins and the automatic tags their plans used. Tagging follows
    from the plans in order: a run whose papers are the last run's but for a few whose
    plans are those of the papers they took the place of (an edited abstract that brings
    no other topic) is given them again, without going over every paper's plan."""

    def __init__(self, cache: Cache, key: str):
        self.cache, self.key = cache, key
        saved = cache.load("tagging", key)
        valid = isinstance(saved, tuple) and len(saved) == 4 and isinstance(saved[3], topics.TagReport)
        self.origins, self.tags, self.texts, self.report = saved if valid else ((), (), (), None)

    def find(self, papers: list[Paper], origins: list[str], make, automatic: AutomaticTags, cleaned):
        """(papers tagged, report) when every paper's plan is the last run's at its place;
        else None. `cleaned(origin)` is the cleaned paper an origin names, if known: the
        plan a changed paper's place had is made again from it (`make`, which finds its
        automatic tags kept), which spares reading every plan kept."""
        if self.report is None or len(origins) != len(self.origins) or len(self.tags) != len(papers):
            return None
        origins = tuple(origins)
        changed = [] if self.origins == origins else \
            [index for index, (old, new) in enumerate(zip(self.origins, origins)) if old != new]
        texts = list(self.texts)
        for index in changed:
            earlier = cleaned(self.origins[index])
            if earlier is None:
                return None
            plan, old = make(papers[index]), make(earlier)
            # The order of a plan's keywords counts too, which comparing dictionaries does not see.
            if plan != old or list(plan.keywords.items()) != list(old.keywords.items()):
                return None
            texts[index] = automatic.keys_of(papers[index])
        automatic.memo.keep_entries(chain.from_iterable(texts))
        if changed:
            self.save(origins, self.tags, texts, self.report)
        return with_values(papers, "tags", self.tags), self.report

    def save(self, origins: list[str], tags, texts, report: topics.TagReport) -> None:
        self.cache.save("tagging", self.key, (tuple(origins), tuple(tags), tuple(texts), report), shared=False)


def relate(cache: Cache, papers: list[Paper], count: int, origin_of=lambda paper: None) -> list[Paper]:
    """`related.relate`, updated from the last run's neighbours (see `neighbours.update`).
    `origin_of(paper)` names the cleaned paper whose title and abstract it has, if any:
    a document's digest is remembered by it."""
    store = Store(cache, "related", ("vectors", "words"))
    saved = cache.load("related", "")
    valid = isinstance(saved, tuple) and len(saved) == 4 and isinstance(saved[0], neighbours.Neighbours) \
        and isinstance(saved[1], neighbours.Postings) and isinstance(saved[2], dict)
    previous, postings, documents, token = saved if valid else (None, None, {}, None)
    if not valid or token != store.token or not store.usable:
        previous = postings = None  # the postings of another state, or none: compare everything
    if postings is not None:
        postings.attach(store)
    # Each word's hash and weight, a pure function's results, apart: most updates add no word.
    words = cache.load("related-words", "")
    related.word_entries().update(words if isinstance(words, dict) else {})
    known = len(related.word_entries())
    digests: dict[str, str] = {}

    def digest_of(paper: Paper) -> str:
        origin = origin_of(paper)
        found = documents.get(origin) if origin is not None else None
        if found is None:
            found = related.document_digest(paper)
        if origin is not None:
            digests[origin] = found
        return found

    table = english.Table(cache).used()  # the few new words of an update, without the whole list
    try:
        found, result, postings = neighbours.update(papers, count, previous, postings, digest_of)
        if previous is not None and not store.usable:
            raise neighbours.MissingPostings("damaged store")
    except neighbours.MissingPostings:  # a damaged cache: compare everything again
        found, result, postings = neighbours.update(papers, count, None, None, digest_of)
    finally:
        table.save()
    if len(related.word_entries()) != known:
        cache.save("related-words", "", dict(related.word_entries()))
    if result is not previous or digests.keys() != documents.keys():
        token = secrets.token_hex(16)
        if postings is None or postings.write(store, token):
            cache.save("related", "", (result, postings, digests, token))
    store.close()
    return found


class CachedStages:
    """The costly stages of one run, each with its work found in the cache; the state
    they share (the records' keys, the papers' fingerprints) stays in here."""

    def __init__(self, cache: Cache, settings):
        self.cache, self.settings = cache, settings
        self.record_keys: list[str] = []
        self.fingerprints: site_cache.Fingerprints | None = None
        self.cleaned: tuple[list[Paper], list[str]] = ([], [])  # the papers merged and cleaned, and their origins
        self.merged: Memo | None = None  # of `merge_and_clean`
        self.tagged: tuple[Paper, ...] = ()  # the cleaned papers tagged, in turn
        self.taxonomy_key = ""  # the digest of the taxonomy file `taxonomy` read
        self.addresses = address_cache.AddressesFile(cache, settings.addresses_path)
        self._parts: site_cache.CachedParts | None = None

    def taxonomy(self) -> Taxonomy:
        self.taxonomy_key = file_digest(self.settings.taxonomy_path)  # what the taxonomy given was read from
        return load_taxonomy(self.cache, self.settings.taxonomy_path, self.taxonomy_key)

    def read_sources(self) -> tuple[list[Record], list[Problem]]:
        settings = self.settings
        records, problems, self.record_keys = read_sources(
            self.cache, settings.sources_dir, settings.root, ReadSettings(settings.listing_year)
        )
        return records, problems

    def merge_and_clean(self, records: list[Record]) -> list[Paper]:
        self.merged = Memo(self.cache, "papers")
        papers, origins = merge_and_clean(self.cache, records, self.record_keys, self.merged)
        self.fingerprints = site_cache.Fingerprints(papers, origins)
        self.cleaned = papers, origins
        return papers

    def tag(self, papers: list[Paper], taxonomy: Taxonomy):
        """`topics.tag_papers`: each paper's plan and automatic tags from the cache, and
        the whole result when the plans are the last run's (`KeptTagging`)."""
        settings, options = self.settings, self.settings.tag_options
        automatic = AutomaticTags(self.cache, settings.taxonomy_path)
        # Only papers as merged and cleaned have origins, which name their plans.
        cleaned, origins = self.cleaned
        as_cleaned = len(papers) == len(cleaned) and all(map(operator.is_, papers, cleaned))
        keys = known_keys(self.cache, self.taxonomy_key) if self.taxonomy_key else keywords.known_keys
        kept = KeptTagging(self.cache, digest(self.taxonomy_key, tuple(settings.workflow_labels), options)) \
            if as_cleaned and self.taxonomy_key else None
        found = kept.find(papers, origins, topics.planner(taxonomy, options, automatic, keys), automatic, self._cleaned_paper) \
            if kept else None
        if found is None:
            plans = TagPlans(self.cache, settings.taxonomy_path, settings.workflow_labels, self.fingerprints.origin_of,
                             automatic, self.cleaned)
            found = topics.tag_papers(papers, taxonomy, options, automatic, plans, keys)
            if kept:
                kept.save(origins, [paper.tags for paper in found[0]],
                          [plans.memo.peek(origin)[1] for origin in origins], found[1])
            plans.save()
        automatic.save()
        self.tagged = tuple(found[0]) if as_cleaned else ()
        return found

    def _cleaned_paper(self, origin: str) -> Paper | None:
        """The paper an origin names as merged and cleaned, when the cache holds it."""
        found = self.merged.peek(origin) if self.merged is not None else None
        return found[0] if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], Paper) else None

    def assign_slugs(self, papers: list[Paper], existing: dict[str, str], reserved: set[str], held: set[str],
                     returning: dict[str, tuple[str, str]], by_title: dict[str, list[str]]) -> list[Paper]:
        tagged = self.tagged  # papers of the last stage, whose origins are the cleaned papers'
        as_tagged = len(papers) == len(tagged) and all(map(operator.is_, papers, tagged))
        identities = address_cache.AddressIdentities(self.cache, papers, self.fingerprints.origin_of, self.cleaned[1] if as_tagged else None)
        papers = slugs.assign_slugs(papers, existing, reserved, held, returning, by_title)
        identities.save()
        return papers

    def relate(self, papers: list[Paper]) -> list[Paper]:
        return relate(self.cache, papers, self.settings.related_count, self.fingerprints.origin_of)

    @property
    def parts(self) -> site_cache.CachedParts:
        if self._parts is None:
            self._parts = site_cache.CachedParts(self.cache, self.fingerprints)
        return self._parts

    def save_parts(self) -> None:
        """Keep the parts made; after the write stage, which makes the outputs that changed."""
        if self._parts is not None:
            self._parts.save()
