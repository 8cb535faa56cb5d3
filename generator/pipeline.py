"""The pipeline: read → merge → clean → tag → name → relate → render → write.

Each stage is a plain function of its inputs; `generate` only chains them, calling
the costly ones through `incremental`, which finds their work of earlier runs in
the cache (a run on unchanged inputs does nothing at all).
The MkDocs plugin and the command line both call `generate`.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from generator import addresses, archive, categories, edits, incremental, merge, notes, runs, tagging, topics
from generator.cache import Cache
from generator.keywords import DEFAULT_WORKFLOW_LABELS
from generator.model import Paper, Problem, output_text, source_place
from generator.readers import SourceUnreadableError, display_path
from generator.render import render_page
from generator.site import paper_sections, site_outputs
from generator.slugs import paper_identities

PAPERS_DIR = "papers"


@dataclass(frozen=True)
class Settings:
    """Where things are and how to treat them, from `mkdocs.yml`."""

    root: Path
    docs_dir: Path
    sources_dir: Path
    taxonomy_path: Path
    listing_year: int | None = None
    site_url: str = ""
    site_name: str = "Paper Archive"
    related_count: int = 5
    feed_size: int = 30
    listing_page_size: int = 100
    force: bool = False
    keep_edits: bool = False
    lock_timeout: float | None = None  # seconds to wait for another run; None: as long as it takes
    max_tags: int = 8
    keyword_min_papers: int = 2
    workflow_labels: tuple[str, ...] = DEFAULT_WORKFLOW_LABELS

    @property
    def tag_options(self) -> topics.TagOptions:
        return topics.TagOptions(self.max_tags, self.keyword_min_papers, tuple(self.workflow_labels))

    @property
    def notes_dir(self) -> Path:
        return self.sources_dir / "notes"

    @property
    def addresses_path(self) -> Path:
        return self.root / addresses.FILE_NAME


@dataclass
class Result:
    papers: list[Paper] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    records: int = 0
    tags: int = 0
    taxonomy: tagging.Taxonomy | None = None
    tag_report: topics.TagReport = field(default_factory=topics.TagReport)
    notices: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


class SourcesMissingError(Exception):
    """The sources folder does not exist, or is a folder that cannot be the sources'."""


# What runs held, when the process ends right after them without freeing anything (see
# `leave_to_exit`); None: freed as each run ends.
_left: list | None = None


def leave_to_exit() -> None:
    """Keep what each run held (its cached values, records, outputs) until the process
    ends: for a process that then exits without freeing its objects one by one (the
    command line's), as a big archive's run would at its end (30 ms at 10,000 papers)."""
    global _left
    if _left is None:
        _left = []


def generate(settings: Settings, on_wait: Callable[[str], None] | None = None) -> Result:
    """Turn the sources into the archive's files under `docs/`; returns what happened.

    One run at a time per project: a run waits for another to finish (calling
    `on_wait` with a message), or stops after `settings.lock_timeout` seconds."""
    if not settings.sources_dir.is_dir():
        what = "a file, not a folder" if settings.sources_dir.exists() else "no such folder"
        raise SourcesMissingError(f"{settings.sources_dir}: {what}; put the input files in a folder of that name")
    overlap = _sources_overlap(settings)
    if overlap:
        raise SourcesMissingError(f"{display_path(settings.sources_dir.resolve(), settings.root)}: {overlap}; set `sources:` "
                                  "under the paper-archive plugin in mkdocs.yml to a folder that holds the input files alone")
    with archive.project_lock(settings.root, settings.lock_timeout, on_wait) as notices, _without_cycle_collection():
        result = _generate(settings)
    result.notices[:0] = notices
    return result


