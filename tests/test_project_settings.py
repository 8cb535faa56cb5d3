"""`paper-archive generate` reads `mkdocs.yml` through MkDocs only when it changed.

The settings found in the cache must be those MkDocs would give: a changed file,
a changed environment variable that an `!ENV` tag reads, a parent file
(`INHERIT`) or a missing docs folder all make the run read the file again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config_check import OptionLines, yaml_problem
from generator.project import _environment_names
from tests.conftest import make_project

# One run in its own process, reporting whether MkDocs' configuration code was imported.
RUN = """
import sys
from generator import cli
try:
    cli.main(["generate"], standalone_mode=False)
finally:
    print("MKDOCS-CONFIG", "mkdocs.config.base" in sys.modules)
"""


def run_generate(project, **environment) -> tuple[bool, subprocess.CompletedProcess]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **environment)
    result = subprocess.run([sys.executable, "-c", RUN], cwd=project.root, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    return "MKDOCS-CONFIG True" in result.stdout, result


def first_feed_link(project) -> str:
    feed = (project.docs / "feeds" / "papers.xml").read_text("utf-8")
    return feed.split('<link href="', 1)[1].split('"', 1)[0]


def test_an_unchanged_mkdocs_yml_is_not_read_again(tmp_path):
    project = make_project(tmp_path / "site")
    read, _ = run_generate(project)
    assert read  # the first run reads it
    read, result = run_generate(project)
    assert not read
    assert "66 papers" in result.stdout


def test_a_changed_setting_takes_effect_on_the_next_run(tmp_path):
    project = make_project(tmp_path / "site", with_sample=False)
    project.add_source("one.jsonl", json.dumps({"title": "Only paper", "abstract": "Words.", "date": "2024-01-02"}) + "\n")
    (project.root / "other").mkdir()
    (project.root / "other" / "two.jsonl").write_text(
        "".join(json.dumps({"title": f"Paper {n}", "abstract": "Words.", "date": "2024-01-02"}) + "\n" for n in (1, 2)),
        "utf-8",
    )
    _, result = run_generate(project)
    assert "1 records read from sources/" in result.stdout
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      sources: sources\n", "      sources: other\n"),
                      "utf-8")
    read, result = run_generate(project)
    assert read
    assert "2 records read from other/" in result.stdout


def test_an_environment_variable_that_env_names_is_read_again_when_it_changes(tmp_path):
    project = make_project(tmp_path / "site")
    assert "!ENV [SITE_URL" in (project.root / "mkdocs.yml").read_text("utf-8")
    run_generate(project, SITE_URL="https://one.example/")
    assert first_feed_link(project).startswith("https://one.example/")
    read, _ = run_generate(project, SITE_URL="https://one.example/")
    assert not read
    read, _ = run_generate(project, SITE_URL="https://two.example/")
    assert read
    assert first_feed_link(project).startswith("https://two.example/")


def test_a_file_that_inherits_is_read_on_every_run(tmp_path):
    project = make_project(tmp_path / "site")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    (project.root / "base.yml").write_text("site_url: https://base.example/\n", "utf-8")
    config.write_text("INHERIT: base.yml\n" + text.replace('site_url: !ENV [SITE_URL, "https://example.github.io/paper-archive/"]\n', ""),
                      "utf-8")
    run_generate(project)
    assert first_feed_link(project).startswith("https://base.example/")
    (project.root / "base.yml").write_text("site_url: https://moved.example/\n", "utf-8")
    read, _ = run_generate(project)
    assert read
    assert first_feed_link(project).startswith("https://moved.example/")


def test_without_the_docs_folder_the_error_is_mkdocs_own(tmp_path):
    project = make_project(tmp_path / "site")
    run_generate(project)
    (project.root / "docs").rename(project.root / "elsewhere")
    result = project.generate(check=False)
    assert result.returncode == 1
    assert "isn't an existing directory" in result.stderr and "Traceback" not in result.stderr
    assert not (project.root / "docs").exists()


def test_a_damaged_cache_reads_the_file_again(tmp_path):
    project = make_project(tmp_path / "site")
    run_generate(project)
    (project.root / ".paper-archive" / "cache" / "settings.pickle").write_bytes(b"\x80\x05garbage")
    read, result = run_generate(project)
    assert read
    assert "66 papers" in result.stdout


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(alphabet="!ENV[]{}:-, \n\"'&*INHERIT", max_size=300).map(str.encode)))
def test_any_file_gives_names_or_none(data):
    names = _environment_names(data)
    assert names is None or all(isinstance(name, str) for name in names)


def test_names_of_each_env_form():
    text = b'a: !ENV NAME_A\nb: !ENV [NAME_B, "x"]\nc:\n  - !ENV\n    - NAME_C\n    - NAME_D\n    - fallback\n'
    assert sorted(_environment_names(text)) == ["NAME_A", "NAME_B", "NAME_C", "NAME_D", "fallback", "x"]
    assert _environment_names(b"INHERIT: base.yml\n") is None
    assert _environment_names(b"a: [\n") is None
    assert _environment_names(b"[" * 5000 + b"]" * 5000) is None


def test_counts_in_the_plugin_settings_must_be_whole_numbers_not_below_their_least():
    from generator.config import PaperArchiveConfig

    for name, value in [("feed_size", -5), ("home_size", -1), ("related_count", -1), ("keyword_min_papers", True),
                        ("max_tags", 0), ("listing_page_size", -1)]:
        config = PaperArchiveConfig()
        config.load_dict({name: value})
        errors, _ = config.validate()
        assert [key for key, _ in errors] == [name], (name, errors)
    config = PaperArchiveConfig()
    config.load_dict({"feed_size": 0, "related_count": 0, "home_size": 0})
    assert config.validate()[0] == []


TOP_TYPO = "      related_cout: 3\n"
FETCH_TYPO = "        hf_dayz: 3\n"
UNKNOWN_TOP = "unknown option 'related_cout' under the paper-archive plugin (did you mean 'related_count'?)"
UNKNOWN_FETCH = "unknown option 'hf_dayz' in fetch: under the paper-archive plugin (did you mean 'hf_days'?)"


def with_lines(project, after: str, added: str) -> int:
    """`added` written into the project's mkdocs.yml after the line `after`; the line it starts on."""
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    if after not in text:
        raise AssertionError(f"mkdocs.yml no longer has {after!r}")
    config.write_text(text.replace(after, after + added, 1), "utf-8")
    return text[: text.index(after) + len(after)].count("\n") + 1


