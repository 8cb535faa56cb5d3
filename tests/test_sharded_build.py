"""The site built in slices: `paper-archive build --jobs N`, and `--shard i/N` with
`merge-site` as the sharded Pages workflow runs them, give the site `mkdocs build` gives."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.merge_site import anchor_problems
from generator.shards import MANIFEST, Shard, ShardError, shares
from tests import pagefind_index
from tests.conftest import REPO, make_project, wait_until

WORKFLOW = REPO / ".github" / "workflows" / "pages-sharded.yml"

# Every build of the module on the same day, whenever it runs: the sitemap dates pages by the build.
BUILD_DAY = "1710374400"  # 2024-03-14


def run(project_root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=BUILD_DAY)
    result = subprocess.run([sys.executable, "-m", *args], cwd=project_root, env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def outside_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not name.startswith("pagefind/")}


def stable_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle without what names the filters, whose values Pagefind orders differently each run."""
    unstable = re.compile(r"pagefind/(part-\d+/)?(filter/|pagefind\.[^/]+\.pf_meta$|pagefind-entry\.json$)")
    return {name: data for name, data in files.items() if name.startswith("pagefind/") and not unstable.match(name)}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The sample built once by `mkdocs build`, once in two processes, once as the workflow's shards merged."""
    project = make_project(tmp_path_factory.mktemp("sharded") / "project")
    # The search index in parts, each the same whichever way the site is built.
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "      taxonomy: taxonomy.yml\n", "      taxonomy: taxonomy.yml\n      search_part_size: 25\n"), "utf-8")
    # Links from a hand-written page to an anchor of paper pages, some of which other shards build.
    run(project.root, "generator.cli", "generate")
    papers = sorted(project.papers.glob("*.md"))[::8]
    about = project.docs / "about.md"
    links = "".join(f"\n[Related to {paper.stem}](papers/{paper.name}#related-papers)\n" for paper in papers)
    about.write_text(about.read_text("utf-8") + links, "utf-8")
    run(project.root, "mkdocs", "build", "--strict", "--site-dir", "single")
    jobs = run(project.root, "generator.cli", "build", "--jobs", "2", "--strict", "--site-dir", "jobs")
    # The workflow's own commands: one shard per matrix job, then the merge job's.
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    numbers = workflow["jobs"]["build"]["strategy"]["matrix"]["shard"]
    [build_shard] = [step["run"] for step in workflow["jobs"]["build"]["steps"] if step.get("name") == "Build one shard"]
    [merge] = [step["run"] for step in workflow["jobs"]["merge"]["steps"] if step.get("name") == "Merge and index"]
    # `paper-archive` as the workflow's `pip install -e .` puts it on the PATH.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = dict(os.environ, PATH=path, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=BUILD_DAY)
    shards = [
        subprocess.Popen(
            ["bash", "-e", "-c", build_shard.replace("${{ matrix.shard }}", str(number)).replace("${{ strategy.job-total }}", str(len(numbers)))],
            cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for number in numbers
    ]
    for process in shards:
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, output
    # What download-artifact does: each artifact into shards/<its name>/.
    (project.root / "shards").mkdir()
    for number in numbers:
        (project.root / f"shard-{number}").rename(project.root / "shards" / f"shard-{number}")
    manifests = [json.loads((project.root / "shards" / f"shard-{number}" / MANIFEST).read_text("utf-8")) for number in numbers]
    merged = subprocess.run(["bash", "-e", "-c", merge], cwd=project.root, env=env, capture_output=True, text=True, timeout=600)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    return project.root, jobs, manifests


def test_two_processes_build_the_site_mkdocs_builds(builds):
    root, jobs, _ = builds
    single, parallel = tree(root / "single"), tree(root / "jobs")
    assert "sitemap.xml.gz" in single and "tags.json" in single and "404.html" in single
    assert outside_bundle(parallel) == outside_bundle(single)
    assert stable_bundle(parallel) == stable_bundle(single)
    assert pagefind_index.fragments(root / "jobs") == pagefind_index.fragments(root / "single")
    assert pagefind_index.filter_names(root / "jobs") == pagefind_index.filter_names(root / "single") == {"tag", "year"}
    assert re.search(r"^\d+ pages from 2 shards merged into .*jobs$", jobs.stderr, re.M)
    assert re.search(r"^search index: 66 pages in 3 parts in ", jobs.stderr, re.M)
    assert any(name.startswith("pagefind/part-3/fragment/") for name in stable_bundle(parallel))


def test_the_workflows_shards_merged_build_the_same_site(builds):
    root, _, manifests = builds
    merged, single = tree(root / "site"), tree(root / "single")
    assert len(manifests) == 4 and MANIFEST not in merged
    assert outside_bundle(merged) == outside_bundle(single)
    assert stable_bundle(merged) == stable_bundle(single)
    assert pagefind_index.fragments(root / "site") == pagefind_index.fragments(root / "single")
    # Every page of the site is built by exactly one shard, and every shard builds some.
    pages = [page for manifest in manifests for page in manifest["pages"]]
    assert sorted(pages) == sorted(name for name in single if name.endswith(".html") and name != "404.html")
    assert all(manifest["pages"] for manifest in manifests)


def test_a_link_to_another_shards_anchor_is_checked_at_the_merge(builds):
    _, _, manifests = builds
    links = [link for manifest in manifests for link in manifest["links_to_other_shards"]]
    about = [link for link in links if link[0] == "about.md"]
    assert about and all(link[2] == "related-papers" for link in about)
    about = about[0]
    assert anchor_problems(manifests) == []
    broken = [dict(manifest) for manifest in manifests]
    owner = next(manifest for manifest in broken if about[1] in manifest["anchors"])
    owner["anchors"] = {**owner["anchors"], about[1]: ["abstract"]}
    [(level, message)] = anchor_problems(broken)
    assert message == (
        f"Doc file 'about.md' contains a link '{about[3]}', but the doc '{about[1]}' does not contain an anchor '#related-papers'."
    )


def shard_folder(path: Path, shard: str, digest: str = "d") -> Path:
    path.mkdir(parents=True)
    manifest = {"shard": shard, "pages_digest": digest, "pages": [], "anchors": {}, "links_to_other_shards": [], "anchor_level": 20}
    (path / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    return path


@pytest.mark.parametrize(
    ("folders", "message"),
    [
        ([("a", "1/2")], "shard 2/2 missing: every shard of 2 is needed"),
        ([("a", "1/2"), ("b", "1/2")], "b: shard 1/2 again (also a)"),
        ([("a", "1/2"), ("b", "2/3")], "b: shard 2/3 of another build than a (of 2)"),
        ([("a", "1/2"), ("b", "2/2", "other")], "b: shard 2/2 was built from other pages than a"),
        ([("a", "3/2")], "a/paper-archive-shard.json: not a shard manifest: '3/2': expected a shard as i/N with 1 ≤ i ≤ N ≤ 256, such as 1/4"),
    ],
)
def test_merging_folders_that_are_not_one_builds_shards_says_why_in_one_line(tmp_path, monkeypatch, folders, message):
    monkeypatch.chdir(tmp_path)
    for name, shard, *digest in folders:
        shard_folder(Path(name), shard, *digest)
    result = CliRunner().invoke(main, ["merge-site", *[name for name, *_ in folders]])
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert not Path("site").exists() or not any(Path("site").iterdir())


def test_the_merge_never_empties_a_folder_that_is_no_site(tmp_path, monkeypatch):
    # The merge empties its site folder first, as MkDocs does: a project or docs/ given by
    # mistake, or the folder that holds the shards, would be lost.
    monkeypatch.chdir(tmp_path)
    for name, shard in (("s1", "1/2"), ("s2", "2/2")):
        shard_folder(Path(name), shard)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    Path("docs").mkdir()
    (tmp_path / "docs" / "mine.md").write_text("# My page\n", "utf-8")
    for target, message in ((".", "holds the shard folder s1"), ("docs", "holds files but no built site")):
        result = CliRunner().invoke(main, ["merge-site", "s1", "s2", "--site-dir", target])
        assert result.exit_code == 1 and message in result.output, result.output
    assert (tmp_path / "docs" / "mine.md").is_file() and (tmp_path / "mkdocs.yml").is_file()
    assert (tmp_path / "s1" / MANIFEST).is_file()
    Path("old-site").mkdir()
    (tmp_path / "old-site" / "index.html").write_text("<html></html>", "utf-8")
    assert CliRunner().invoke(main, ["merge-site", "s1", "s2", "--site-dir", "old-site"]).exit_code == 0


def test_a_folder_without_a_manifest_is_no_shard(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("site-1").mkdir()
    result = CliRunner().invoke(main, ["merge-site", "site-1"])
    assert result.output == (
        "Error: site-1: not a shard's folder (no paper-archive-shard.json); build one with paper-archive build --shard i/N\n"
    )


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0", "1/257", "1/99999999999999999999"])
def test_a_shard_is_i_of_n(text):
    with pytest.raises(ShardError, match="expected a shard as i/N"):
        Shard.parse(text)
    assert Shard.parse(" 2 / 4 ") == Shard(2, 4) and str(Shard(2, 4)) == "2/4"


def test_shards_share_the_work_not_the_page_count():
    # A month page as costly as ten paper pages: its shard builds fewer pages, as much work.
    costs = [5000] * 10 + [50000] + [5000] * 9
    month, other = shares(costs, 2)
    assert 10 in month and len(month) == 6 and len(other) == 14
    assert abs(sum(costs[position] for position in month) - sum(costs[position] for position in other)) == 5000
    one, two, three = shares([7, 3, 5, 5, 2, 8, 1], 3)
    assert sorted(one + two + three) == list(range(7))
    assert [sum([7, 3, 5, 5, 2, 8, 1][position] for position in share) for share in (one, two, three)] == [11, 10, 10]
    assert shares([1, 1], 3) == [[0], [1], []]


def test_one_shard_at_a_time(project):
    result = CliRunner().invoke(main, ["build", "-f", str(project.root / "mkdocs.yml"), "--shard", "1/2", "--jobs", "2"])
    assert result.exit_code == 1
    assert result.output == "Error: --shard builds one shard in this process; leave out --jobs\n"


def test_a_configuration_that_cannot_be_read_is_one_line(tmp_path):
    broken = tmp_path / "mkdocs.yml"
    broken.write_text("site_name: [\n", "utf-8")
    for options in (["--jobs", "2"], ["--shard", "1/2"]):
        result = CliRunner().invoke(main, ["build", "-f", str(broken), *options])
        assert result.exit_code == 1
        [line] = result.output.splitlines()
        assert line == f"Error: {broken}:2: not valid YAML: did not find expected node content"


def test_a_failing_shard_fails_the_build_in_one_line(project):
    project.add_source("bad.jsonl", '{"title": "No abstract"}\n')
    result = run(project.root, "generator.cli", "build", "--jobs", "2", "--strict", check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    # Either shard may fail first; the other is stopped then, and only the first is reported.
    assert re.fullmatch(r"Error: shard [12]/2 failed: [^;]*strict mode[^;]*", last), result.stderr
    # The generator's warning is shown once, although both shards generate.
    assert result.stderr.count("bad.jsonl:1") == 1, result.stderr


@pytest.fixture
def start_build():
    """Starts `paper-archive build --jobs 2` in a project; whatever of it is left is killed afterwards."""
    started: list[subprocess.Popen] = []

    def start(root: Path) -> subprocess.Popen:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=BUILD_DAY)
        command = [sys.executable, "-m", "generator.cli", "build", "--jobs", "2"]
        started.append(subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        preexec_fn=as_from_a_terminal))
        return started[-1]

    yield start
    for build in started:
        for pid in [*getattr(build, "shards", {}).values(), build.pid]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        build.communicate()


def as_from_a_terminal() -> None:
    """SIGHUP and SIGINT as a terminal leaves them to a command. Under `nohup`, or run in
    the background by a script, the suite has them ignored, and the build would keep them
    ignored, as it should: these tests send them as a closed terminal or Ctrl-C does."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def process_state(pid: int) -> tuple[str, int] | None:
    """A process's state letter and parent, from /proc; None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, parent = stat[stat.rindex(")") + 2 :].split()[:2]
    return state, int(parent)


def alive(pid: int) -> bool:
    state = process_state(pid)
    return state is not None and state[0] != "Z"


def running_shards(build: subprocess.Popen) -> dict[str, int]:
    """The build's shard processes (shard: pid), once both have started."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        shards = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and (process_state(int(entry.name)) or ("", 0))[1] == build.pid:
                try:
                    command = (entry / "cmdline").read_bytes().decode().split("\0")
                except OSError:
                    continue
                if "--shard" in command:
                    shards[command[command.index("--shard") + 1]] = int(entry.name)
        if len(shards) == 2:
            build.shards = shards
            return shards
        assert build.poll() is None, build.communicate()
        time.sleep(0.02)
    raise AssertionError("the build's shards did not start")


@pytest.fixture
def earlier_site(tmp_path) -> tuple[Path, dict[str, bytes]]:
    """The sample project with the site an earlier build left, and that site's files."""
    root = make_project(tmp_path / "project").root
    for name in ("index.html", "404.html", "sitemap.xml", "papers/earlier/index.html", "pagefind/pagefind.js"):
        (root / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / name).write_text(f"earlier {name}\n", "utf-8")
    return root, tree(root / "site")


def assert_nothing_left(root: Path, earlier: dict[str, bytes], pids) -> None:
    """No shard process left running, no shard folder left behind, the earlier site as it was."""
    assert not [pid for pid in pids if alive(pid)]
    assert not list(root.glob(".site-shards-*"))
    assert tree(root / "site") == earlier


@pytest.mark.parametrize(
    ("signum", "code", "last_line"),
    [(signal.SIGTERM, 143, "Error: stopped by SIGTERM"), (signal.SIGHUP, 129, "Error: stopped by SIGHUP"), (signal.SIGINT, 1, "Aborted!")],
)
def test_stopping_the_build_stops_its_shards_and_keeps_the_earlier_site(earlier_site, start_build, signum, code, last_line):
    root, earlier = earlier_site
    build = start_build(root)
    shards = running_shards(build)
    # Suspended, the shards cannot finish the site before the build is stopped.
    for pid in shards.values():
        os.kill(pid, signal.SIGSTOP)
    os.kill(build.pid, signum)  # the build only, as `kill` or a closed terminal sends it
    _, errors = build.communicate(timeout=60)
    assert build.returncode == code and errors.splitlines()[-1] == last_line, errors
    assert "Traceback" not in errors
    assert_nothing_left(root, earlier, shards.values())


def test_a_shard_that_dies_fails_the_build_in_one_line_and_stops_the_other(earlier_site, start_build):
    root, earlier = earlier_site
    build = start_build(root)
    shards = running_shards(build)
    os.kill(shards["1/2"], signal.SIGSTOP)  # it would not end by itself
    os.kill(shards["2/2"], signal.SIGKILL)
    _, errors = build.communicate(timeout=60)
    assert build.returncode == 1
    assert errors.splitlines()[-1] == "Error: shard 2/2 failed: killed by SIGKILL", errors
    assert_nothing_left(root, earlier, [shards["1/2"]])


def test_the_next_build_removes_what_a_killed_build_left_but_not_a_running_builds_folder(earlier_site, start_build):
    root, earlier = earlier_site
    build = start_build(root)
    shards = running_shards(build)
    os.kill(build.pid, signal.SIGKILL)
    build.communicate(timeout=60)
    # The shards notice that the build is gone and stop too.
    assert wait_until(lambda: not any(alive(pid) for pid in shards.values()), 30), [process_state(pid) for pid in shards.values()]
    [left] = root.glob(".site-shards-*")
    assert tree(root / "site") == earlier
    # Another build's folder, locked as a running build locks its own.
    running = root / ".site-shards-running"
    (running / "shard-1").mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); sys.stdin.read()",
         str(running / "lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        result = run(root, "generator.cli", "build", "--jobs", "2")
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert not left.exists() and (running / "shard-1").is_dir()
    assert re.search(r"^\d+ pages from 2 shards merged into ", result.stderr, re.M)
    assert (root / "site" / "pagefind").is_dir() and "papers/earlier/index.html" not in tree(root / "site")