def _sources_overlap(settings: Settings) -> str | None:
    """Why the sources folder cannot be read as one, if it cannot: the project's own folder
    would publish every file of it (tests' fixtures, drafts), and one inside `docs_dir` or
    holding it would read the generated pages back as sources."""
    sources, docs, root = settings.sources_dir.resolve(), settings.docs_dir.resolve(), settings.root.resolve()
    if sources == root:
        return "the sources folder is the project's own folder"
    if sources == docs:
        return "the sources folder is docs_dir, where the pages are generated"
    if docs.is_relative_to(sources):
        return f"the sources folder holds docs_dir ({display_path(docs, root)}), where the pages are generated"
    if sources.is_relative_to(docs):
        return f"the sources folder is inside docs_dir ({display_path(docs, root)}), where the pages are generated"
    return None


@contextmanager
def _without_cycle_collection():
    """A run holds millions of objects (a big archive's papers and cached parts) until it
    ends: the cycle collector's passes over them would cost seconds and free nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _generate(settings: Settings) -> Result:
    cache = Cache(settings.root)
    sources = runs.source_inputs(settings)
    state = archive.open_state(settings.root, settings.docs_dir, cache)  # finishes an interrupted run first
    last = runs.unchanged_run(cache, runs.run_key(sources, settings, state), state)
    if last is not None:
        last.notices[:0] = state.notices
        return last
    stages = incremental.CachedStages(cache, settings)
    taxonomy = stages.taxonomy()
    records, problems = stages.read_sources()
    papers = stages.merge_and_clean(records)
    problems = [*problems, *_shared_ids(papers)]
    papers, tag_report = stages.tag(papers, taxonomy)
    recorded = stages.addresses.read()
    on_disk = state.identities()
    renamed = recorded.renamed_pages(on_disk)
    existing = {**recorded.identities(), **{key: slug for key, slug in on_disk.items() if slug not in renamed}}
    # A person's page blocks a new paper's slug, but not one recorded for a paper
    # (the write then stops, or --force overwrites it), nor any while the state is
    # being rebuilt: never a second copy.
    foreign = set() if settings.force or state.healed else state.foreign_files(PAPERS_DIR) - set(existing.values())
    reserved = foreign | set(recorded.moved)
    held = addresses.waiting_addresses(recorded, on_disk.values())
    returning = {old: found for old, found in addresses.returning_addresses(recorded).items() if old not in foreign}
    # A paper whose abstract was edited keeps its address by its title, but not one whose
    # page went in an earlier run: that address waits for its own paper. Without the
    # archive's state (a clean checkout, where no generated file is on disk either) which is
    # which is not known; keeping the address wins.
    by_title = {title: [slug for slug in slugs if slug not in held or not state.remembered]
                for title, slugs in recorded.by_title().items()}
    papers = stages.assign_slugs(papers, existing, reserved, held, returning, by_title)
    papers = stages.relate(papers)
    by_key = {paper.key: paper for paper in papers}
    named = set(existing.values())
    gone = archive.pages_to_go(state, PAPERS_DIR, {paper.slug for paper in papers})
    moved = addresses.find_moves(gone, papers, named)
    # A paper may take back an address it moved from, or come back under a new title, after a
    # while or at once (its line moved as its title changed, so its source position tells nothing).
    returns = addresses.find_returns(recorded, held | set(gone), papers, named)
    renamed = _renamed_moves(renamed, papers)
    moved = {**addresses.taken_back(returning, papers), **returns, **moved, **renamed}
    known = addresses.record(recorded, papers, moved)
    notices: list[str] = list(state.notices)
    notices.extend(f"{PAPERS_DIR}/{old}.md: {addresses.FILE_NAME} gives its paper the address '{new}'; the page moves "
                   f"there and '{old}' redirects to it" for old, new in sorted(renamed.items()))
    placed = _place_notes(settings, papers, by_key, known.moved, notices)
    problems = [*problems, *notes.problems(placed, _notes_path(settings))]
    outputs = site_outputs(papers, taxonomy, placed.by_paper(), settings, stages.parts)
    outputs.update(addresses.redirect_outputs(known.moved, papers))
    # Made for the pages written: a page's key names its paper, and so its identities.
    identities = {f"{PAPERS_DIR}/{p.slug}.md": partial(_identities, p) for p in papers}
    kept: list[str] = []
    if settings.keep_edits:
        kept = _keep_edits(state, outputs, papers, placed, by_key, settings, notices, known.moved)
    # addresses.yml before the pages: a run killed between the two leaves it ahead of docs/,
    # which the next run catches up with; behind, the next run would not know the pages
    # this one moved, and would drop their redirects.
    put_back_addresses = stages.addresses.write_first(known)
    try:
        report = archive.write_outputs(state, outputs, identities, force=settings.force, overwrite=frozenset(kept),
                                       moved=known.moved)
    except (archive.HandEditedError, archive.ArchiveWriteError):
        put_back_addresses()  # nothing was replaced: nor is addresses.yml
        raise
    notices.extend(f"{relative}: overwritten (--force); what was there is saved as {copy}" for relative, copy in report.saved)
    notices.extend(f"{relative}: a copy of a generated page, which the archive did not write, removed from docs/; it is "
                   f"saved as {copy}" for relative, copy in report.copies)
    stages.save_parts()
    archive.remember_files(state)
    result = Result(
        papers=papers,
        problems=problems,
        written=report.written,
        unchanged=report.unchanged,
        removed=report.removed,
        records=len(records),
        tags=len({tag for paper in papers for tag in paper.tags}),
        taxonomy=taxonomy,
        tag_report=tag_report,
        notices=notices,
        kept=kept,
    )
    if runs.sources_unchanged(settings, sources):  # not edited while this run read them
        runs.remember_run(cache, runs.run_key(sources, settings, state), result, state.written.now, stages.fingerprints.with_related)
    if _left is not None:
        _left.append(locals())
    return result


def _renamed_moves(renamed: dict[str, str], papers: list[Paper]) -> dict[str, str]:
    """The renamed pages whose paper is at the address the file gives it, and whose old
    address no paper took."""
    slugs = {paper.slug for paper in papers}
    return {old: new for old, new in renamed.items() if new in slugs and old not in slugs}


def _identities(paper: Paper) -> tuple[list[str], str]:
    """What a paper page's mark names (see `archive.write_outputs`)."""
    return paper_identities(paper), paper.slug


