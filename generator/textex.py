"""TeX text as text: one decoding for every reader, and one plain form for titles.

Responsible for turning what authors type (`R\\'{e}nyi`, `\\emph{x}`, `i.i.d.\\ `,
`--`, Zotero's `{\\textbackslash}emph\\{x\\}`) into Unicode text while every
math span (`$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`) stays exactly as written for
KaTeX; and, where HTML cannot typeset (`<title>`, meta tags, feeds, JSON), for
writing a text with math as readable plain text (`$\\omega$Test` → ωTest).
Nothing here raises: text the converter cannot parse keeps its letters.

A `\\$` stays escaped in decoded text: a bare `$` would open mathematics in the
stages after the readers; rendering shows it as `$`.
"""

from __future__ import annotations

import functools
import re

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import unicode_to_latex

from generator.clean import MATH_SPAN

# Exports often leave `%`, `&` and `#` bare; in TeX they would start a comment or a table cell.
BARE_SPECIAL = re.compile(r"(?<!\\)([%&#])")
DOLLAR, DOLLAR_MARK = "\\$", "\ue000"
TILDE_MARK = "\ue001"
# `\^{}` is a circumflex accent over nothing: a caret, as DBLP writes one in a title
# (`More on AC{\^{}}0[oplus]`); the converter left nothing of it.
CARET_MARK = "\ue007"
MARKS = {"$": "\ue002", "\\(": "\ue003", "\\)": "\ue004", "\\[": "\ue005", "\\]": "\ue006"}
LONE_DELIMITER = re.compile(r"(?<!\\)\$|\\[()\[\]]")
# `\'` after a letter (or a group) and before a space, a lone `s` or punctuation is an apostrophe
# typed with a backslash (`radiologists\' eye`, `BERT\'s`), not an acute accent.
APOSTROPHE = re.compile(r"(?<=[A-Za-z}])\\'(?=\s|s\b|[^\w{\\]|$)")
# `~` between two words is a tie (`Fig.~1`), and so is one beside mathematics (`of~$X$`) or after
# a command (`\textemdash ~x`, like `\LaTeX\ x`: TeX drops the spaces after a command's name);
# `\~` is the tilde accent (`Mu\~noz`), `\~{}` a tilde, and a `~` in an address (`\url{…}`,
# `x.org/~me`) a tilde. Elsewhere (`~10x`, `(~8-25`) it means "about".
TILDE = re.compile(
    r"(?P<address>\\(?:url|href)\{[^{}]*\})|(?P<command>\\[A-Za-z]+)(?:\s*~|\\ )|\\[~^]\{\}|\\.|~", re.DOTALL
)
# `\verb|x|` with one of TeX's usual delimiters: an unclosed one costs one scan per delimiter.
VERB = re.compile(r"\\verb\*?([!-)+-/:-@\[-`|])(.*?)\1")
# Zotero writes `\emph{x}` typed in a title as `{\textbackslash}emph\{x\}`.
ZOTERO_COMMAND = re.compile(r"(?:\{\\textbackslash\}|\\textbackslash\{\}|\\textbackslash\s)([A-Za-z]+)\\\{(.*?)\\\}")
# And an accent typed as TeX (`Garc\'ia`, `Mu\~noz`) as `Garc\textbackslash{}'ia`.
ZOTERO_ACCENT = re.compile(r"(?:\{\\textbackslash\}|\\textbackslash\{\})([`'^\"~=.])(?:\\\{([A-Za-z])\\\}|(?=[A-Za-z]))")
# Text worth giving the converter: a command, a group, a tie, TeX's dashes and quotes.
TEX_SIGNAL = re.compile(r"[\\{}~]|--|``|''")
# `\ ` is a space in text; said first, it cannot split a word from its command.
CONTROL_SPACE = re.compile(r"(?<!\\)\\ ")
STRUCTURE = re.compile(r"\\.|[{}]|\s+", re.DOTALL)
BARE_COMMAND = re.compile(r"\\[A-Za-z]+$")
# Math decorations whose argument reads well as plain letters (`\mathcal{O}` → O).
PLAIN_ARGUMENT = ("mathcal", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathscr", "mathfrak",
                  "boldsymbol", "bm", "text", "textrm", "textbf", "textit", "texttt", "textsf", "textup",
                  "textmd", "textnormal", "operatorname", "mbox")
