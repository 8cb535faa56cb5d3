"""Incremental generation: with its cache a run writes exactly what a run without it writes.

Each step changes a project that keeps its cache and an identical twin whose
cache is removed before the run; both are generated and their `docs/` and
manifest must be byte-identical. The twin starts each step from the cached
project's state, so slugs a paper kept from earlier runs are the same in both.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from generator import archive, pipeline, site_cache, topics, written
from generator.readers import bibtex
from generator.site import paper_page
from generator.cache import Cache

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from bench_incremental import change_one_abstract, synthetic_jsonl  # noqa: E402
from bench_build import synthetic_listing  # noqa: E402

CACHE = Path(".paper-archive") / "cache"


def make(root: Path) -> pipeline.Settings:
    root.mkdir(parents=True)
    shutil.copy2(REPO / "taxonomy.yml", root / "taxonomy.yml")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    sources = root / "sources"
    sources.mkdir()
    (sources / "listing.txt").write_text(synthetic_listing(150), encoding="utf-8")
    (sources / "library.jsonl").write_text(synthetic_jsonl(150), encoding="utf-8")
    (sources / "notes").mkdir()
    return settings_for(root)


def settings_for(root: Path, **changes) -> pipeline.Settings:
    base = pipeline.Settings(root=root, docs_dir=root / "docs", sources_dir=root / "sources",
                             taxonomy_path=root / "taxonomy.yml", listing_year=2024)
    return replace(base, **changes)


def snapshot(root: Path) -> dict[str, bytes]:
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    files["manifest"] = (root / ".paper-archive" / "manifest.json").read_bytes()
    if (root / "addresses.yml").is_file():
        files["addresses"] = (root / "addresses.yml").read_bytes()
    return files


class Twins:
    """A project with a cache and, per step, a copy of it run without one."""

    def __init__(self, tmp_path: Path):
        self.root = tmp_path / "cached"
        self.settings = make(self.root)
        self.twin = tmp_path / "uncached"
        self.results = []

    def step(self, change=lambda root: None, **setting_changes) -> pipeline.Result:
        if self.twin.exists():
            shutil.rmtree(self.twin)
        shutil.copytree(self.root, self.twin)
        shutil.rmtree(self.twin / CACHE, ignore_errors=True)
        change(self.root)
        change(self.twin)
        result = pipeline.generate(settings_for(self.root, **setting_changes))
        expected = pipeline.generate(settings_for(self.twin, **setting_changes))
        assert snapshot(self.root) == snapshot(self.twin)
        assert [p.to_dict() for p in result.papers] == [p.to_dict() for p in expected.papers]
        assert result.tag_report == expected.tag_report and result.problems == expected.problems
        self.results.append(result)
        return result


@pytest.fixture
def twins(tmp_path, monkeypatch) -> Twins:
    # Files are trusted by their stamps at once, so that is what these steps test; a run
    # right after the files changed reads them (other modules test that).
    monkeypatch.setattr(written, "RACY_NS", 0)
    monkeypatch.setattr(written, "RACY_FINE_NS", 0)
    found = Twins(tmp_path)
    found.step()
    return found


def append_to(name: str, text: str):
    def change(root: Path) -> None:
        path = root / name
        path.write_text(path.read_text("utf-8") + text, encoding="utf-8")
    return change


def test_no_op_writes_nothing_and_repeats_the_result(twins):
    result = twins.step()
    assert result.written == [] and result.removed == []
    assert len(result.papers) == 300 and len(result.unchanged) > 300


def test_one_changed_abstract_rewrites_only_what_shows_it(twins):
    result = twins.step(lambda root: change_one_abstract(root / "sources" / "library.jsonl"))
    assert 1 <= len(result.written) < 40, result.written


def test_added_and_removed_source_files(twins):
    record = {"title": "Graph neural networks for graph neural networks", "abstract": "Graph neural networks on graphs.",
              "arxiv": "2401.00001", "tags": ["reading group"]}
    twins.step(lambda root: (root / "sources" / "more.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8"))
    twins.step(lambda root: (root / "sources" / "listing.txt").unlink())
    result = twins.step(lambda root: (root / "sources" / "listing.txt").write_text(synthetic_listing(40), encoding="utf-8"))
    assert len(result.papers) == 191


def edit_jsonl(index: int, **changes):
    """Change some fields of the record on line `index` of library.jsonl."""
    def change(root: Path) -> None:
        path = root / "sources" / "library.jsonl"
        lines = path.read_text("utf-8").split("\n")
        record = json.loads(lines[index])
        record.update(changes)
        lines[index] = json.dumps(record)
        path.write_text("\n".join(lines), encoding="utf-8")
    return change


def test_person_tags_titles_and_dates_changed(twins):
    twins.step(edit_jsonl(5, tags=["surveys", "LLM agents", "my own keyword"]))
    twins.step(edit_jsonl(6, tags=["my own keyword"]))  # now on two papers: a tag of its own
    twins.step(edit_jsonl(7, title="A wholly new title for a paper", date="2021-02-03"))
    twins.step(edit_jsonl(8, abstract="Graph neural networks. " * 3, authors=["Ada Lovelace"]))


def test_tagging_is_kept_while_the_plans_are_and_made_again_when_one_is_not(twins, monkeypatch):
    made = []
    tag_papers = topics.tag_papers
    monkeypatch.setattr(topics, "tag_papers", lambda papers, *rest: made.append(len(papers)) or tag_papers(papers, *rest))

    def edit_abstract(root: Path) -> None:
        path = root / "sources" / "library.jsonl"
        lines = path.read_text("utf-8").split("\n")
        record = json.loads(lines[9])
        record["abstract"] += " Indeed, it is so."
        lines[9] = json.dumps(record)
        path.write_text("\n".join(lines), encoding="utf-8")

    twins.step(edit_jsonl(5, tags=["my own keyword", "surveys", "another one"]))
    twins.step(edit_jsonl(6, tags=["my own keyword", "another one"]))
    assert made == [300] * 4  # a paper's own keywords changed: both projects' runs tag
    twins.step(edit_abstract)  # a plan like the one it replaces: only the twin, without a cache, tags
    twins.step(edit_jsonl(6, tags=["another one", "my own keyword"]))  # the same keywords in another order
    twins.step(edit_jsonl(5, tags=["my own keyword", "surveys"]))
    twins.step(edit_abstract)
    assert made == [300] * 10


def test_addresses_yml_written_again_only_in_the_entries_that_changed(twins, monkeypatch):
    whole = []
    write_addresses = archive.write_addresses
    monkeypatch.setattr(archive, "write_addresses", lambda path, *rest: whole.append(path.parent.name) or write_addresses(path, *rest))

    def edit_abstracts(*indices: int):
        def change(root: Path) -> None:
            path = root / "sources" / "library.jsonl"
            lines = path.read_text("utf-8").split("\n")
            for index in indices:  # odd lines: papers without an arXiv id, known by title and abstract
                record = json.loads(lines[index])
                record["abstract"] += " Indeed, it is so."
                lines[index] = json.dumps(record)
            path.write_text("\n".join(lines), encoding="utf-8")
        return change

    twins.step(edit_abstracts(9))
    twins.step(edit_abstracts(11, 141))
    assert whole == ["uncached", "uncached"]  # the project with a cache edited its file
    twins.step(append_to("sources/library.jsonl", json.dumps({"title": "A paper of its own", "abstract": "Text."}) + "\n"))
    assert whole[2:] == ["cached", "uncached"]  # a new entry: written whole
    twins.step(edit_abstracts(9))
    assert whole[4:] == ["uncached"]


def test_lines_shifted_and_a_listing_abstract_changed(twins):
    first = {"title": "Diffusion models on the first line", "abstract": "A denoising diffusion model for images."}
    twins.step(lambda root: (root / "sources" / "library.jsonl").write_text(
        json.dumps(first) + "\n" + (root / "sources" / "library.jsonl").read_text("utf-8"), encoding="utf-8"))
    twins.step(lambda root: change_one_abstract(root / "sources" / "listing.txt"))


def test_addresses_and_generated_files_changed_by_hand(twins):
    def rename(root: Path) -> None:
        path = root / "addresses.yml"
        text = path.read_text("utf-8")
        slug = sorted((root / "docs" / "papers").glob("*.md"))[2].stem
        # A key written over by hand (a person's comment would stop the run: test_person_text_kept.py).
        path.write_text(text.replace(f"  {slug}:", f"  {slug}-old:", 1), encoding="utf-8")
    twins.step(rename)

    def damage(root: Path) -> None:
        sorted((root / "docs" / "papers").glob("*.md"))[4].unlink()
        feed = root / "docs" / "papers.bib"
        os.utime(feed, ns=(feed.stat().st_atime_ns, feed.stat().st_mtime_ns - 10**9))  # same bytes, new stamp
        (root / "docs" / "papers.json").unlink()
    result = twins.step(damage)
    assert "papers.json" in result.written and "papers.bib" in result.unchanged


def test_one_changed_abstract_makes_only_the_pages_that_show_it(twins, monkeypatch):
    made: list[list[str]] = []  # the pages each run made: the cached run first, then its twin
    generate = pipeline._generate
    monkeypatch.setattr(pipeline, "_generate", lambda settings: made.append([]) or generate(settings))
    monkeypatch.setattr(site_cache, "paper_page", lambda paper, *rest: made[-1].append(paper.key) or paper_page(paper, *rest))
    before = {paper.key: paper for paper in twins.results[-1].papers}
    result = twins.step(lambda root: change_one_abstract(root / "sources" / "library.jsonl"))
    changed = {paper.key for paper in result.papers if "We also study graph neural networks." in paper.abstract}
    # Its page, those that list it, those whose related papers changed.
    showing = changed | {p.key for p in result.papers if changed & set(p.related) or p.related != before[p.key].related}
    assert changed and changed <= set(made[0]) <= showing, (made[0], showing)
    assert len(made[1]) == len(result.papers)  # without a cache, every page is made to compare


def test_the_run_after_a_cold_run_makes_again_only_the_outputs_that_show_a_change(twins, monkeypatch):
    # The keys a cold run recorded are those the next run computes: outputs showing
    # nothing that changed (tag and month pages of other papers) are not made again.
    made: list[list[str]] = []  # the outputs each run made: the cached run first, then its twin
    generate, encoded = pipeline._generate, archive._encoded
    monkeypatch.setattr(pipeline, "_generate", lambda settings: made.append([]) or generate(settings))
    monkeypatch.setattr(archive, "_encoded", lambda relative, *rest: made[-1].append(relative) or encoded(relative, *rest))
    before = {paper.key: paper for paper in twins.results[-1].papers}
    result = twins.step(lambda root: change_one_abstract(root / "sources" / "library.jsonl"))
    cached_run = made[0]
    # Only the changed paper: listings do not show related papers, so a paper whose
    # neighbours moved makes its own page again, and nothing else.
    changed = [paper.slug for paper in result.papers if "We also study graph neural networks." in paper.abstract]
    assert any(paper.related != before[paper.key].related for paper in result.papers if paper.slug not in changed)
    listings = [relative for relative in cached_run if not relative.startswith("papers/")]
    assert listings and len(listings) < len(result.papers) / 10, listings
    for relative in listings:
        text = (twins.root / "docs" / relative).read_text("utf-8")
        assert any(f"papers/{slug}" in text or f"papers/{slug}.md" in text for slug in changed) or relative.endswith((".json", ".bib", ".xml")), relative


def test_a_bibtex_library_decodes_again_only_the_entries_that_changed(twins, monkeypatch):
    decoded: list[list[str]] = []  # the entries each run decoded: the cached run first, then its twin
    generate, record = pipeline._generate, bibtex._record
    monkeypatch.setattr(pipeline, "_generate", lambda settings: decoded.append([]) or generate(settings))
    monkeypatch.setattr(bibtex, "_record", lambda entry, *rest: decoded[-1].append(entry.key) or record(entry, *rest))
    library = (REPO / "tests" / "fixtures" / "libraries" / "biblatex-examples.bib").read_text("utf-8")

    def write(text: str):
        return lambda root: (root / "sources" / "examples.bib").write_text(text, encoding="utf-8")

    twins.step(write(library))
    assert len(decoded[0]) == len(decoded[1]) > 40
    decoded.clear()
    edited = library.replace("title        = {Physics},", "title        = {Physics, again},")
    twins.step(write(edited))
    assert len(decoded[0]) == 1 and len(decoded[1]) > 40
    decoded.clear()
    zotero = (REPO / "tests" / "fixtures" / "libraries" / "zotero-sports-analytics.bib").read_text("utf-8")
    # Another library read, this one as it was.
    twins.step(lambda root: (root / "sources" / "zotero.bib").write_text(zotero, encoding="utf-8"))
    assert decoded[0] and all(f"{{{key}," in zotero for key in decoded[0]), decoded[0]
    decoded.clear()
    edited = edited.replace("title        = {De Anima},", "title        = {De Anima, again},")
    twins.step(write(edited))
    assert len(decoded[0]) == 1, decoded[0]  # kept through the run that did not read the file
    decoded.clear()
    # An abbreviation changes the entries that use it.
    twins.step(write(edited.replace("{Cambridge University Press}", "{Cambridge University Press, UK}")))
    assert len(decoded[0]) == edited.count("= cup,") == 2, decoded[0]


def test_taxonomy_notes_and_settings_changes(twins):
    twins.step(append_to("taxonomy.yml", "\n"))
    with_tag = (REPO / "taxonomy.yml").read_text("utf-8").replace("name: Diffusion Models", "name: Diffusion Modelling", 1)
    twins.step(lambda root: (root / "taxonomy.yml").write_text(with_tag, encoding="utf-8"))
    slug = sorted((twins.root / "docs" / "papers").glob("*.md"))[3].stem
    twins.step(lambda root: (root / "sources" / "notes" / f"{slug}.md").write_text("A note.\n", encoding="utf-8"))
    twins.step(related_count=3)
    twins.step(related_count=3, max_tags=2, keyword_min_papers=5)
    twins.step(related_count=3, max_tags=2, keyword_min_papers=5, listing_page_size=7)
    twins.step(related_count=3, max_tags=2, keyword_min_papers=5, listing_page_size=0)


@pytest.mark.parametrize("damage", ["deleted", "garbage", "truncated", "stored value", "unwritable"])
def test_a_damaged_cache_only_means_recomputing(twins, damage):
    cache = twins.root / CACHE
    if damage == "deleted":
        shutil.rmtree(cache)
    elif damage == "garbage":
        for path in cache.iterdir():
            path.write_bytes(b"not a pickle \x00\xff")
    elif damage == "truncated":
        for path in cache.iterdir():
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "stored value":
        # A database that opens, with every value of the postings altered: found by its digest.
        with sqlite3.connect(cache / "related.sqlite") as database:
            database.execute("UPDATE words SET value = substr(value, 1, length(value) - 1) || x'01'")
    else:
        shutil.rmtree(cache)
        cache.write_text("a file where the cache folder should be")
    twins.step(lambda root: change_one_abstract(root / "sources" / "library.jsonl"))
    twins.step()


def test_a_hand_edited_page_is_still_found_after_a_no_op(twins):
    page = sorted((twins.root / "docs" / "papers").glob("*.md"))[0]
    page.write_text(page.read_text("utf-8") + "\nmine\n", encoding="utf-8")
    # The same inputs as the last run, but docs/ is not as that run left it: a real run.
    with pytest.raises(pipeline.archive.HandEditedError):
        pipeline.generate(settings_for(twins.root))
    assert page.read_text("utf-8").endswith("mine\n")
    page.unlink()
    result = pipeline.generate(settings_for(twins.root))
    assert result.written == [f"papers/{page.name}"]


def test_cache_files_are_keyed_by_the_code(tmp_path):
    cache = Cache(tmp_path)
    cache.save("thing", "key", {"a": 1})
    assert cache.load("thing", "key") == {"a": 1}
    assert cache.load("thing", "other key") is None
    assert not list((tmp_path / CACHE).glob("*.tmp"))


@pytest.mark.slow
def test_bench_script_runs_at_a_small_size():
    import bench_incremental

    figures = bench_incremental.bench(60, "jsonl", stages=True)
    assert figures["identical"] and figures["rewritten"] >= 1 and figures["again"] > 0


def test_a_note_at_a_moved_address_and_a_note_no_paper_has(twins):
    papers = twins.root / "docs" / "papers"
    record = json.loads((twins.root / "sources" / "library.jsonl").read_text("utf-8").splitlines()[1])
    assert "arxiv" not in record  # a title edit moves its address
    [old] = [path.stem for path in papers.glob("*.md") if f"title: {record['title']}\n" in path.read_text("utf-8")]

    def write_note(stem: str, text: str):
        return lambda root: (root / "sources" / "notes" / f"{stem}.md").write_text(text, encoding="utf-8")

    def retitle(root: Path) -> None:
        path = root / "sources" / "library.jsonl"
        path.write_text(path.read_text("utf-8").replace(record["title"], "A Retitled Paper", 1), encoding="utf-8")

    twins.step(write_note(old, "Kept through the move.\n"))
    twins.step(retitle)
    [new] = [path for path in papers.glob("*.md") if "title: A Retitled Paper\n" in path.read_text("utf-8")]
    assert "Kept through the move." in new.read_text("utf-8")
    result = twins.step(write_note(old, "Changed after the move.\n"))
    assert f"papers/{new.name}" in result.written
    assert "Changed after the move." in new.read_text("utf-8") and "Kept through" not in new.read_text("utf-8")
    result = twins.step(write_note("no-such-paper", "Lost.\n"))
    assert [str(problem) for problem in result.problems if "notes" in problem.path] == [
        "sources/notes/no-such-paper.md: no paper has the address 'no-such-paper'; the note is not published"
    ]
    assert twins.step().problems == result.problems  # a run with nothing to do says it again


def test_sources_edited_during_a_run_are_noticed_by_their_stamps_or_their_bytes(tmp_path, monkeypatch):
    from generator import runs

    settings = make(tmp_path / "p")
    library = settings.sources_dir / "library.jsonl"
    old = well_after(library)
    monkeypatch.setattr(runs.time, "time_ns", lambda: old)  # the files are old enough to be told by their stamps
    sources = runs.source_inputs(settings)
    assert runs.sources_unchanged(settings, sources)
    text = library.read_text(encoding="utf-8")
    library.write_text(text.replace("a", "b", 1), encoding="utf-8")  # an edit while the run reads
    assert not runs.sources_unchanged(settings, sources)
    library.write_text(text, encoding="utf-8")  # undone: other stamps, the same bytes
    assert runs.sources_unchanged(settings, sources)
    monkeypatch.setattr(runs.time, "time_ns", lambda: os.stat(library).st_mtime_ns)  # just written: read again
    sources = runs.source_inputs(settings)
    library.write_text(text.replace("a", "b", 1), encoding="utf-8")
    assert not runs.sources_unchanged(settings, sources)


def well_after(path: Path) -> int:
    """A moment well after `path` was last written."""
    return os.stat(path).st_mtime_ns + 10_000_000_000
