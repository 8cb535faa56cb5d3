"""BibTeX as people write it, before any entry is read: comments, macros, inheritance.

- `%` starts a comment outside field values, as biber and every editor treat
  it: a line `% @article{old, …}` is no entry at all. Comments are blanked, so
  line numbers stay those of the file.
- `@string` macros are expanded with `#` concatenation, bounded: a value never
  grows past `MAX_VALUE` characters (a few nested `@string`s doubling each
  other would otherwise need gigabytes), and an over-long one is cut and reported.
  A name no `@string` defines is kept as written and reported, as BibTeX warns.
- biblatex `crossref` and `xdata`: an entry inherits the fields it lacks from
  its parent (the parent's title becoming the child's `booktitle`, or its
  `journaltitle` for a `@periodical`) and from the `@xdata` entries it names; a
  `@proceedings` or `@periodical` that lends a paper its fields is no paper itself.
- Mendeley Desktop's escaped TeX (`{\\{}`, `$\\backslash$`, `{\\~{}}`) is read back as
  the TeX it stands for, in every field read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from generator.bibentry import balanced_braces
from generator.textex import known_command

MAX_VALUE = 100_000
# What BibTeX itself defines: the months, and the journals of its standard styles.
PREDEFINED = frozenset(
    "jan feb mar apr may jun jul aug sep oct nov dec acmcs acta cacm ibmjrd ibmsj ieeese ieeetc "
    "ieeetcad ipl jacm jcss scp sicomp tocs tods tog toms toois toplas tcs".split()
)
MAX_DEPTH = 8

COMMENT_SPECIAL = re.compile(r'[\\{}"%]')
# Where a block may begin: the walk for comments is cut into pieces there.
_BLOCK_LINE = re.compile(r"\n[ \t]*@")
BLOCKS_PER_PIECE = 64
_WALK_START = (0, False, False)
VERBATIM_BLOCK = re.compile(r"@\s*(?:comment|preamble)\s*$", re.IGNORECASE)
# What a child never takes from its parent: what names the parent itself or its own copy.
NOT_INHERITED = frozenset(
    "title subtitle titleaddon shorttitle ids crossref xref xdata entryset label shorthand sortkey key "
    "abstract keywords file annote note doi url urldate eprint eprinttype eprintclass archiveprefix "
    "primaryclass pages".split()
)
# Entry types that only group or feed others: never a paper of their own.
GROUPING_TYPES = frozenset({"set", "xdata"})
# Mendeley Desktop escapes the TeX of an entry it did not decode as if it were text: a brace
# as `{\{}`, a tilde as `{\~{}}`, a backslash as `$\backslash$` (`{\$}\backslash{\$}` once
# more escaped). Read back, they are that TeX again: `przedsi{\k{e}}biorczości`, `А.~М.`.
MENDELEY_ESCAPE = re.compile(r"\{\\([{}])\}|\{\\~\{\}\}|(?:\$|\{\\\$\})\\backslash(?:\$|\{\\\$\})([A-Za-z]*)")
MENDELEY_SIGN = re.compile(r"\{\\[{}~]|\\backslash")
# What Mendeley keeps of a braced accent on one letter: `Bü$\backslash$csra` for `B\"{u}\c{s}ra`.
LOST_ACCENT_BRACES = frozenset("ckvuH")
# A backslash that escapes one of these characters is TeX's; before anything else it is a backslash.
ESCAPED_CHARACTERS = frozenset("{}'\"^`~=.-&%#_$")


def strip_comments(text: str, memo=None, path: str = "") -> str:
    """`text` with every `%` comment outside field values blanked to the end of its line.
    With a `memo` (a cache `Memo`), the text is walked in pieces of `BLOCKS_PER_PIECE`
    blocks, each found in the memo by its text and the walk's state where it begins:
    an edit to one entry walks one piece again. The walk's state at a piece's start is
    all the whole walk knows there, and a piece begins after a line's end, which no
    escape or comment reaches beyond, so the pieces give what the whole walk gives.
    The memo keeps where each piece's comments are, not its text: it is read every run."""
    if not _unescaped_percent(text):
        return text  # no `%` could start a comment: most libraries escape theirs (`50\%`)
    if memo is None:
        return _strip_walk(text)
    starts = [match.start() + 1 for match in _BLOCK_LINE.finditer(text)][BLOCKS_PER_PIECE - 1 :: BLOCKS_PER_PIECE]
    kept, state = [], _WALK_START
    for start, end in zip([0, *starts], [*starts, len(text)]):
        piece = text[start:end]
        key = (path, "strip", hashlib.sha1(piece.encode("utf-8", "surrogatepass")).hexdigest(), state)
        comments, state = memo.get(key, lambda piece=piece, state=state: _walk(piece, state))
        kept.append(_without(piece, comments))
    return "".join(kept)


def _unescaped_percent(text: str) -> bool:
    """Whether a `%` of `text` follows an even run of backslashes (none included), so that
    no backslash escapes it. Each `%` looks back over its own run only."""
    position = text.find("%")
    while position >= 0:
        back = position
        while back and text[back - 1] == "\\":
            back -= 1
        if (position - back) % 2 == 0:
            return True
        position = text.find("%", position + 1)
    return False


