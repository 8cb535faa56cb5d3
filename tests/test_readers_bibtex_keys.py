"""BibTeX libraries whose entries share a citation key: Mendeley's keys of author and year
name two papers alike, and both are papers; one entry written twice is one."""

from __future__ import annotations

import json
import re

import frontmatter

from generator.readers import ReadSettings, bibtex

SETTINGS = ReadSettings()


# Mendeley keys a reference by its first author's name and its year: two papers of one author
# and year get one key. Zotero's and JabRef's duplicates are one entry written twice.
ONE_KEY_TWO_PAPERS = """@article{Smith2019,
  author = {Smith, John},
  title = {Learning to Rank with Sparse Labels},
  year = {2019}
}

@inproceedings{Smith2019,
  author = {Smith, John},
  title = {Sparse Labels for Dense Retrieval},
  year = {2019}
}

@article{Doe2020,
  author = {Doe, Jane},
  title = {An Entry Written Twice},
  year = {2020}
}

@article{Doe2020,
  author = {Doe, Jane},
  title = {An  Entry {Written} Twice},
  year = {2020}
}
"""


class _Memo(dict):
    """What a cache's memo does: `make` once per key."""

    def get(self, key, make):
        return self[key] if key in self else self.setdefault(key, make())


def test_two_papers_under_one_key_are_both_read_and_reported():
    for memo in (None, _Memo()):
        with bibtex.remembering(memo):
            records, problems = bibtex.read(ONE_KEY_TWO_PAPERS, "sources/mendeley.bib", SETTINGS)
        assert [(record.title, record.source) for record in records] == [
            ("Learning to Rank with Sparse Labels", "sources/mendeley.bib:1"),
            ("Sparse Labels for Dense Retrieval", "sources/mendeley.bib:7"),
            ("An Entry Written Twice", "sources/mendeley.bib:13"),
        ]
        assert [str(problem) for problem in problems] == [
            "sources/mendeley.bib:7: duplicate key 'Smith2019' (first used on line 1) for another paper; both are read",
            "sources/mendeley.bib:19: duplicate key 'Doe2020' (first used on line 13) for the same entry again; skipped",
        ]


def test_two_papers_under_one_key_get_two_pages_and_two_citation_keys(project):
    project.add_source("mendeley.bib", ONE_KEY_TWO_PAPERS)
    project.generate()
    pages = {page["title"]: page for page in map(frontmatter.load, project.paper_pages())}
    assert sorted(pages) == ["An Entry Written Twice", "Learning to Rank with Sparse Labels", "Sparse Labels for Dense Retrieval"]
    assert pages["Sparse Labels for Dense Retrieval"]["sources"] == ["sources/mendeley.bib:7"]
    bib = (project.docs / "papers.bib").read_text("utf-8")
    keys = re.findall(r"^@\w+\{([^,]+),", bib, re.MULTILINE)
    assert len(keys) == 3 and len({key.lower() for key in keys}) == 3
    assert "Sparse Labels for Dense Retrieval" in bib
    titles = sorted(paper["title"] for paper in json.loads((project.docs / "papers.json").read_text("utf-8")))
    assert titles == sorted(pages)
