"""The pipeline's costly stages with their work looked up in the cache (`cache.py`).

Each function here gives exactly what the uncached stage gives: the cache only
spares recomputing it. The pipeline calls these instead of the plain stages.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import replace
from pathlib import Path

from generator import archive, cite, readers, related
from generator.cache import Cache, Memo, code_digest, digest, file_digest
from generator.model import Paper, Problem, Record
from generator.readers import ReadSettings, parse_source
from generator.site import paper_page
from generator.tagging import assign_tags

RUN_FILE = "run"


def read_sources(cache: Cache, source_dir: Path, root: Path, settings: ReadSettings) -> tuple[list[Record], list[Problem]]:
    """`readers.read_sources`, each file parsed again only when its bytes changed."""
    memo = Memo(cache, "sources")

    def parse(path: Path, data: bytes, display: str, settings: ReadSettings):
        return memo.get(digest(display, data, settings), lambda: parse_source(path, data, display, settings))

    found = readers.read_sources(source_dir, root, settings, parse)
    memo.save()
    return found


class AutomaticTags:
    """`tagging.assign_tags` remembered per title and abstract, for one taxonomy file."""

    def __init__(self, cache: Cache, taxonomy_path: Path):
        self.memo = Memo(cache, "tags", file_digest(taxonomy_path))

    def __call__(self, title: str, abstract: str, taxonomy) -> list[str]:
        return list(self.memo.get(digest(title, abstract), lambda: tuple(assign_tags(title, abstract, taxonomy))))

    def save(self) -> None:
        self.memo.save()


def relate(cache: Cache, papers: list[Paper], count: int) -> list[Paper]:
    """`related.relate`, updated from the last run's neighbours (see `related.update`)."""
    saved = cache.load("related", "")
    previous, vectors, words = saved if isinstance(saved, tuple) and len(saved) == 3 else (None, {}, {})
    if not isinstance(previous, related.Neighbours) or not isinstance(vectors, dict) or not isinstance(words, dict):
        previous, vectors, words = None, {}, {}
    related.word_entries().update(words)
    known = len(related.word_entries())
    found, neighbours = related.update(papers, count, previous, vectors)
    changed = previous is None or neighbours.best != previous.best or neighbours.documents != previous.documents
    if changed or len(related.word_entries()) != known:
        used = set(neighbours.documents.values())
        vectors = {key: value for key, value in vectors.items() if key in used}
        cache.save("related", "", (neighbours, vectors, dict(related.word_entries())))
    return found


class PaperPages:
    """`site.paper_page` remembered per page, keyed by all it shows: the paper, its note,
    its related papers and its citation key."""

    def __init__(self, cache: Cache):
        self.memo = Memo(cache, "pages")
        self.digests: dict[str, str] = {}
        self.keys: dict[str, str] | None = None

    def _digest(self, paper: Paper) -> str:
        if paper.key not in self.digests:
            self.digests[paper.key] = digest(paper)
        return self.digests[paper.key]

    def __call__(self, paper: Paper, note: str | None, by_key: dict[str, Paper]) -> str:
        if self.keys is None:
            self.keys = cite.archive_keys(by_key)  # the keys the pages' Cite sections show
        others = [self._digest(by_key[key]) for key in paper.related if key in by_key]
        entry = digest(self._digest(paper), note, others, self.keys.get(paper.key))
        return self.memo.get(entry, lambda: paper_page(paper, note, by_key))

    def save(self) -> None:
        self.memo.save()


# ---------------------------------------------------------------- whole runs

def source_inputs(settings) -> str:
    """Digest of what a run reads from the project: settings, taxonomy and every file
    under sources/ (notes included)."""
    files = []
    if settings.sources_dir.is_dir():
        for path in sorted(settings.sources_dir.rglob("*")):
            if path.is_file():
                files.append((path.relative_to(settings.sources_dir).as_posix(), file_digest(path)))
    return digest(repr(replace(settings, force=False)), file_digest(settings.taxonomy_path), files, code_digest())


def run_key(sources: str, settings, state_dir: Path) -> str:
    """`sources` with what a run reads of the archive's state: its manifest, whether a
    run was interrupted, the names in `docs/papers/` (a person's page there changes slugs)
    and `addresses.yml`."""
    papers_dir = settings.docs_dir / "papers"
    pages = sorted(path.name for path in papers_dir.iterdir()) if papers_dir.is_dir() else []
    state = [file_digest(state_dir / name) for name in (archive.MANIFEST, archive.JOURNAL)]
    # The committed record of addresses decides slugs and redirects too.
    return digest(sources, state, pages, file_digest(settings.addresses_path))


def _stamps(docs_dir: Path, paths) -> list[tuple[str, int, int]] | None:
    stamps = []
    for relative in sorted(paths):
        try:
            status = os.stat(docs_dir / relative)
        except OSError:
            return None
        stamps.append((relative, status.st_size, status.st_mtime_ns))
    return stamps


def unchanged_run(cache: Cache, inputs: str, docs_dir: Path):
    """The last run's result when its inputs are the same and `docs/` is as it left it."""
    saved = cache.load(RUN_FILE, inputs)
    if not isinstance(saved, tuple) or len(saved) != 2:
        return None
    stamps, result = saved
    if _stamps(docs_dir, [stamp[0] for stamp in stamps]) != stamps:
        return None
    try:
        return pickle.loads(result)
    except Exception:  # noqa: BLE001 - a damaged entry only means running again
        return None


def remember_run(cache: Cache, inputs: str, docs_dir: Path, result) -> None:
    outputs = [*result.written, *result.unchanged]
    stamps = _stamps(docs_dir, outputs)
    if stamps is None:
        return
    quiet = replace(result, written=[], unchanged=sorted(outputs), removed=[], notices=[], kept=[])
    cache.save(RUN_FILE, inputs, (stamps, pickle.dumps(quiet, protocol=pickle.HIGHEST_PROTOCOL)))
