"""The BibTeX reader on reading lists as reference managers export them, and on damage.

Golden files: see tests/golden.py.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import textex
from generator.readers.person import CUT_SHORT
from generator.readers import (
    ReadSettings,
    bibtex,
    bibtex_fields,
    decode,
    parse_source,
    reader_for,
)
from generator.readers.bibtex_source import _strip_walk, concatenated, strip_comments
from tests.conftest import FIXTURES
from tests.golden import check_golden

FOLDER = FIXTURES / "readers" / "bibtex"
CASES = sorted(FOLDER.glob("*.bib"))
SETTINGS = ReadSettings()


def read(text: str, path: str = "sources/list.bib"):
    return bibtex.read(decode(text.encode("utf-8")), path, SETTINGS)


def read_case(name: str):
    return bibtex.read(decode((FOLDER / name).read_bytes()), f"sources/{name}", SETTINGS)



@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_golden(case):
    check_golden(bibtex, case)


def by_title_start(records, start: str):
    return next(record for record in records if record.title.startswith(start))


def test_reading_list_reads_every_entry_at_its_line():
    records, problems = read_case("reading-list.bib")
    assert problems == []
    assert [record.source for record in records] == [f"sources/reading-list.bib:{line}" for line in (9, 24, 32, 39, 54, 64, 73)]
    assert all(record.format == "bibtex" and record.math for record in records)


def test_protected_capitals_accents_and_escapes_decoded_but_math_kept():
    records, _ = read_case("reading-list.bib")
    assert records[0].title == "Barlow Twins: Self-Supervised Learning via Redundancy Reduction"
    assert by_title_start(records, "Conditional").title == (
        "Conditional GANs in $\\mathcal{O}(n)$ Time: 99% Fewer FLOPs & — Still Sharp"
    )
    gan = by_title_start(records, "Generative Adversarial")
    assert "functions $G$ and $D$, a unique" in gan.abstract
    assert gan.abstract.endswith("$D$ equal to $\\frac{1}{2}$ everywhere.")
    assert "\n" not in gan.abstract
    # A bare % is a per cent sign, not the start of a LaTeX comment.
    assert "50% of the gain comes from it." in by_title_start(records, "A Simple Framework").abstract


def test_authors_as_given_then_family_name():
    records, _ = read_case("reading-list.bib")
    assert records[0].authors[-1] == "Stéphane Deny"
    assert "Łukasz Kaiser" in records[1].authors
    assert by_title_start(records, "Conditional").authors == ("Piet van der Berg Jr", "Hans Müller", "Google Research", CUT_SHORT)
    assert by_title_start(records, "Generative").authors[0] == "Ian J. Goodfellow"


def test_biblatex_extended_names_as_given_prefix_family_suffix():
    # Better BibLaTeX and biber write a name with a particle as its parts, by name.
    records, problems = read(
        "@article{a, title = {Names}, author = {Montani, Ines and family=Kok, given=Daniël, prefix=de, useprefix=true"
        " and family=Walt, given=Stéfan J., prefix=van der, useprefix=true"
        " and family={M{\\\"u}ller}, given=\"Hans\", suffix=Jr., giveni=H.}}"
    )
    assert problems == []
    assert records[0].authors == ("Ines Montani", "Daniël de Kok", "Stéfan J. van der Walt", "Hans Müller Jr.")
    # Only name-part keys make the form: an `=` elsewhere is part of an ordinary name.
    records, _ = read("@article{b, title = {Odd}, author = {Smith, J. = Jr and {Jones=Smith}, Ann and lang=en, Bo}}")
    assert records[0].authors == ("J. = Jr Smith", "Ann Jones=Smith", "Bo lang=en")


_NAME_WORD = st.text(alphabet="abcdéXY.", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["family", "given", "prefix", "suffix", "giveni", "useprefix"]),
                       st.lists(_NAME_WORD, min_size=1, max_size=3).map(" ".join), min_size=1),
       st.randoms(), st.text(alphabet='=,{}" ab', max_size=30))
def test_extended_names_in_any_order_and_any_name_text(parts, random, noise):
    order = list(parts)
    random.shuffle(order)
    names = bibtex_fields.authors(", ".join(f"{key}={parts[key]}" for key in order))
    shown = [parts[key] for key in ("given", "prefix", "family", "suffix") if key in parts]
    if "family" in parts or "given" in parts:
        assert names == (" ".join(shown),)
    bibtex_fields.authors(noise)  # never raises


def test_dates_from_year_month_and_date_fields():
    records, _ = read_case("reading-list.bib")
    assert records[0].date == "2021-06"  # month = jun
    assert records[1].date == "2017"
    assert by_title_start(records, "A Simple Framework").date == "2020-07-13"
    assert by_title_start(records, "On the Theory").date == "2019-09"


def test_venues_strings_and_concatenation():
    records, _ = read_case("reading-list.bib")
    assert by_title_start(records, "Generative").venue == "Advances in Neural Information Processing Systems"
    assert by_title_start(records, "A Simple Framework").venue == "International Conference on Machine Learning (ICML)"
    assert by_title_start(records, "On the Theory").venue == "École Normale Supérieure"
    # Google Scholar's "arXiv preprint arXiv:1512.03385" is an id, not a venue.
    resnet = by_title_start(records, "Deep residual")
    assert resnet.venue is None and resnet.arxiv == "1512.03385"


def test_arxiv_ids_dois_and_links():
    records, _ = read_case("reading-list.bib")
    barlow = records[0]
    assert barlow.arxiv == "2103.03230" and barlow.doi == "10.48550/arXiv.2103.03230"
    assert dict(barlow.links) == {"arxiv": "https://arxiv.org/abs/2103.03230", "doi": "https://doi.org/10.48550/arXiv.2103.03230"}
    eprint = by_title_start(records, "Conditional")
    assert eprint.arxiv == "2301.01234" and eprint.categories == ("cs.LG",)
    assert dict(eprint.links) == {"arxiv": "https://arxiv.org/abs/2301.01234"}
    simclr = by_title_start(records, "A Simple Framework")
    assert simclr.doi == "10.5555/3524938.3525087"
    assert dict(by_title_start(records, "Generative").links) == {"code": "https://github.com/goodfeli/adversarial"}
    assert dict(by_title_start(records, "On the Theory").links) == {"pdf": "https://example.org/thesis.pdf"}


def test_arxiv_ids_from_pdf_urls_and_from_references_in_url_commands():
    text = (
        "@article{a, title = {One}, journal = {CoRR}, url = {https://arxiv.org/pdf/1807.01069}}\n"
        "@article{b, title = {Two}, url = {https://arxiv.org/pdf/1603.04037.pdf}}\n"
        "@article{c, title = {Three}, url = {https://arxiv.org/pdf/2103.16400v2}}\n"
        "@misc{d, title = {Four}, howpublished = {\\url{https://arxiv.org/abs/2103.16400}}}\n"
        "@misc{e, title = {Five}, note = {\\href{https://arxiv.org/abs/2107.05616}{arXiv:2107.05616}}}\n"
        "@misc{f, title = {Six}, note = {\\href{https://example.org/x}{arXiv:2107.05617}}}\n"
        "@misc{g, title = {Seven}, url = {https://example.org/pdf/1807.01069.pdf}}\n"
        "@misc{h, title = {Eight}, howpublished = {\\url{https://arxiv.org/pdf/2403.01234v2.pdf}}}\n"
        "@misc{i, title = {Nine}, note = {Preprint at https://arxiv.org/pdf/hep-th/9901001.}}\n"
        "@misc{j, title = {Ten}, note = {https://dl.acm.org/doi/pdf/10.1145/3292500.3330701}}\n"
    )
    records, problems = read(text)
    assert problems == []
    assert [(record.arxiv, record.venue) for record in records] == [
        ("1807.01069", None), ("1603.04037", None), ("2103.16400", None), ("2103.16400", None),
        ("2107.05616", None), ("2107.05617", None), (None, None), ("2403.01234", None), ("hep-th/9901001", None),
        (None, None)]
    assert dict(records[0].links) == {"arxiv": "https://arxiv.org/abs/1807.01069", "pdf": "https://arxiv.org/pdf/1807.01069"}
    assert dict(records[3].links) == {"arxiv": "https://arxiv.org/abs/2103.16400"}
    assert dict(records[6].links) == {"pdf": "https://example.org/pdf/1807.01069.pdf"}


def test_keywords_become_tags():
    records, _ = read_case("reading-list.bib")
    assert records[0].tags == ("Computer Science - Computer Vision and Pattern Recognition", "Computer Science - Machine Learning")
    assert by_title_start(records, "Generative").tags == ("generative models", "adversarial training")
    # JabRef's MEDLINE import (testbib/testjabref.bib): headings that hold commas, `;` between them.
    (record,), _ = read("@article{b, title = {T}, keywords = {Animals; Cell Survival, physiology; Cells, Cultured; Rats}}\n")
    assert record.tags == ("Animals", "Cell Survival, physiology", "Cells, Cultured", "Rats")
    # Commas inside a heading's parentheses, and a PACS heading's `;` among commas (a Mendeley and a JabRef library).
    (record,), _ = read("@book{c, title = {T}, keywords = {Plots (Drama, novel, etc.), Criticism, Intrinsic properties of excitons; optical absorption spectra}}\n")
    assert record.tags == ("Plots (Drama, novel, etc.)", "Criticism", "Intrinsic properties of excitons", "optical absorption spectra")


def test_bibtex_is_the_entry_rebuilt_from_citation_fields_only():
    records, _ = read_case("reading-list.bib")
    for record in records:
        assert record.bibtex.startswith("@") and record.bibtex.endswith("}")
        for private in ("abstract", "keywords", "urldate", "note", "shorttitle", "file"):
            assert f"  {private} = " not in record.bibtex
    assert records[0].bibtex.startswith("@misc{zbontar_barlow_2021,\n  title = {Barlow {Twins}:")
    # Macros are expanded: the published entry stands alone.
    assert "month = jun," in records[0].bibtex  # the month macro, as written


def test_damage_is_reported_at_its_line_and_the_neighbours_are_read():
    records, problems = read_case("damaged-entries.bib")
    assert [record.title for record in records] == [
        "First Paper Before the Damage",
        "Second Paper, Right After the Damage",
        "A Second Entry with the Key of the First",  # another paper: read, and its key reported
        "Third Paper, at the End",
    ]
    assert [(problem.path, problem.line) for problem in problems] == [
        ("sources/damaged-entries.bib", line) for line in (7, 19, 22, 27, 32)
    ]
    messages = [problem.message for problem in problems]
    assert "'unclosed'" in messages[0]
    assert "'garbage'" in messages[1]
    assert "no title" in messages[2]
    assert "duplicate key 'first'" in messages[3] and "line 1" in messages[3] and "both are read" in messages[3]
    assert "title" in messages[4] and "more than once" in messages[4]


def test_unclosed_last_entry_is_one_problem():
    text = "@article{ok, title = {Fine}}\n\n@article{cut,\n  title = {Cut off"
    records, problems = read(text)
    assert [record.title for record in records] == ["Fine"]
    assert [(problem.line, "'cut'" in problem.message) for problem in problems] == [(3, True)]


def test_comment_preamble_and_prose_outside_entries_are_ignored():
    text = "Exported by some tool.\n@comment{nothing here}\n@preamble{\"\\newcommand{\\x}{y}\"}\n@book{b, title={A Book}, publisher={Press}}\n"
    records, problems = read(text)
    assert problems == []
    assert [(record.title, record.venue, record.source) for record in records] == [("A Book", "Press", "sources/list.bib:4")]


def test_a_bib_file_without_bibtex_is_one_problem_an_empty_library_none(tmp_path):
    wrong = tmp_path / "wrongformat.bib"
    wrong.write_text("TY  - JOUR\nTI  - A RIS record\nER  - \n", "utf-8")
    records, problems = parse_source(wrong, wrong.read_bytes(), "sources/wrongformat.bib", SETTINGS)
    assert records == []
    assert [str(problem) for problem in problems] == [
        "sources/wrongformat.bib: no BibTeX entries found: expected entries such as `@article{key, title = {…}, …}`"]
    for empty in ("", "\n \n", "% @article{old, title = {Commented out}}\n", "@string{x = {y}}\n", "@comment{notes}",
                  "@preamble{\"\\newcommand{\\x}{y}\"}"):
        assert read(empty) == ([], [])


def test_math_spans_of_every_kind_are_kept_verbatim():
    text = r"@misc{m, title = {Costs \$5 for $\alpha_{1}$, \(x^2\) and $$\sum_i x_i$$ in {\em emphasis}}}"
    records, problems = read(text)
    assert problems == []
    # `\$` stays escaped: the text is TeX, where a bare `$` would open mathematics.
    assert records[0].title == r"Costs \$5 for $\alpha_{1}$, \(x^2\) and $$\sum_i x_i$$ in emphasis"


def test_latex_the_converter_fails_on_keeps_its_text_and_math(monkeypatch):
    def fail(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(textex._converters()[0], "latex_to_text", fail)
    records, problems = read(r"@misc{m, title = {{Odd} \macro in $\mathcal{O}(1)$ at 5\% for \$3}}")
    assert problems == []
    # An unknown command shows its name, as when the converter succeeds.
    assert records[0].title == r"Odd macro in $\mathcal{O}(1)$ at 5% for \$3"


def test_tilde_accents_and_typewriter_text_are_kept():
    records, problems = read(
        r"""@article{a, title = {Sports Analytics \textemdash ~{{Evaluation}} of Basketball in S\~{a}o Paulo},
        author = {Mu{\~n}oz, Jos{\'e} and Corti{\~{n}}as, Pe\~na}, journal = {ACM\addslash{}IEEE Trans.},
        abstract = {The index set of~$X$ is built with \texttt{PyTorch}; see \url{http://x.org/~me}.}}"""
    )
    assert problems == []
    assert records[0].title == "Sports Analytics — Evaluation of Basketball in São Paulo"
    assert records[0].authors == ("José Muñoz", "Peña Cortiñas")
    assert records[0].venue == "ACM/IEEE Trans."
    assert records[0].abstract == "The index set of $X$ is built with PyTorch; see http://x.org/~me."


def test_library_logs_stay_quiet(capsys, caplog):
    read("@misc{m, title = {\\input \\url}}\n@article{cut, title = {x")
    assert capsys.readouterr().err == ""
    assert caplog.records == []


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "% only a comment\n", "@", "@article{", "@article{x,", "@string{a = b # c}", "}}}{{{", "@@@@"],
)
def test_odd_small_inputs_never_raise(text):
    records, problems = read(text)
    assert records == []
    assert all(problem.path == "sources/list.bib" for problem in problems)


def test_random_bytes_never_raise():
    generator = random.Random(11)
    for _ in range(50):
        data = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 600)))
        bibtex.read(data.decode("latin-1"), "sources/noise.bib", SETTINGS)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_cut_anywhere_never_raises(case):
    text = case.read_text("utf-8")
    for end in range(0, len(text), 29):
        records, problems = bibtex.read(text[:end], "sources/cut.bib", SETTINGS)
        assert all(record.title for record in records)