def with_typos(project) -> tuple[str, str]:
    """The shipped mkdocs.yml with an unknown option at the block's top and one in `fetch:`:
    the warnings each command gives, without their prefix."""
    fetch_line = with_lines(project, "        hf_daily: true\n", FETCH_TYPO)
    top_line = with_lines(project, "      sources: sources\n", TOP_TYPO)
    return f"mkdocs.yml:{top_line}: {UNKNOWN_TOP}", f"mkdocs.yml:{fetch_line + 1}: {UNKNOWN_FETCH}"


def error_lines(result) -> list[str]:
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def test_an_unknown_option_is_a_warning_of_generate_with_its_line_and_fatal_under_strict(tmp_path):
    project = make_project(tmp_path / "site")
    top, fetch = with_typos(project)
    result = project.generate("--strict", check=False)
    assert result.returncode == 1
    assert error_lines(result) == [f"warning: {top}", f"warning: {fetch}",
                                   "Error: 2 unknown option(s) in mkdocs.yml (--strict); nothing was generated"]
    assert not project.papers.exists()
    for _ in range(2):  # the second finds the settings in the cache, and warns all the same
        result = project.generate()
        assert error_lines(result) == [f"warning: {top}", f"warning: {fetch}"]
        assert "66 papers" in result.stdout


def test_an_unknown_option_is_a_warning_of_mkdocs_build_with_its_line_and_fatal_under_strict(tmp_path):
    project = make_project(tmp_path / "site")
    top, fetch = with_typos(project)
    result = project.build(strict=True, check=False)
    assert result.returncode == 1
    assert error_lines(result)[:2] == [f"WARNING -  {top}", f"WARNING -  {fetch}"]
    assert "Aborted with 2 configuration warnings in 'strict' mode!" in result.stdout + result.stderr
    assert not project.papers.exists() and not project.site.exists()
    result = project.build(strict=False)
    assert [line for line in error_lines(result) if line.startswith("WARNING")] == [f"WARNING -  {top}", f"WARNING -  {fetch}"]
    assert "Unrecognised" not in result.stderr
    assert (project.site / "index.html").exists()