DROPPED = ("cite", "citep", "citet", "citealp", "ref", "eqref", "label", "footnote")
# Commands of LaTeX and its common packages (and of the usual paper templates) that pylatexenc
# does not know.
SYMBOLS = {"slash": "/", "addslash": "/", "hyphen": "-", "textperiodcentered": "·", "textless": "<", "textgreater": ">", "textbar": "|",
           "textunderscore": "_", "copyright": "©", "pounds": "£", "S": "§", "P": "¶", "ddag": "‡",
           "checkmark": "✓", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2ε", "etal": "et al.", "eg": "e.g.",
           "ie": "i.e.", "etc": "etc.", "vs": "vs.", "ne": "≠", "colon": ":", "degree": "°", "cmark": "✓",
           "xmark": "✗", "textquotedbl": '"', "circledR": "®", "flqq": "«", "frqq": "»", "flq": "‹", "frq": "›",
           # pylatexenc's are the spacing accents ˆ and ˜; the characters these name are ASCII's.
           "textasciicircum": "^", "textasciitilde": "~"}
# Commands of LaTeX that print nothing (font, size, spacing, breaks) and that pylatexenc does not
# know, like the `\text…` symbols it does not know; any other unknown command without an argument
# is the author's own (`\ourmethod`) and shows its name.
SILENT = frozenset("""em bf it sl sc tt sf rm up md normalfont bfseries mdseries itshape slshape scshape upshape
    rmfamily sffamily ttfamily tiny scriptsize footnotesize small normalsize large Large LARGE huge Huge
    boldmath unboldmath selectfont normalcolor relax protect noindent indent par newline linebreak
    nolinebreak allowbreak newblock break nobreak pagebreak nopagebreak newpage clearpage smallskip
    medskip bigskip hfill vfill hfil vfil hss unskip ignorespaces leavevmode null strut centering
    raggedright raggedleft maketitle item footnotemark thanks enspace enskip thinspace
    space nobreakspace frenchspacing nonfrenchspacing sloppy fussy hskip vskip kern hbox vbox def let""".split())
# The number sets that authors write as a command of one letter (KaTeX knows `\\R`, `\\N` and
# `\\Z` itself; the pages' KaTeX options add `\\Q` and `\\C`).
NUMBER_SETS = {"N": "ℕ", "Z": "ℤ", "Q": "ℚ", "R": "ℝ", "C": "ℂ"}
NUMBER_SET = re.compile(r"\\([NZQRC])(?![A-Za-z])")
# Plain TeX's superscript and subscript commands (MathSciNet writes `$C\\sp \\ast$`).
PLAIN_SCRIPTS = {"sp": "^", "sb": "_"}
PLAIN_SCRIPT = re.compile(r"\\(sp|sb)(?![A-Za-z])\s*")
# Sizes of delimiters (`\left[`, `\Bigr)`): the delimiter stays, a `.` (none) goes with them.
SIZED = re.compile(r"\\(?:left|right|middle|[bB]igg?[lrm]?)(?![A-Za-z])\s*\.?")
# Operators written as words: `\log p` reads "log p", as typeset, not "logp".
OPERATOR = re.compile(r"\\(log|ln|lg|exp|sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|coth|arcsin|arccos|arctan|arg|"
                      r"min|max|sup|inf|lim|liminf|limsup|det|dim|ker|deg|gcd|hom|Pr)(?![A-Za-z])\s*(?=([^\W_]|\\)?)")
