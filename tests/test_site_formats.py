"""Every input format at once beside the sample listing: one page per paper, merged,
problems reported with file:line, notes kept, hand edits refused."""

from __future__ import annotations

import json
import re
import shutil

import frontmatter
import pytest

from tests.conftest import FIXTURES, make_project

READERS = FIXTURES / "readers"
GOOD = [READERS / "arxiv" / "api-query.xml", READERS / "bibtex" / "reading-list.bib", READERS / "jsonl" / "reading-list.jsonl"]
DAMAGED = [READERS / "bibtex" / "damaged-entries.bib", READERS / "jsonl" / "damaged-lines.jsonl"]


def by_title(project):
    return {frontmatter.load(path)["title"]: (path.stem, frontmatter.load(path)) for path in project.paper_pages()}


@pytest.fixture(scope="module")
def merged_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("formats") / "project")
    project.build()
    project.before = by_title(project)
    for path in GOOD + DAMAGED:
        shutil.copy2(path, project.sources / path.name)
    project.strict_result = project.build(check=False)
    project.result = project.build(strict=False)
    return project


def test_damaged_records_are_reported_with_file_and_line_and_strict_fails(merged_site):
    assert merged_site.strict_result.returncode != 0
    log = merged_site.result.stderr
    assert "Traceback" not in log
    warnings = [line for line in log.splitlines() if line.startswith("WARNING") and "paper-archive" in line]
    assert any(re.search(r"sources/damaged-entries\.bib:\d+: ", line) for line in warnings)
    assert any(re.search(r"sources/damaged-lines\.jsonl:2: not valid JSON", line) for line in warnings)
    titles = by_title(merged_site)
    assert {"First Paper", "Second Paper"} <= set(titles)


def test_same_paper_from_four_sources_is_one_page_at_its_old_address(merged_site):
    title = "Barlow Twins: Self-Supervised Learning via Redundancy Reduction"
    old_slug, _ = merged_site.before[title]
    titles = by_title(merged_site)
    assert sum(1 for t in titles if t.startswith("Barlow Twins")) == 1
    slug, page = titles[title]
    assert slug == old_slug
    assert page["authors"][0] == "Jure Zbontar" and "Stéphane Deny" in page["authors"]
    assert page["date"] == "2021-03-04"
    assert page["ids"]["arxiv"] == "2103.03230"
    assert page["links"]["arxiv"] == "https://arxiv.org/abs/2103.03230"
    assert page["links"]["pdf"].startswith("https://arxiv.org/pdf/2103.03230")
    assert page["links"]["code"] == "https://github.com/facebookresearch/barlowtwins"
    origins = {source.split(":")[0] for source in page["sources"]}
    assert origins == {"sources/2024-03-14-trending-papers.txt", "sources/api-query.xml", "sources/reading-list.bib", "sources/reading-list.jsonl"}
    # The person's "self-supervised" is the taxonomy's tag; "vision", on one paper only, is no tag.
    assert {"Self-Supervised Learning", "Computer Vision and Pattern Recognition"} <= set(page["tags"])
    assert "vision" not in page["tags"] and 2 <= len(page["tags"]) <= 8


def test_one_page_per_distinct_paper(merged_site):
    titles = [t.casefold() for t in by_title(merged_site)]
    assert titles.count("attention is all you need") == 1
    assert len(titles) == len(set(titles))


def test_names_and_titles_are_decoded(merged_site):
    for title, (_, page) in by_title(merged_site).items():
        visible = re.sub(r"\$[^$]*\$", "", title)
        assert "{" not in visible and "\\" not in visible, title
        for author in page.get("authors", []):
            assert "{" not in author and "\\" not in author, author
    assert any("München" in title for title in by_title(merged_site))


def test_tex_is_marked_for_rendering(merged_site):
    pages = [p.read_text("utf-8") for p in (merged_site.site / "papers").glob("*/index.html")]
    assert any('<span class="arithmatex">\\(\\mathcal{N}=2\\)</span>' in page for page in pages)
    assert all("katex.min.js" in page for page in pages)


def test_notes_show_on_the_page_and_survive_regeneration(sample_project):
    sample_project.build()
    slug = next(path.stem for path in sample_project.paper_pages() if path.stem.startswith("barlow-twins"))
    notes = sample_project.sources / "notes" / f"{slug}.md"
    notes.parent.mkdir()
    notes.write_text("We read this on **Friday**: compare with SimCLR.\n", encoding="utf-8")
    sample_project.build()
    sample_project.build()
    markup = sample_project.html(f"papers/{slug}")
    assert 'id="notes"' in markup and "<strong>Friday</strong>" in markup
    assert "notes" not in {path.parent.name for path in sample_project.paper_pages()}
    # Notes are searched too.
    assert "compare with SimCLR" in sample_project.search_fragments()[f"papers/{slug}/"]["content"]


