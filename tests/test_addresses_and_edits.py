"""Addresses never move once published, also in clean builds; a moved one redirects;
hand edits are kept as notes, never lost, never shown twice."""

from __future__ import annotations

import json
import re
import shutil

import frontmatter

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
    shutil.rmtree(project.root / ".paper-archive")
    shutil.rmtree(project.papers)
    project.build()
    assert f"url=../{new}/" in project.html(f"papers/{old}")
    search = json.dumps(project.search_fragments())
    assert f"papers/{old}/" not in search


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
