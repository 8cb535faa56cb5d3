"""Addresses never move once published, also in clean builds; a moved one redirects;
hand edits are kept as notes, never lost, never shown twice."""

from __future__ import annotations

import json
import re

import frontmatter
import yaml
from hypothesis import given, settings, strategies as st

from generator import edits
from generator.model import Paper
from generator.render import render_page
from tests.conftest import make_project

FIRST = {"title": "Graph Networks, Revisited", "abstract": "We revisit message passing on molecules.", "date": "2024-03-01"}
SECOND = {"title": "Graph-Networks Revisited!", "abstract": "A different study of graph transformers.", "date": "2024-03-05"}


def jsonl(*papers) -> str:
    return "".join(json.dumps(paper) + "\n" for paper in papers)


def slug_of(project, title: str) -> str:
    for path in project.paper_pages():
        if frontmatter.load(path).get("title") == title:
            return path.stem
    raise AssertionError(f"no page for {title!r}")


def assert_addresses_kept(project, before: dict[str, str]) -> dict:
    """Each title is at the address it had (`before`), and `addresses.yml` records those
    addresses and no move; returns what it records."""
    assert {title: slug_of(project, title) for title in before} == before
    recorded = yaml.safe_load((project.root / "addresses.yml").read_text("utf-8"))
    assert sorted(recorded["papers"]) == sorted(before.values()) and recorded["moved"] == {}
    return recorded


def clean_build(tmp_path, name: str, papers, addresses: str | None = None):
    project = make_project(tmp_path / name, with_sample=False)
    project.add_source("papers.jsonl", jsonl(*papers))
    if addresses is not None:
        (project.root / "addresses.yml").write_text(addresses, "utf-8")
    project.generate()
    return project


def test_address_is_the_same_in_clean_builds_with_and_without_a_colliding_title(tmp_path):
    both = clean_build(tmp_path, "both", [SECOND, FIRST])
    assert slug_of(both, FIRST["title"]) == "graph-networks-revisited"  # the older paper keeps the plain address
    second = slug_of(both, SECOND["title"])
    assert second.startswith("graph-networks-revisited-")
    recorded = (both.root / "addresses.yml").read_text("utf-8")
    # A clean checkout holds the committed addresses file: removing or adding the neighbour moves nothing.
    alone = clean_build(tmp_path, "alone", [SECOND], recorded)
    assert slug_of(alone, SECOND["title"]) == second
    again = clean_build(tmp_path, "again", [FIRST, SECOND], (alone.root / "addresses.yml").read_text("utf-8"))
    assert (slug_of(again, FIRST["title"]), slug_of(again, SECOND["title"])) == ("graph-networks-revisited", second)
    # Without the file, both in one build still get the same addresses whatever the order of the sources.
    reordered = clean_build(tmp_path, "reordered", [FIRST, SECOND])
    assert slug_of(reordered, SECOND["title"]) == second


def test_an_edited_title_moves_the_page_and_the_old_address_redirects(project):
    source = project.add_source("papers.jsonl", jsonl(FIRST))
    project.build()
    old = slug_of(project, FIRST["title"])
    source.write_text(jsonl({**FIRST, "title": "Message Passing on Molecules, Revisited"}), "utf-8")
    project.build()
    new = slug_of(project, "Message Passing on Molecules, Revisited")
    assert new != old
    redirect = project.html(f"papers/{old}")
    assert f'http-equiv="refresh" content="0; url=../{new}/"' in redirect
    assert f'href="../{new}/"' in redirect
    # Search engines are told, in the head, which page is the paper's; the sitemap lists that one only.
    head = redirect.split("</head>")[0]
    [canonical] = re.findall(r'<link rel="canonical" href="([^"]+)"', head)
    assert canonical.endswith(f"/papers/{new}/") and canonical.startswith("http")
    assert f'<link rel="canonical" href="{canonical}"' in project.html(f"papers/{new}").split("</head>")[0]
    sitemap = (project.site / "sitemap.xml").read_text("utf-8")
    assert f"papers/{new}/</loc>" in sitemap and f"papers/{old}/" not in sitemap
    assert "Message Passing on Molecules, Revisited" in project.html(f"papers/{new}")
    moved = (project.root / "addresses.yml").read_text("utf-8")
    assert f"{old}: {new}" in moved
    # A clean checkout (no .paper-archive/, no docs/papers) with the committed file keeps the redirect.
    project.clean_checkout()
    project.build()
    assert f"url=../{new}/" in project.html(f"papers/{old}")
    search = json.dumps(project.search_fragments())
    assert f"papers/{old}/" not in search


