"""Tag pages: one page per tag in use (`docs/tags/<slug>.md`, long ones continued on
`tags/<slug>/page/<n>.md`: see `pagination`) and the grouped tag index.

Responsible for naming tags in URLs (`tag_slugs`), for grouping the papers by
tag and for the Markdown of the tag pages and of the index by family; nothing
more. A tag of the taxonomy keeps the taxonomy's slug and name, whatever case
a person wrote it in; a person's own tag is slugified, and gets a short hash
of its name when its slug is empty, taken by a taxonomy tag, by another of
their tags, or is reserved (`index` would be the tag index's URL).
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import frontmatter
from slugify import slugify

from generator import yamltext
from generator.cards import card_list, newest_first, plural
from generator.model import Paper, made_now
from generator.pagination import Place, link, paged
from generator.render import md_text

OTHER_FAMILY = "Your tags"
UNTAGGED = "untagged"  # tags/untagged.md lists the papers no topic fits
# index: the tag index's URL; sitemap: the file beside the tag feeds (see feeds.py).
RESERVED = {"index", "sitemap", UNTAGGED}
SLUG_LENGTH = 60


@dataclass(frozen=True)
class TagGroup:
    """One tag's page: its display name, slug, family, description and papers (newest first)."""

    name: str
    slug: str
    family: str
    description: str
    papers: tuple[Paper, ...]


def _hashed(base: str, name: str) -> str:
    digest = hashlib.sha256(name.casefold().encode("utf-8")).hexdigest()[:6]
    return f"{base}-{digest}" if base else f"tag-{digest}"


def _taxonomy_slugs(taxonomy) -> set[str]:
    return {tag.slug for tag in taxonomy.tags}


def tag_slug(name: str, taxonomy) -> str:
    """The slug of one tag, not knowing the other tags in use (see `tag_slugs`)."""
    tag = taxonomy.get(name)
    if tag is not None:
        return tag.slug if tag.slug not in RESERVED else _hashed(tag.slug, tag.name)
    slug = slugify(name, max_length=SLUG_LENGTH, word_boundary=True)
    if not slug or slug in RESERVED or slug in _taxonomy_slugs(taxonomy):
        return _hashed(slug, name)
    return slug


def tag_slugs(names: Iterable[str], taxonomy) -> dict[str, str]:
    """Name → slug for every tag in use; names differing only in case share a slug.

    Two different tags of a person's that slugify alike (`C++`, `C`) both get
    hashed slugs, so neither takes the other's page.
    """
    names = sorted(set(names))
    slugs = {name: tag_slug(name, taxonomy) for name in names}
    claimed: dict[str, set[str]] = {}
    for name in names:
        if taxonomy.get(name) is None:
            claimed.setdefault(slugs[name], set()).add(name.casefold())
    for name in names:
        if taxonomy.get(name) is None and len(claimed[slugs[name]]) > 1:
            slugs[name] = _hashed(slugs[name], name)
    return slugs


def slugs_in_use(papers: Sequence[Paper], taxonomy) -> dict[str, str]:
    """`tag_slugs` of every tag the papers carry."""
    return tag_slugs((tag for paper in papers for tag in paper.tags), taxonomy)


def tag_groups(papers: Sequence[Paper], taxonomy, ordered: Sequence[Paper] | None = None,
               slugs: dict[str, str] | None = None) -> list[TagGroup]:
    """Every tag in use with its papers; in taxonomy family order, then by name.
    `ordered` (the papers `newest_first`) and `slugs` (`slugs_in_use`) when already known."""
    slugs = slugs_in_use(papers, taxonomy) if slugs is None else slugs
    ordered = newest_first(papers) if ordered is None else ordered  # one sort of all: each group is in order
    by_tag: dict[str, list[Paper]] = defaultdict(list)
    for paper in ordered:
        for tag in paper.tags:
            by_tag[tag].append(paper)
    spellings: dict[str, set[str]] = {}
    for tag in by_tag:
        spellings.setdefault(slugs[tag], set()).add(tag)
    members: dict[str, list[Paper]] = {}
    for slug, names in spellings.items():
        if len(names) == 1:
            members[slug] = by_tag[next(iter(names))]
        else:  # spellings of one tag ("GNN", "gnn"): each paper once, in order
            tagged = {id(paper): paper for name in names for paper in by_tag[name]}
            members[slug] = [paper for paper in ordered if id(paper) in tagged]
    groups = []
    for slug, tagged in members.items():
        known = next((taxonomy.get(name) for name in sorted(spellings[slug]) if taxonomy.get(name)), None)
        if known is not None:
            name, family, text = known.name, known.family, known.description
        else:
            name, family, text = sorted(spellings[slug])[0], OTHER_FAMILY, ""
        groups.append(TagGroup(name, slug, family, text, tuple(tagged)))
    order = {family: index for index, family in enumerate(taxonomy.families)}
    return sorted(groups, key=lambda g: (order.get(g.family, len(order)), g.name.casefold(), g.slug))


