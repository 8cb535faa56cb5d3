"""A person's notes files as editors save them: UTF-8 with or without a byte-order mark,
UTF-16 (Windows Notepad's "Unicode"), or bytes that are not text (its "ANSI"), which are
reported with their line and left as they are, never published garbled or rewritten."""

from __future__ import annotations

import codecs
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import notes
from generator.addresses import AddressesError
from generator.archive import read_addresses, read_notes
from generator.taxonomy import TaxonomyError, load_taxonomy

FIRST = {"title": "Graph Networks, Revisited", "abstract": "We revisit message passing on molecules.", "date": "2024-03-01"}
SECOND = {"title": "Sparse Attention at Scale", "abstract": "We study sparse attention for long inputs.", "date": "2024-03-05"}
ANSI = "First line, plain.\nCafé au lait, in Windows-1252.\n".encode("cp1252")
ADDED = "My own remark: the ablation in section 4 is missing the baseline."


def _project_with_two_papers(project) -> dict[str, str]:
    project.add_source("papers.jsonl", "".join(json.dumps(paper) + "\n" for paper in (FIRST, SECOND)))
    project.generate()
    slugs = {}
    for path in project.paper_pages():
        text = path.read_text("utf-8")
        slugs[FIRST["title"] if FIRST["title"] in text else SECOND["title"]] = path.stem
    return slugs


def test_notes_with_a_byte_order_mark_or_in_utf16_are_shown_as_written(project):
    slugs = _project_with_two_papers(project)
    notes = project.sources / "notes"
    notes.mkdir()
    (notes / f"{slugs[FIRST['title']]}.md").write_bytes("\ufeffCafé notes, saved with a mark.\n".encode("utf-8"))
    (notes / f"{slugs[SECOND['title']]}.md").write_bytes("Über die Notizen — 注释.\n".encode("utf-16"))
    result = project.generate()
    assert "problems: 0" in result.stdout, result.stderr
    first = (project.papers / f"{slugs[FIRST['title']]}.md").read_text("utf-8")
    second = (project.papers / f"{slugs[SECOND['title']]}.md").read_text("utf-8")
    assert "Café notes, saved with a mark." in first and "\ufeff" not in first
    assert "Über die Notizen — 注释." in second and "\x00" not in second


def test_a_note_that_is_not_text_is_reported_with_its_line_and_not_published(project):
    slugs = _project_with_two_papers(project)
    notes = project.sources / "notes"
    notes.mkdir()
    note = notes / f"{slugs[FIRST['title']]}.md"
    note.write_bytes(ANSI)
    result = project.generate()
    assert f"sources/notes/{note.name}:2: not UTF-8 text (byte " in result.stderr
    assert "the note is not published" in result.stderr and "Traceback" not in result.stderr
    page = (project.papers / note.name).read_text("utf-8")
    assert "First line, plain." not in page and "\ufffd" not in page
    assert note.read_bytes() == ANSI
    strict = project.generate("--strict", check=False)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def test_keep_edits_leaves_a_note_that_is_not_text_and_the_edited_page_as_they_are(project):
    slugs = _project_with_two_papers(project)
    slug = slugs[FIRST["title"]]
    notes = project.sources / "notes"
    notes.mkdir()
    note = notes / f"{slug}.md"
    note.write_bytes(ANSI)
    page = project.papers / f"{slug}.md"
    edited = page.read_text("utf-8").replace("## Abstract", f"{ADDED}\n\n## Abstract")
    page.write_text(edited, "utf-8")
    result = project.generate("--keep-edits", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"sources/notes/{slug}.md:2: not UTF-8 text (byte " in result.stderr
    assert f"what you added to docs/papers/{slug}.md is moved into it then" in result.stderr
    assert "nothing was written" in result.stderr
    assert page.read_text("utf-8") == edited and note.read_bytes() == ANSI


def test_keep_edits_stops_on_a_page_edited_in_bytes_that_are_not_text(project):
    slugs = _project_with_two_papers(project)
    slug = slugs[FIRST["title"]]
    page = project.papers / f"{slug}.md"
    text = page.read_text("utf-8").replace("## Abstract", "Remarque : café.\n\n## Abstract")
    edited = text.encode("cp1252")
    page.write_bytes(edited)
    result = project.generate("--keep-edits", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = text.split("\n").index("Remarque : café.") + 1
    assert f"docs/papers/{slug}.md:{line}: edited by hand, and not UTF-8 text (byte " in result.stderr
    assert page.read_bytes() == edited and not (project.sources / "notes").exists()


_MARKS = st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE])


@settings(max_examples=200, deadline=None)
@given(_MARKS, st.binary(max_size=300) | st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_any_bytes_a_person_writes_give_text_or_one_problem_with_its_line(mark, data):
    # Notes, the addresses file and the taxonomy: text, or a `path:line` problem; never a traceback.
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "notes").mkdir()
        (root / "notes" / "a-paper.md").write_bytes(mark + data)
        files, unreadable = read_notes(root / "notes")
        placed = notes.place(files, {"a-paper"}, {}, unreadable)
        problems = notes.problems(placed, lambda stem: f"sources/notes/{stem}.md")
        assert ("a-paper" in files) != bool(problems)
        assert all(problem.line is not None and problem.line >= 1 for problem in problems)
        (root / "addresses.yml").write_bytes(mark + data)
        try:
            read_addresses(root / "addresses.yml")
        except AddressesError as error:
            assert str(error).startswith("addresses.yml")
        (root / "taxonomy.yml").write_bytes(mark + data)
        try:
            load_taxonomy(root / "taxonomy.yml")
        except TaxonomyError as error:
            assert str(error).startswith(str(root / "taxonomy.yml"))


def test_an_addresses_file_that_is_a_named_pipe_is_an_error_before_it_is_read_or_written(tmp_path):
    # Taken for no file, it was then read to be put back (waiting for a writer for ever).
    import os

    os.mkfifo(tmp_path / "addresses.yml")
    try:
        read_addresses(tmp_path / "addresses.yml")
    except AddressesError as error:
        assert str(error) == "addresses.yml: a named pipe, socket or device, not the file of the papers' addresses; move it away"
    else:
        raise AssertionError("a named pipe was read as an empty addresses file")
