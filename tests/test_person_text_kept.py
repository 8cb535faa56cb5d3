"""What a person put in `docs/` or `sources/notes/` survives the generator's runs, also
in the corners: a folder where a page goes, a page replaced by a link, a lost state, a
run that moved hand edits into notes and then failed."""

from __future__ import annotations

import os
import shutil

import pytest

from generator import archive
from generator.archive import HandEditedError, add_to_notes, open_state, write_outputs


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "docs").mkdir()
    return tmp_path


def write(root, outputs, **options):
    return write_outputs(open_state(root, root / "docs"), outputs, **options)


def test_a_folder_where_a_file_goes_stops_the_run_before_anything_is_replaced(docs):
    write(docs, {"archive/2024/03.md": "March\n", "papers/a.md": "A\n"})
    (docs / "docs" / "archive" / "2024" / "03.md").unlink()
    (docs / "docs" / "archive" / "2024" / "03.md").mkdir()
    with pytest.raises(HandEditedError) as stopped:
        write(docs, {"archive/2024/03.md": "March again\n", "papers/a.md": "A2\n"}, force=True)
    assert "archive/2024/03.md: a folder where a generated file goes; move it away" in "\n".join(stopped.value.messages)
    assert not (docs / archive.STATE_DIR / archive.JOURNAL).exists()  # nothing committed: no run to finish later


def test_a_page_replaced_by_a_link_to_a_persons_page_leaves_that_page_alone(docs):
    write(docs, {"papers/a.md": "A\n"})
    mine = docs / "docs" / "reading.md"
    mine.write_text("# My reading list\n")
    (docs / "docs" / "papers" / "a.md").unlink()
    os.symlink("../reading.md", docs / "docs" / "papers" / "a.md")
    report = write(docs, {"papers/a.md": "A2\n"}, force=True)
    assert mine.read_text() == "# My reading list\n"
    assert not (docs / "docs" / "papers" / "a.md").is_symlink() and report.saved == [("papers/a.md", ".paper-archive/kept/papers/a.md")]


def test_a_lost_state_keeps_a_persons_copies_of_pages_and_edits_of_feeds(docs):
    write(docs, {"papers/a.md": "A\n", "feeds/papers.xml": "<feed/>\n"})
    shutil.copy(docs / "docs" / "papers" / "a.md", docs / "docs" / "my-favourite.md")  # a copy, mark and all
    (docs / "docs" / "feeds" / "papers.xml").write_text("<feed/>\n<!-- mine -->\n")
    shutil.rmtree(docs / archive.STATE_DIR)
    report = write(docs, {"papers/a.md": "A\n", "feeds/papers.xml": "<feed/>\n"})
    assert (docs / "docs" / "my-favourite.md").exists() and report.removed == []
    assert report.saved == [("feeds/papers.xml", ".paper-archive/kept/feeds/papers.xml")]
    assert (docs / archive.STATE_DIR / "kept" / "feeds" / "papers.xml").read_text() == "<feed/>\n<!-- mine -->\n"


def test_what_is_moved_into_a_note_is_moved_once_however_often_a_run_is_repeated(tmp_path):
    notes = tmp_path / "sources" / "notes"
    notes.mkdir(parents=True)
    for _ in range(3):  # a run that moved it and then failed, run again
        add_to_notes(notes, "a-paper", "My thought A")
    assert (notes / "a-paper.md").read_text() == "My thought A\n"
    add_to_notes(notes, "a-paper", "My thought B")
    assert (notes / "a-paper.md").read_text() == "My thought A\n\nMy thought B\n"


def test_a_note_that_is_a_link_is_not_written_through(tmp_path):
    notes = tmp_path / "sources" / "notes"
    notes.mkdir(parents=True)
    private = tmp_path / "private.md"
    private.write_text("reviewer 2 is Bob\n")
    os.symlink(private, notes / "a-paper.md")
    with pytest.raises(archive.ArchiveWriteError, match="a link, which notes are not read through"):
        add_to_notes(notes, "a-paper", "My thought")
    assert private.read_text() == "reviewer 2 is Bob\n"


def test_addresses_yml_with_a_persons_comment_or_an_unknown_key_stops_the_run_in_one_line(sample_project):
    sample_project.generate()
    path = sample_project.root / "addresses.yml"
    written = path.read_text("utf-8")
    entry = next(line for line in written.split("\n") if line.startswith("  "))
    for text, says in ((written + "# keep: the lab's favourite\n", "a comment of yours"),
                       (written.replace(entry, entry + "  # the lab's favourite", 1), "a comment of yours"),
                       (written.replace("papers:", "paperz:", 1), "unknown key 'paperz'")):
        path.write_text(text, "utf-8")
        stopped = sample_project.generate(check=False)
        assert stopped.returncode == 1 and "addresses.yml:" in stopped.stderr and says in stopped.stderr, stopped.stderr
        assert "Traceback" not in stopped.stderr and path.read_text("utf-8") == text
    path.write_text(written, "utf-8")
    sample_project.generate()


def test_a_copy_of_a_generated_page_leaves_docs_but_is_kept(sample_project):
    # Marked as generated, but not written by the archive, whose record is whole: a person put it there.
    sample_project.generate()
    page = sorted(sample_project.papers.glob("*.md"))[0]
    copy = sample_project.papers / "my-copy.md"
    copy.write_bytes(page.read_bytes())
    run = sample_project.generate()
    kept = sample_project.root / ".paper-archive" / "kept" / "papers" / "my-copy.md"
    assert not copy.exists() and kept.read_bytes() == page.read_bytes()
    assert "papers/my-copy.md: a copy of a generated page" in run.stdout + run.stderr
    # A copy edited by hand stops the run, as an edited page does, and says what it is.
    copy.write_bytes(page.read_bytes() + b"\nMy remark.\n")
    stopped = sample_project.generate(check=False)
    assert stopped.returncode == 1 and copy.is_file()
    assert "my-copy.md: a copy of a generated page that the archive did not write, but the page was edited" in stopped.stderr