# A command name followed by spaces and maybe `{}`, or any other escape.
COMMAND = re.compile(r"\\(?:([A-Za-z]+)(\s*)(\{\})?|.)", re.DOTALL)


# Made when first needed: a run after one changed abstract mostly meets no TeX, and making
# them takes 20 ms.
@functools.cache
def _converters() -> tuple[LatexNodes2Text, LatexNodes2Text, object]:
    """(verbatim converter, converter of math to text, context to parse with)."""
    text_db = get_default_latex_context_db()
    text_db.add_context_category(
        "paper-archive",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("href", simplify_repl=_href),
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("TeX", simplify_repl="TeX"),
            *(MacroTextSpec(name, simplify_repl="%s") for name in PLAIN_ARGUMENT),
            *(MacroTextSpec(name, discard=True) for name in DROPPED),
            *(MacroTextSpec(name, simplify_repl=symbol) for name, symbol in SYMBOLS.items()),
        ],
    )
    parse_db = latexwalker.get_default_latex_context_db()
    parse_db.add_context_category(
        "paper-archive",
        prepend=True,
        macros=[
            macrospec.std_macro("href", False, 2),
            *(macrospec.std_macro(name, True, 1) for name in DROPPED),
            *(macrospec.std_macro(name, False, 1) for name in PLAIN_ARGUMENT if parse_db.get_macro_spec(name) is None),
        ],
    )
    verbatim = LatexNodes2Text(math_mode="verbatim", latex_context=text_db)
    as_text = LatexNodes2Text(math_mode="text", latex_context=text_db)
    return verbatim, as_text, parse_db


def _href(node, l2tobj) -> str:
    """`\\href{url}{label}` → "label (url)": the address stays findable in the text."""
    args = node.nodeargd.argnlist if node.nodeargd else []
    url = l2tobj.nodelist_to_text([args[0]]).strip() if len(args) > 0 and args[0] is not None else ""
    label = l2tobj.nodelist_to_text([args[1]]).strip() if len(args) > 1 and args[1] is not None else ""
    if not label or label == url:
        return url
    return f"{label} ({url})" if url else label


def math_spans(text: str) -> list[tuple[bool, str]]:
    """`text` cut into (is_math, piece) in order; `\\$` is a dollar, never math."""
    pieces, last = [], 0
    for span in MATH_SPAN.finditer(text):
        if span.start() > last:
            pieces.append((False, text[last : span.start()]))
        pieces.append((True, span.group()))
        last = span.end()
    if last < len(text):
        pieces.append((False, text[last:]))
    return pieces


def decode(text: str) -> str:
    """TeX text as Unicode text on one line; math spans kept exactly as written."""
    if not text:
        return ""
    spans = _unbraced(math_spans(text))
    pieces = [
        piece if math else _decode_text(piece, after_math=index > 0, before_math=index < len(spans) - 1)
        for index, (math, piece) in enumerate(spans)
    ]
    return " ".join("".join(pieces).split())


def _unbraced(spans: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """The spans without the braces that only group a formula (`Ly {$\\alpha$} Systems`, as
    Zotero protects one): left in the text beside it, they cost the spaces around it. A
    command's argument (`\\textbf{$x$}`) keeps its braces."""
    spans = list(spans)
    for index in range(1, len(spans) - 1):
        (math_before, before), (math, _), (math_after, after) = spans[index - 1], spans[index], spans[index + 1]
        if math and not math_before and not math_after and before.endswith("{") \
                and after.startswith("}") and not COMMAND_BEFORE_BRACE.search(before):
            spans[index - 1], spans[index + 1] = (False, before[:-1]), (False, after[1:])
    return spans


COMMAND_BEFORE_BRACE = re.compile(r"\\[A-Za-z]+\s*\{$|\^\{$|_\{$")


def _decode_text(text: str, after_math: bool, before_math: bool) -> str:
    text = ZOTERO_COMMAND.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}}}", text)
    text = ZOTERO_ACCENT.sub(lambda m: f"\\{m.group(1)}{{{m.group(2)}}}" if m.group(2) else f"\\{m.group(1)}", text)
    text = APOSTROPHE.sub("'", text)
    text = VERB.sub(lambda m: f"\\texttt{{{unicode_to_latex(m.group(2))}}}", text)
    text = _tildes(text, after_math, before_math)
    if TEX_SIGNAL.search(text):
        # Only the words that hold TeX go through the converter: it is slow (about
        # 100 KB a second), and most of an abstract is plain words.
        runs = _runs(CONTROL_SPACE.sub(" ", text))
        text = "".join(run if plain_run else _convert_run(run) for plain_run, run in runs)
    return text.replace(TILDE_MARK, "~").replace(CARET_MARK, "^")


