"""Where OpenAlex says a work is: a repository that keeps its only copy is no journal of it, and
the PDF and landing page of its locations are its links (OpenAlex's answers recorded by
commonmeta-py, front-matter/commonmeta-py at 8cfcdf306421, tests/cassettes/test-openalex_reader/:
test_get_random_id_from_openalex.yaml, the `sample=5` answer's fourth work, and
test_journal_article.yaml, each trimmed to the keys the archive reads)."""

from __future__ import annotations

import json

from generator.readers import ReadSettings, decode, jsonl

WORK = {
    "id": "https://openalex.org/W7120675484", "doi": None, "title": "A função retórica da lei para os limites da tolerância",
    "publication_date": "2013-06-10", "type": "article",
    "biblio": {"volume": None, "issue": None, "first_page": None, "last_page": None},
    "primary_location": {"source": {
        "display_name": "LA Referencia (Red Federada de Repositorios Institucionales de Publicaciones Científicas)",
        "type": "repository", "host_organization_name": "LA Referencia"},
        "landing_page_url": "http://ijp.tamu.edu/blog/wp-content/uploads/2016/03/v4i1-", "pdf_url": None},
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


def test_a_works_pdf_and_a_landing_page_that_is_no_dois_are_its_links():
    # Without a DOI, the repository's page is the work's one address.
    assert read_one(WORK).links == (("url", "http://ijp.tamu.edu/blog/wp-content/uploads/2016/03/v4i1-"),)
    article = {
        "id": "https://openalex.org/W1982728624", "doi": "https://doi.org/10.1371/journal.pone.0000030",
        "title": "Triose Phosphate Isomerase Deficiency Is Caused by Altered Dimerization–Not Catalytic Inactivity–of the Mutant Enzymes",
        "publication_date": "2006-12-20", "type": "article",
        "primary_location": {
            "landing_page_url": "https://doi.org/10.1371/journal.pone.0000030",
            "pdf_url": "https://journals.plos.org/plosone/article/file?id=10.1371/journal.pone.0000030&type=printable",
            "source": {"display_name": "PLoS ONE", "type": "journal"}},
        "authorships": [{"author": {"display_name": "Markus Ralser"}}],
        "abstract_inverted_index": {"Triosephosphate": [0], "isomerase": [1], "(TPI)": [2], "deficiency": [3]},
    }
    assert read_one(article).links == (
        ("pdf", "https://journals.plos.org/plosone/article/file?id=10.1371/journal.pone.0000030&type=printable"),
        ("doi", "https://doi.org/10.1371/journal.pone.0000030"))