def test_an_unknown_option_in_fetch_stops_paper_archive_fetch_with_its_line(tmp_path):
    project = make_project(tmp_path / "site")
    top, fetch = with_typos(project)
    result = project.run("generator.cli", "fetch", check=False)
    assert result.returncode == 1
    assert error_lines(result) == [f"warning: {top}", f"Error: {fetch}"]


def test_an_unknown_option_stops_paper_archive_build_strict_before_any_shard(tmp_path):
    project = make_project(tmp_path / "site")
    top, fetch = with_typos(project)
    result = project.run("generator.cli", "build", "--jobs", "2", "--strict", check=False)
    assert result.returncode == 1
    assert error_lines(result) == [f"WARNING -  {top}", f"WARNING -  {fetch}",
                                   "Error: Aborted with 2 configuration warnings in 'strict' mode!"]
    assert not project.papers.exists()


def test_an_unknown_option_in_an_inherited_file_is_said_with_that_file_and_line(tmp_path):
    project = make_project(tmp_path / "site")
    config = project.root / "mkdocs.yml"
    text = config.read_text("utf-8")
    plugins = text[text.index("\nplugins:\n") + 1 : text.index("  - tags\n") + len("  - tags\n")]
    base = plugins.replace("      sources: sources\n", "      home_sise: 3\n")
    (project.root / "base.yml").write_text(base, "utf-8")
    config.write_text("INHERIT: base.yml\n" + text.replace(plugins, ""), "utf-8")
    assert "- paper-archive:" not in config.read_text("utf-8")
    result = project.generate()
    line = base.splitlines().index("      home_sise: 3") + 1
    assert error_lines(result) == [
        f"warning: base.yml:{line}: unknown option 'home_sise' under the paper-archive plugin (did you mean 'home_size'?)"]


def test_the_shipped_configuration_gives_no_warning(tmp_path):
    project = make_project(tmp_path / "site")
    assert "!!python/name:" in (project.root / "mkdocs.yml").read_text("utf-8")
    assert error_lines(project.generate()) == []


def test_a_wrong_value_is_one_line_with_its_line_in_every_command(tmp_path):
    project = make_project(tmp_path / "site")
    line = with_lines(project, "      sources: sources\n", "      related_count: five\n")
    expected = (f"Error: mkdocs.yml:{line}: option 'related_count' under the paper-archive plugin: "
                "expected a whole number of at least 0, but received: 'five'")
    for command in (["generator.cli", "generate"], ["generator.cli", "fetch"], ["generator.cli", "build"],
                    ["mkdocs", "build"]):
        result = project.run(*command, check=False)
        assert result.returncode == 1, command
        assert error_lines(result) == [expected], command


def test_a_wrong_fetch_value_stops_paper_archive_fetch_with_its_line(tmp_path):
    project = make_project(tmp_path / "site")
    line = with_lines(project, "        hf_daily: true\n", "        hf_days: 0\n")
    result = project.run("generator.cli", "fetch", check=False)
    assert result.returncode == 1
    assert error_lines(result) == [f"Error: mkdocs.yml:{line}: fetch: hf_days must be a whole number from 1 to 3650, got 0"]


def test_a_yaml_syntax_error_is_one_line_with_its_line_from_paper_archive(tmp_path):
    project = make_project(tmp_path / "site")
    line = with_lines(project, "      sources: sources\n", "      related_count: [3\n")
    for command in (["generate"], ["fetch"], ["build"]):
        result = project.run("generator.cli", *command, check=False)
        assert result.returncode == 1, command
        assert error_lines(result) == [f"Error: mkdocs.yml:{line + 1}: not valid YAML: did not find expected ',' or ']'"]
    # MkDocs parses the file before any plugin is loaded: its own message stays.
    result = project.build(check=False)
    assert result.returncode == 1 and "error parsing the configuration file" in error_lines(result)[0]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300),
                 st.text(alphabet="plugins:-paper-archive fetch INHERIT[]{}\n\"'&*!", max_size=300).map(str.encode)))
def test_any_file_gives_a_place_and_at_most_one_line_of_yaml_problem(tmp_path_factory, data):
    config = tmp_path_factory.mktemp("config") / "mkdocs.yml"
    config.write_bytes(data)
    problem = yaml_problem(config)
    assert problem is None or (problem.startswith(f"{config.as_posix()}") and "\n" not in problem)
    assert OptionLines(config).where("fetch", "hf_days").startswith(config.as_posix())
