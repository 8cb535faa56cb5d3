"""Values of the paper-archive block that no run can work with are one line naming their
place in `mkdocs.yml`, before anything is read or written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import make_project
from tests.test_project_settings import error_lines, with_lines


def generate(project, monkeypatch):
    monkeypatch.chdir(project.root)
    return CliRunner().invoke(main, ["generate"])


@pytest.mark.parametrize("year", ["1000000000000", "-5", "0", "999", "10000", "99999"])
def test_a_listing_year_no_date_can_have_is_refused_with_its_line(tmp_path, monkeypatch, year):
    project = make_project(tmp_path / "site")
    line = with_lines(project, "      sources: sources\n", f"      listing_year: {year}\n")
    result = generate(project, monkeypatch)
    assert result.exit_code == 1
    assert result.output == (f"Error: mkdocs.yml:{line}: option 'listing_year' under the paper-archive plugin: "
                             f"expected a year from 1000 to 9999, but received: {year}\n")
    assert not (project.docs / "papers").exists()


def test_a_listing_year_is_refused_by_mkdocs_build_too(tmp_path):
    project = make_project(tmp_path / "site")
    line = with_lines(project, "      sources: sources\n", "      listing_year: 10000\n")
    result = project.build(check=False)
    assert result.returncode == 1
    assert error_lines(result) == [f"Error: mkdocs.yml:{line}: option 'listing_year' under the paper-archive plugin: "
                                   "expected a year from 1000 to 9999, but received: 10000"]


def test_a_listing_year_in_range_dates_the_listing(tmp_path, monkeypatch):
    project = make_project(tmp_path / "site", with_sample=False)
    project.add_source("trending.txt", "Mar 14\n\nA paper on graphs\n\nWe study graph neural networks.\n")
    with_lines(project, "      sources: sources\n", "      listing_year: 1999\n")
    assert generate(project, monkeypatch).exit_code == 0
    [page] = project.paper_pages()
    assert "date: '1999-03-14'" in page.read_text("utf-8")


@pytest.mark.parametrize(("setting", "expected"), [
    ("      sources: ''\n", ".: the sources folder is the project's own folder"),
    ("      sources: .\n", ".: the sources folder is the project's own folder"),
    ("      sources: docs\n", "docs: the sources folder is docs_dir, where the pages are generated"),
    ("      sources: docs/papers\n", "docs/papers: the sources folder is inside docs_dir (docs), where the pages are generated"),
    ("docs_dir: sources\n", "sources: the sources folder is docs_dir, where the pages are generated"),
    ("docs_dir: sources/site\n", "sources: the sources folder holds docs_dir (sources/site), where the pages are generated"),
])
def test_a_sources_folder_that_is_the_project_or_overlaps_docs_is_refused(tmp_path, monkeypatch, setting, expected):
    project = make_project(tmp_path / "site")
    (project.docs / "papers").mkdir(exist_ok=True)
    (project.sources / "site").mkdir()
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    if setting.startswith("docs_dir"):
        config.write_text(setting + text, "utf-8")
    else:
        config.write_text(text.replace("      sources: sources\n", setting, 1), "utf-8")
    before = sorted(path for path in project.root.rglob("*") if ".paper-archive" not in path.parts)
    result = generate(project, monkeypatch)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {expected}; set `sources:` under the paper-archive plugin"), result.output
    assert sorted(path for path in project.root.rglob("*") if ".paper-archive" not in path.parts) == before