def _tildes(text: str, after_math: bool, before_math: bool) -> str:
    """Ties in `text` as spaces, literal tildes as TILDE_MARK, accents as written,
    and a space after a command kept apart from it."""

    def tilde(found: re.Match) -> str:
        token = found.group()
        if found.group("address"):
            return token.replace("~", TILDE_MARK)
        if found.group("command"):
            return found.group("command") + "{} "
        if token == "\\~{}":
            return TILDE_MARK
        if token == "\\^{}":
            return CARET_MARK
        if token != "~":
            return token
        before, after = text[found.start() - 1 : found.start()], text[found.end() : found.end() + 1]
        if before in ("(", "[") and after.isdigit():
            return TILDE_MARK  # `(~8-25 M`: "about"; nobody ties a bracket to what it holds
        tie_before = (before and not before.isspace() and before != "/") or (not before and after_math)
        tie_after = (after and not after.isspace()) or (not after and before_math)
        return " " if tie_before and tie_after else TILDE_MARK

    return TILDE.sub(tilde, text)


def _runs(text: str) -> list[tuple[bool, str]]:
    """`text` cut at spaces outside braces into runs of plain words and runs of
    words with TeX; a word ending in a bare command takes the next word along."""
    words, start, depth = [], 0, 0
    for token in STRUCTURE.finditer(text):
        found = token.group()
        if found == "{":
            depth += 1
        elif found == "}":
            depth = max(depth - 1, 0)
        elif found[0] != "\\" and depth == 0:
            words.append(text[start : token.end()])
            start = token.end()
    words.append(text[start:])
    runs: list[tuple[bool, list[str]]] = []
    pulled = False
    for word in words:
        tex = pulled or TEX_SIGNAL.search(word) is not None
        pulled = tex and BARE_COMMAND.search(word.rstrip()) is not None
        if runs and runs[-1][0] == (not tex):
            runs[-1][1].append(word)
        else:
            runs.append((not tex, [word]))
    return [(plain_run, "".join(run)) for plain_run, run in runs]


def _convert_run(text: str) -> str:
    protected = COMMAND.sub(_unknown_command, text)
    protected = BARE_SPECIAL.sub(r"\\\1", protected).replace(DOLLAR, DOLLAR_MARK)
    # Math was cut out before: a delimiter left here has no partner and is text.
    protected = LONE_DELIMITER.sub(lambda found: MARKS[found.group()], protected)
    converted = _convert(_converters()[0], protected)
    if converted is None:
        converted = _crude(protected)
    for delimiter, mark in MARKS.items():
        converted = converted.replace(mark, delimiter)
    # A group at either end of a run must not glue it to the words beside it.
    # `\\-` marks where TeX may break a word: the soft hyphen it becomes would stay in titles and search.
    converted = converted.replace(DOLLAR_MARK, DOLLAR).replace("\xa0", " ").replace("\xad", "")
    return _keep_edges(text, converted)


def _unknown_command(found: re.Match) -> str:
    """An author's own command without an argument (`\\ourmethod`, `\\sys{}`) as its name;
    `\\xspace` as the space it stands for; any other escape as written."""
    name, spaces, empty = found.groups()
    if name is None or found.string[found.end() : found.end() + 1] == "{" and not empty:
        return found.group()
    if name == "xspace":
        return "{}" + spaces
    if name in SILENT or name.startswith("text") or _known(name):
        return found.group()
    return name + spaces


