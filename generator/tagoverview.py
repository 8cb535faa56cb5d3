"""The Tags page's index: every tag in use under its family, with its count and description.

Responsible for that Markdown only. It links each tag's page and no paper:
the tag pages list the papers, so the index stays short however large the
archive grows. (The browse page's fallback uses the terser `tagpages.tag_index`.)
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from generator.cards import plural
from generator.model import Paper
from generator.render import md_text
from generator.tagpages import by_family, untagged_section


def tag_overview(papers: Sequence[Paper], taxonomy, root: str = "") -> str:
    """A `##` heading per family, then one item per tag: link, count, description.

    `root` leads from the page holding the index to `docs/`.
    """
    def item(group) -> str:
        text = (
            f'- [{md_text(group.name)}]({root}tags/{group.slug}.md){{ .pa-tag-link }} '
            f'<span class="pa-count">{plural(len(group.papers), "paper")}</span>'
        )
        if group.description:
            text += f'\n  <br><span class="pa-tag-description">{html.escape(group.description, quote=False)}</span>'
        return text

    blocks = by_family(papers, taxonomy, item)
    blocks.extend(untagged_section(papers, taxonomy, root))
    if not blocks:
        return "No tags yet.\n"
    return '<div class="pa-tag-overview" markdown>\n' + "\n".join(blocks) + "\n\n</div>\n"
