"""Throwaway projects: a copy of this project's site configuration in a temp folder,
with sources of the test's choosing, built by the real `mkdocs build`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import pagefind_index
from tests.fetch_server import FakeClock

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sources" / "2024-03-14-trending-papers.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Shared site fixtures that live in their own modules.
pytest_plugins = ["tests.dated_site"]

SITE_FILES = ("mkdocs.yml", "taxonomy.yml", "docs", "overrides")
GENERATED = ("papers", "tags", "archive", "feeds", "papers.json", "papers.bib")  # under docs/


@dataclass
class Project:
    """A site project in a temp folder: its sources, docs and built site."""

    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def papers(self) -> Path:
        return self.docs / "papers"

    def add_source(self, name: str, text: str | bytes) -> Path:
        path = self.sources / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
        result = subprocess.run(
            [sys.executable, "-m", *args], cwd=self.root, env=env, capture_output=True, text=True, timeout=600
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def build(self, strict: bool = True, check: bool = True) -> subprocess.CompletedProcess:
        return self.run("mkdocs", "build", *(["--strict"] if strict else []), check=check)

    def generate(self, *options: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run("generator.cli", "generate", *options, check=check)

    def clean_checkout(self) -> None:
        """Leave what a fresh clone holds: no state, none of the files generation writes
        (the ones `.gitignore` lists), the committed `addresses.yml` kept."""
        shutil.rmtree(self.root / ".paper-archive", ignore_errors=True)
        for name in GENERATED:
            path = self.docs / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)

    def html(self, url_path: str) -> str:
        return (self.site / url_path / "index.html").read_text("utf-8")

    def search_fragments(self) -> dict[str, dict]:
        """The Pagefind index's page fragments, by URL (`papers/<slug>/`)."""
        return pagefind_index.fragments(self.site)

    def paper_pages(self) -> list[Path]:
        return sorted(self.papers.glob("*.md"))


def make_project(root: Path, with_sample: bool = True) -> Project:
    root.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns(*GENERATED, ".*"))
        else:
            shutil.copy2(source, root / name)
    (root / "sources").mkdir()
    if with_sample:
        shutil.copy2(SAMPLE, root / "sources" / SAMPLE.name)
    return Project(root)


@pytest.fixture
def project(tmp_path) -> Project:
    """An empty project: the site configuration, no sources."""
    return make_project(tmp_path / "project", with_sample=False)


@pytest.fixture
def sample_project(tmp_path) -> Project:
    """A project holding the sample listing, not yet built."""
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Project:
    """The sample listing built once with `mkdocs build --strict`, shared read-only."""
    built = make_project(tmp_path_factory.mktemp("sample") / "project")
    built.build()
    return built


def wait_until(condition, seconds: float = 10) -> bool:
    """Whether `condition()` holds within `seconds` (asked every twentieth of a second)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


@pytest.fixture
def clock() -> FakeClock:
    """A clock whose pauses are recorded, not slept: the fetchers' tests."""
    return FakeClock()