def _strip_walk(text: str) -> str:
    """`strip_comments` by walking every character that matters to it."""
    return _without(text, _walk(text, _WALK_START)[0])


def _without(text: str, spans) -> str:
    """`text` without the (start, end) `spans`, in order and apart."""
    if not spans:
        return text
    ends = [0, *(end for _, end in spans)]
    return "".join(text[at:start] for at, (start, _) in zip(ends, spans)) + text[ends[-1]:]


def _walk(text: str, state: tuple[int, bool, bool]) -> tuple[tuple[tuple[int, int], ...], tuple[int, bool, bool]]:
    """Where the comments of `text` are, (start, end) each, found by a walk that begins in
    `state` (brace depth, within quotes, within a verbatim block); and the state where the
    walk ends."""
    comments, position = [], 0
    depth, quoted, verbatim = state
    while True:
        match = COMMENT_SPECIAL.search(text, position)
        if match is None:
            break
        char, position = match.group(), match.end()
        if char == "\\":
            position += 1  # an escaped character is never structure
        elif char == "{":
            if depth == 0:
                # `@comment{…}` and `@preamble{…}` hold text, where `%` is a per cent sign.
                verbatim = VERBATIM_BLOCK.search(text, max(match.start() - 40, 0), match.start()) is not None
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 1:
            quoted = not quoted
        elif char == "%" and depth <= 1 and not quoted and not (verbatim and depth == 1):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            comments.append((match.start(), end))
            position = end
    return tuple(comments), (depth, quoted, verbatim)


@dataclass
class Macros:
    """`@string` definitions seen so far, and what was too long to keep whole."""

    values: dict[str, str] = field(default_factory=dict)
    cut: bool = False
    # Names resolved since last asked that no @string defines (and BibTeX does not either).
    undefined: list[str] = field(default_factory=list)

    def define(self, name: str, value: str) -> bool:
        """Expand and keep `name`; False when its value had to be cut to `MAX_VALUE`."""
        self.values[name.strip().lower()] = self.resolve(value)
        self.undefined.clear()
        return not self._take_cut()

    def resolve(self, value: str) -> str:
        """A field's value: `{…}` and `"…"` pieces, numbers and macro names joined by `#`."""
        pieces, length = [], 0
        for piece in concatenated(value.strip()):
            if _literal(piece):
                text = piece[1:-1]
            else:
                # An unknown name stays as written: `month = jun` without an @string for jun.
                text = self.values.get(piece.lower(), piece)
                if text is piece and not piece.isdigit() and piece.lower() not in PREDEFINED:
                    self.undefined.append(piece)
            if length + len(text) > MAX_VALUE:
                pieces.append(text[: MAX_VALUE - length])
                self.cut = True
                break
            pieces.append(text)
            length += len(text)
        return "".join(pieces)

    @staticmethod
    def names_in(value: str) -> list[str]:
        """The names `resolve(value)` looks up, whatever they stand for."""
        return [piece.lower() for piece in concatenated(value.strip()) if not _literal(piece)]

    def _take_cut(self) -> bool:
        cut, self.cut = self.cut, False
        return cut


def _literal(piece: str) -> bool:
    """A `{…}` or `"…"` piece of a value, as opposed to a number or a macro's name."""
    return piece[:1] == "{" and piece[-1:] == "}" or piece[:1] == '"' and piece[-1:] == '"' and len(piece) > 1


def concatenated(value: str) -> list[str]:
    """The pieces of `a # {b} # "c"`, split at the `#` outside braces and quotes."""
    if "#" not in value:  # most values, abstracts among them: one piece
        value = value.strip()
        return [value] if value else []
    pieces, depth, quoted, start = [], 0, False, 0
    # Only braces, quotes and `#` matter: the text between them is skipped at C speed.
    for match in _STRUCTURE.finditer(value):
        char, index = match.group(), match.start()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(value[start:index].strip())
            start = index + 1
    pieces.append(value[start:].strip())
    return [piece for piece in pieces if piece]


_STRUCTURE = re.compile(r'[{}"#]')


@dataclass(frozen=True)
class RawEntry:
    """One entry with its fields resolved (lower-case names), before inheritance."""

    entry_type: str
    key: str
    line: int | None
    fields: dict[str, str]


def inherited(entry: RawEntry, entries: dict[str, RawEntry]) -> dict[str, str]:
    """The entry's fields with what it lacks taken from its `xdata` entries and `crossref` parent."""
    return _inherited(entry, entries, set())


