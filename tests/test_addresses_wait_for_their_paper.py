"""A paper missing from the sources for a while (a file saved empty, an entry half
typed, another branch checked out) keeps its address and the moves leading to it:
when it returns, so do its redirects and the notes that followed it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import frontmatter
import pytest
import yaml

from generator import archive
from generator.addresses import Addresses, record, redirect_outputs
from generator.model import Paper
from tests.test_addresses_and_edits import FIRST, SECOND, jsonl, notes_section

FIRST_SLUG = "graph-networks-revisited"
RENAMED = {**FIRST, "title": "Message Passing on Molecules, Revisited"}
RENAMED_SLUG = "message-passing-on-molecules-revisited"
NOTE = "Compare with the 2019 benchmark."
# Two ways a source loses its paper for one run.
EMPTY = ""
HALF_TYPED = jsonl(RENAMED).replace('"abstract":', '"abstract"')


def moved_of(project) -> dict[str, str]:
    return yaml.safe_load((project.root / "addresses.yml").read_text("utf-8"))["moved"]


def redirect_of(project, slug: str) -> str | None:
    """Where the page at `slug` redirects to (None when there is no redirect page)."""
    page = project.papers / f"{slug}.md"
    return frontmatter.load(page).get("redirect") if page.is_file() else None


def generated(project) -> dict[str, str]:
    files = {path.relative_to(project.docs).as_posix(): path.read_text("utf-8") for path in project.docs.rglob("*.md")}
    return {**files, "addresses.yml": (project.root / "addresses.yml").read_text("utf-8")}


@pytest.mark.parametrize("broken", [EMPTY, HALF_TYPED], ids=["empty", "half-typed"])
def test_a_paper_missing_for_one_run_gets_its_redirects_and_notes_back(project, broken):
    source = project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    note = project.sources / "notes" / f"{FIRST_SLUG}.md"
    note.parent.mkdir()
    note.write_text(f"{NOTE}\n", "utf-8")
    source.write_text(jsonl(RENAMED), "utf-8")
    project.generate()
    assert moved_of(project) == {FIRST_SLUG: RENAMED_SLUG}
    assert redirect_of(project, FIRST_SLUG) == f"{RENAMED_SLUG}.md"
    source.write_text(broken, "utf-8")
    missing = project.generate()
    # The move is history: it stays recorded, but no page redirects to a paper that is not there.
    assert moved_of(project) == {FIRST_SLUG: RENAMED_SLUG}
    assert not (project.papers / f"{FIRST_SLUG}.md").exists() and not (project.papers / f"{RENAMED_SLUG}.md").exists()
    assert f"no paper has the address '{FIRST_SLUG}'" in missing.stderr
    source.write_text(jsonl(RENAMED), "utf-8")
    back = project.generate()
    assert moved_of(project) == {FIRST_SLUG: RENAMED_SLUG}
    assert redirect_of(project, FIRST_SLUG) == f"{RENAMED_SLUG}.md"
    assert NOTE in notes_section((project.papers / f"{RENAMED_SLUG}.md").read_text("utf-8"))
    assert "problems: 0" in back.stdout
    # The same files without the cache, and from a clean checkout (the committed addresses.yml only).
    expected = generated(project)
    shutil.rmtree(project.root / ".paper-archive" / "cache")
    project.generate()
    assert generated(project) == expected
    shutil.rmtree(project.root / ".paper-archive")
    shutil.rmtree(project.papers)
    project.build()
    assert generated(project) == expected
    assert f'http-equiv="refresh" content="0; url=../{RENAMED_SLUG}/"' in project.html(f"papers/{FIRST_SLUG}")
    assert project.html(f"papers/{RENAMED_SLUG}").count(NOTE) == 1


def test_a_missing_papers_address_is_not_given_to_another(project):
    source = project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    source.write_text(EMPTY, "utf-8")
    project.generate()
    # While the first paper is missing, a paper whose title gives the same slug comes.
    source.write_text(jsonl(SECOND), "utf-8")
    project.generate()
    [second] = [path.stem for path in project.paper_pages()]
    assert second.startswith(f"{FIRST_SLUG}-")
    source.write_text(jsonl(SECOND, FIRST), "utf-8")
    project.generate()
    assert frontmatter.load(project.papers / f"{FIRST_SLUG}.md")["title"] == FIRST["title"]
    assert frontmatter.load(project.papers / f"{second}.md")["title"] == SECOND["title"]
    # A clean checkout where the first paper is missing holds its address too.
    source.write_text(jsonl(SECOND), "utf-8")
    shutil.rmtree(project.root / ".paper-archive")
    shutil.rmtree(project.papers)
    project.generate()
    assert [path.stem for path in project.paper_pages()] == [second]


def test_a_paper_back_under_a_new_title_takes_its_moves_along(project):
    source = project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    (project.sources / "notes").mkdir()
    (project.sources / "notes" / f"{FIRST_SLUG}.md").write_text(f"{NOTE}\n", "utf-8")
    source.write_text(jsonl(RENAMED), "utf-8")
    project.generate()
    source.write_text(EMPTY, "utf-8")
    project.generate()
    # It comes back titled anew, its abstract the same.
    source.write_text(jsonl({**FIRST, "title": "Molecules Revisited"}), "utf-8")
    project.generate()
    assert moved_of(project) == {FIRST_SLUG: "molecules-revisited", RENAMED_SLUG: "molecules-revisited"}
    assert redirect_of(project, FIRST_SLUG) == redirect_of(project, RENAMED_SLUG) == "molecules-revisited.md"
    assert NOTE in notes_section((project.papers / "molecules-revisited.md").read_text("utf-8"))
    addresses = (project.root / "addresses.yml").read_text("utf-8")
    assert f"\n  {RENAMED_SLUG}: title:" not in addresses  # no longer waiting for its paper


def test_a_move_waits_for_its_paper_without_a_redirect_page():
    earlier = record(Addresses(), [Paper(key="arxiv:2401.00001", title="B", slug="b")], {"a": "b"})
    gone = record(earlier, [], {})
    assert gone == Addresses(papers={"b": "arxiv:2401.00001"}, moved={"a": "b"})
    assert redirect_outputs(gone.moved, []) == {}
    back = record(gone, [Paper(key="arxiv:2401.00001", title="B", slug="b")], {})
    assert back == earlier and list(redirect_outputs(back.moved, [Paper(key="arxiv:2401.00001", title="B", slug="b")])) == ["papers/a.md"]


def test_moves_of_a_missing_paper_join_when_it_returns_elsewhere():
    waiting = Addresses(papers={"b": "arxiv:2401.00001"}, moved={"a": "b"})
    back = record(waiting, [Paper(key="arxiv:2401.00002", title="C", slug="c")], {"b": "c"})
    assert back == Addresses(papers={"c": "arxiv:2401.00002"}, moved={"a": "c", "b": "c"})



# `paper-archive generate`, killed (SIGKILL: no clean-up of any kind) where the run calls
# `generator.archive.<name>`.
KILLED_RUN = """
import os, signal, sys
from generator import archive, cli
setattr(archive, sys.argv[1], lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL))
sys.argv[1:] = ["generate"]
cli.main()
"""


@pytest.mark.parametrize("killed_at", ["commit", "remember_files"])
def test_a_run_killed_around_its_commit_leaves_the_next_its_move(project, killed_at):
    # Before its pages are committed (addresses.yml is already written), or after (the
    # pages are): the next run finishes the move, and the old address redirects.
    source = project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    source.write_text(jsonl(RENAMED), "utf-8")
    assert hasattr(archive, killed_at)
    killed = subprocess.run([sys.executable, "-c", KILLED_RUN, killed_at], cwd=project.root,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert moved_of(project) == {FIRST_SLUG: RENAMED_SLUG}
    project.generate()
    assert moved_of(project) == {FIRST_SLUG: RENAMED_SLUG}
    assert redirect_of(project, FIRST_SLUG) == f"{RENAMED_SLUG}.md"
    assert frontmatter.load(project.papers / f"{RENAMED_SLUG}.md")["title"] == RENAMED["title"]


def test_a_run_stopped_by_a_hand_edit_leaves_addresses_yml_as_it_was(project):
    source = project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    before = (project.root / "addresses.yml").read_bytes()
    page = project.papers / f"{FIRST_SLUG}.md"
    page.write_text(page.read_text("utf-8") + "\nMy own paragraph.\n", "utf-8")
    source.write_text(jsonl(RENAMED), "utf-8")
    stopped = project.generate(check=False)
    assert stopped.returncode != 0 and "edited by hand" in stopped.stdout + stopped.stderr
    # Nothing was replaced, so nothing records the move that did not happen.
    assert (project.root / "addresses.yml").read_bytes() == before
    assert "My own paragraph." in page.read_text("utf-8")


def test_keep_edits_on_a_page_whose_paper_moved_saves_the_page_and_ends_the_stop(project):
    source = project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    page = project.papers / f"{FIRST_SLUG}.md"
    page.write_text(page.read_text("utf-8") + "\nMy own paragraph.\n", "utf-8")
    source.write_text(jsonl(RENAMED), "utf-8")
    stopped = project.generate(check=False)
    assert stopped.returncode != 0 and f"its paper moved to papers/{RENAMED_SLUG}.md" in stopped.stderr, stopped.stderr
    kept = project.generate("--keep-edits")
    # The page becomes the redirect; what it held is saved whole, and the person is told where.
    saved = project.root / ".paper-archive" / "kept" / "papers" / f"{FIRST_SLUG}.md"
    assert f"the edited page is saved as .paper-archive/kept/papers/{FIRST_SLUG}.md" in kept.stdout + kept.stderr
    assert "My own paragraph." in saved.read_text("utf-8")
    assert redirect_of(project, FIRST_SLUG) == f"{RENAMED_SLUG}.md"
    again = project.generate()
    assert "0 written" in again.stdout and "edited by hand" not in again.stdout + again.stderr


def test_an_address_renamed_in_addresses_yml_is_published_here_as_in_a_clean_checkout(project):
    # addresses.yml pulled from a collaborator, or an address renamed in it: a clean checkout
    # (CI) publishes the file's address, so a run beside the old pages must too, and the
    # page's old address redirects.
    project.add_source("papers.jsonl", jsonl(FIRST))
    project.generate()
    path = project.root / "addresses.yml"
    path.write_text(path.read_text("utf-8").replace(f"  {FIRST_SLUG}:", "  graph-networks-again:"), "utf-8")
    result = project.generate()
    assert (project.papers / "graph-networks-again.md").is_file()
    assert redirect_of(project, FIRST_SLUG) == "graph-networks-again.md"
    assert moved_of(project) == {FIRST_SLUG: "graph-networks-again"}
    assert f"{FIRST_SLUG}.md: addresses.yml gives its paper the address 'graph-networks-again'" in result.stdout + result.stderr
    project.generate()  # and it stays so
    assert moved_of(project) == {FIRST_SLUG: "graph-networks-again"} and (project.papers / "graph-networks-again.md").is_file()
