"""The pipeline: read → merge → clean → tag → name → relate → render → write.

Each stage is a plain function of its inputs; `generate` only chains them, calling
the costly ones through `incremental`, which finds their work of earlier runs in
the cache (a run on unchanged inputs does nothing at all).
The MkDocs plugin and the command line both call `generate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator import archive, categories, clean, incremental, tagging, topics
from generator.cache import Cache
from generator.keywords import DEFAULT_WORKFLOW_LABELS
from generator.merge import merge_records
from generator.model import Paper, Problem
from generator.readers import ReadSettings
from generator.site import site_outputs
from generator.slugs import assign_slugs, paper_identities

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
    force: bool = False
    max_tags: int = 8
    keyword_min_papers: int = 2
    workflow_labels: tuple[str, ...] = DEFAULT_WORKFLOW_LABELS

    @property
    def tag_options(self) -> topics.TagOptions:
        return topics.TagOptions(self.max_tags, self.keyword_min_papers, tuple(self.workflow_labels))

    @property
    def notes_dir(self) -> Path:
        return self.sources_dir / "notes"


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


class SourcesMissingError(Exception):
    """The sources folder does not exist."""


def generate(settings: Settings) -> Result:
    """Turn the sources into the archive's files under `docs/`; returns what happened."""
    if not settings.sources_dir.is_dir():
        raise SourcesMissingError(f"{settings.sources_dir}: no such folder; put the input files there")
    cache = Cache(settings.root)
    sources = incremental.source_inputs(settings)
    state_dir = settings.root / archive.STATE_DIR
    archive.open_state(settings.root, settings.docs_dir)  # finishes an interrupted run first
    last = incremental.unchanged_run(cache, incremental.run_key(sources, settings, state_dir), settings.docs_dir)
    if last is not None:
        return last
    taxonomy = categories.with_categories(tagging.load_taxonomy(settings.taxonomy_path))
    records, problems = incremental.read_sources(cache, settings.sources_dir, settings.root, ReadSettings(settings.listing_year))
    papers = [clean.clean_paper(paper) for paper in merge_records(records)]
    automatic_tags = incremental.AutomaticTags(cache, settings.taxonomy_path)
    papers, tag_report = topics.tag_papers(papers, taxonomy, settings.tag_options, automatic_tags)
    automatic_tags.save()
    state = archive.open_state(settings.root, settings.docs_dir)
    papers = assign_slugs(papers, state.identities(), state.foreign_files(PAPERS_DIR))
    papers = incremental.relate(cache, papers, settings.related_count)
    notes = archive.read_notes(settings.notes_dir)
    pages = incremental.PaperPages(cache)
    outputs = site_outputs(papers, taxonomy, notes, settings, pages)
    pages.save()
    identities = {f"{PAPERS_DIR}/{p.slug}.md": (paper_identities(p), p.slug) for p in papers}
    report = archive.write_outputs(state, outputs, identities, force=settings.force)
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
    )
    if incremental.source_inputs(settings) == sources:  # not edited while this run read them
        incremental.remember_run(cache, incremental.run_key(sources, settings, state_dir), settings.docs_dir, result)
    return result


def tag_paper(paper: Paper, taxonomy: tagging.Taxonomy, options: topics.TagOptions = topics.TagOptions()) -> Paper:
    """One paper tagged as if it were the whole library (see `topics.tag_papers`)."""
    [tagged], _ = topics.tag_papers([paper], categories.with_categories(taxonomy), options)
    return tagged