def _inherited(entry: RawEntry, entries: dict[str, RawEntry], seen: set[str]) -> dict[str, str]:
    seen = seen | {entry.key.lower()}
    if len(seen) > MAX_DEPTH:
        return dict(entry.fields)
    fields = dict(entry.fields)
    for name in re.split(r"\s*,\s*", entry.fields.get("xdata", "").strip()):
        source = entries.get(name.lower()) if name else None  # an entry without a key is no one's parent
        if source is not None and name.lower() not in seen:
            for key, value in _inherited(source, entries, seen).items():
                fields.setdefault(key, value)
    parent_name = entry.fields.get("crossref", "").strip().lower()
    parent = entries.get(parent_name) if parent_name else None
    if parent is not None and parent.key.lower() not in seen:
        parent_fields = _inherited(parent, entries, seen)
        venue_field = "journaltitle" if parent.entry_type == "periodical" else "booktitle"
        if "title" in parent_fields and not any(fields.get(name) for name in ("booktitle", "journaltitle", "journal")):
            fields[venue_field] = parent_fields["title"]
            # As biblatex inherits them: the parent's subtitle is the book's, not the child's.
            if parent_fields.get("subtitle") and venue_field == "booktitle":
                fields.setdefault("booksubtitle", parent_fields["subtitle"])
        for key, value in parent_fields.items():
            if key not in NOT_INHERITED:
                fields.setdefault(key, value)
    return fields


# A volume that holds papers: named by a paper's `crossref`, it is where the paper appeared.
VOLUME_TYPES = frozenset({"proceedings", "mvproceedings", "periodical"})


def lending_volumes(order: list[RawEntry]) -> set[int]:
    """The ids of the proceedings and journal issues (`VOLUME_TYPES`, without an abstract)
    that another entry names as its `crossref` parent: they lend that paper its venue, year and
    editors and are no paper themselves. DBLP writes one after each conference paper, and each
    was a page titled "Proceedings of …" (or a journal's name) with no author and no abstract."""
    children: dict[str, set[int]] = {}
    for entry in order:
        parent = entry.fields.get("crossref", "").strip().lower()
        if parent:
            children.setdefault(parent, set()).add(id(entry))
    return {id(entry) for entry in order if entry.entry_type in VOLUME_TYPES and not entry.fields.get("abstract", "").strip()
            and children.get(entry.key.strip().lower(), set()) - {id(entry)}}


def mendeley_unescaped(value: str) -> str:
    """A field's value with Mendeley's escapes read back as the TeX they stand for; kept as
    written when its braces would no longer pair up (an escape escaped again, half read back)."""
    if not MENDELEY_SIGN.search(value):
        return value

    def unescaped(found: re.Match) -> str:
        brace, name = found.group(1), found.group(2)
        if brace:
            return brace
        if name is None:
            return "~"
        following = found.string[found.end() : found.end() + 1]
        # A text copied from the web holds its line breaks as `\n` and `\r`: a space.
        if name[:1] in ("n", "r") and (len(name) > 1 and not known_command(name) or len(name) == 1 and following != "{"):
            return " " + name[1:]
        if not name:
            return "\\" if following and following in ESCAPED_CHARACTERS else "\\textbackslash{}"
        if known_command(name) or name[0] not in LOST_ACCENT_BRACES or len(name) == 1:
            return "\\" + name
        return f"\\{name[0]}{{{name[1]}}}{name[2:]}"

    text = MENDELEY_ESCAPE.sub(unescaped, value)
    return text if balanced_braces(text) else value


# Zotero's export writes the TeX of a text it took from the web (an arXiv abstract, a title)
# as text: `\textbackslash 'e`, `\textbraceleft e\textbraceright{}`, `10\textasciicircum 2`,
# `\$M\_\textbackslash star\$`. Each escape, with the space or `{}` that ends its name.
ZOTERO_ESCAPE = re.compile(r"\{\\(textbackslash|textbraceleft|textbraceright|textasciicircum|textasciitilde)\}"
                           r"|\\(textbackslash|textbraceleft|textbraceright|textasciicircum|textasciitilde)(?:\{\}| (?=\S))?"
                           r"|\\([_{}$])")
ZOTERO_CHARACTERS = {"textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^",
                     "textasciitilde": "~"}


# A formula whose dollars Zotero escaped, TeX inside: `\$\sim600\$`, `\$\textasciicircum 10\$Be`; not `\$5 and \$10`.
# (Mendeley writes its escaped backslash `{\$}\backslash{\$}`: that is `mendeley_unescaped`'s.)
ZOTERO_FORMULA = re.compile(r"(?<!\{)\\\$(?!\})[^$]{0,200}?(?:\\[A-Za-z]|[\^_])[^$]{0,200}?(?<!\{)\\\$(?!\})")


def zotero_unescaped(value: str) -> str:
    """A field's value with the TeX Zotero wrote as text read back, when it holds any
    (`\\textbackslash`, a formula between escaped dollars); kept as written when its braces
    or dollars would not pair up."""
    if not ("\\textbackslash" in value or "\\$" in value and "\\backslash" not in value and ZOTERO_FORMULA.search(value)):
        return value

    def unescaped(found: re.Match) -> str:
        name = found.group(1) or found.group(2)
        return ZOTERO_CHARACTERS[name] if name else found.group(3)

    text = ZOTERO_ESCAPE.sub(unescaped, value)
    return text if balanced_braces(text) and text.count("$") % 2 == 0 else value