def test_a_title_edit_undone_gives_the_paper_its_address_back(project):
    # Each save of a title typed in the preview is a run: the paper moves on each, and
    # when the title is as it was, so is the address; the addresses passed on redirect there.
    source = project.add_source("papers.jsonl", jsonl(FIRST, SECOND))
    project.generate()
    first, second = slug_of(project, FIRST["title"]), slug_of(project, SECOND["title"])
    typed = []
    for title in ("Graph Networks, Revisited again", "Graph Networks, Revisited once more"):
        source.write_text(jsonl({**FIRST, "title": title}, SECOND), "utf-8")
        project.generate()
        typed.append(slug_of(project, title))
    assert first not in typed and len(set(typed)) == 2
    source.write_text(jsonl(FIRST, SECOND), "utf-8")
    project.build()
    assert (slug_of(project, FIRST["title"]), slug_of(project, SECOND["title"])) == (first, second)
    recorded = yaml.safe_load((project.root / "addresses.yml").read_text("utf-8"))
    assert recorded["moved"] == {slug: first for slug in typed}
    assert recorded["papers"][first].startswith("title:graph networks revisited#")
    for slug in typed:
        assert f'url=../{first}/"' in project.html(f"papers/{slug}")
    assert "message passing on molecules" in project.html(f"papers/{first}").lower()
    # A clean checkout with the committed file gives the same addresses.
    project.clean_checkout()
    project.generate()
    assert slug_of(project, FIRST["title"]) == first
    assert yaml.safe_load((project.root / "addresses.yml").read_text("utf-8")) == recorded


def test_a_paper_added_before_one_of_an_alike_title_does_not_take_its_page(project):
    # Both are known by their titles only; the newcomer comes first in the file and is older.
    source = project.add_source("papers.jsonl", jsonl(SECOND))
    project.generate()
    second = slug_of(project, SECOND["title"])
    source.write_text(jsonl(FIRST, SECOND), "utf-8")
    project.generate()
    assert slug_of(project, SECOND["title"]) == second
    assert slug_of(project, FIRST["title"]) not in (second, "")
    assert yaml.safe_load((project.root / "addresses.yml").read_text("utf-8"))["moved"] == {}


def test_an_edited_abstract_keeps_the_address_in_a_clean_checkout(project):
    # A paper known by its title only: its identity digests its abstract. CI builds from
    # the committed sources and addresses.yml, with no pages of the last run on disk.
    third = {"title": "Sparse Attention at Scale", "abstract": "We study sparse attention.", "date": "2024-02-01"}
    source = project.add_source("papers.jsonl", jsonl(FIRST, third))
    project.generate()
    before = {title: slug_of(project, title) for title in (FIRST["title"], third["title"])}
    source.write_text(jsonl({**FIRST, "abstract": "We revisit message passing on molecules and crystals."}, third), "utf-8")
    project.clean_checkout()
    project.generate()
    assert_addresses_kept(project, before)


def test_an_edited_paper_of_several_alike_titles_keeps_its_address_in_a_clean_checkout(project):
    # Three papers known by one title; one of them changes what tells it apart (its abstract,
    # then its year too): it keeps its address, the others theirs.
    older = {"title": "graph networks revisited", "abstract": "A third study, of proteins.", "date": "2024-02-01"}
    source = project.add_source("papers.jsonl", jsonl(FIRST, SECOND, older))
    project.generate()
    before = {paper["title"]: slug_of(project, paper["title"]) for paper in (FIRST, SECOND, older)}
    for edited in ({**SECOND, "abstract": "A different study of graph transformers, extended."},
                   {**SECOND, "abstract": "A different study of graph transformers, extended.", "date": "2023-01-01"}):
        source.write_text(jsonl(FIRST, edited, older), "utf-8")
        project.clean_checkout()
        project.generate()
        assert_addresses_kept(project, before)


