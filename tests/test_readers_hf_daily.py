"""The Hugging Face daily papers reader: saved API answers, damaged items, any input.

Golden files: see tests/golden.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Problem, Record
from generator.readers import ReadSettings, bibtex, decode, hf_daily, jsonl, read_text, reader_for
from tests.conftest import FIXTURES
from tests.golden import check_golden

FOLDER = FIXTURES / "readers" / "hf_daily"
CASES = sorted(case for case in FOLDER.glob("*.json") if not case.name.endswith(".expected.json"))
SETTINGS = ReadSettings()


def read(value, path: str = "sources/hf-daily/2024-03-14.json"):
    text = value if isinstance(value, str) else json.dumps(value, indent=2)
    return hf_daily.read(decode(text.encode("utf-8")), path, SETTINGS)


def item(**paper) -> dict:
    return {"paper": {"id": "2403.07487", "title": "Motion Mamba", **paper}, "numComments": 2}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_golden(case):
    check_golden(hf_daily, case)


def test_a_recorded_item_gives_every_field():
    records, problems = read((FOLDER / "2026-03-06-daily-papers.json").read_text("utf-8"), "sources/hf-daily/2026-03-06.json")
    assert problems == []
    circle = records[0]
    assert circle.arxiv == "2602.23229" and circle.format == "hf-daily"
    assert circle.authors == ("Marco Garosi", "Matteo Farina", "Alessandro Conti", "Massimiliano Mancini", "Elisa Ricci")
    assert circle.date == "2026-02-26" and circle.listing_date == "2026-03-06"
    assert dict(circle.links) == {
        "arxiv": "https://arxiv.org/abs/2602.23229",
        "pdf": "https://arxiv.org/pdf/2602.23229",
        "code": "https://github.com/marco-garosi/CIRCLE",
        "project": "https://circle-lmm.github.io/",
    }
    # Keywords are the paper's own tags, the ones a person gives; they are normalised later.
    assert circle.tags[:2] == ("Vision-Language Models", "Large Multimodal Models") and len(circle.tags) == 9
    assert circle.source == "sources/hf-daily/2026-03-06.json:2"
    # Hard line breaks of the API's summary are undone.
    assert "\n" not in records[1].abstract and records[1].abstract.startswith("Like students facing hard exam questions, large")


def test_tex_in_the_title_and_abstract_is_decoded_as_arxiv_text_is():
    records, problems = read([item(
        title=r"R\'enyi divergences for \textsc{LLMs}",
        summary="We study R\\'enyi \\emph{divergences} of $\\mathcal{O}(n)$ size -- see Fig.~1.\nNext line.",
    )])
    assert problems == []
    assert records[0].title == "Rényi divergences for LLMs"
    assert records[0].abstract == r"We study Rényi divergences of $\mathcal{O}(n)$ size – see Fig. 1. Next line."
    assert records[0].math


def test_listing_day_from_the_file_name_else_from_the_daily_submission():
    records, _ = read([item(submittedOnDailyAt="2024-03-13T01:56:54.000Z")], "sources/hf-daily/2024-03-14.json")
    assert records[0].listing_date == "2024-03-14"
    records, _ = read([item(submittedOnDailyAt="2024-03-13T01:56:54.000Z")], "sources/saved.json")
    assert records[0].listing_date == "2024-03-13"


def test_only_http_links_are_kept():
    records, problems = read([item(githubRepo="javascript:alert(1)", projectPage="ftp://example.org/x")])
    assert problems == [] and {kind for kind, _ in records[0].links} == {"arxiv", "pdf"}


def test_old_style_ids_and_versions():
    records, _ = read([item(id="hep-th/9901001v2")])
    assert records[0].arxiv == "hep-th/9901001"


def test_an_empty_day_is_no_record_and_no_problem():
    assert read("[]") == ([], [])
    assert read("") == ([], [])


def test_not_an_array_is_one_problem():
    records, problems = read('{"paper": {}}')
    assert records == [] and [str(p) for p in problems] == [
        "sources/hf-daily/2024-03-14.json:1: not Hugging Face daily papers: expected a JSON array of items"
    ]


def test_a_number_too_long_for_python_ends_the_items_where_it_is():
    records, problems = read("[\n" + json.dumps(item()) + ',\n{"paper": {"upvotes": ' + "1" * 5_000 + "}}]")
    assert len(records) == 1
    assert [str(problem) for problem in problems] == [
        "sources/hf-daily/2024-03-14.json:3: the JSON is broken here (a number is too long); items from here on are skipped"
    ]


def test_json_files_are_told_apart_by_their_content():
    daily = json.dumps([item()])
    assert reader_for(Path("day.json"), daily) is hf_daily
    assert reader_for(Path("day.JSON"), daily) is hf_daily
    assert reader_for(Path("day.txt"), daily) is not hf_daily  # a claimed extension wins
    assert reader_for(Path("papers.jsonl"), json.dumps(item())) is jsonl
    assert reader_for(Path("refs.bib"), daily) is bibtex
    assert not hf_daily.sniff('[{"title": "no paper object"}]')
    assert not hf_daily.sniff("[1, 2")


def test_read_text_chooses_it_for_a_saved_day():
    records, problems = read_text(Path("2024-03-14.json"), json.dumps([item()]), "sources/hf-daily/2024-03-14.json", SETTINGS)
    assert problems == [] and [record.title for record in records] == ["Motion Mamba"]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
PAPER_KEYS = st.sampled_from(["id", "title", "summary", "authors", "publishedAt", "submittedOnDailyAt", "ai_keywords", "githubRepo", "projectPage", "upvotes"])
PAPERS = st.dictionaries(PAPER_KEYS, JSON_VALUES | st.sampled_from(["2403.07487", "2024-03-12T00:00:00Z", "https://github.com/a/b"]), max_size=8)
ITEMS = st.lists(st.fixed_dictionaries({"paper": PAPERS}) | JSON_VALUES, max_size=5)


def check(records, problems) -> None:
    assert all(isinstance(record, Record) for record in records)
    assert all(isinstance(problem, Problem) and problem.line for problem in problems)
    for record in records:
        assert record.title.strip() and record.arxiv


@settings(max_examples=150, deadline=None)
@given(ITEMS)
def test_any_list_of_items_gives_records_or_problems(items):
    check(*read(items))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_records_or_problems(text):
    check(*read(text))
    check(*read("[" + text))


def test_a_paper_from_hugging_face_and_from_arxiv_is_one_paper():
    from generator.merge import merge_records
    from generator.readers import arxiv_atom

    atom = (FIXTURES / "readers" / "arxiv" / "api-query.xml").read_text("utf-8")
    from_arxiv, _ = arxiv_atom.read(atom, "sources/arxiv/q.xml", SETTINGS)
    barlow = from_arxiv[0]
    daily, _ = read([item(id=barlow.arxiv + "v1", title=barlow.title.upper(), summary="Plain text.", githubRepo="https://github.com/facebookresearch/barlowtwins", ai_keywords=["self-supervised learning"])])
    papers = merge_records(daily + from_arxiv)
    assert len(papers) == len(from_arxiv)
    merged = next(paper for paper in papers if paper.arxiv == barlow.arxiv)
    # arXiv's own text wins; Hugging Face adds the code link and its keywords.
    assert merged.title == barlow.title and merged.abstract == barlow.abstract
    assert merged.links["code"] == "https://github.com/facebookresearch/barlowtwins"
    assert merged.user_tags == ("self-supervised learning",)
    assert merged.sources == ("sources/hf-daily/2024-03-14.json:2", barlow.source)
