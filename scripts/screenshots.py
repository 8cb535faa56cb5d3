"""Screenshots of every page type at desktop and phone widths, for the README and a visual check.

Builds this project's site in a temporary folder (its `sources/` plus a few
extra files that give the home page several days and a paper with TeX),
serves it under `/paper-archive/` as GitHub Pages would, and saves one PNG
per page type and width into `screenshots/` with Playwright and Chromium:

    .venv/bin/python scripts/screenshots.py            # all pages, both widths
    .venv/bin/python scripts/screenshots.py --out /tmp/shots --full-page

Needs the test extra (`pip install -e '.[test]'`) and Chromium (`/usr/bin/chromium`,
or the path in PAPER_ARCHIVE_CHROMIUM).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import frontmatter

REPO = Path(__file__).resolve().parent.parent
SITE_FILES = ("mkdocs.yml", "taxonomy.yml", "docs", "overrides", "sources")
# Real inputs from the test fixtures: an arXiv export (one title with TeX,
# older dates) and a listing of the day after the sample's.
EXTRA_SOURCES = (
    REPO / "tests" / "fixtures" / "readers" / "arxiv" / "api-query.xml",
    REPO / "tests" / "fixtures" / "dated" / "2024-03-15-next-day.txt",
)
SUB_PATH = "paper-archive"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
GENERATED = ("papers", "tags", "archive", "feeds", "papers.json", "papers.bib")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def build(workdir: Path, url: str) -> Path:
    """This project's site with the extra sources, built under `workdir`; returns the project folder."""
    project = workdir / "project"
    project.mkdir()
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns(*GENERATED, ".*"))
        else:
            shutil.copy2(source, project / name)
    for path in EXTRA_SOURCES:
        shutil.copy2(path, project / "sources" / path.name)
    env = dict(os.environ, SITE_URL=url, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=project, env=env, check=True)
    return project


def page_paths(project: Path) -> dict[str, str]:
    """Page type → path under the site: one of each, the paper with TeX in its title as the paper."""
    papers = {path.stem: frontmatter.load(path) for path in sorted((project / "docs" / "papers").glob("*.md"))}
    with_tex = [slug for slug, post in papers.items() if "$" in post["title"]]
    paper = with_tex[0] if with_tex else max(papers, key=lambda slug: len(papers[slug].get("tags", [])))
    tag_counts: dict[str, int] = {}
    for path in (project / "docs" / "tags").glob("*.md"):
        tag_counts[path.stem] = frontmatter.load(path).content.count("pa-card__title")
    tag = max(sorted(tag_counts), key=tag_counts.get)
    months = sorted((project / "docs" / "archive").glob("*/[0-9][0-9].md"))
    month = months[-1].relative_to(project / "docs" / "archive").with_suffix("")
    return {
        "home": "",
        "paper": f"papers/{paper}/",
        "tag": f"tags/{tag}/",
        "tags": "tags/",
        "browse": "browse/?tags=Diffusion%20Models",
        "archive": f"archive/{month.as_posix()}/",
        "about": "about/",
    }


def chromium_path() -> str:
    path = os.environ.get("PAPER_ARCHIVE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.isfile(path):
        raise SystemExit(f"no Chromium at {path}; install it or set PAPER_ARCHIVE_CHROMIUM")
    return path


def shoot(url: str, paths: dict[str, str], out: Path, full_page: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        for width_name, (width, height) in WIDTHS.items():
            phone = width_name == "phone"
            context = browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=1,
                is_mobile=phone,
                has_touch=phone,
                color_scheme="light",
            )
            tab = context.new_page()
            for name, path in paths.items():
                tab.goto(url + path)
                tab.wait_for_load_state("networkidle")
                if name == "browse":
                    tab.wait_for_selector(".browse-result")
                tab.wait_for_timeout(300)  # KaTeX and the fonts settle
                target = out / f"{name}-{width_name}.png"
                tab.screenshot(path=str(target), full_page=full_page)
                saved.append(target)
            context.close()
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "screenshots", help="folder for the PNG files")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the first screen")
    options = parser.parse_args(argv)
    options.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp, contextlib.ExitStack() as stack:
        www = Path(temp) / "www"
        www.mkdir()
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(www)))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        stack.callback(server.server_close)
        stack.callback(server.shutdown)
        url = f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
        project = build(Path(temp), url)
        (www / SUB_PATH).symlink_to(project / "site", target_is_directory=True)
        for path in shoot(url, page_paths(project), options.out, options.full_page):
            print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
