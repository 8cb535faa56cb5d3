"""Whole runs: what a run reads, and the last run's result for a run that would redo it.

Responsible for telling that nothing a run reads has changed since the last
one (the settings, the taxonomy, every file under `sources/`, the archive's
state and `addresses.yml`, and `docs/` as that run left it), and for handing
back that run's result then; nothing more. The result is kept in the cache
(`run.pickle`), its papers apart by their fingerprints (`run-papers.pickle`),
so a run that changed one paper adds one; the files it left, with their
stamps, are those of the record of written files (see `written`).
"""

from __future__ import annotations

import pickle
import time
from dataclasses import replace
from pathlib import Path

from generator import archive
from generator.cache import Cache, Memo, code_digest, digest, file_digest
from generator.readers.validate import MAX_FILE_BYTES
from generator.written import RACY_FINE_NS, RACY_NS, stamp_of

RUN_FILE = "run"
PAPERS_FILE = "run-papers"  # the papers of the last runs, by fingerprint
PAPERS_INDEX = "run-papers-index"  # what that file holds: (its size, entries, fingerprints), then each run's additions
INDEX_PARTS = 64  # parts of the index before it is written anew, whole


def source_inputs(settings) -> str:
    """Digest of what a run reads from the project: settings, taxonomy and every file
    under sources/ (notes included). The files' stamps are noted for `sources_unchanged`."""
    files, stamps = [], _stamps(settings, time.time_ns())  # taken before anything is read
    for path in _source_files(settings):
        files.append((path.relative_to(settings.sources_dir).as_posix(), _source_digest(path)))
    found = digest(repr(replace(settings, force=False)), file_digest(settings.taxonomy_path), files, code_digest())
    _taken[settings.sources_dir] = (found, stamps)
    return found


def _source_digest(path: Path) -> str:
    """`file_digest`, but of a file over the size limit only its size: it is not read
    (`readers.read_sources` says so), and reading it here (the 4 GB arXiv snapshot) would
    take the machine's memory and time on every run."""
    try:
        size = path.stat().st_size
    except OSError:
        return "missing"
    return f"over the limit: {size}" if size > MAX_FILE_BYTES else file_digest(path)


def sources_unchanged(settings, sources: str) -> bool:
    """Whether `source_inputs` would still give `sources`. Files whose stamps (see `written`)
    are those taken when `sources` was worked out, and that were older than the file system's
    time resolution then, are not read again: a change since would have moved their stamps."""
    taken = _taken.get(settings.sources_dir)
    if taken is not None and taken[0] == sources and taken[1] is not None:
        now = _stamps(settings, None)
        if now is not None and now[1] == taken[1][1]:
            return True
    return source_inputs(settings) == sources


# sources folder → (the last `source_inputs` digest, its files' stamps): a run checks at its
# end that what it read is still there.
_taken: dict = {}


def _source_files(settings) -> list[Path]:
    if not settings.sources_dir.is_dir():
        return []
    return [path for path in sorted(settings.sources_dir.rglob("*")) if path.is_file()]


def _stamps(settings, taken_at: int | None):
    """(`taken_at`, the stamps of the taxonomy and of every source file); None when a file
    changed too shortly before `taken_at` to be told by its stamp, or has none."""
    stamps = [(str(path), stamp_of(path)) for path in [settings.taxonomy_path, *_source_files(settings)]]
    for _, stamp in stamps:
        if stamp is None:
            return None
        if taken_at is not None and stamp[1] >= taken_at - (RACY_NS if stamp[1] % 1_000_000_000 == 0 else RACY_FINE_NS):
            return None
    return taken_at, stamps


