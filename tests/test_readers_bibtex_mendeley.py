"""Mendeley Desktop's escaped TeX (`{\\{}…{\\}}`, `$\\backslash$k`, `{\\~{}}`) read back as the
TeX it stands for, and that TeX as text: in titles, names, venues, abstracts and slugs."""

from __future__ import annotations

import pytest

from generator.readers import ReadSettings, bibtex, decode
from generator.readers.bibtex_source import mendeley_unescaped
from generator.slugs import base_slug
from generator.textex import decode as decode_tex
from tests.conftest import FIXTURES

FOLDER = FIXTURES / "readers" / "bibtex"


def read_case(name: str):
    records, problems = bibtex.read(decode((FOLDER / name).read_bytes()), f"sources/{name}", ReadSettings())
    assert problems == []
    return {record.title: record for record in records}


def test_ogonek_letters_cedillas_and_quotes_of_a_mendeley_library_read_as_text():
    records = read_case("mendeley-escaped-tex.bib")
    assert set(records) >= {
        "Pozytywne rezultaty przedsiębiorczości",
        "Prosperowanie w interakcjach międzykulturowych jako poprzednik organizacyjnej kreatywności i innowacji",
    }
    assert records["Prosperowanie w interakcjach międzykulturowych jako poprzednik organizacyjnej kreatywności i innowacji"].venue == "Problemy Zarządzania"
    assert records["Cultivating group cohesiveness: The role of collective energy"].authors == ("Büşra Müceldili", "Oya Erdil")
    plugged = records["Plugged In: The Generation Y Guide to Thriving at Work"]
    assert plugged.abstract == 'The article reviews the book "Plugged In: The Generation Y Guide to Thriving at Work," by Tamara Erickson.'
    # Escaped once more (`{\$}\backslash{\$}`), the same quote.
    assert records["NewsMakers"].abstract.endswith('has published "Blossom\'s Content Nation: Surviving and Thriving As Social Media '
                                                   'Changes Our Work, Our Lives, and Our Future."')
    # The citation gets the TeX back, as BibTeX styles print it.
    assert "journal = {Problemy Zarz{\\k{a}}dzania}" in records["Prosperowanie w interakcjach międzykulturowych jako poprzednik "
                                                              "organizacyjnej kreatywności i innowacji"].bibtex
    for record in records.values():
        shown = " ".join([record.title, record.abstract, record.venue or "", *record.authors])
        assert "\\" not in shown and "{" not in shown and "backslash" not in shown
        assert "backslash" not in base_slug(record.title) and "-k-e-" not in base_slug(record.title)
    assert base_slug("Pozytywne rezultaty przedsiębiorczości") == "pozytywne-rezultaty-przedsiebiorczosci"


def test_ties_braces_and_line_breaks_of_a_mendeley_library_read_as_text():
    records = read_case("mendeley-escaped-tex-ties.bib")
    assert records["Аналитическое конструирование регуляторов. II"].authors == ("А. М. Летов",)
    assert "Measurement-scheduled control for the RTAC problem: An LMI approach" in records
    swarm = records["GESwarm: grammatical evolution for the automatic synthesis of collective behaviors in swarm robotics"]
    assert swarm.abstract.startswith("In this paper we propose GESwarm, a novel tool that can automatically synthesise collective behaviours for swarms")
    steady = records["Grammatical Evolution: A Steady State approach."]
    assert "Trigonometric Identities. In this paper" in steady.abstract and "$" not in steady.abstract
    assert "author = {Летов, А.~М.}" in records["Аналитическое конструирование регуляторов. II"].bibtex


