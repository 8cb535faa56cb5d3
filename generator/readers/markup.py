"""HTML that bibliographic text carries: rich-text tags and character entities.

CSL JSON marks italics and the like with a few HTML tags, Crossref's abstracts
are JATS XML, some exports escape a title's HTML once more (Zotero's BibTeX
of a web page's metadata: `&amp;lt;i&amp;gt;Trichodesmium&amp;lt;/i&amp;gt;`), and
publishers' HTML ends up in BibTeX as it is (`Cu<sub>2</sub>O` from IEEE Xplore).
Read as text, tags go and entities become their characters.
"""

from __future__ import annotations

import re

from generator.clean import entities

# CSL's rich-text tags, the few HTML ones Crossref titles carry, and any tag with a
# namespace prefix (Crossref's JATS abstracts: `<jats:p>`, `<jats:italic>`, `<mml:mi>`).
MARKUP = re.compile(r"<(/?)(?:([a-z][\w-]*):)?([a-z][\w-]*)(?:\s[^<>]*)?/?>", re.IGNORECASE | re.ASCII)
INLINE_TAGS = frozenset({"i", "b", "em", "strong", "u", "sup", "sub", "sc", "scp", "span"})
# Tags that end a block of text: what they separate gets a space.
BLOCK_TAGS = frozenset({"p", "br", "title", "sec", "list", "list-item", "label", "caption", "disp-quote"})
# Made of INLINE_TAGS, so that no rich-text tag is left out (Wiley's `<scp>` was).
_INLINE = "|".join(sorted(INLINE_TAGS))
ESCAPED_TAG = re.compile(rf"&(?:amp;)*lt;/?(?:{_INLINE})\b", re.IGNORECASE)
# A closing rich-text tag written as it is: publishers' HTML (`Cu<sub>2</sub>O`) that IEEE
# Xplore and INSPEC exports carry into a BibTeX library.
RAW_TAG = re.compile(rf"</(?:{_INLINE})>", re.IGNORECASE)
DEPTH = 3  # escapes of escapes undone at most: `&amp;amp;lt;` is as far as exports go


def tag_text(tag: re.Match) -> str:
    """What a tag leaves in the text: a space between blocks, nothing inside one;
    an unknown tag without a namespace prefix is text (`a <x> b`) and stays."""
    prefix, name = tag.group(2), tag.group(3).lower()
    if name in BLOCK_TAGS:
        return " "
    return "" if prefix or name in INLINE_TAGS else tag.group()


def escaped_html(text: str) -> str:
    """Text whose rich-text tags were written, or escaped as entities (once or more), read
    as text: the entities undone, the tags dropped. Entities without tags are undone too
    (Mendeley's `Interactive&amp;#x002F;Smart`, `P &lt; 0.05`); other text is returned as it is."""
    if ESCAPED_TAG.search(text) is None:
        text = _unescaped(text) if "&" in text else text
        return " ".join(MARKUP.sub(tag_text, text).split()) if RAW_TAG.search(text) else text
    return " ".join(MARKUP.sub(tag_text, _unescaped(text)).split())


def _unescaped(text: str) -> str:
    for _ in range(DEPTH):
        unescaped = entities(text)
        if unescaped == text:
            break
        text = unescaped
    return text