def test_sniff_and_registry():
    text = (FOLDER / "reading-list.bib").read_text("utf-8")
    assert bibtex.sniff(text)
    assert bibtex.sniff("@Article{key2020,\n  title={x}\n}")
    assert not bibtex.sniff("A title\n\nAn abstract that mentions @someone.\n")
    assert reader_for(Path("sources/list.bibtex"), "") is bibtex
    assert reader_for(Path("sources/exported"), text) is bibtex


def _concatenated_by_characters(value: str) -> list[str]:
    """The pieces of a concatenation, walking every character: what `concatenated` must give."""
    pieces, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
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


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from('{}"# \tab\\\n') | st.characters(), max_size=80))
def test_concatenation_splits_as_a_walk_over_every_character(value):
    assert concatenated(value) == _concatenated_by_characters(value)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["%", "\\", "\\\\", "\\%", "{", "}", '"', "@comment", " ", "\n", "a"]), max_size=30).map("".join)
       | st.text(max_size=40))
def test_comments_are_stripped_without_the_walk_only_where_it_changes_nothing(text):
    assert strip_comments(text) == _strip_walk(text)



def test_concatenation_of_names_braces_and_quotes():
    assert concatenated('jan # { 1 # 2 } # "a # b" # 3') == ["jan", "{ 1 # 2 }", '"a # b"', "3"]
    assert concatenated("  {An abstract, with no hash sign.}  ") == ["{An abstract, with no hash sign.}"]
    assert concatenated("  ") == []



def test_a_title_whose_html_was_escaped_twice_reads_as_text():
    record, *_ = read_case("zotero-escaped-html.bib")[0]
    assert record.title == "Co-occurrence of Fe and P stress in natural populations of the marine diazotroph Trichodesmium"
    # An entity is its character (no one means `&amp;` in a title); a tag typed in a title stays as written.
    [record], _ = read("@article{a, title = {R\\&amp;D of <x> parsers}}\n")
    assert record.title == "R&D of <x> parsers"


ESCAPED_PIECES = st.sampled_from(["&amp;lt;i&amp;gt;", "&lt;/i&gt;", "&amp;", "&lt;", "&gt;", "<i>", "</i>", "<x>", "a", " ",
                                  "&", ";", "lt", "\\&", "&amp;amp;lt;sub&amp;amp;gt;", "{", "}"])


@settings(max_examples=200, deadline=None)
@given(st.lists(ESCAPED_PIECES, max_size=40).map("".join))
def test_any_escaped_markup_in_a_title_gives_a_record(title):
    records, problems = read("@article{a, title = {T " + title.replace("{", "").replace("}", "") + "}}\n")
    assert len(records) == 1 and "&lt;i&gt;" not in records[0].title