@pytest.mark.parametrize(
    ("written", "tex"),
    [
        ("{\\{}RTAC{\\}}", "{RTAC}"),
        ("przedsi{\\{}$\\backslash$k{\\{}e{\\}}{\\}}biorczo", "przedsi{\\k{e}}biorczo"),
        ("{\\{}{\\$}\\backslash{\\$}textquotedbl{\\}}", "{\\textquotedbl}"),
        ("А.{\\~{}}М.", "А.~М."),
        # What the escape hides is kept where it means something: `\r{a}` is å, `\textit` itself.
        ("$\\backslash$r{\\{}a{\\}}", "\\r{a}"),
        ("$\\backslash$textit{\\{}C. elegans{\\}}", "\\textit{C. elegans}"),
        ("B{\\\"{u}}$\\backslash$csra", "B{\\\"{u}}\\c{s}ra"),
        # A line break copied from the web (`\r\n`), and a backslash alone, are text.
        ("soil. $\\backslash$r$\\backslash$nThis", "soil.   This"),
        ("A $\\backslash$ B", "A \\textbackslash{} B"),
        # Escaped again and half read back, braces would not pair: kept as written.
        ("{\\{}$\\backslash${\\}}{\\}}", "{\\{}$\\backslash${\\}}{\\}}"),
        ("{\\~{}}2.5 kcal {\\&} $x$", "~2.5 kcal {\\&} $x$"),
        # No escape of Mendeley's: as it is.
        ("R{\\'{e}}nyi {\\&} $\\alpha$ \\{x\\}", "R{\\'{e}}nyi {\\&} $\\alpha$ \\{x\\}"),
    ],
)
def test_mendeley_escapes_are_read_back_as_the_tex_they_stand_for(written, tex):
    assert mendeley_unescaped(written) == tex


def test_a_tilde_mendeley_escaped_is_a_tie_between_initials_and_about_before_a_number():
    assert decode_tex(mendeley_unescaped("at {\\~{}}2.5 kcal, to {\\~{}}60cm")) == "at ~2.5 kcal, to ~60cm"
    assert decode_tex(mendeley_unescaped("регуляторов.{\\~{}}II")) == "регуляторов. II"


def test_quote_and_registered_sign_commands_are_text():
    assert decode_tex("{\\textquotedbl}Plugged In{\\textquotedbl}") == '"Plugged In"'
    assert decode_tex("Foundations and Trends{\\circledR} in X") == "Foundations and Trends® in X"
    assert decode_tex("La {\\flqq} gérontologie {\\frqq}") == "La « gérontologie »"


def test_tex_zotero_wrote_as_text_is_read_back_and_kept_as_written_when_it_would_not_pair():
    from generator.readers.bibtex_source import zotero_unescaped
    written = ("\\$M\\_\\textbraceleft\\textbackslash star\\textbraceright{} \\textbackslash approx 10\\textasciicircum"
               "\\textbraceleft 11.4\\textbraceright\\$ and AI Poincar\\textbackslash 'e")
    assert zotero_unescaped(written) == "$M_{\\star} \\approx 10^{11.4}$ and AI Poincar\\'e"
    assert zotero_unescaped("a \\textbackslash textsl\\textbraceleft x") == "a \\textbackslash textsl\\textbraceleft x"
    assert zotero_unescaped("costs \\$5 and \\textbackslash alpha") == "costs \\$5 and \\textbackslash alpha"
    assert zotero_unescaped("10\\textasciicircum 4 \\_ \\{") == "10\\textasciicircum 4 \\_ \\{"  # no TeX escaped: as written


def test_a_formula_whose_dollars_zotero_escaped_is_a_formula_again():
    # Titles of the same astronomy library: `\$\sim600\$ Myr`, `\$\textasciicircum 10\$Be`.
    from generator.readers.bibtex_source import zotero_unescaped
    assert zotero_unescaped("Galaxies \\$\\sim600\\$ Myr after") == "Galaxies $\\sim600$ Myr after"
    assert zotero_unescaped("The Late Miocene \\$\\textasciicircum 10\\$Be Anomaly") == "The Late Miocene $^10$Be Anomaly"
    assert zotero_unescaped("It costs \\$5, or \\$10 with shipping") == "It costs \\$5, or \\$10 with shipping"