def test_a_paper_gaining_an_arxiv_id_or_doi_keeps_its_address_in_a_clean_checkout(project):
    third = {"title": "Sparse Attention at Scale", "abstract": "We study sparse attention.", "date": "2024-02-01"}
    source = project.add_source("papers.jsonl", jsonl(FIRST, third))
    project.generate()
    before = {title: slug_of(project, title) for title in (FIRST["title"], third["title"])}
    committed = (project.root / "addresses.yml").read_text("utf-8")
    for ids in ({"arxiv": "2401.01234"}, {"doi": "10.1000/xyz"}):
        source.write_text(jsonl({**FIRST, **ids}, third), "utf-8")
        (project.root / "addresses.yml").write_text(committed, "utf-8")
        project.clean_checkout()
        project.generate()
        recorded = assert_addresses_kept(project, before)
        assert recorded["papers"][before[FIRST["title"]]] == next(f"{kind}:{value}" for kind, value in ids.items())


def test_another_paper_of_the_old_title_does_not_take_a_moved_address(project):
    source = project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    first = slug_of(project, FIRST["title"])
    renamed = {**FIRST, "title": "Message Passing on Molecules, Revisited"}
    source.write_text(jsonl(renamed), "utf-8")
    project.generate()
    moved = slug_of(project, renamed["title"])
    # A new paper under the first title, with an abstract of its own: the address stays a redirect.
    other = {**FIRST, "abstract": "Another study altogether, of proteins.", "date": "2024-04-01"}
    source.write_text(jsonl(renamed, other), "utf-8")
    project.generate()
    assert slug_of(project, renamed["title"]) == moved
    assert slug_of(project, other["title"]) != first
    assert yaml.safe_load((project.root / "addresses.yml").read_text("utf-8"))["moved"] == {first: moved}


def test_a_paper_moved_to_another_line_as_its_title_changes_leaves_a_redirect(project):
    # Its source position tells nothing (the line moved, then the file); its abstract does.
    third = {"title": "Sparse Attention at Scale", "abstract": "We study sparse attention.", "date": "2024-02-01"}
    source = project.add_source("papers.jsonl", jsonl(FIRST, third))
    project.generate()
    first = slug_of(project, FIRST["title"])
    (project.sources / "notes").mkdir()
    (project.sources / "notes" / f"{first}.md").write_text("My note on the first paper.\n", "utf-8")
    renamed = {**FIRST, "title": "Message Passing on Molecules"}
    source.write_text(jsonl(third, renamed), "utf-8")
    project.generate()
    new = slug_of(project, renamed["title"])
    assert frontmatter.load(project.papers / f"{first}.md")["redirect"] == f"{new}.md"
    assert "My note on the first paper." in (project.papers / f"{new}.md").read_text("utf-8")
    source.write_text(jsonl(third), "utf-8")
    project.add_source("more.jsonl", jsonl({**renamed, "title": "Message Passing on Crystals"}))
    project.generate()
    last = slug_of(project, "Message Passing on Crystals")
    recorded = yaml.safe_load((project.root / "addresses.yml").read_text("utf-8"))
    assert recorded["moved"] == {first: last, new: last} and first not in recorded["papers"]
    assert "My note on the first paper." in (project.papers / f"{last}.md").read_text("utf-8")


ADDED = "My own remark: the ablation in section 4 is missing the baseline."


def test_keep_edits_moves_what_was_added_into_notes_and_regenerates(project):
    project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    slug = slug_of(project, FIRST["title"])
    page = project.papers / f"{slug}.md"
    text = page.read_text("utf-8")
    page.write_text(text.replace("## Abstract", f"{ADDED}\n\n## Abstract"), "utf-8")
    stopped = project.generate(check=False)
    assert stopped.returncode == 1 and "--keep-edits" in stopped.stderr
    kept = project.generate("--keep-edits")
    assert f"sources/notes/{slug}.md" in kept.stderr
    notes = (project.sources / "notes" / f"{slug}.md").read_text("utf-8")
    assert notes.strip() == ADDED
    regenerated = page.read_text("utf-8")
    body = regenerated.split("\n---\n", 1)[1]
    assert body.count(ADDED) == 1 and "## Notes" in body
    assert body.count("We revisit message passing") == 1
    assert "pages: 0 written" in project.generate().stdout
    project.build()
    html = project.html(f"papers/{slug}")
    assert html.count(ADDED) == 1
    assert len(re.findall(r'<p class="pa-abstract"[^>]*>We revisit message passing on molecules\.', html)) == 1


