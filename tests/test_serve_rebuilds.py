"""`mkdocs serve`'s rebuilds driven in this process, as `mkdocs.commands.serve` drives
them: what they write into `docs/` and the built site, and what they say."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.commands.serve import _serve_url
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator import cache as cache_module
from tests.conftest import make_project, wait_until

SERVE_URL = _serve_url("127.0.0.1", 8765, "/paper-archive/")


@pytest.fixture
def serve_session(tmp_path, monkeypatch):
    """A function loading the project's configuration as each rebuild of `mkdocs serve` does;
    the plugin instance it keeps across loads is forgotten after the test."""
    plugins_option = dict(MkDocsConfig._schema)["plugins"]
    plugins_option.plugin_cache.clear()
    monkeypatch.setattr(cache_module, "_resident", None)
    monkeypatch.delenv("SITE_URL", raising=False)
    project = make_project(tmp_path / "project")
    monkeypatch.chdir(project.root)
    site_dir = str(tmp_path / "served")
    started = []

    def load(serving: bool = True, dirty: bool = False):
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=site_dir)
        if not started:
            config.plugins.on_startup(command="serve" if serving else "build", dirty=dirty)
            started.append(True)
        if serving:
            config.site_url = SERVE_URL  # as `mkdocs serve` does after each load
        return config

    load.project = project
    yield load
    plugins_option.plugin_cache.clear()


def generate(config) -> None:
    config.plugins.on_pre_build(config=config)


def test_a_serve_rebuild_writes_the_same_feeds_as_a_build(serve_session):
    project = serve_session.project
    generate(serve_session(serving=True))
    feeds = {path: path.read_bytes() for path in sorted((project.docs / "feeds").rglob("*.xml"))}
    assert feeds and b"https://example.github.io/paper-archive/" in feeds[project.docs / "feeds" / "papers.xml"]

    generate(serve_session(serving=False))
    assert {path: path.read_bytes() for path in sorted((project.docs / "feeds").rglob("*.xml"))} == feeds


def test_a_wrong_option_value_saved_while_serving_is_one_line_not_a_traceback(serve_session, capsys):
    from mkdocs.livereload import LiveReloadServer

    project = serve_session.project
    serve_session()
    config_file = project.root / "mkdocs.yml"
    config_file.write_text(config_file.read_text("utf-8").replace(
        "      sources: sources\n", "      sources: sources\n      feed_size: lots\n", 1), "utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(project.root))

    def rebuild():
        server._shutdown = True  # this one rebuild, then the loop ends
        serve_session()

    server.builder = rebuild
    server._want_rebuild = True
    try:
        server._build_loop()
    finally:
        server.server_close()
    printed = capsys.readouterr().err
    assert "Traceback" not in printed
    assert "option 'feed_size' under the paper-archive plugin: expected a whole number" in printed


def test_a_sources_folder_named_anew_in_mkdocs_yml_while_serving_is_the_one_watched(serve_session):
    from mkdocs.livereload import LiveReloadServer

    project = serve_session.project
    config = serve_session()
    generate(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=config.site_dir)
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    server = config.plugins.on_serve(server, config=config, builder=server.builder)
    server.observer.start()
    try:
        shutil.copytree(project.sources, project.root / "sources2")
        config_file = project.root / "mkdocs.yml"
        config_file.write_text(config_file.read_text("utf-8").replace(
            "      sources: sources\n", "      sources: sources2\n", 1), "utf-8")
        generate(serve_session())
        time.sleep(0.5)  # the events of that run's own writes
        server._want_rebuild = False

        (project.sources / "old.txt").write_text("no longer read\n", "utf-8")
        time.sleep(1)
        assert not server._want_rebuild, "a save in the folder no longer read rebuilt"
        (project.root / "sources2" / "new.txt").write_text("read now\n", "utf-8")
        assert wait_until(lambda: server._want_rebuild), "a save in the sources folder now named did not rebuild"
    finally:
        server.observer.stop()
        server.observer.join(10)
        server.server_close()


PAPERS = [
    {"title": "Robot Grasping with Tactile Feedback", "abstract": "We grasp objects with a robot hand.",
     "date": "2024-03-14"},
    {"title": "Audio Diffusion at Small Scale", "abstract": "We generate audio with a diffusion model.",
     "date": "2024-03-14"},
]


def test_a_dirty_serve_rebuild_takes_the_pages_the_generator_removed_out_of_the_built_site(serve_session):
    from mkdocs.structure.files import File

    project = serve_session.project
    source = project.add_source("extra.jsonl", "".join(json.dumps(paper) + "\n" for paper in PAPERS))
    config = serve_session(dirty=True)
    generate(config)
    generated = [path.relative_to(project.docs).as_posix() for path in project.docs.rglob("*") if path.is_file()]
    built = {}
    for relative in generated:  # the site as the first build left it
        built[relative] = Path(File(relative, str(project.docs), config.site_dir, True).abs_dest_path)
        built[relative].parent.mkdir(parents=True, exist_ok=True)
        built[relative].write_text("built\n", "utf-8")

    source.write_text(json.dumps(PAPERS[1]) + "\n", "utf-8")
    config = serve_session(dirty=True)
    generate(config)
    removed = sorted(relative for relative in generated if not (project.docs / relative).exists())
    assert "papers/robot-grasping-with-tactile-feedback.md" in removed
    assert not (Path(config.site_dir) / "papers" / "robot-grasping-with-tactile-feedback").exists()
    assert [relative for relative in removed if built[relative].exists()] == []
    assert all(built[relative].exists() for relative in generated if relative not in removed)


def test_a_half_saved_taxonomy_keeps_the_preview_serving_the_last_pages(serve_session, caplog):
    import logging

    project = serve_session.project
    config = serve_session()
    generate(config)
    papers = {path: path.read_bytes() for path in sorted((project.docs / "papers").glob("*.md"))}
    taxonomy = project.root / "taxonomy.yml"
    good = taxonomy.read_text("utf-8")
    taxonomy.write_text(good + "\n  - name: [half typed\n", "utf-8")
    logger = logging.getLogger("mkdocs.plugins.paper_archive")
    logger.addHandler(caplog.handler)
    try:
        config = serve_session()
        generate(config)  # no PluginError: MkDocs would stop serving
        assert {path: path.read_bytes() for path in sorted((project.docs / "papers").glob("*.md"))} == papers
        assert config.plugins["paper-archive"].result is not None  # the home page and tags still have the last run's papers
        [error] = {record.getMessage() for record in caplog.records if record.levelno == logging.ERROR}
        assert "taxonomy.yml" in error and "the last run" in error
    finally:
        logger.removeHandler(caplog.handler)
    taxonomy.write_text(good, "utf-8")
    config = serve_session()
    generate(config)
    assert config.plugins["paper-archive"].result.taxonomy is not None
