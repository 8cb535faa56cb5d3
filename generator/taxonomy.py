"""The tag taxonomy: the curated topics of `taxonomy.yml`, read and checked.

Responsible for the `Tag` and `Taxonomy` values and for loading the file with
`path:line: what is wrong` errors; matching text against the phrases is
`tagging.py`'s work, and arXiv categories are added by `categories.py`.
"""

from __future__ import annotations

import functools
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml
from slugify import slugify

from generator.readers.decoding import NotText, decode

__all__ = ["Context", "Tag", "Taxonomy", "TaxonomyError", "load_taxonomy"]

TAG_KEYS = ("name", "description", "phrases", "weak", "exclude", "field", "categories")
CONTEXT_KEYS = ("phrases", "categories", "exclude")
MIN_TAXONOMY_TAGS = 2
_WORD = re.compile(r"[^\W_]+")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message is `path:line: what is wrong`."""


@dataclass(frozen=True)
class Tag:
    """One topic: its display name, page slug, family, description and the phrases that mark it.

    A tag with no phrases (an arXiv category) is never given by matching text;
    papers get it from their metadata or a person's keyword. A `field` tag names a
    field of research (Astrophysics), which papers outside the taxonomy's context
    (see `Context`) may be about too."""

    name: str
    slug: str
    family: str
    description: str
    phrases: tuple[str, ...]
    weak: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    field: bool = False
    categories: tuple[str, ...] = ()  # arXiv categories it stands for (`physics.flu-dyn`), canonical codes


@dataclass(frozen=True)
class Context:
    """What marks a paper as within the taxonomy's field: a phrase in its title or
    abstract, or an arXiv category (a code, or an archive such as `cs` for all of it)."""

    phrases: tuple[str, ...]
    categories: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # other senses of its phrases ("aromatase inhibitors (AIs)")

    def has_category(self, codes) -> bool:
        # Codes as sources write them: `cs.LG`, `cs.lg`.
        return any(code.casefold() in self._folded or code.split(".")[0].casefold() in self._folded for code in codes)

    @functools.cached_property
    def _folded(self) -> frozenset[str]:
        return frozenset(code.casefold() for code in self.categories)


@dataclass(frozen=True)
class Taxonomy:
    """The tags in family order; lookup by name ignores case. With a `context`, only
    papers within it get the taxonomy's tags (see `tagging.assign_tags`)."""

    tags: tuple[Tag, ...]
    families: tuple[str, ...]
    context: Context | None = None

    @functools.cached_property
    def _by_name(self) -> dict[str, Tag]:
        return {t.name.casefold(): t for t in self.tags}

    @functools.cached_property
    def _matcher(self):  # the phrases compiled once per taxonomy, on first use
        from generator.tagging import Matcher

        return Matcher(self)

    @functools.cached_property
    def _context_matcher(self):
        from generator.tagging import Matcher

        if self.context is None:
            return None
        return Matcher(Taxonomy((Tag("context", "context", "", "", self.context.phrases, exclude=self.context.exclude),), ("",)))

    def with_family(self, family: str, tags: Sequence[Tag]) -> Taxonomy:
        """This taxonomy with one more family of tags, listed last."""
        if not tags:
            return self
        return Taxonomy(self.tags + tuple(tags), self.families + (family,), self.context)

    def get(self, name: str) -> Tag | None:
        return self._by_name.get(name.strip().casefold())

    def family_of(self, name: str) -> str | None:
        tag = self.get(name)
        return tag.family if tag else None


