"""Readers take time linear in their input: long runs of one character (spaces, separators)
in a field or a line cost as much as other text of that length, not its square."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import field_addresses
from generator.bibentry import without_addresses
from generator.readers import ReadSettings, parse_source
from generator.readers.bibtex_fields import _split_outside_parentheses
from generator.readers.person import full_name, medline_name


def _bibtex(field: str) -> str:
    return "@article{k,\n  title = {A title},\n  " + field + "\n}\n"


def _ris(line: str) -> str:
    return "TY  - JOUR\nTI  - A title\n" + line + "\nER  - \n"


# Each input of `size` repeats; with the old code the larger took over sixty times the smaller.
INPUTS = {
    "BibTeX authors with a run of spaces": ("a.bib", lambda size: _bibtex("author = {A" + " " * size + "B}")),
    "BibTeX authors with a run of line breaks": ("a.bib", lambda size: _bibtex("author = {A" + "\n" * size + "B}")),
    "BibTeX keywords of semicolons": ("a.bib", lambda size: _bibtex("keywords = {" + ";" * size + "}")),
    "BibTeX keywords between commas": ("a.bib", lambda size: _bibtex("keywords = {" + "k, " * size + "}")),
    "BibTeX url with a run of separators": ("a.bib", lambda size: _bibtex("url = {http://x.org/a" + ";\n" * size + "b}")),
    "BibTeX url with a run of spaces": ("a.bib", lambda size: _bibtex("url = {http://x.org/a" + " " * size + "b}")),
    "BibTeX howpublished with escaped line breaks": (
        "a.bib", lambda size: _bibtex("howpublished = {http://x.org/a" + "%0A" * size + "b}")),
    "BibTeX institution of digits before an @": ("a.bib", lambda size: _bibtex("institution = {" + "1" * size + "@}")),
    "listing author line with a run of tabs": (
        "a.txt", lambda size: "A title of a paper\nA. Author" + "\t" * size + "x\nThe abstract.\n"),
    "listing title line with a run of spaces": (
        "a.txt", lambda size: "A title of a paper" + " " * size + "x\nA. Author\nThe abstract.\n"),
    "RIS abstract with a run of spaces": ("a.ris", lambda size: _ris("AB  - a" + " " * size + "b")),
    "RIS abstract with spaces and tabs": ("a.ris", lambda size: _ris("AB  - a" + " \t" * size + "b")),
    "RIS author of one long word": ("a.ris", lambda size: _ris("AU  - Smith " + "a" * size)),
    "RIS author with a run of spaces": ("a.ris", lambda size: _ris("AU  - Smith" + " " * size + "J")),
    "RIS keyword with a run of spaces": ("a.ris", lambda size: _ris("KW  - a" + " " * size + "b")),
    "RIS record with thousands of addresses": (
        "a.ris", lambda size: _ris("\n".join(f"UR  - http://x.org/{number}" for number in range(size)))),
}


def _took(name: str, text: str) -> float:
    data = text.encode()
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        records, _problems = parse_source(Path(name), data, name, ReadSettings())
        best = min(best, time.perf_counter() - started)
        assert len(records) == 1
    return best


@pytest.mark.parametrize("kind", INPUTS)
def test_time_is_linear_in_a_run_of_one_character(kind):
    name, make = INPUTS[kind]
    _took(name, make(100))  # imports and caches
    small, large = _took(name, make(1_000)), _took(name, make(8_000))
    assert large < 20 * small + 0.05, (kind, small, large)


OLD_KEYWORD_SPLIT = {";": re.compile(r";(?![^()]*\))"), ",;": re.compile(r"[,;](?![^()]*\))")}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab(),; ", max_size=20), st.sampled_from([";", ",;"]))
def test_keywords_are_split_outside_parentheses_as_the_regular_expression_did(value, separators):
    assert _split_outside_parentheses(value, separators) == OLD_KEYWORD_SPLIT[separators].split(value)


ADDRESS_TOKENS = st.sampled_from([" ", ";", ",", "\n", "\t", "%0A", "\\%0A", "{\\%}0D", "%7B%25%7D5Cn", "\\n", "\\r",
                                  "http://", "https://x.org/", "file://", "zotero://", "papers3://", "\\url{",
                                  "a", "0", "A", "x.org", "/", "{", "}", "%", "rtsp://"])


def _pieces(pattern: re.Pattern, text: str, ahead: re.Pattern) -> list[str]:
    pieces, last = [], 0
    for start, end in field_addresses.matches(pattern, text, ahead):
        pieces.append(text[last:start])
        last = end
    return [*pieces, text[last:]]


@settings(max_examples=600, deadline=None)
@given(st.lists(ADDRESS_TOKENS, max_size=12).map("".join))
def test_addresses_are_found_where_the_regular_expressions_found_them(text):
    # The runs of separators blanked out change none of the places the patterns match.
    assert _pieces(field_addresses.NEXT_ADDRESS, text, field_addresses.SCHEME_AHEAD) == field_addresses.NEXT_ADDRESS.split(text)
    assert _pieces(field_addresses.JOINED_RECORD, text, field_addresses.RECORD_AHEAD) == field_addresses.JOINED_RECORD.split(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["a", "1", "_", ".", "+", "-", "@", " ", ",", "é", "x.org", "@b.c"]), max_size=14).map("".join))
def test_email_addresses_are_removed_where_the_regular_expression_found_them(text):
    assert without_addresses(text) == EMAIL.sub("", text)


# As the reader matched e-mail addresses and MEDLINE's names before.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MEDLINE_NAME = re.compile(r"^(?P<family>[^\W\d_](?:[\w'’-]| (?=\S))*?[a-z][\w'’-]*)"
                          r" (?P<initials>[A-Z]{1,3}|[A-Z](?: [A-Z]){1,2})(?: (?P<suffix>Jr|Sr|II|III|IV|2nd|3rd))?$")


def _medline_name_as_before(name: str) -> str | None:
    match = MEDLINE_NAME.match(" ".join(name.split()))
    if match is None:
        return None
    initials = " ".join(f"{letter}." for letter in match.group("initials").replace(" ", ""))
    return full_name(initials, match.group("family"), suffix=match.group("suffix") or "")


NAME_WORDS = st.sampled_from(["Smith", "van", "der", "Berg", "O'Brien", "a", "A", "B", "JA", "ABC", "ABCD", "Jr", "Sr",
                              "II", "III", "IV", "2nd", "3rd", "1", "_", "é", "É", "-", "x.y", "", "Ford", "H", "de", "li"])


@settings(max_examples=800, deadline=None)
@given(st.lists(NAME_WORDS, max_size=7).map(" ".join))
def test_medline_names_are_read_as_the_regular_expression_read_them(name):
    assert medline_name(name) == _medline_name_as_before(name)
