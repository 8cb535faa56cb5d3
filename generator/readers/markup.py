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
# IEEE Xplore's abstracts add `inf` (a subscript, as INSPEC writes one) and an inline formula's TeX
# (`<inline-formula><tex-math notation="LaTeX">$k$</tex-math><alternatives><inline-graphic …/></alternatives></inline-formula>`).
INLINE_TAGS = frozenset({"i", "b", "em", "strong", "u", "sup", "sub", "inf", "sc", "scp", "span", "a", "tt", "code",
                         "inline-formula", "tex-math", "alternatives", "inline-graphic"})
# Tags that end a block of text: what they separate gets a space.
BLOCK_TAGS = frozenset({"p", "br", "title", "sec", "list", "list-item", "label", "caption", "disp-quote",
                        "h1", "h2", "h3", "h4", "h5", "h6", "div", "ul", "ol", "li"})
# Made of INLINE_TAGS, so that no rich-text tag is left out (Wiley's `<scp>` was).
_INLINE = "|".join(sorted(INLINE_TAGS))
ESCAPED_TAG = re.compile(rf"&(?:amp;)*lt;/?(?:{_INLINE})\b", re.IGNORECASE)
# A closing rich-text tag written as it is: publishers' HTML (`Cu<sub>2</sub>O`) that IEEE
# Xplore and INSPEC exports carry into a BibTeX library; or a paragraph's or heading's, as
# Europe PMC's abstracts have them (`<h4>Background</h4>`), and publishers' pages in Zotero
# (`<h3>Abstract</h3> <p>…</p>`); or the HTML of a catalogue's entries put into JSON Lines as it
# is (the Archive of Formal Proofs: `<p>`, `<em>`, `<a href=…>`, `<ul><li>`).
# IEEE's line break within an abstract (`are<br/>applied`) is such HTML too, and so is the empty
# paragraph NASA ADS's RIS and EndNote exports end each paragraph with (`… relation. <P />Chapter 3`,
# `Not Available <P />`): kept, it was shown as it is, and an abstract ADS does not have was one.
RAW_TAG = re.compile(rf"</(?:{_INLINE}|p|div|li|h[1-6])>|<(?:br|p)\s*/>", re.IGNORECASE)
# The end of a heading not ending in a mark of its own: a colon, so that a structured
# abstract reads as PubMed writes one ("Background: …").
HEADING_END = re.compile(r"(?<=[^\s.:;!?])\s*</h[1-6]\s*>", re.IGNORECASE)
# A heading that only names the field it opens: no words of the abstract.
FIELD_HEADING = re.compile(r"\s*<h[1-6](?:\s[^<>]*)?>\s*(?:abstract|summary)\s*[.:]?\s*</h[1-6]\s*>", re.IGNORECASE)
DEPTH = 3  # escapes of escapes undone at most: `&amp;amp;lt;` is as far as exports go


def tag_text(tag: re.Match) -> str:
    """What a tag leaves in the text: a space between blocks, nothing inside one;
    an unknown tag without a namespace prefix is text (`a <x> b`) and stays."""
    prefix, name = tag.group(2), tag.group(3).lower()
    if name in BLOCK_TAGS:
        return " "
    return "" if prefix or name in INLINE_TAGS else tag.group()


def escaped_html(text: str, typeset: bool = False) -> str:
    """Text whose rich-text tags were written, or escaped as entities (once or more), read
    as text: the entities undone, the tags dropped. Entities without tags are undone too
    (Mendeley's `Interactive&amp;#x002F;Smart`, `P &lt; 0.05`); other text is returned as it is.
    With `typeset` (a title or an abstract, whose TeX is typeset), a superscript or subscript
    keeps its meaning: see `scripts`."""
    if ESCAPED_TAG.search(text) is None:
        text = _unescaped(text) if "&" in text else text
        if RAW_TAG.search(text) is None:
            return text
    else:
        text = _unescaped(text)
    heading = FIELD_HEADING.match(text)
    text = HEADING_END.sub(": ", text[heading.end():] if heading else text)
    return " ".join(MARKUP.sub(tag_text, scripts(text) if typeset else text).split())


# `<sup>…</sup>`, `<sub>…</sub>` around text that reads as a script (NASA ADS writes them in
# capitals: `10<SUP>3</SUP>`, `M <SUB>⊙</SUB>`; Crossref's JATS with a namespace prefix:
# `10<jats:sup>-3</jats:sup>`); the space ADS leaves after a lone capital goes. IEEE Xplore writes
# `<inf>` for a subscript and gives each script MathML's namespace on a line of its own
# (`10\n<sup xmlns:mml="http://www.w3.org/1998/Math/MathML" …>4</sup>`): that space goes too. (The
# space is looked for only after a character that is none, so a long run of spaces costs no more.)
SCRIPT = re.compile(r"(?:(?<![\w])(?P<base>(?-i:[A-ZΑ-Ω]))\s+)?(?:(?<=\S)(?P<gap>\s{1,3}))?<(?P<prefix>(?:[a-z][\w-]*:)?)"
                    r"(?P<tag>sup|sub|inf)(?P<attributes>\s[^<>]*)?>"
                    r"(?P<body>(?:[^<>]|</?(?:i|em)>){1,40})</(?P=prefix)(?P=tag)>", re.IGNORECASE)
IEEE_SCRIPT = re.compile(r"\bxmlns:mml=", re.IGNORECASE)
# Italics inside a script, as HTML writes a variable for an exponent (`φ<sup><i>n</i></sup>`).
SCRIPT_ITALICS = re.compile(r"</?(?:i|em)>", re.IGNORECASE)
SUPERSCRIPTS = str.maketrans("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾")
SUBSCRIPTS = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
# What TeX may set as a script: letters, digits, signs, the Sun's ⊙ and Greek letters.
SCRIPT_TEXT = re.compile(r"^[A-Za-z0-9α-ωΑ-Ω+\-−=().,′*⊙☉ ]+$")


def scripts(text: str) -> str:
    """`text` with superscripts and subscripts written as Unicode where every character has
    one (`10<sup>3</sup>` → 10³, `yr<sup>-1</sup>` → yr⁻¹), else as TeX (`T <sub>eff</sub>` →
    T$_{\\mathrm{eff}}$); a script of other text is left to be dropped as a tag."""

    def script(found: re.Match) -> str:
        base, sup = found.group("base") or "", found.group("tag").lower() == "sup"
        if not IEEE_SCRIPT.search(found.group("attributes") or ""):
            base += found.group("gap") or ""
        body = SCRIPT_ITALICS.sub("", found.group("body")).strip()
        italic = body != found.group("body").strip()  # a variable (`<i>n</i>`): TeX's italic, not upright
        if not SCRIPT_TEXT.match(body):
            return found.group()
        table = SUPERSCRIPTS if sup else SUBSCRIPTS
        if all(char in "0123456789+-−=()" for char in body):
            return base + body.translate(table)
        letters = f"\\mathrm{{{body}}}" if body.isascii() and any(char.isalpha() for char in body) and not italic else body
        return f"{base}${'^' if sup else '_'}{{{letters}}}$"

    return SCRIPT.sub(script, text) if "<" in text else text


def _unescaped(text: str) -> str:
    for _ in range(DEPTH):
        unescaped = entities(text)
        if unescaped == text:
            break
        text = unescaped
    return text
