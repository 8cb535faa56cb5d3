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