def test_a_whole_page_moved_into_notes_shows_only_what_was_added(project):
    """Following the old advice literally: `mv docs/papers/<slug>.md sources/notes/`."""
    project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    slug = slug_of(project, FIRST["title"])
    page = project.papers / f"{slug}.md"
    (project.sources / "notes").mkdir()
    edited = page.read_text("utf-8") + f"\n{ADDED}\n"
    (project.sources / "notes" / f"{slug}.md").write_text(edited, "utf-8")
    page.unlink()
    project.generate()
    regenerated = page.read_text("utf-8")
    body = regenerated.split("\n---\n", 1)[1]
    assert body.count(ADDED) == 1
    assert body.count("title:") == 0 and body.count("sources:") == 0
    assert body.count("We revisit message passing") == 1


def notes_section(page_text: str) -> str:
    """What a page shows under Notes ("" when it has none)."""
    body = page_text.split("\n---\n", 1)[1]
    if "## Notes" not in body:
        return ""
    return body.split("## Notes", 1)[1].split("</div>", 1)[0]


def test_a_note_follows_its_paper_to_a_moved_address(project):
    source = project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    old = slug_of(project, FIRST["title"])
    note = project.sources / "notes" / f"{old}.md"
    note.parent.mkdir()
    note.write_text("Compare with the 2019 benchmark.\n", "utf-8")
    project.generate()
    source.write_text(jsonl({**FIRST, "title": "Message Passing on Molecules, Revisited"}), "utf-8")
    moved = project.generate()
    new = slug_of(project, "Message Passing on Molecules, Revisited")
    assert new != old
    assert "Compare with the 2019 benchmark." in notes_section((project.papers / f"{new}.md").read_text("utf-8"))
    # The person's file stays where it is, and the run says where its note is shown.
    assert note.read_text("utf-8") == "Compare with the 2019 benchmark.\n"
    [notice] = [line for line in moved.stderr.splitlines() if f"notes/{old}.md" in line]
    assert f"moved to the address '{new}'" in notice and f"sources/notes/{new}.md is optional" in notice
    assert "problems: 0" in moved.stdout
    # A note written at the new address too: both show, the one at the earlier address first.
    (project.sources / "notes" / f"{new}.md").write_text("Read again in May.\n", "utf-8")
    both = project.generate()
    shown = notes_section((project.papers / f"{new}.md").read_text("utf-8"))
    assert shown.index("Compare with the 2019 benchmark.") < shown.index("Read again in May.")
    assert "joining the two files is optional" in both.stderr
    # A clean checkout with the committed addresses file shows them the same.
    project.clean_checkout()
    project.build()
    html = project.html(f"papers/{new}")
    assert html.count("Compare with the 2019 benchmark.") == 1 and html.count("Read again in May.") == 1
    assert "Compare with the 2019" not in project.html(f"papers/{old}")


def test_a_note_no_paper_has_is_reported(project):
    source = project.add_source("papers.jsonl", jsonl(FIRST, SECOND))
    project.generate()
    notes = project.sources / "notes"
    notes.mkdir()
    (notes / "no-such-paper.md").write_text("Lost words.\n", "utf-8")
    (notes / f"{slug_of(project, SECOND['title'])}.md").write_text("On the second paper.\n", "utf-8")
    first = project.generate()
    expected = "warning: sources/notes/no-such-paper.md: no paper has the address 'no-such-paper'; the note is not published"
    assert expected in first.stderr.splitlines() and "problems: 1" in first.stdout
    # Said again by a run with nothing to do, and --strict fails on it.
    again = project.generate("--strict", check=False)
    assert again.returncode == 1 and expected in again.stderr.splitlines()
    # The paper of a note deleted from the sources: its note is reported the same way.
    second = slug_of(project, SECOND["title"])
    source.write_text(jsonl(FIRST), "utf-8")
    gone = project.generate()
    assert f"warning: sources/notes/{second}.md: no paper has the address '{second}'; the note is not published" in gone.stderr
    assert "problems: 2" in gone.stdout
    assert all("On the second paper" not in page.read_text("utf-8") for page in project.paper_pages())