def _place_notes(settings, papers, by_key, moved, notices) -> notes.Notes:
    """The notes files, each at the paper that shows it (see `notes.place`)."""
    try:
        files, unreadable = archive.read_notes(settings.notes_dir)
    except SourceUnreadableError as error:
        raise error.shown_from(settings.root) from None
    placed = notes.place(files, {paper.slug for paper in papers}, moved, unreadable)
    by_slug = {paper.slug: paper for paper in papers}
    for stem, slug in placed.shown_at.items():
        # A whole page moved into notes counts only for what a person added to it.
        if edits.looks_like_page(placed.files[stem]):
            paper = by_slug[slug]
            placed.files[stem] = edits.own_words(placed.files[stem], render_page(paper, None, paper_sections(paper, by_key)))
    notices.extend(notes.notices(placed, _notes_path(settings)))
    return placed


def _shared_ids(papers) -> list[Problem]:
    """A problem for each paper that shares an id with an earlier one it was not merged with."""
    found = []
    for name, paper, earlier in merge.shared_ids(papers):
        where = source_place(paper.sources[0]) if paper.sources else ("sources", None)
        other = earlier.sources[0] if earlier.sources else "another paper"
        found.append(Problem(*where, f"{name} is also that of {other} ({earlier.title[:60]!r}), whose title and "
                                     "authors differ: one of the two is wrong; both papers are kept"))
    return found


def _notes_path(settings) -> Callable[[str], str]:
    """How the notes file of an address is named in messages."""
    return lambda stem: display_path(settings.notes_dir / f"{stem}.md", settings.root)


