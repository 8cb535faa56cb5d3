"""The ML Anthology's JSON Lines (rbnyng/mlanthology at a9a5c3f, data/legacy/*-legacy.jsonl.gz):
the venue in full, not the short name of its addresses, and the citation its kind of venue,
volume and pages give."""

from __future__ import annotations

import json

from generator.readers import ReadSettings, decode, jsonl


def read_one(**line):
    text = json.dumps(line) + "\n"
    (record,), problems = jsonl.read(decode(text.encode("utf-8")), "sources/jair.jsonl", ReadSettings())
    assert problems == []
    return record


def test_a_journal_papers_venue_is_its_full_name_and_its_citation_an_article():
    # jair-legacy.jsonl.gz, its first line (abstract cut).
    record = read_one(
        bibtex_key="borgida1994jair-semantics",
        title="A Semantics and Complete Algorithm for Subsumption in the CLASSIC Description Logic",
        authors=[{"given": "Alexander", "family": "Borgida", "slug": "borgida-alexander"},
                 {"given": "Peter F.", "family": "Patel-Schneider", "slug": "patel-schneider-peter-f"}],
        year="1994", venue="jair", venue_name="Journal of Artificial Intelligence Research", venue_type="journal",
        volume="1", number="", pages="277-308", abstract="This paper analyzes the correctness of the subsumption algorithm.",
        pdf_url="https://www.jair.org/index.php/jair/article/download/10117/23959",
        venue_url="https://doi.org/10.1613/jair.56", doi="10.1613/JAIR.56", openreview_url="", code_url="",
        source="dblp+s2", source_id="journals/jair/BorgidaP94")
    assert record.venue == "Journal of Artificial Intelligence Research"
    assert dict(record.citation) == {"ENTRYTYPE": "article", "journal": "Journal of Artificial Intelligence Research",
                                     "volume": "1", "pages": "277--308"}


def test_a_conference_papers_venue_is_read_as_text_and_its_citation_is_in_proceedings():
    # l4dc-legacy.jsonl.gz, aboutaleb2025l4dc-koopman: TeX's `\&` in the full name.
    record = read_one(title="Koopman Based Trajectory Optimization with Mixed Boundaries", year="2025", venue="l4dc",
                      venue_name="Proceedings of the 7th Annual Learning for Dynamics \\& Control Conference",
                      venue_type="conference", volume="283", number="", pages="1565-1577", abstract="Trajectory optimization.")
    assert record.venue == "Proceedings of the 7th Annual Learning for Dynamics & Control Conference"
    assert dict(record.citation) == {"ENTRYTYPE": "inproceedings", "booktitle": record.venue, "volume": "283", "pages": "1565--1577"}
    # acml-legacy.jsonl.gz, anirudh2022acml-out: a line break inside the name.
    acml = read_one(title="Out of Distribution Detection via Neural Network Anchoring", venue="acml",
                    venue_name="Proceedings of The 14th Asian Conference on Machine\r Learning", venue_type="conference",
                    abstract="")
    assert acml.venue == "Proceedings of The 14th Asian Conference on Machine Learning"


def test_a_venue_name_of_another_shape_is_no_problem():
    record = read_one(title="T", abstract="A", venue="x", venue_name=["x"], venue_type={"a": 1})
    assert (record.venue, record.citation) == ("x", ())


def test_a_yearly_file_is_read_paper_by_paper_with_its_pages_as_links():
    # Its papers have the venue's short name alone and PMLR's page of each paper; that file was
    # one "item has no title" before.
    from pathlib import Path

    from generator.clean import clean_paper
    from generator.merge import merge_records
    from generator.readers import parse_source
    from tests.conftest import FIXTURES

    path = FIXTURES / "readers" / "mlanthology-colt-2021-excerpt.json"
    records, problems = parse_source(path, path.read_bytes(), "sources/colt-2021.json", ReadSettings())
    assert problems == []
    assert [(record.title, record.source) for record in records] == [
        ("Stochastic block model entropy and broadcasting on trees with survey", "sources/colt-2021.json:5"),
        ("Regret Minimization in Heavy-Tailed Bandits", "sources/colt-2021.json:44"),
    ]
    first = records[0]
    assert (first.date, first.venue, first.authors[0]) == ("2021", "colt", "Emmanuel Abbe")
    assert dict(first.citation) == {"ENTRYTYPE": "inproceedings", "booktitle": "colt", "volume": "134", "pages": "1--25"}
    (paper,) = merge_records(records[:1])
    assert clean_paper(paper).links == {"pdf": "http://proceedings.mlr.press/v134/abbe21a/abbe21a.pdf",
                                        "url": "https://proceedings.mlr.press/v134/abbe21a.html"}
    assert Path(path).read_text(encoding="utf-8").count('"bibtex_key"') == 2


def test_a_lines_doi_address_is_one_button_and_its_reviews_another():
    from generator.clean import clean_paper
    from generator.merge import merge_records

    record = read_one(title="T", abstract="A", venue="jair", venue_name="Journal of Artificial Intelligence Research",
                      venue_type="journal", doi="10.1613/JAIR.56", venue_url="https://doi.org/10.1613/jair.56",
                      openreview_url="https://openreview.net/forum?id=abc")
    (paper,) = merge_records([record])
    assert clean_paper(paper).links == {"doi": "https://doi.org/10.1613/JAIR.56", "url": "https://openreview.net/forum?id=abc"}
