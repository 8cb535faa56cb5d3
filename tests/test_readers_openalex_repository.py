"""OpenAlex works whose only copy is a repository's: the repository is where the work is kept,
no journal of it (OpenAlex's answer recorded by commonmeta-py, front-matter/commonmeta-py at
8cfcdf306421, tests/cassettes/test-openalex_reader/test_get_random_id_from_openalex.yaml, the
`sample=5` answer's fourth work, trimmed to the keys the archive reads)."""

from __future__ import annotations

import json

from generator.readers import ReadSettings, decode, jsonl

WORK = {
    "id": "https://openalex.org/W7120675484", "doi": None, "title": "A função retórica da lei para os limites da tolerância",
    "publication_date": "2013-06-10", "type": "article",
    "biblio": {"volume": None, "issue": None, "first_page": None, "last_page": None},
    "primary_location": {"source": {
        "display_name": "LA Referencia (Red Federada de Repositorios Institucionales de Publicaciones Científicas)",
        "type": "repository", "host_organization_name": "LA Referencia"}},
    "authorships": [{"author": {"display_name": "João Maurício Adeodato"}}],
    "abstract_inverted_index": {"Thinking": [0], "of": [1], "the": [2], "law.": [3]},
}


def read_one(work: dict):
    text = json.dumps(work, ensure_ascii=False) + "\n"
    (record,), problems = jsonl.read(decode(text.encode("utf-8")), "sources/works.jsonl", ReadSettings())
    assert problems == []
    return record


def test_an_article_kept_by_a_repository_is_cited_as_kept_there_not_as_in_a_journal():
    record = read_one(WORK)
    assert record.authors == ("João Maurício Adeodato",)
    assert dict(record.citation) == {"ENTRYTYPE": "misc", "howpublished": WORK["primary_location"]["source"]["display_name"]}


def test_an_article_of_a_journal_stays_an_article():
    journal = {**WORK, "primary_location": {"source": {"display_name": "Land Use Policy", "type": "journal"}},
               "biblio": {"volume": "23", "issue": "1", "first_page": "76", "last_page": "85"}}
    assert dict(read_one(journal).citation) == {"ENTRYTYPE": "article", "journal": "Land Use Policy", "volume": "23",
                                                "number": "1", "pages": "76--85"}
