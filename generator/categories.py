"""arXiv categories as tags: `hep-ph` → "High Energy Physics – Phenomenology".

Responsible for reading the official category list shipped as data
(`arxiv_categories.yml`), for resolving old and alias codes (`alg-geom` →
`math.AG`, `math.IT` → `cs.IT`) and for the tags of the "arXiv categories"
family; nothing more. A category whose name is a taxonomy tag's name
(`cs.RO` "Robotics"), or that a taxonomy tag lists among its `categories`
(`physics.flu-dyn` for "Fluid Dynamics & Turbulence"), is that taxonomy tag, so
the same topic never has two pages.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from slugify import slugify

from generator.taxonomy import Tag, Taxonomy

FAMILY = "arXiv categories"
DATA = Path(__file__).with_name("arxiv_categories.yml")


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    archive: str = ""
    former_names: tuple[str, ...] = ()

    @property
    def zotero_name(self) -> str:
        """The name reference managers write as a keyword: "Computer Science - Machine Learning"."""
        return self._qualified(self.name)

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every name a person's keyword may give the category by, code aside."""
        names = (self.name, *self.former_names)
        return tuple(dict.fromkeys([*names, *map(self._qualified, names)]))

    def _qualified(self, name: str) -> str:
        name, archive = name.replace(" – ", " - "), self.archive.replace(" – ", " - ")
        return f"{archive} - {name}" if archive and not name.startswith(archive) else name


@functools.lru_cache(maxsize=1)
def _data() -> tuple[dict[str, Category], dict[str, str]]:
    # Our own data file, read on most runs: LibYAML's loader where PyYAML has it.
    raw = yaml.load(DATA.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    former = raw.get("former_names") or {}
    categories = {code: Category(code, entry["name"], entry.get("archive", ""), tuple(former.get(code, ())))
                  for code, entry in raw["categories"].items()}
    lookup = {code.casefold(): code for code in categories}
    lookup.update({alias.casefold(): canonical for alias, canonical in raw["aliases"].items()})
    return categories, lookup


def all_categories() -> list[Category]:
    return list(_data()[0].values())


def all_codes() -> list[str]:
    """Every code arXiv has used, canonical, old and alias ones, lower-cased."""
    return list(_data()[1])


def category(code: str) -> Category | None:
    """The category of an arXiv code as sources write it (`cs.LG`, `hep-th`, `math.IT`,
    `alg-geom`, ` CS.lg `); None for a code arXiv does not have, and for a bare archive
    such as `cs` (Zotero's `primaryClass`), which says too little to be a topic."""
    categories, lookup = _data()
    canonical = lookup.get(str(code).strip().casefold())
    return categories.get(canonical) if canonical else None


@functools.lru_cache(maxsize=4)
def with_categories(taxonomy: Taxonomy) -> Taxonomy:
    """The taxonomy plus one tag per arXiv category, in the family `FAMILY`, listed last.

    A category named like a taxonomy tag is left out: `category_tag` gives the
    taxonomy tag for it."""
    if FAMILY in taxonomy.families:
        return taxonomy
    slugs = {tag.slug for tag in taxonomy.tags}
    claimed = _claimed(taxonomy)
    tags = []
    for item in all_categories():
        if taxonomy.get(item.name) is not None or item.code in claimed:
            continue
        slug = slugify(item.name)
        if slug in slugs:
            slug = slugify(f"{item.name} {item.code}")
        slugs.add(slug)
        description = f"arXiv's category {item.code}, {item.name}: papers arXiv files under it, and papers whose keywords name it."
        tags.append(Tag(item.name, slug, FAMILY, description, phrases=()))
    return taxonomy.with_family(FAMILY, tags)


def category_tag(code: str, taxonomy: Taxonomy) -> str | None:
    """The tag name for an arXiv code: the taxonomy tag that lists the category among its
    `categories`, else the taxonomy tag of the category's name, else that name."""
    item = category(code)
    if item is None:
        return None
    claimed = _claimed(taxonomy).get(item.code)
    if claimed is not None:
        return claimed
    known = taxonomy.get(item.name)
    return known.name if known is not None else item.name


@functools.lru_cache(maxsize=4)
def _claimed(taxonomy: Taxonomy) -> dict[str, str]:
    """arXiv code → the name of the taxonomy tag that stands for it."""
    return {code: tag.name for tag in taxonomy.tags for code in tag.categories}
