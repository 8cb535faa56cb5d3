"""Every record is checked and bounded after its reader; inputs stay inside sources/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import frontmatter
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Record
from generator.readers import ReadSettings, parse_text, read_sources
from generator.readers.validate import LIMITS, UNWRITABLE, real_date, validate


def record(**fields) -> Record:
    return Record(**{"title": "A title", "source": "sources/x.jsonl:3", "format": "jsonl", **fields})


def test_impossible_dates_keep_what_is_real_with_file_and_line_and_the_paper_kept():
    kept = {"2024-13-45": "2024", "2024-02-30": "2024-02", "2023-02-29": "2023-02", "2024-00": "2024", "0000": None,
            "March 2024": None}
    for bad, real in kept.items():
        checked, problems = validate(record(date=bad, updated=bad, listing_date=bad))
        assert (checked.date, checked.updated, checked.listing_date) == (real, real, real)
        kind = "unreadable" if bad == "March 2024" else "impossible"
        assert len(problems) == 3 and all(str(p).startswith(f"sources/x.jsonl:3: {kind}") for p in problems)
    for good in ("2024", "2024-02", "2024-02-29"):
        assert validate(record(date=good))[0].date == good and real_date(good)


def test_impossible_months_and_days_of_bibtex_and_ris_are_reported_not_reduced():
    bib = ("@article{a, title = {Thirteen}, year = {2024}, month = {13}}\n"
           "@article{b, title = {Unknown month}, year = {2015}, month = {0}}\n"
           "@article{c, title = {Dated}, date = {2024-13-45}}\n"
           "@article{d, title = {Superscript month}, year = {2024}, month = {²}}\n")
    ris = ("TY  - JOUR\nTI  - Thirteen\nPY  - 2024/13/45/\nER  - \n"
           "TY  - JOUR\nTI  - Unknown day\nPY  - 2015/06/00/\nER  - \n"
           "TY  - JOUR\nTI  - Month only\nDA  - 2024/02/\nER  - \n")
    records, problems = parse_text(Path("sources/x.bib"), bib, "sources/x.bib", ReadSettings())
    assert [record.date for record in records] == ["2024", "2015", "2024", "2024"]
    assert [str(problem) for problem in problems] == [
        "sources/x.bib:1: impossible date '2024-13'; the paper keeps '2024'",
        "sources/x.bib:3: impossible date '2024-13-45'; the paper keeps '2024'",
    ]
    records, problems = parse_text(Path("sources/x.ris"), ris, "sources/x.ris", ReadSettings())
    assert [record.date for record in records] == ["2024", "2015-06", "2024-02"]
    assert [str(problem) for problem in problems] == [
        "sources/x.ris:1: impossible date '2024-13-45'; the paper keeps '2024'"]


def test_unwritable_characters_are_replaced_and_reported_nothing_else_lost():
    checked, problems = validate(record(title="Bad \ud800 title", abstract="one\x00two\x07\nthree\tfour"))
    assert checked.title == "Bad \ufffd title"
    assert checked.abstract == "onetwo\nthree\tfour"
    assert [str(p) for p in problems] == [
        "sources/x.jsonl:3: title: 1 lone surrogate(s) replaced by U+FFFD",
        "sources/x.jsonl:3: abstract: 2 control character(s) removed",
    ]
    checked.title.encode("utf-8")  # writable now


def test_control_characters_that_windows_1252_writes_as_quotes_and_dashes_are_those_characters():
    # A CSL item of the csl-editor's example data (citation-style-language/csl-editor, `src/exampleData.js`): the
    # abstract's "authors\u0092 argument", Windows text read as Latin-1 by the tool that wrote it.
    checked, problems = validate(record(abstract="the authors\x92 argument \x93holds\x94 \x96 mostly\x81"))
    assert checked.abstract == "the authors’ argument “holds” – mostly"
    assert [str(p) for p in problems] == [
        "sources/x.jsonl:3: abstract: 4 control character(s) read as the Windows-1252 characters they stand for "
        "and 1 control character(s) removed"]


def test_control_characters_that_end_a_line_keep_the_words_apart():
    # A form feed where text copied from a PDF changes page, a lone carriage return, U+0085.
    checked, problems = validate(record(title="Graph\x0cNetworks", abstract="First part.\x0cSecond\rthird\x85fourth\r\nfifth"))
    assert checked.title == "Graph Networks"
    assert checked.abstract == "First part. Second third fourth\nfifth"
    assert [str(p) for p in problems] == [
        "sources/x.jsonl:3: title: 1 line-ending control character(s) made spaces",
        "sources/x.jsonl:3: abstract: 3 line-ending control character(s) made spaces and 1 control character(s) removed",
    ]


def test_no_character_validation_replaces_or_removes_is_printable():
    # Text that is printable throughout is let through without the search for such characters.
    assert [hex(code) for code in range(sys.maxunicode + 1) if UNWRITABLE.match(chr(code)) and chr(code).isprintable()] == []


def test_fields_are_bounded_with_a_warning():
    checked, problems = validate(
        record(
            title="word " * 400,
            abstract="x" * (LIMITS["abstract"] + 10),
            authors=tuple(f"Author {n}" for n in range(LIMITS["authors"] + 5)),
            tags=("t" * (LIMITS["tag"] + 1),) + tuple(f"tag {n}" for n in range(1000)),
        )
    )
    assert len(checked.title) <= LIMITS["title"] and checked.title.endswith("…")
    assert len(checked.abstract) <= LIMITS["abstract"]
    assert len(checked.authors) == LIMITS["authors"]
    assert len(checked.tags) == LIMITS["tags"]
    messages = " | ".join(str(p) for p in problems)
    for expected in ("title is", "abstract is", "authors, only the first", "tags, only the first", f"longer than {LIMITS['tag']}"):
        assert expected in messages
    assert all(str(p).startswith("sources/x.jsonl:3: ") for p in problems)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=60),
    st.text(max_size=200),
    st.lists(st.text(max_size=20), max_size=5),
    st.one_of(st.none(), st.text(max_size=12)),
)
def test_any_record_comes_out_writable_and_bounded(title, abstract, tags, when):
    checked, problems = validate(record(title=title, abstract=abstract, tags=tuple(tags), date=when))
    for value in (checked.title, checked.abstract, *checked.tags):
        value.encode("utf-8")
    assert checked.date is None or real_date(checked.date)
    assert all(p.line == 3 for p in problems)


def test_surrogate_in_json_lines_is_reported_as_file_and_line_and_the_rest_builds(project):
    project.add_source(
        "papers.jsonl",
        '{"title": "Broken \\ud800 title", "abstract": "Graph neural networks for chemistry."}\n'
        '{"title": "Fine paper", "abstract": "Transformers for vision.", "date": "2024-03-01"}\n',
    )
    project.add_source(
        "list.bib",
        "@article{bad, title={Impossible day}, author={Doe, Jane}, date={2024-13-45}, abstract={About graphs.}}\n",
    )
    project.add_source("2024-03-14-listing.txt", "Feb 30\n\nA listed paper\n\nAbout language models.\n")
    result = project.generate()
    assert "sources/papers.jsonl:1: title: 1 lone surrogate(s) replaced by U+FFFD" in result.stderr
    assert "sources/list.bib:1: impossible date '2024-13-45'; the paper keeps '2024'" in result.stderr
    assert "sources/2024-03-14-listing.txt:1: impossible listing date 'Feb 30'" in result.stderr
    assert "has no year" not in result.stderr
    built = project.build(strict=False)
    assert "Traceback" not in built.stderr
    assert len(project.paper_pages()) == 4
    assert "Broken \ufffd title" in project.html("papers/broken-title")


def test_links_out_of_sources_are_refused_links_inside_are_read(project, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("Secret title line\n\nroot:x:0:0:root:/root:/bin/bash\n", "utf-8")
    project.add_source("real.txt", "Mar 14\n\nA real paper\n\nAbout graph neural networks.\n")
    os.symlink(secret, project.sources / "passwd.txt")
    os.symlink(outside, project.sources / "linked-folder")
    os.symlink(project.sources / "real.txt", project.sources / "alias.txt")
    (project.sources / "loop").mkdir()
    os.symlink(project.sources / "loop", project.sources / "loop" / "again")
    os.symlink("round2.txt", project.sources / "round1.txt")  # two links to each other
    os.symlink("round1.txt", project.sources / "round2.txt")
    records, problems = read_sources(project.sources, project.root, ReadSettings(2024))
    assert {r.source.split(":")[0] for r in records} == {"sources/real.txt", "sources/alias.txt"}
    assert sorted(str(p) for p in problems) == [
        "sources/linked-folder: a link that leads out of the sources folder; not read",
        "sources/passwd.txt: a link that leads out of the sources folder; not read",
        "sources/round1.txt: a link round a loop of links; not read",
        "sources/round2.txt: a link round a loop of links; not read",
    ]
    project.build(strict=False)
    site_text = " ".join(p.read_text("utf-8", errors="replace") for p in Path(project.site).rglob("*.html"))
    assert "root:x:0:0" not in site_text and "Secret title" not in site_text


def test_a_sources_folder_outside_the_project_puts_no_path_of_the_disk_on_pages(project, tmp_path):
    library = tmp_path / "Users" / "alice" / "Zotero" / "exports"
    library.mkdir(parents=True)
    (library / "My Library.bib").write_text(
        "@article{doe2020,\n  title = {A paper from an exported library},\n  author = {Doe, Jane},\n"
        "  year = {2020},\n  journal = {Journal of Tests}\n}\n", "utf-8")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      sources: sources\n", f"      sources: {library}\n"), "utf-8")
    project.generate()
    [page] = project.paper_pages()
    assert frontmatter.load(page)["sources"] == ["My Library.bib:1"]
    published = [path for path in project.docs.rglob("*") if path.is_file() and "alice" in path.read_text("utf-8", "replace")]
    assert published == []


def test_notes_linked_from_outside_are_not_read(project, tmp_path):
    from generator.archive import read_notes

    (project.sources / "notes").mkdir()
    secret = tmp_path / "secret.md"
    secret.write_text("private", "utf-8")
    os.symlink(secret, project.sources / "notes" / "a-paper.md")
    (project.sources / "notes" / "b-paper.md").write_text("mine", "utf-8")
    notes, unreadable = read_notes(project.sources / "notes")
    # Said, not skipped: the note's paper would otherwise show nothing of it, and a run moving
    # hand edits into notes would write through the link into the private file.
    assert notes == {"b-paper": "mine"} and [(stem, str(error)) for stem, error in unreadable.items()] == [
        ("a-paper", "a link leading out of the sources folder, not read")]
    linked_folder = tmp_path / "elsewhere"
    linked_folder.mkdir()
    (linked_folder / "c-paper.md").write_text("also private", "utf-8")
    os.symlink(linked_folder, project.root / "more-notes")
    assert read_notes(project.root / "more-notes")[1].keys() == {"c-paper"}


def test_backups_autosaves_and_temporary_files_of_tools_are_not_read(project):
    entry = "@article{{{key},\n  title = {{{title}}},\n  author = {{Doe, Jane}},\n  year = {{2024}}\n}}\n"
    saved = entry.format(key="a", title="Vision Transformers at Tiny Scale") + entry.format(key="b", title="Graph Networks Revisited")
    project.add_source("lib.bib", saved)
    for name, title in [("lib.bib~", "Vision Transformers at Small Scale"), ("#lib.bib#", "Vision Transformers Half Typed"),
                        ("lib.bib.bak", "A Backed Up Title"), ("sed4fGh2k", "A Title Sed Was Writing"),
                        ("4913", "A Probe Of Vim"), ("lib.bib___jb_tmp___", "A Title JetBrains Was Writing")]:
        project.add_source(name, entry.format(key="a", title=title))
    project.add_source("x.txt~", "Mar 14\n\nAn old listing\n\nAbout graph neural networks.\n")
    records, problems = read_sources(project.sources, project.root, ReadSettings(2024))
    assert sorted((r.title, r.source) for r in records) == [
        ("Graph Networks Revisited", "sources/lib.bib:6"), ("Vision Transformers at Tiny Scale", "sources/lib.bib:1")]
    assert problems == []
    result = project.generate("--strict")
    assert "warning" not in result.stderr.lower()
    pages = {frontmatter.load(page)["title"]: frontmatter.load(page)["sources"] for page in project.paper_pages()}
    assert pages == {"Vision Transformers at Tiny Scale": ["sources/lib.bib:1"], "Graph Networks Revisited": ["sources/lib.bib:6"]}


def test_only_the_names_tools_leave_are_skipped():
    from generator.readers import is_leftover

    for name in ("lib.bib~", "lib.bib.~1~", "#lib.bib#", ".#lib.bib", "LIB.BAK", "x.orig", "x.rej", "x.swp", "x.tmp",
                 "x.temp", "lib.bib___jb_old___", "lib.bib.crswap", "sedAB12cd", "Thumbs.db", "desktop.ini",
                 "x.jsonl.part", "x.json.crdownload", "~$report.docx", ".DS_Store"):
        assert is_leftover(name), name
    for name in ("lib.bib", "2024-03-14-trending-papers.txt", "sediment", "sediments.bib", "sedAB12c.bib", "4913.bib",
                 "x.jsonl", "backup.txt", "tmp.jsonl", "Zotero export"):
        assert not is_leftover(name), name
