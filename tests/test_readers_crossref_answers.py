"""Crossref's REST API answers, saved as they come: one work (`/works/DOI`) inside
`{"status": "ok", "message-type": "work", "message": {…}}`, a search (`/works?query=…`) with
its works under `message`'s `items`; Crossref writes each title as a list. Fixtures: two
answers recorded by abbotsbury's tests (see tests/fixtures/readers/README.md)."""

from __future__ import annotations

import json

from generator.readers import ReadSettings, csl_json
from tests.test_readers_new_formats import READERS, read

SETTINGS = ReadSettings()


def test_the_answer_for_one_doi_is_read_as_its_work():
    (record,), problems = read(csl_json, "crossref-work-answer.json")
    assert problems == []
    assert (record.title, record.authors, record.date, record.venue, record.doi) == (
        "Twenty Years of Organic Letters, A Look Back...and Forward", ("Amos B. Smith III",), "2018-01-05",
        "Organic Letters", "10.1021/acs.orglett.7b03845")
    assert dict(record.citation) == {"ENTRYTYPE": "article", "journal": "Organic Letters", "volume": "20", "number": "1",
                                     "pages": "1--3"}


def test_a_crossref_subtitle_is_part_of_the_title_and_a_book_has_its_town():
    (record,), problems = read(csl_json, "crossref-work-book-subtitle.json")
    assert problems == []
    assert record.title == "Long-lived Nuclear Spin Order: Theory and Applications"
    assert dict(record.citation)["address"] == "Cambridge"


def test_a_title_list_is_read_from_a_work_saved_without_the_answer_around_it():
    work = json.loads((READERS / "csl" / "crossref-work-answer.json").read_text("utf-8"))["message"]
    (record,), problems = csl_json.read(json.dumps(work), "sources/work.json", SETTINGS)
    assert problems == [] and record.title == "Twenty Years of Organic Letters, A Look Back...and Forward"
    # A subtitle the title already ends with is not written twice; an empty list is no title.
    twice = {**work, "title": ["Twenty Years: A Look Back"], "subtitle": ["A Look Back"]}
    (record,), _ = csl_json.read(json.dumps(twice), "sources/work.json", SETTINGS)
    assert record.title == "Twenty Years: A Look Back"
    records, problems = csl_json.read(json.dumps({**work, "title": []}), "sources/work.json", SETTINGS)
    assert records == [] and problems[0].message.endswith("has no title; item skipped")


def test_a_search_answer_is_read_as_its_works_each_at_its_line():
    work = json.loads((READERS / "csl" / "crossref-work-answer.json").read_text("utf-8"))["message"]
    other = {**work, "DOI": "10.1039/9781788019972", "title": ["Long-lived Nuclear Spin Order"], "subtitle": []}
    answer = {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
              "message": {"facets": {}, "total-results": 2, "items": [work, other], "items-per-page": 20}}
    text = json.dumps(answer, indent=1)
    records, problems = csl_json.read(text, "sources/search.json", SETTINGS)
    assert problems == [] and [record.doi for record in records] == ["10.1021/acs.orglett.7b03845", "10.1039/9781788019972"]
    lines = text.splitlines()
    assert [lines[int(record.source.rsplit(":", 1)[1]) - 1].strip() for record in records] == ["{", "{"]