def _waits_for_a_writer(path: Path) -> bool:
    """Whether `path` is neither a file nor a folder: read, a named pipe would wait for a
    writer, and every build with it. A folder or a missing file is `read_bytes`' error."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read and check a taxonomy file; any mistake raises `TaxonomyError("path:line: ...")`."""
    path = Path(path)
    if _waits_for_a_writer(path):
        raise TaxonomyError(f"{path}: a named pipe, socket or device, not a file; cannot read the taxonomy")
    try:
        root = yaml.compose(decode(path.read_bytes()), Loader=yaml.SafeLoader)
    except FileNotFoundError:
        raise TaxonomyError(f"{path}: no such file; cannot read the taxonomy") from None
    except OSError as error:  # its strerror alone: the whole error names the path again
        raise TaxonomyError(f"{path}: cannot read the taxonomy ({error.strerror or error})") from None
    except NotText as error:
        raise TaxonomyError(f"{path}:{error.line}: {error}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise TaxonomyError(f"{where}: invalid YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise TaxonomyError(f"{path}: invalid YAML: {error}") from None

    def fail(node, message: str):
        raise TaxonomyError(f"{path}:{node.start_mark.line + 1 if node else 1}: {message}")

    def mapping(node, what: str, allowed: Sequence[str]) -> dict:
        if not isinstance(node, yaml.MappingNode):
            fail(node, f"{what} must be a mapping")
        items = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or not key.value.strip():
                fail(key, f"{what} has a key that is not a plain name")
            if key.value in items:
                fail(key, f"{what} repeats the key {key.value!r}")
            if allowed and key.value not in allowed:
                fail(key, f"unknown key {key.value!r} in {what} (expected one of: {', '.join(allowed)})")
            items[key.value] = value
        return items

    def text(node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            fail(node, f"{what} must be a text")
        return " ".join(node.value.split())

    def flag(node, what: str) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.value not in ("true", "false"):
            fail(node, f"{what} must be true or false")
        return node.value == "true"

    def phrase_list(node, what: str) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            fail(node, f"{what} must be a list of phrases")
        for item in node.value:
            if not _WORD.search(text(item, f"each of {what}")):
                fail(item, f"{what} has a phrase with no letters or digits: {item.value!r}")
        return tuple(dict.fromkeys(text(item, what) for item in node.value))

    claimed: dict[str, str] = {}  # arXiv category → the tag that stands for it

    def arxiv_codes(node, name: str) -> tuple[str, ...]:
        from generator.categories import category  # which reads taxonomies' tags

        what = f"the categories of tag {name!r}"
        codes = []
        for code, item in zip(phrase_list(node, what), node.value):
            found = category(code)
            if found is None:
                fail(item, f"{what}: {code!r} is not an arXiv category (such as physics.flu-dyn)")
            if found.code in claimed:
                fail(item, f"{what}: {found.code} is already the tag {claimed[found.code]!r}")
            claimed[found.code] = name
            codes.append(found.code)
        return tuple(codes)

    if root is None:
        raise TaxonomyError(f"{path}:1: the taxonomy is empty; expected a 'families:' mapping")
    top = mapping(root, "the taxonomy", ("context", "families"))
    if "families" not in top:
        fail(root, "the taxonomy needs a 'families:' mapping of family names to lists of tags")
    families, tags, seen = [], [], {}
    for family_key, family_node in mapping(top["families"], "'families'", ()).items():
        family = " ".join(family_key.split())
        if not isinstance(family_node, yaml.SequenceNode) or not family_node.value:
            fail(family_node if family_node.start_mark.line > 0 else top["families"],
                 f"family {family!r} must be a non-empty list of tags")
        families.append(family)
        for node in family_node.value:
            items = mapping(node, "a tag", TAG_KEYS)
            if "name" not in items:
                fail(node, "a tag has no 'name'")
            name = text(items["name"], "a tag's 'name'")
            slug = slugify(name)
            if not slug:
                fail(items["name"], "a tag's 'name' must have letters or digits")
            if name.casefold() in seen or slug in seen:
                first = seen.get(name.casefold()) or seen[slug]
                fail(items["name"], f"tag {name!r} repeats the tag {first!r} (same name or slug)")
            seen[name.casefold()] = seen[slug] = name
            if "phrases" not in items:
                fail(node, f"tag {name!r} has no 'phrases'")
            phrases = phrase_list(items["phrases"], f"the phrases of tag {name!r}")
            if not phrases:
                fail(items["phrases"], f"tag {name!r} has an empty 'phrases' list")
            description = text(items["description"], f"the description of tag {name!r}") \
                if "description" in items else ""
            weak, exclude = (phrase_list(items[k], f"the {k} phrases of tag {name!r}") if k in items else ()
                             for k in ("weak", "exclude"))
            field = flag(items["field"], f"the field of tag {name!r}") if "field" in items else False
            codes = arxiv_codes(items["categories"], name) if "categories" in items else ()
            tags.append(Tag(name, slug, family, description, phrases, weak, exclude, field, codes))
    if len(tags) < MIN_TAXONOMY_TAGS:
        fail(root, f"the taxonomy needs at least {MIN_TAXONOMY_TAGS} tags")
    context = None
    if "context" in top:
        items = mapping(top["context"], "'context'", CONTEXT_KEYS)
        if "phrases" not in items:
            fail(top["context"], "'context' has no 'phrases'")
        phrases = phrase_list(items["phrases"], "the context phrases")
        if not phrases:
            fail(items["phrases"], "'context' has an empty 'phrases' list")
        codes = phrase_list(items["categories"], "the context categories") if "categories" in items else ()
        exclude = phrase_list(items["exclude"], "the context's exclude phrases") if "exclude" in items else ()
        context = Context(phrases, codes, exclude)
    return Taxonomy(tuple(tags), tuple(families), context)

