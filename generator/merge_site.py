"""Putting shards' folders together into one site, as one `mkdocs build` writes it.

Responsible for checking that the folders are the shards of one build, for
bringing their files into the site folder (the first shard's whole folder,
the other shards' own pages), and for the one check no shard can make alone:
links from a page of one shard to an anchor on a page of another. Nothing
more; the search index is made afterwards from the merged folder.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils import clean_directory

from generator.shards import MANIFEST, Shard, ShardError


# Files every MkDocs site folder holds, whatever its pages.
SITE_FILES = ("index.html", "404.html", "sitemap.xml")


@dataclass(frozen=True)
class MergeReport:
    shards: int
    pages: int
    files: int
    # Anchor problems across shards, as MkDocs words them, with its log level.
    anchor_problems: tuple[tuple[int, str], ...] = ()


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text("utf-8"))
        Shard.parse(manifest["shard"])
        return manifest
    except FileNotFoundError:
        raise ShardError(f"{folder}: not a shard's folder (no {MANIFEST}); build one with paper-archive build --shard i/N") from None
    except (OSError, ValueError, KeyError, TypeError, ShardError) as error:
        raise ShardError(f"{path}: not a shard manifest: {error}") from None


def checked_shards(folders: list[Path]) -> list[tuple[Path, dict]]:
    """The folders in shard order, once each shard of one build is there exactly once."""
    if not folders:
        raise ShardError("no shard folders given")
    found: dict[Shard, tuple[Path, dict]] = {}
    for folder in folders:
        manifest = read_manifest(folder)
        shard = Shard.parse(manifest["shard"])
        if shard in found:
            raise ShardError(f"{folder}: shard {shard} again (also {found[shard][0]})")
        found[shard] = (folder, manifest)
    first_folder, first = min(found.items(), key=lambda item: item[0].number)[1]
    count = Shard.parse(first["shard"]).count
    for shard, (folder, manifest) in found.items():
        if shard.count != count:
            raise ShardError(f"{folder}: shard {shard} of another build than {first_folder} (of {count})")
        if manifest["pages_digest"] != first["pages_digest"]:
            raise ShardError(f"{folder}: shard {shard} was built from other pages than {first_folder}")
    missing = [f"{number}/{count}" for number in range(1, count + 1) if Shard(number, count) not in found]
    if missing:
        raise ShardError(f"shard {', '.join(missing)} missing: every shard of {count} is needed")
    return [found[Shard(number, count)] for number in range(1, count + 1)]


def merge_site(folders: list[Path], site_dir: Path, move: bool = False) -> MergeReport:
    """Merge the shards' folders into `site_dir`, emptied first as MkDocs does;
    with `move`, files are moved out of the shards' folders instead of copied."""
    site_dir = Path(site_dir)
    shards = checked_shards([Path(folder) for folder in folders])
    resolved = site_dir.resolve()
    for folder, _ in shards:
        if folder.resolve() == resolved or folder.resolve() in resolved.parents:
            raise ShardError(f"{site_dir}: the merged site cannot be inside the shard folder {folder}")
        if resolved in folder.resolve().parents:
            raise ShardError(f"{site_dir}: holds the shard folder {folder}, and the merge empties the site folder first")
    # The folder is emptied first, as MkDocs empties site/: only an empty one or an earlier
    # site may be, never a project or a docs/ folder given by mistake.
    if site_dir.is_dir() and any(site_dir.iterdir()) and not any((site_dir / name).is_file() for name in SITE_FILES):
        raise ShardError(f"{site_dir}: holds files but no built site ({', '.join(SITE_FILES)}); the merge empties "
                         "the site folder first, so give an empty folder or an earlier site")
    transfer = os.replace if move else shutil.copyfile
    site_dir.mkdir(parents=True, exist_ok=True)
    clean_directory(str(site_dir))
    (first, _), others = shards[0], shards[1:]
    files = 0
    # The first shard's folder holds its own pages and everything that is not a page.
    for path in sorted(first.rglob("*")):
        name = path.relative_to(first).as_posix()
        if path.is_file() and name != MANIFEST:
            _place(path, site_dir / name, transfer)
            files += 1
    for folder, manifest in others:
        for name in manifest["pages"]:
            target = site_dir / name
            if target.exists():
                raise ShardError(f"{folder}: {name} was built by two shards")
            _place(folder / name, target, transfer)
            files += 1
    pages = sum(len(manifest["pages"]) for _, manifest in shards)
    return MergeReport(len(shards), pages, files, tuple(anchor_problems([manifest for _, manifest in shards])))


def _place(source: Path, target: Path, transfer) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        transfer(source, target)
    except OSError as error:
        raise ShardError(f"{source}: cannot be put into the site: {error.strerror or error}") from None


def anchor_problems(manifests: list[dict]) -> list[tuple[int, str]]:
    """Links from one shard's pages to anchors on another's that are not there, worded as MkDocs does."""
    anchors = {page: set(ids) for manifest in manifests for page, ids in manifest["anchors"].items()}
    problems = []
    for manifest in manifests:
        level = int(manifest["anchor_level"])
        for source, target, anchor, link in manifest["links_to_other_shards"]:
            if target in anchors and anchor not in anchors[target]:
                problems.append((level, (
                    f"Doc file '{source}' contains a link '{link}', but the doc '{target}' "
                    f"does not contain an anchor '#{anchor}'."
                )))
    return problems


def log_anchor_problems(report: MergeReport, log: logging.Logger) -> int:
    """Log the merge's anchor problems; returns how many are warnings or worse."""
    for level, message in report.anchor_problems:
        log.log(level, message)
    return sum(level >= logging.WARNING for level, _ in report.anchor_problems)
