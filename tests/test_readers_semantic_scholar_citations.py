"""Semantic Scholar's citations and references saved whole: each paper is inside what says how
it cites or is cited (danielnsilva/semanticscholar at 73c7726, tests/data/Citation.json: one
item of a `/paper/{id}/citations` answer, its contexts, abstract and authors cut)."""

from __future__ import annotations

import json

from generator.readers import ReadSettings, csl_json

CITATION = {
    "contexts": ["RP is implemented by fixing the release position at a fixed angle of 45◦ as in [4]."],
    "isInfluential": True, "intents": ["result", "background", "methodology"],
    "citingPaper": {
        "paperId": "bdcbc589c8d1e4dd0c6572630f8511557406ad2f",
        "externalIds": {"DBLP": "journals/ral/MonastirskyAS23", "DOI": "10.1109/LRA.2022.3229266", "CorpusId": 254723237},
        "title": "Learning to Throw With a Handful of Samples Using Decision Transformers",
        "abstract": "Throwing objects by a robot extends its reach and has many industrial applications.",
        "venue": "IEEE Robotics and Automation Letters", "year": 2023, "publicationTypes": ["JournalArticle"],
        "publicationDate": "2023-02-01", "journal": {"volume": "8", "pages": "576-583", "name": "IEEE Robotics and Automation Letters"},
        "authors": [{"authorId": "97501516", "name": "M. Monastirsky"}, {"authorId": "2049081755", "name": "Osher Azulay"},
                    {"authorId": "38111870", "name": "A. Sintov"}],
    },
}


def test_the_papers_of_a_citations_answer_are_read():
    answer = {"offset": 0, "next": 1, "data": [CITATION]}
    records, problems = csl_json.read(json.dumps(answer, indent=2), "sources/citations.json", ReadSettings())
    assert problems == []
    (record,) = records
    assert record.title == "Learning to Throw With a Handful of Samples Using Decision Transformers"
    assert record.authors == ("M. Monastirsky", "Osher Azulay", "A. Sintov")
    assert (record.doi, record.date) == ("10.1109/LRA.2022.3229266", "2023-02-01")
    assert dict(record.citation)["journal"] == "IEEE Robotics and Automation Letters"


def test_a_references_answer_is_read_the_same_way():
    reference = {key: value for key, value in CITATION.items() if key != "citingPaper"} | {"citedPaper": CITATION["citingPaper"]}
    records, problems = csl_json.read(json.dumps({"offset": 0, "data": [reference]}), "sources/references.json", ReadSettings())
    assert problems == [] and [record.doi for record in records] == ["10.1109/LRA.2022.3229266"]


def test_the_papers_of_a_recommendations_answer_are_read():
    # danielnsilva/semanticscholar at 73c7726, tests/data/test_get_recommended_papers.yaml: the answer
    # asked for titles alone, so each paper lacks the abstract this format requires.
    answer = {"recommendedPapers": [
        {"paperId": "3e9bc879e8ba944d3e830e4b8565dfe6f2ec4bd8",
         "title": "Report shows slight improvement on grantmaker diversity, but compensation lagging behind inflation"},
        {"paperId": "7a4d32e3d1ce2855bd003bfb8261c66cd99fb868",
         "title": "Diversifying the board starts with self‐examination, assessment of needs"}]}
    records, problems = csl_json.read(json.dumps(answer), "sources/recommended.json", ReadSettings())
    assert records == [] and [problem.message for problem in problems] == ['"abstract" is missing (required, a string); item skipped'] * 2
    answer["recommendedPapers"][0]["abstract"] = None  # as Semantic Scholar writes one it does not know
    records, _ = csl_json.read(json.dumps(answer), "sources/recommended.json", ReadSettings())
    assert [record.title for record in records] == [answer["recommendedPapers"][0]["title"]]