def test_hand_edited_page_stops_the_build_and_is_kept(sample_project):
    sample_project.build()
    page = sample_project.paper_pages()[0]
    page.write_text(page.read_text("utf-8") + "\nMy own remark.\n", encoding="utf-8")
    sample_project.add_source("2024-03-15-more.txt", "Mar 15\n\nA New Paper on Graphs\n\nWe study graph neural networks.\n")
    result = sample_project.build(check=False)
    assert result.returncode != 0
    assert f"docs/papers/{page.name}: edited by hand" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert page.read_text("utf-8").endswith("My own remark.\n")
    assert not any(p.stem.startswith("a-new-paper-on-graphs") for p in sample_project.paper_pages())
    forced = sample_project.generate("--force")
    assert "written" in forced.stdout
    assert not page.read_text("utf-8").endswith("My own remark.\n")


def test_cli_strict_exits_non_zero_on_problems(sample_project):
    shutil.copy2(DAMAGED[1], sample_project.sources / DAMAGED[1].name)
    lenient = sample_project.generate()
    assert "problems: " in lenient.stdout and "damaged-lines.jsonl:2:" in lenient.stderr
    strict = sample_project.generate("--strict", check=False)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def test_unknown_files_get_one_clear_message(sample_project):
    sample_project.add_source("figure.png", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    result = sample_project.generate()
    assert "sources/figure.png" in result.stderr and "Traceback" not in result.stderr


def test_strict_build_fails_on_problems_even_when_quiet(project):
    # `-q` silences warnings, and MkDocs' --strict counts only the warnings it shows.
    project.add_source("papers.jsonl", '{"title": "A paper", "abstract": "On graphs."}\n{"title": 5}\n')
    quiet = project.run("mkdocs", "build", "--strict", "-q", check=False)
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    assert "which --strict does not allow: sources/papers.jsonl:2:" in quiet.stderr
    assert project.run("mkdocs", "build", "-q", check=False).returncode == 0


def test_a_sources_folder_that_is_missing_or_a_file_is_one_line(project):
    shutil.rmtree(project.sources)
    missing = project.generate(check=False)
    assert missing.returncode == 1 and "sources: no such folder; put the input files in a folder of that name" in missing.stderr
    project.sources.write_text("a library copied over the folder's name\n", encoding="utf-8")
    a_file = project.generate(check=False)
    assert a_file.returncode == 1 and "sources: a file, not a folder" in a_file.stderr and "Traceback" not in a_file.stderr


def test_a_list_of_authors_cut_short_is_shown_as_the_first_of_more(project):
    # Google Scholar's BibTeX ends long lists in `and others`; JSON Lines in "et al.".
    project.add_source("scholar.bib", "@article{vaswani2017attention,\n  title={Attention is all you need},\n"
                       "  author={Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and others},\n  year={2017},\n"
                       "  abstract={We propose the Transformer, based solely on attention mechanisms.}\n}\n")
    project.add_source("list.jsonl", json.dumps({"title": "Deep residual learning", "abstract": "We present residual nets.",
                                                 "authors": ["Kaiming He", "Xiangyu Zhang", "et al."]}) + "\n"
                       + json.dumps({"title": "Whole list", "abstract": "All named.", "authors": ["Ada Lovelace"]}) + "\n")
    project.build()
    pages = {page["title"]: (path.stem, page) for path in project.paper_pages() for page in [frontmatter.load(path)]}
    slug, attention = pages["Attention is all you need"]
    assert attention["authors"] == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"] and attention["more_authors"] is True
    assert "Ashish Vaswani, Noam Shazeer, Niki Parmar et al.</span>" in project.html(f"papers/{slug}")
    assert project.search_fragments()[f"papers/{slug}/"]["meta"]["authors"] == "Ashish Vaswani, Noam Shazeer, Niki Parmar et al."
    # A citation the archive writes says so too; the source's own keeps its `and others`.
    slug, resnet = pages["Deep residual learning"]
    assert resnet["more_authors"] is True and "author = {Kaiming He and Xiangyu Zhang and others}" in resnet.content
    assert "author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and others}" in attention.content
    index = {entry["title"]: entry for entry in json.loads((project.docs / "papers.json").read_text("utf-8"))}
    assert index["Deep residual learning"]["more_authors"] is True and "more_authors" not in index["Whole list"]
    assert "more_authors" not in pages["Whole list"][1] and "Ada Lovelace</span>" in project.html(f"papers/{pages['Whole list'][0]}")
