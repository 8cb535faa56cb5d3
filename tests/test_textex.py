"""The shared TeX-text decoding and the plain form of titles, with property tests."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import textex
from generator.mathspans import MATH_SPAN
from generator.model import Paper
from generator.render import description, plain_title


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"R\'{e}nyi entropy", "Rényi entropy"),
        (r"the \emph{oracle problem} is", "the oracle problem is"),
        (r"i.i.d.\ samples", "i.i.d. samples"),
        (r"a\ b", "a b"),
        (r"radiologists\' eye gaze", "radiologists' eye gaze"),
        (r"BERT\'s power and {BERT}\'s too", "BERT's power and BERT's too"),
        (r"students\', then", "students', then"),
        (r"Ko\'sciuszko and Andr\'e", "Kościuszko and André"),
        (r"{\textbackslash}emph\{Bold\} claims", "Bold claims"),
        (r"Fig.~1 runs ~10x faster", "Fig. 1 runs ~10x faster"),
        # NASA ADS abstracts: a tilde after a bracket, before a number, is "about", not a tie.
        (r"Massive stars (~8-25 M) and radii [~0.5 R], Fig.~2 and Ref.~[3]", "Massive stars (~8-25 M) and radii [~0.5 R], Fig. 2 and Ref. [3]"),
        (r"5% better & faster #1", "5% better & faster #1"),
        (r"see \href{https://github.com/a/b}{our code}", "see our code (https://github.com/a/b)"),
        (r"as in \cite{smith2020} we", "as in we"),
        (r"a --- b -- c", "a — b – c"),
        (r"costs \$5", r"costs \$5"),
        (r"in $\mathcal{O}(n^2)$ and \(x_1\) time", r"in $\mathcal{O}(n^2)$ and \(x_1\) time"),
        (r"$\omega$Test", r"$\omega$Test"),
        ("no tex at all", "no tex at all"),
        # `\~` is the tilde accent; `~` beside mathematics or after a command is a tie.
        (r"Mu{\~n}oz, S\~{a}o Paulo, Jo{\~a}o, Pe\~na, Corti{\~{n}}as, {\~n}", "Muñoz, São Paulo, João, Peña, Cortiñas, ñ"),
        (r"the index set of~$X$ and $x$~and", "the index set of $X$ and $x$ and"),
        (r"Analytics \textemdash ~{{Evaluation}} of", "Analytics — Evaluation of"),
        (r"\LaTeX\ rocks", "LaTeX rocks"),
        (r"see \url{http://x.org/~me}, x.org/~you and http://x.org/\~{}them", "see http://x.org/~me, x.org/~you and http://x.org/~them"),
        # `\^{}` is a caret, as `\~{}` is a tilde: DBLP's title of "More on AC^0[oplus] and …"; `\^{e}` an accent.
        (r"More on AC{\^{}}0[oplus] and x\^{}2, caf\^{e} and \^o", "More on AC^0[oplus] and x^2, cafê and ô"),
        # Text styles keep their text, in and out of `\verb`.
        (r"use \texttt{PyTorch} here", "use PyTorch here"),
        (r"\textsf{a} \textup{b} \textnormal{c} \textmd{d} \textsl{e} \bm{f}", "a b c d e f"),
        (r"type \verb|x_1 %~| now", "type x_1 %~ now"),
        # An unknown command shows its argument, or else its name; LaTeX's own show what they print.
        (r"We propose \ourmethod, a \sys{} tool and \foo{bar}", "We propose ourmethod, a sys tool and bar"),
        (r"Reduction\hyphen{}Free ACM\addslash{}IEEE and\slash or", "Reduction-Free ACM/IEEE and/or"),
        (r"{\bf Bold} {\em x}\xspace y, \etal\xspace, \eg\ this", "Bold x y, et al., e.g. this"),
        # A place TeX may break a word is no character of it; TUGboat's middle dot.
        (r"{\"U}ber\-setzung of A\textperiodcentered{}B", "Übersetzung of A·B"),
    ],
)
def test_decode(tex, text):
    assert textex.decode(tex) == text


@pytest.mark.parametrize(
    ("title", "plain"),
    [
        (r"$\omega$Test: fuzzing", "ωTest: fuzzing"),
        (r"Sorting in $\mathcal{O}(n)$ time", "Sorting in O(n) time"),
        (r"$$\sum_i x_i$$ and \(\alpha\)", "∑_i x_i and α"),
        (r"Costs \$5", "Costs $5"),
        ("Plain title", "Plain title"),
        # arXiv 0704.0011: an author's own command keeps its name, the number sets their letters.
        (r"Modular forms over $\Q(\sqrt{5})$ via", "Modular forms over ℚ(√(5)) via"),
        (r"Maps $f:\R^n\to\C$ and $x\in\Z_p$", "Maps f:ℝ^n→ℂ and x∈ℤ_p"),
        (r"$\cA$-modules", "cA-modules"),
        # Delimiters keep their sizes' meaning without their commands; operators stay words.
        (r"Matching $\mathbb{E}_{t,x}\left[\|s_\theta(x,t) - \nabla\log p_t\|^2\right]$",
         "Matching 𝔼_t,x[‖s_θ(x,t) - ∇log p_t‖^2]"),
        (r"$\bigl(a\Bigr) \left.f\right|_0$ and $\exp x, \min f, a\sin y, \det A, \Pr X, \lim_n$",
         "(a) f|_0 and exp x, min f, a sin y, det A, Pr X, lim_n"),
    ],
)
def test_plain_titles_have_no_tex(title, plain):
    assert textex.plain(title) == plain
    paper = Paper(key="k", title=title, math=True, abstract=rf"We show {title}. More.")
    assert plain_title(paper) == plain
    assert "$" not in description(paper).replace("$5", "")


def test_plain_keeps_titles_that_are_not_tex_exactly():
    assert textex.plain("A $5 and $10 deal", math=False) == "A $5 and $10 deal"


def test_looks_like_tex_tells_math_from_prices():
    assert textex.looks_like_tex(r"in $\alpha$ steps") and textex.looks_like_tex("costs $O(n)$ time")
    assert not textex.looks_like_tex("between $5 and $10 a month")


def test_decoding_stays_linear_on_long_tokens():
    started = time.perf_counter()
    textex.decode("data:image/png;base64," + "A" * 200_000)
    textex.decode(r"\emph{x} " * 5_000)
    textex.plain("$x$ " * 20_000)
    assert time.perf_counter() - started < 10


TEX_PIECES = st.sampled_from(
    ["\\", "{", "}", "$", "\\'", "\\emph{", "\\(", "\\)", "~", "%", "&", "#", "_", "^", "--", "``", "a", " ", "\n", "é", "\\url{"]
    + ["\\~", "\\verb|", "\\texttt{", "\\ourmethod", "\\xspace", "\\textemdash ", "\\ ", "/"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEX_PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_any_text_decodes_and_plains_without_raising(text):
    decoded = textex.decode(text)
    assert isinstance(decoded, str) and "\n" not in decoded
    assert isinstance(textex.plain(decoded), str)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\\{}$~%&#_^`'-"), max_size=60))
def test_text_without_tex_is_only_respaced(text):
    assert textex.decode(text) == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEX_PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_math_stays_as_written(text):
    decoded = textex.decode(text)
    for span in MATH_SPAN.findall(text):
        assert " ".join(span.split()) in decoded