def known_command(name: str) -> bool:
    """Whether `\\name` means something to `decode` (rather than being shown as its name)."""
    return name in SILENT or _known(name)


def _known(name: str) -> bool:
    verbatim, _, context = _converters()
    return verbatim.latex_context.get_macro_spec(name) is not None or context.get_macro_spec(name) is not None


def _keep_edges(original: str, converted: str) -> str:
    start = " " if original[:1].isspace() else ""
    end = " " if original[-1:].isspace() else ""
    return start + converted.strip() + end


def _convert(converter: LatexNodes2Text, text: str) -> str | None:
    try:
        return converter.latex_to_text(text, latex_context=_converters()[2], tolerant_parsing=True)
    except Exception:  # pylatexenc fails on some malformed input; the caller keeps the letters
        return None


def _crude(text: str) -> str:
    """What pylatexenc cannot parse: escapes undone and braces dropped, nothing lost."""
    return re.sub(r"\\([%&_#])", r"\1", text).replace("{", "").replace("}", "")


def plain(text: str, math: bool = True, limit: int | None = None) -> str:
    """Readable plain text: with `math`, each span becomes Unicode letters
    (`$\\omega$Test` → ωTest, `$\\mathcal{O}(n)$` → O(n)), never `$`; `\\$` becomes `$`.
    With `limit`, conversion stops once that many characters are written."""
    if not math:
        return text
    pieces, length = [], 0
    for is_math, piece in math_spans(text):
        if limit is not None and length > limit:
            break
        if is_math:
            pieces.append(_plain_math(piece))
        else:
            pieces.append(piece.replace(DOLLAR, "$"))
        length += len(pieces[-1])
    return "".join(pieces)


# Kept: abstracts of one field repeat their formulas (`$n$`, `$\\alpha$`, `$O(n^2)$`), and each
# costs pylatexenc a parse.
@functools.lru_cache(maxsize=1 << 14)
def _plain_math(span: str) -> str:
    body = span[2:-2] if span.startswith(("$$", "\\(", "\\[")) else span[1:-1]
    # An author's own command shows its name here too (`\\Q(\\sqrt{5})` → Q(√(5))), and the
    # sets authors write as one letter their letter (`\\R^n` → ℝ^n), which KaTeX shows.
    body = NUMBER_SET.sub(lambda found: "{" + NUMBER_SETS[found.group(1)] + "}", body)
    if "\\" in body:
        body = SIZED.sub("", body).replace("\\|", "‖")
        body = OPERATOR.sub(_operator, body)
    body = COMMAND.sub(_unknown_command, PLAIN_SCRIPT.sub(lambda found: PLAIN_SCRIPTS[found.group(1)], body))
    converted = _convert(_converters()[1], body.replace("~", " "))
    converted = _crude(body).replace("\\", "") if converted is None else converted
    return " ".join(converted.replace("$", "").split())


def _operator(found: re.Match) -> str:
    """An operator's name, spaced from a letter or digit on either side (`a\\log b` → "a log b")."""
    before = found.string[found.start() - 1 : found.start()]
    return (" " if before.isalnum() else "{}") + found.group(1) + (" " if found.group(2) else "")


def looks_like_tex(text: str) -> bool:
    """Whether `$…$` in text from a plain-text format is TeX (`$x$`, `$\\alpha$`, `$O(n^2)$`)
    rather than two prices (`$5 and $10`)."""
    for is_math, piece in math_spans(text):
        if is_math:
            body = piece.strip("$") if piece.startswith("$") else piece[2:-2]
            if re.search(r"[\\^_{}]", body) or re.fullmatch(r"\S{1,12}", body.strip()) and not body.strip().isdigit():
                return True
    return False