def tag_pages(papers: Sequence[Paper], taxonomy, settings, others: Iterable[str] = (),
              groups: Sequence[TagGroup] | None = None, made=made_now, ordered=None, slugs=None) -> dict:
    """`tags/<slug>.md` for every tag in use, and the pages that continue it.

    `others` are the site's other outputs: a page links its tag's bibliography
    only when one is among them, so strict builds never meet a dead link.
    `groups` are `tag_groups` when already known; `made(function, *arguments)` makes
    each page (see `site.Parts`); `ordered` and `slugs` as for `tag_groups`. Each page
    is made from its own papers only, so an edited card makes the one page that shows
    it again.
    """
    slugs = slugs_in_use(papers, taxonomy) if slugs is None else slugs
    others = set(others)
    feeds = bool(settings.site_url)
    size = settings.listing_page_size
    pages = {}
    for group in tag_groups(papers, taxonomy, ordered, slugs) if groups is None else groups:
        bibliography = f"tags/{group.slug}.bib" in others
        for members, place in paged(f"tags/{group.slug}.md", group.papers, size):
            shown = dataclasses.replace(group, papers=tuple(members))
            pages[place.path] = made(tag_page, shown, slugs, feeds, bibliography, place)
    untagged = untagged_papers(papers, taxonomy, ordered, slugs)
    for members, place in paged(f"tags/{UNTAGGED}.md", untagged, size) if untagged else ():
        pages[place.path] = made(untagged_page, list(members), slugs, place)
    return pages


def untagged_papers(papers: Sequence[Paper], taxonomy, ordered: Sequence[Paper] | None = None,
                    tags: Iterable[str] | None = None) -> list[Paper]:
    """Papers with no topic: no tag of the taxonomy and no arXiv category (newest first).
    `ordered`: the papers `newest_first`, and `tags` every tag they carry, when already known."""
    topics = {tag for paper in papers for tag in paper.tags} if tags is None else tags
    topics = {tag for tag in topics if taxonomy.get(tag) is not None}
    return [paper for paper in (newest_first(papers) if ordered is None else ordered) if topics.isdisjoint(paper.tags)]


def untagged_page(papers: Sequence[Paper], slugs: dict[str, str], place: Place | None = None) -> str:
    """`tags/untagged.md` (or a page continuing it): the papers no topic fits, with how to give them one."""
    place = place or Place(f"tags/{UNTAGGED}.md", papers=len(papers))
    root, title = place.root, "Papers without a topic"
    body = [
        f'<h1 class="pa-title">{title}</h1>',
        '<p class="pa-tag-description">No tag of the taxonomy has enough evidence in these papers\' '
        "titles and abstracts, and they carry no arXiv category. To file them, add a tag or a few "
        "phrases to <code>taxonomy.yml</code>; the next build tags them.</p>",
        f'<p class="pa-tag-facts" markdown><span class="pa-count">{plural(place.papers, "paper")}</span>'
        f" · [All tags]({root}tags.md)</p>",
        *place.around(card_list(papers, root, slugs)),
    ]
    post = frontmatter.Post("\n\n".join(body) + "\n", title=place.title(title),
                            description=f"{plural(place.papers, 'paper')} that no tag of the taxonomy fits yet.")
    return yamltext.page(post)


def tag_page(group: TagGroup, slugs: dict[str, str], feed: bool = True, bibliography: bool = True,
             place: Place | None = None) -> str:
    """One page of a tag's listing: `group` holds the papers this page shows."""
    place = place or Place(f"tags/{group.slug}.md", papers=len(group.papers))
    root = place.root
    meta: dict = {"title": place.title(group.name)}
    meta["description"] = group.description or f"Papers tagged {group.name}."
    if feed:
        meta["atom_feed"] = f"feeds/tags/{group.slug}.xml"
    body = [f'<h1 class="pa-title">{html.escape(group.name, quote=False)}</h1>']
    if group.description:
        body.append(f'<p class="pa-tag-description">{html.escape(group.description, quote=False)}</p>')
    facts = [f'<span class="pa-count">{plural(place.papers, "paper")}</span>', f"in {md_text(group.family)}"]
    extras = [f"[All tags]({root}tags.md)"]
    if feed:
        extras.append(f"[Atom feed]({root}feeds/tags/{group.slug}.xml)")
    if bibliography:
        extras.append(f"[BibTeX]({link(f'tags/{group.slug}.bib', place.path)})")
    body.append(f'<p class="pa-tag-facts" markdown>{" ".join(facts)} · {" · ".join(extras)}</p>')
    body.extend(place.around(card_list(group.papers, root, slugs)))
    post = frontmatter.Post("\n\n".join(body) + "\n", **meta)
    return yamltext.page(post)


def tag_index(papers: Sequence[Paper], taxonomy, root: str = "", level: int = 2) -> str:
    """Every tag in use with its count, under a heading per family, linking its page.

    `root` leads from the page holding the index to `docs/`.
    """
    def item(group) -> str:
        count = len(group.papers)
        return (
            f'- [{md_text(group.name)}]({root}tags/{group.slug}.md) '
            f'<span class="pa-count" title="{plural(count, "paper")}">{count}</span>'
        )

    blocks = by_family(papers, taxonomy, item, level)
    blocks.extend(untagged_section(papers, taxonomy, root, level))
    return "\n".join(blocks).strip() + "\n" if blocks else "No tags yet.\n"


def by_family(papers: Sequence[Paper], taxonomy, item, level: int = 2) -> list[str]:
    """Markdown blocks: a heading per family of the tags in use, then `item(group)` for each of its tags."""
    blocks: list[str] = []
    family = None
    for group in tag_groups(papers, taxonomy):
        if group.family != family:
            family = group.family
            blocks.append(f"\n{'#' * level} {md_text(family)}\n")
        blocks.append(item(group))
    return blocks


def untagged_section(papers: Sequence[Paper], taxonomy, root: str = "", level: int = 2) -> list[str]:
    """The index's link to the papers no topic fits, under its own heading; none when all have one."""
    untagged = len(untagged_papers(papers, taxonomy))
    if not untagged:
        return []
    return [f"\n{'#' * level} Without a topic\n",
            f"[{plural(untagged, 'paper')} without a topic]({root}tags/{UNTAGGED}.md): no tag of "
            "the taxonomy fits them yet."]
