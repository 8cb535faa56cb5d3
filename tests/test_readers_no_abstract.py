"""What databases write in the abstract field of a paper that has none (NASA ADS's
`Not Available`, Springer's `Without Abstract`, ScienceDirect's bare `Abstract`) is no
abstract: read as one, it became the page's abstract and its description. Fixtures:
tests/fixtures/readers/README.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.readers import ReadSettings, parse_source
from generator.readers.validate import NO_ABSTRACT
from tests.conftest import FIXTURES


def read(folder: str, name: str):
    path = FIXTURES / "readers" / folder / name
    return parse_source(Path(name), path.read_bytes(), f"sources/{name}", ReadSettings())


def test_placeholder_abstracts_of_a_jabref_library_of_ads_entries_are_none():
    records, problems = read("bibtex", "jabref-ads-no-abstract.bib")
    assert problems == []
    assert [record.title[:30] for record in records] == [
        "Intrinsic absorption and refle", "“Introduction to exciton spect", "Electroreflectance Spectrum of"]
    assert [record.abstract for record in records] == ["", "", ""]
    assert records[0].doi == "10.1016/0038-1098(65)90293-0"


def test_the_bare_heading_sciencedirect_writes_as_its_abstract_is_none():
    (record,), problems = read("ris", "sciencedirect-abstract-heading.ris")
    assert problems == []
    assert record.abstract == "" and record.venue == "Acta Materialia" and record.date == "2016-12"


@pytest.mark.parametrize("text", ["NA", "N/A", "null", "[No abstract available]", "No abstract available.",
                                  "Abstract not available", "This article does not have an abstract."])
def test_what_says_there_is_no_abstract_is_none(text):
    assert NO_ABSTRACT.fullmatch(text)


@pytest.mark.parametrize("text", ["Abstract: We study graphs.", "NAD+ levels fall.", "Not available in print.",
                                  "No abstracts, no problem"])
def test_an_abstract_that_says_more_is_kept(text):
    assert not NO_ABSTRACT.fullmatch(text)
