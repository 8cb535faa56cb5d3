"""`--keep-edits` on a page whose generated text a person corrected: the run names the
file that text comes from, to be corrected there (a paper's source, or its notes file)."""

from __future__ import annotations

from tests.test_addresses_and_edits import FIRST, jsonl, slug_of

NOTE = "We discussed this paper on 3 April; the ablation in table two is the key result."


def test_a_corrected_line_of_the_notes_names_the_notes_file(project):
    project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    slug = slug_of(project, FIRST["title"])
    notes_file = project.sources / "notes" / f"{slug}.md"
    notes_file.parent.mkdir()
    notes_file.write_text(NOTE + "\n", "utf-8")
    project.generate()
    page = project.papers / f"{slug}.md"
    page.write_text(page.read_text("utf-8").replace("table two", "table 2"), "utf-8")
    kept = project.generate("--keep-edits")
    [notice] = [text for text in kept.stderr.splitlines() if "generated text" in text]
    assert f"the text comes from sources/notes/{slug}.md: correct it there" in notice
    # The notes file is the person's: left as it was, and the page shows it as it says.
    assert notes_file.read_text("utf-8") == NOTE + "\n" and "table two" in page.read_text("utf-8")