def test_keep_edits_does_not_copy_a_corrected_abstract_into_notes(project):
    project.add_source("papers.jsonl", jsonl({**FIRST, "abstract": "We revisit mesage passing on molecules."}))
    project.generate()
    slug = slug_of(project, FIRST["title"])
    page = project.papers / f"{slug}.md"
    edited = page.read_text("utf-8").replace("mesage passing on molecules.</p>", "message passing on molecules.</p>")
    edited = edited.replace("## Abstract", f"{ADDED}\n\n## Abstract")
    page.write_text(edited, "utf-8")
    kept = project.generate("--keep-edits")
    # Only the line the person added goes into notes; the page shows the abstract once, as the source has it.
    assert (project.sources / "notes" / f"{slug}.md").read_text("utf-8").strip() == ADDED
    body = page.read_text("utf-8").split("\n---\n", 1)[1]
    assert body.count("pa-abstract") == 1 and body.count("passing on molecules") == 1
    assert "We revisit mesage passing" in body and "pa-abstract" not in notes_section(page.read_text("utf-8"))
    # The corrected page is kept aside, and the run says where to correct the text.
    copy = project.root / ".paper-archive" / "kept" / "papers" / f"{slug}.md"
    assert copy.read_text("utf-8") == edited
    line = edited.splitlines().index('<p class="pa-abstract" data-pagefind-body>We revisit message passing on molecules.</p>') + 1
    [notice] = [text for text in kept.stderr.splitlines() if "generated text" in text]
    assert notice.startswith(f"note: papers/{slug}.md:{line}: ")
    assert "sources/papers.jsonl:1" in notice and f".paper-archive/kept/papers/{slug}.md" in notice
    assert "pages: 0 written" in project.generate().stdout


def test_keep_edits_of_a_corrected_title_alone_writes_no_notes(project):
    project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    slug = slug_of(project, FIRST["title"])
    page = project.papers / f"{slug}.md"
    page.write_text(page.read_text("utf-8").replace(">Graph Networks, Revisited</h1>", ">Graph Networks Revisited</h1>"), "utf-8")
    kept = project.generate("--keep-edits")
    assert not (project.sources / "notes").exists()
    assert ">Graph Networks, Revisited</h1>" in page.read_text("utf-8") and "## Notes" not in page.read_text("utf-8")
    assert "sources/papers.jsonl:1" in kept.stderr


GENERATED = render_page(Paper(key="title:x", title="Graph Networks, Revisited", abstract="We revisit message passing. " * 40,
                              slug="graph-networks-revisited", sources=("sources/a.jsonl:1",)))


BODY = GENERATED.splitlines().index("---", 1) + 1  # the front matter is compared apart (front_matter_changes)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["insert", "replace", "delete"]), st.text(max_size=300)), max_size=6))
def test_page_edits_gives_only_the_edited_pages_lines_for_any_edit(changes):
    lines = GENERATED.splitlines()
    for position, kind, text in changes:
        at = min(BODY + position, len(lines) - 1)
        if kind == "insert":
            lines[at:at] = text.splitlines()
        elif kind == "replace":
            lines[at : at + 1] = text.splitlines()
        else:
            del lines[at]
    edited = "\n".join(lines) + "\n"
    found = edits.page_edits(edited, GENERATED)
    # Separate additions are kept apart by a blank line, which the page itself may lack.
    assert set(found.added.splitlines()) - {""} <= set(edited.splitlines())
    assert found.changed_line is None or 1 <= found.changed_line <= len(lines)
    # What was changed there is generated text, for telling which file it comes from.
    assert set(found.changed_text) <= set(GENERATED.splitlines()) and bool(found.changed_text) == (found.changed_line is not None)
    assert edits.page_edits(GENERATED, GENERATED) == edits.PageEdits("")


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_typo_corrected_in_a_generated_line_is_not_an_addition(data):
    lines = GENERATED.splitlines()
    index = data.draw(st.sampled_from([i for i in range(BODY, len(lines)) if len(lines[i]) >= 20]))
    at = data.draw(st.integers(0, len(lines[index]) - 1))
    letter = data.draw(st.characters(categories=["Ll", "Lu"]).filter(lambda c: c != lines[index][at]))
    lines[index] = lines[index][:at] + letter + lines[index][at + 1 :]
    found = edits.page_edits("\n".join(lines) + "\n", GENERATED)
    assert found == edits.PageEdits("", index + 1, (GENERATED.splitlines()[index],))