def run_key(sources: str, settings, state) -> str:
    """`sources` with what a run reads of the archive's `state`: its manifest, whether a
    run was interrupted, the names in `docs/papers/` (a person's page there changes slugs)
    and `addresses.yml`. The manifest is known by the digest the state took of it (a big
    archive's is megabytes), the names by the state's listing (see `ArchiveState.listing`)."""
    papers_dir = settings.docs_dir / "papers"
    pages = sorted(state.listing("papers")) if papers_dir.is_dir() else []
    found = [state.manifest_digest or file_digest(state.state_dir / archive.MANIFEST), file_digest(state.state_dir / archive.JOURNAL)]
    # The committed record of addresses decides slugs and redirects too.
    return digest(sources, found, pages, file_digest(settings.addresses_path))


def unchanged_run(cache: Cache, inputs: str, state):
    """The last run's result when its inputs are the same and `docs/` is as it left it: the
    files of the record of written files (`state.written`, kept for the manifest that run
    wrote, which its inputs name) still have the stamps it records."""
    saved = cache.load(RUN_FILE, inputs)
    if not isinstance(saved, tuple) or len(saved) != 2 or not state.manifest_digest:
        return None
    prints, result = saved
    files = state.written.files
    # The record names no file but the manifest's: with as many, it names every one.
    if len(files) != len(state.manifest) or any(stamp_of(state.docs_dir / relative) != entry[2] for relative, entry in files.items()):
        return None
    papers = Memo(cache, PAPERS_FILE).old
    try:
        result = pickle.loads(result)
        result.papers = [papers[fingerprint] for fingerprint in prints]
    except Exception:  # noqa: BLE001 - a damaged entry only means running again
        return None
    result.unchanged = sorted(files)
    return result


def remember_run(cache: Cache, inputs: str, result, written: dict, fingerprint) -> None:
    """Keep the run's result for a run on the same inputs, when the record of the files it
    left in `docs/` (`written`: see `WrittenFiles.now`) names them all; its papers are kept
    by `fingerprint`. Their names and stamps are not kept again: `unchanged_run` finds them
    in that record."""
    outputs = {*result.written, *result.unchanged}
    if len(outputs) != len(written) or not outputs <= written.keys():
        return
    prints = [fingerprint(paper) for paper in result.papers]
    _keep_papers(cache, prints, result.papers)
    quiet = replace(result, papers=[], written=[], unchanged=[], removed=[], notices=[], kept=[])
    cache.save(RUN_FILE, inputs, (prints, pickle.dumps(quiet, protocol=pickle.HIGHEST_PROTOCOL)), shared=False)


def _keep_papers(cache: Cache, prints: list[str], papers: list) -> None:
    """Add the papers not kept yet to `run-papers.pickle`, without reading it (its index
    says what it holds); written anew when most of it is no longer used, or it changed.
    The index too gets what a run added at its end, instead of being written anew."""
    parts, intact = cache.load_all(PAPERS_INDEX, "")
    if intact and parts and all(isinstance(part, tuple) and len(part) == 3 and isinstance(part[2], frozenset) for part in parts) \
            and parts[-1][0] == cache.size(PAPERS_FILE):
        stored = sum(part[1] for part in parts)
        kept = parts[0][2].union(*(part[2] for part in parts[1:]))
        # Found in C: most runs add a paper or two to ten thousand kept.
        by_print = dict(zip(prints, papers))
        new = {fingerprint: by_print[fingerprint] for fingerprint in sorted(by_print.keys() - kept)}
        if stored + len(new) <= 2 * len(prints) and (not new or cache.append(PAPERS_FILE, new)):
            if new and len(parts) < INDEX_PARTS:
                cache.append(PAPERS_INDEX, (cache.size(PAPERS_FILE), len(new), frozenset(new)))  # if it fails, both are written anew next time
            elif new:
                cache.save(PAPERS_INDEX, "", (cache.size(PAPERS_FILE), stored + len(new), kept | new.keys()))
            return
    cache.save(PAPERS_FILE, "", dict(zip(prints, papers)))
    cache.save(PAPERS_INDEX, "", (cache.size(PAPERS_FILE), len(prints), frozenset(prints)))
