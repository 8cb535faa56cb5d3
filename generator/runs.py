"""Whole runs: what a run reads, and the last run's result for a run that would redo it.

Responsible for telling that nothing a run reads has changed since the last
one (the settings, the taxonomy, every file under `sources/`, the archive's
state and `addresses.yml`, and `docs/` as that run left it), and for handing
back that run's result then; nothing more. The result is kept in the cache
(`run.pickle`), its papers apart by their fingerprints (`run-papers.pickle`),
so a run that changed one paper adds one.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import replace
from pathlib import Path

from generator import archive
from generator.cache import Cache, Memo, code_digest, digest, file_digest
from generator.written import stamp_of

RUN_FILE = "run"
PAPERS_FILE = "run-papers"  # the papers of the last runs, by fingerprint
PAPERS_INDEX = "run-papers-index"  # what that file holds: (its size, entries, fingerprints)


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
    pages = sorted(os.listdir(papers_dir)) if papers_dir.is_dir() else []
    state = [file_digest(state_dir / name) for name in (archive.MANIFEST, archive.JOURNAL)]
    # The committed record of addresses decides slugs and redirects too.
    return digest(sources, state, pages, file_digest(settings.addresses_path))


def unchanged_run(cache: Cache, inputs: str, docs_dir: Path):
    """The last run's result when its inputs are the same and `docs/` is as it left it."""
    saved = cache.load(RUN_FILE, inputs)
    if not isinstance(saved, tuple) or len(saved) != 3 or not isinstance(saved[0], dict):
        return None
    stamps, prints, result = saved
    if any(stamp_of(docs_dir / relative) != stamp for relative, stamp in stamps.items()):
        return None
    papers = Memo(cache, PAPERS_FILE).old
    try:
        result = pickle.loads(result)
        result.papers = [papers[fingerprint] for fingerprint in prints]
    except Exception:  # noqa: BLE001 - a damaged entry only means running again
        return None
    return result


def remember_run(cache: Cache, inputs: str, result, stamps: dict, fingerprint) -> None:
    """Keep the run's result for a run on the same inputs: `stamps` are those of the
    files it left in `docs/` (see `written`); its papers are kept by `fingerprint`."""
    outputs = [*result.written, *result.unchanged]
    if any(relative not in stamps for relative in outputs):
        return
    prints = [fingerprint(paper) for paper in result.papers]
    _keep_papers(cache, prints, result.papers)
    quiet = replace(result, papers=[], written=[], unchanged=sorted(outputs), removed=[], notices=[], kept=[])
    kept = {relative: stamps[relative] for relative in outputs}
    cache.save(RUN_FILE, inputs, (kept, prints, pickle.dumps(quiet, protocol=pickle.HIGHEST_PROTOCOL)))


def _keep_papers(cache: Cache, prints: list[str], papers: list) -> None:
    """Add the papers not kept yet to `run-papers.pickle`, without reading it (its index
    says what it holds); written anew when most of it is no longer used, or it changed."""
    index = cache.load(PAPERS_INDEX, "")
    if isinstance(index, tuple) and len(index) == 3 and index[0] == cache.size(PAPERS_FILE):
        _, stored, kept = index
        new = {fingerprint: paper for fingerprint, paper in zip(prints, papers) if fingerprint not in kept}
        if stored + len(new) <= 2 * len(prints) and (not new or cache.append(PAPERS_FILE, new)):
            if new:
                cache.save(PAPERS_INDEX, "", (cache.size(PAPERS_FILE), stored + len(new), kept | new.keys()))
            return
    cache.save(PAPERS_FILE, "", dict(zip(prints, papers)))
    cache.save(PAPERS_INDEX, "", (cache.size(PAPERS_FILE), len(prints), frozenset(prints)))