def _keep_edits(state, outputs, papers, placed, by_key, settings, notices, moved) -> list[str]:
    """Move what a person added to generated paper pages into their notes, and
    render those pages again with it; returns the pages now safe to overwrite."""
    by_slug = {paper.slug: paper for paper in papers}
    pages = []
    kept = []
    for relative, text in archive.edited_pages(state, outputs).items():
        slug = relative.removeprefix(f"{PAPERS_DIR}/").removesuffix(".md")
        if not relative.startswith(f"{PAPERS_DIR}/"):
            continue
        if by_slug.get(slug) is not None:
            pages.append((relative, text, slug, edits.page_edits(text, output_text(outputs[relative]))))
        elif slug in moved:
            # Its paper moved as its title changed, and this page becomes a redirect. What the
            # page held is told from its generated text only against the page as it was
            # generated, which is gone: the whole page is kept aside, for the person to take from.
            copy = archive.keep_copy(state, relative, text)
            notes_file = display_path(settings.notes_dir / f"{moved[slug]}.md", settings.root)
            notices.append(f"{relative}: edited by hand, and its paper moved to {PAPERS_DIR}/{moved[slug]}.md (its title "
                           f"changed); the edited page is saved as {copy}: copy what you added into {notes_file}")
            kept.append(relative)
    _check_notes_files(pages, placed, settings)
    for relative, text, slug, found in pages:
        paper = by_slug[slug]
        changed_keys = edits.front_matter_changes(text, output_text(outputs[relative]))
        copy = archive.keep_copy(state, relative, text) if changed_keys or found.changed_line else None
        if changed_keys:
            notices.append(
                f"{relative}: front matter edits ({', '.join(map(str, changed_keys))}) are not kept on the page; "
                f"the edited page is saved as {copy}"
            )
        if found.changed_line:
            # Copied into notes, a corrected line would show (and be searched) twice; the
            # generated text is corrected in the sources it comes from: the notes' own text in their file.
            origin = ", ".join(paper.sources) or display_path(settings.sources_dir, settings.root)
            holding = [stem for stem in placed.shown_on(slug) if found.changed_text
                       and all(line.strip() in placed.files.get(stem, "") for line in found.changed_text)]
            if holding:
                origin = display_path(settings.notes_dir / f"{holding[0]}.md", settings.root)
            notices.append(
                f"{relative}:{found.changed_line}: a change to generated text is not kept on the page (the text "
                f"comes from {origin}: correct it there); the edited page is saved as {copy}"
            )
        if found.added:
            path = archive.add_to_notes(settings.notes_dir, slug, found.added)
            placed.files[slug] = path.read_text("utf-8")
            placed.shown_at[slug] = slug
            notices.append(f"{relative}: what you added is now in {display_path(path, settings.root)}")
        outputs[relative] = render_page(paper, placed.on_page(slug), paper_sections(paper, by_key))
        kept.append(relative)
    return kept


def _check_notes_files(pages: list, placed: notes.Notes, settings) -> None:
    """Stop the run, before anything is written, when what was added to a page would go into
    a notes file that is not text (`placed.unreadable`): added to, it could lose what it holds."""
    problems = []
    for relative, _, slug, found in pages:
        error = placed.unreadable.get(slug)
        if found.added and error is not None:
            path, page = settings.notes_dir / f"{slug}.md", settings.docs_dir / relative
            problems.append(f"{display_path(path, settings.root)}:{error.line}: {error}; what you added to "
                            f"{display_path(page, settings.root)} is moved into it then (--keep-edits); "
                            "the page and the file are left as they are")
    if problems:
        raise archive.HandEditedError(problems)


def tag_paper(paper: Paper, taxonomy: tagging.Taxonomy, options: topics.TagOptions = topics.TagOptions()) -> Paper:
    """One paper tagged as if it were the whole library (see `topics.tag_papers`)."""
    [tagged], _ = topics.tag_papers([paper], categories.with_categories(taxonomy), options)
    return tagged
