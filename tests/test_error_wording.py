"""Messages say what is wrong in the reader's words, once, with the line where there is one:
no Python limits, errno texts or paths said twice."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.model import Problem
from generator.readers import ReadSettings, csl_json, jsonl
from generator.tagging import TaxonomyError, load_taxonomy
from tests.conftest import make_project

SETTINGS = ReadSettings()


def test_a_json_lines_number_too_long_for_python_is_said_as_csl_json_says_it():
    line = '{"title": "Huge", "abstract": "A.", "year": ' + "9" * 5000 + "}"
    assert jsonl.read_line(line, 4, "sources/a.jsonl", SETTINGS) == (
        [], [Problem("sources/a.jsonl", 4, "not valid JSON: a number is too long; line skipped")])


@pytest.mark.parametrize("text", ["\n\n" + "[" * 200000 + "]" * 200000, "\n\n" + '{"a":' * 50000 + "1" + "}" * 50000])
def test_json_nested_too_deeply_is_said_at_its_line_for_arrays_and_objects_alike(text):
    assert csl_json.read(text, "sources/c.json", SETTINGS) == (
        [], [Problem("sources/c.json", 3, "not valid JSON: nested too deeply")])


def test_a_missing_taxonomy_is_named_once_without_the_system_s_words(tmp_path):
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(tmp_path / "nope.yml")
    assert str(caught.value) == f"{tmp_path / 'nope.yml'}: no such file; cannot read the taxonomy"
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(tmp_path)
    assert str(caught.value) == f"{tmp_path}: cannot read the taxonomy (Is a directory)"


@pytest.mark.parametrize(("block", "kind"), [("[sources]", "a list"), ("sources", "'sources'")])
@pytest.mark.parametrize("command", [["generate"], ["build"], ["fetch"]])
def test_a_plugin_block_that_is_no_mapping_is_said_with_its_line(tmp_path, monkeypatch, block, kind, command):
    project = make_project(tmp_path / "site")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    start = text.index("  - paper-archive:\n")
    end = text.index("\n  - ", start + 1) + 1
    config.write_text(text[:start] + f"  - paper-archive: {block}\n" + text[end:], "utf-8")
    line = text[:start].count("\n") + 1
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    assert result.output == (f"Error: mkdocs.yml:{line}: the options of the paper-archive plugin must be "
                             f"`option: value` lines indented under it, not {kind}\n")
