"""A DOI read from a doi.org address is the DOI, not its address's percent-encoding,
in every format that reads one (`arxiv_atom.doi_name`)."""

from __future__ import annotations

import json

import pytest

from generator.readers import ReadSettings, bibtex, csl_json, decode, jsonl, ris
from generator.readers.arxiv_atom import doi_name
from tests.conftest import FIXTURES

SETTINGS = ReadSettings()


def read(reader, text: str, path: str):
    return reader.read(decode(text.encode("utf-8")), path, SETTINGS)


def test_a_mendeley_url_with_an_escaped_tex_underscore_gives_the_doi_and_a_link_that_resolves():
    case = FIXTURES / "readers" / "bibtex" / "mendeley-doi-url-escaped.bib"
    records, problems = read(bibtex, case.read_text("utf-8"), "sources/library.bib")
    assert problems == []
    (record,) = (record for record in records if record.title == "Wavelet Trees for All")
    assert record.doi == "10.1007/978-3-642-31265-6_2"
    assert dict(record.links)["doi"] == "https://doi.org/10.1007/978-3-642-31265-6_2"
    assert "url = {https://doi.org/10.1007/978-3-642-31265-6_2}" in record.bibtex


@pytest.mark.parametrize(
    ("written", "doi"),
    [
        ("https://doi.org/10.1007/978-3-642-31265-6%5C_2", "10.1007/978-3-642-31265-6_2"),
        ("https://doi.org/10.1186%2Fs13059-014-0550-8", "10.1186/s13059-014-0550-8"),
        ("http://dx.doi.org/10.1002/(SICI)1097-4636(199806)40:3%3C357::AID-JBM3%3E3.0.CO;2-%23",
         "10.1002/(SICI)1097-4636(199806)40:3<357::AID-JBM3>3.0.CO;2-#"),
        ("https://doi-org.ezproxy.example.edu/10.1000/a%5C_b", "10.1000/a_b"),
        ("https://doi.org/10.1000/50%25off", "10.1000/50%off"),
        # A space the address encoded ends the DOI, as a written one does.
        ("https://doi.org/10.1000/x%20LK", "10.1000/x"),
        # A bare DOI is no address: a `%` in it is its own.
        ("10.1000/50%off", "10.1000/50%off"),
    ],
)
def test_a_doi_in_an_address_is_percent_decoded(written, doi):
    assert doi_name(written) == doi


def test_every_format_reads_the_doi_of_an_encoded_address_alike():
    address = "https://doi.org/10.1007/978-3-642-31265-6%5C_2"
    found = [
        read(bibtex, f"@misc{{a, title = {{T}}, doi = {{{address}}}}}\n", "sources/a.bib")[0][0],
        read(ris, f"TY  - JOUR\nTI  - T\nDO  - {address}\nER  - \n", "sources/a.ris")[0][0],
        read(csl_json, json.dumps([{"type": "article", "title": "T", "DOI": address}]), "sources/a.json")[0][0],
        read(jsonl, json.dumps({"title": "T", "abstract": "A", "doi": address}) + "\n", "sources/a.jsonl")[0][0],
    ]
    assert [record.doi for record in found] == ["10.1007/978-3-642-31265-6_2"] * 4
    assert {dict(record.links)["doi"] for record in found} == {"https://doi.org/10.1007/978-3-642-31265-6_2"}


def test_a_paper_s_doi_and_its_erratum_s_in_one_field_give_the_first_whole():
    # INSPIRE-HEP's BibTeX of a paper with an erratum (mrsolt/HPS, Presentations/ICHEP/Bibliography.pl,
    # commit 2678da7801da): the DOI read "10.1140/epjc/s10052-011-1554-0," and its link did not resolve.
    records, problems = read(bibtex, '''@article{Cheung:2009fk,
      title          = "{Asymptotic formulae for likelihood-based tests of new
                        physics}",
      journal        = "Eur. Phys. J.",
      volume         = "C71",
      year           = "2011",
      pages          = "1554",
      doi            = "10.1140/epjc/s10052-011-1554-0,
                        10.1140/epjc/s10052-013-2501-z",
      note           = "[Erratum: Eur. Phys. J.C73,2501(2013)]",
      eprint         = "1007.1727",
      archivePrefix  = "arXiv",
      primaryClass   = "physics.data-an",
      SLACcitation   = "%%CITATION = ARXIV:1007.1727;%%"
}
@article{Davier:2010nc,
	Doi = {10.1140/epjc/s10052-012-1874-8, 10.1140/epjc/s10052-010-1515-z},
	Title = {{Reevaluation of the Hadronic Contributions to the Muon g-2 and to alpha(MZ)}}}
''', "sources/inspire.bib")
    assert problems == []
    assert [record.doi for record in records] == ["10.1140/epjc/s10052-011-1554-0", "10.1140/epjc/s10052-012-1874-8"]
    assert "doi = {10.1140/epjc/s10052-011-1554-0}" in records[0].bibtex
    # A DOI with a semicolon of its own stays whole.
    assert doi_name("10.1002/(SICI)1097-4636(199602)30:2<137::AID-JBM1>3.0.CO;2-R").endswith("3.0.CO;2-R")
