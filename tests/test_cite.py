"""Citations: keys, entries, and the .bib files the built site serves."""

from __future__ import annotations

import json
import random
import re

import bibtexparser
import frontmatter
import pytest

from generator.cite import base_key, bib_text, bibliographies, citation_keys, entry
from generator.model import Paper
from generator.readers import ReadSettings, bibtex, decode, ris
from generator.tagging import Tag, Taxonomy
from generator.tagpages import tag_slugs


def paper(key: str, title: str, **fields) -> Paper:
    return Paper(key=key, title=title, abstract=fields.pop("abstract", ""), **fields)


def parse(text: str):
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return library


@pytest.mark.parametrize(
    "authors, title, date, key",
    [
        (("Zeyu Zhang", "Akide Liu"), "Motion Mamba: Efficient and Long Sequence Motion Generation", "2024-03-12", "zhang2024motion"),
        ((), "Motion Mamba: Efficient and Long Sequence Motion Generation", "2024", "motion2024mamba"),
        (("Stéphane Müller",), "The Principles of Deep Learning Theory", "2021", "muller2021principles"),
        (("Zhang, Zeyu",), "A Study", "2020-01", "zhang2020study"),
        (("Martin Luther King Jr.",), "On Dreams", None, "kingdreams"),
        (("Xu Yuhui",), "PC-DARTS: Partial Channel Connections", "2019", "yuhui2019pc"),
        ((), "The", None, "paper"),
    ],
)
def test_keys_follow_google_scholar(authors, title, date, key):
    assert base_key(paper("k", title, authors=authors, date=date)) == key


def test_keys_are_unique_stable_and_independent_of_order():
    papers = [
        paper("k3", "Deep Nets", authors=("Ann Smith",), date="2020"),
        paper("k1", "Deep Nets Again", authors=("Bob Smith",), date="2020"),
        paper("k2", "Deeper", authors=("Cy Smith",), date="2020"),
        # Its natural key is what the first two get suffixed into; it keeps it.
        paper("k0", "Deepa", authors=("Di Smith",), date="2020"),
        paper("k4", "Deep Nets", authors=("Ed Smith",), date="2020"),
    ]
    keys = citation_keys(papers)
    assert keys == {"k0": "smith2020deepa", "k1": "smith2020deepb", "k3": "smith2020deepc", "k4": "smith2020deepd", "k2": "smith2020deeper"}
    for seed in range(5):
        shuffled = papers[:]
        random.Random(seed).shuffle(shuffled)
        assert citation_keys(shuffled) == keys


def test_own_keys_are_kept_and_repeated_ones_renamed():
    own = "@article{Smith2020,\n  title = {First},\n  year = {2020}\n}"
    papers = [
        paper("b", "Second", bibtex=own.replace("First", "Second")),
        paper("a", "First", bibtex=own),
        paper("c", "Third", authors=("Jo Smith",), date="2020", bibtex="@misc{smith2020,\n  title = {Third}\n}"),
    ]
    keys = citation_keys(papers)
    assert keys["a"] == "Smith2020"
    assert len({key.casefold() for key in keys.values()}) == 3
    text = entry(papers[0], keys["b"])
    assert text.startswith(f"@article{{{keys['b']},") and "title = {Second}" in text


def test_arxiv_papers_are_misc_with_eprint():
    found = paper("k", "Barlow Twins", authors=("Jure Zbontar", "Li Jing"), date="2021-03-04", arxiv="2103.03230v3", categories=("cs.CV", "cs.LG"), venue="ICML 2021")
    [parsed] = parse(entry(found, "zbontar2021barlow")).entries
    fields = {name: field.value for name, field in parsed.fields_dict.items()}
    assert parsed.entry_type == "misc" and parsed.key == "zbontar2021barlow"
    assert fields == {
        "title": "Barlow Twins",
        "author": "Jure Zbontar and Li Jing",
        "year": "2021",
        "eprint": "2103.03230",
        "archivePrefix": "arXiv",
        "primaryClass": "cs.CV",
        "url": "https://arxiv.org/abs/2103.03230",
    }


def test_article_with_a_venue_misc_without():
    with_venue = parse(entry(paper("k", "T", venue="Nature", doi="10.1/x", date="2020"), "a")).entries[0]
    assert with_venue.entry_type == "article" and with_venue["journal"] == "Nature" and with_venue["doi"] == "10.1/x"
    without = parse(entry(paper("k", "T", links={"code": "https://github.com/x/y", "project": "https://x.org"}), "b")).entries[0]
    assert without.entry_type == "misc" and without["url"] == "https://x.org"


@pytest.mark.parametrize(
    "text, math, expected",
    [
        ("100% of R&D_x #1 $5", False, r"100\% of R\&D\_x \#1 \$5"),
        ("{a} b", False, r"\{a\} b"),
        ("lone { brace", False, r"lone \textbraceleft{} brace"),
        ("back\\slash ~^", False, r"back\textbackslash{}slash \textasciitilde{}\textasciicircum{}"),
        ("Fast $\\mathcal{O}(n_1)$ & more", True, r"Fast $\mathcal{O}(n_1)$ \& more"),
        ("costs $5 and $6", False, r"costs \$5 and \$6"),
        # TeX text (arXiv, BibTeX) is already TeX: its escapes, commands and math stay.
        (r"Costs \$5, $x_1$ and \(y\): 50\% of R\&D by St\'ephane", True, r"Costs \$5, $x_1$ and \(y\): 50\% of R\&D by St\'ephane"),
        ("Bare 50% & x_y #1 ^ ~ {Group}", True, r"Bare 50\% \& x\_y \#1 \textasciicircum{} ~ {Group}"),
        ("ends in \\", True, r"ends in \textbackslash{}"),
        ("lone { brace in TeX", True, r"lone \textbraceleft{} brace in TeX"),
    ],
)
def test_values_are_escaped_and_parse_back(text, math, expected):
    assert bib_text(text, math) == expected
    assert parse(f"@misc{{k, title = {{{expected}}}}}").entries[0]["title"] == expected


def test_hostile_fields_still_make_one_entry():
    hostile = paper(
        "k",
        "} @misc{evil, title={x}} %",
        authors=('A "B" <script>', "Smith and Sons", "Zhang, Zeyu"),
        venue="J. {Odd",
        doi="10.1/x{y}",
        date="2024",
    )
    [parsed] = parse(entry(hostile, "key")).entries
    assert parsed.key == "key"
    assert parsed["author"] == 'A "B" <script> and {Smith and Sons} and Zhang, Zeyu'


def test_bibliographies_cover_every_paper_and_each_tag():
    papers = [
        paper("a", "Graphs", tags=("Graph Neural Networks", "my own tag")),
        paper("b", "More graphs", tags=("graph neural networks",)),
        paper("c", "Nothing tagged"),
    ]
    taxonomy = Taxonomy(tags=(Tag("Graph Neural Networks", "gnn", "Graphs", "", ("graph neural network",)),), families=("Graphs",))
    outputs = bibliographies(papers, taxonomy)
    assert sorted(outputs) == ["papers.bib", "tags/gnn.bib", "tags/my-own-tag.bib"]
    assert len(parse(outputs["papers.bib"]).entries) == 3
    assert len(parse(outputs["tags/gnn.bib"]).entries) == 2
    assert len(parse(outputs["tags/my-own-tag.bib"]).entries) == 1


def served_bibliographies(site) -> dict[str, list]:
    found = {}
    for path in [site.site / "papers.bib", *sorted((site.site / "tags").glob("*.bib"))]:
        found[path.relative_to(site.site).as_posix()] = parse(path.read_text("utf-8")).entries
    return found


def page_entries(site) -> dict[str, str]:
    """Page slug → the citation key its Cite block shows."""
    keys = {}
    for path in site.paper_pages():
        block = path.read_text("utf-8").split("## Cite", 1)[1]
        keys[path.stem] = re.search(r"```+bibtex\n@\w+\{([^,]*),", block).group(1)
    return keys


@pytest.mark.slow
def test_sample_site_serves_bib_files_that_parse_back(sample_site):
    served = served_bibliographies(sample_site)
    pages = page_entries(sample_site)
    assert sorted(entry.key for entry in served["papers.bib"]) == sorted(pages.values())
    assert len(set(pages.values())) == len(pages) == len(sample_site.paper_pages())
    tagged: dict[str, set[str]] = {}
    for path in sample_site.paper_pages():
        for tag in frontmatter.load(path).get("tags", []):
            tagged.setdefault(tag, set()).add(pages[path.stem])
    from generator.tagging import load_taxonomy

    slugs = tag_slugs(tagged, load_taxonomy(sample_site.root / "taxonomy.yml"))
    for tag, keys in tagged.items():
        assert {entry.key for entry in served[f"tags/{slugs[tag]}.bib"]} == keys
        assert (sample_site.site / "tags" / slugs[tag] / "index.html").is_file()
    markup = sample_site.html("papers/" + sample_site.paper_pages()[0].stem)
    # Pygments marked the entry up as BibTeX: the entry type is its own token.
    assert 'id="cite"' in markup and re.search(r'<span class="nc">@misc</span>', markup)


def test_names_with_a_suffix_are_published_with_their_family_name(project):
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    authors = ["John Smith Jr.", "Martin Luther King, Jr.", "Ludwig van Beethoven III", "de la Cruz, Juan"]
    project.add_source("library.jsonl", json.dumps({"title": "On Dreams", "abstract": "Dreams.", "authors": authors}) + "\n")
    project.generate()
    published = parse((project.docs / "papers.bib").read_text("utf-8")).entries[0]["author"].split(" and ")
    parts = [parse_single_name_into_parts(name) for name in published]
    assert [(part.last, part.jr) for part in parts] == [
        (["Smith"], ["Jr."]), (["King"], ["Jr."]), (["Beethoven"], ["III"]), (["Cruz"], [])]
    assert [part.first for part in parts] == [["John"], ["Martin", "Luther"], ["Ludwig"], ["Juan"]]
    assert "author = {Smith, Jr., John and King, Jr., Martin Luther" in project.paper_pages()[0].read_text("utf-8")


def test_month_macros_are_published_as_macros():
    # Zotero writes `month = jun`, with no @string for it: BibTeX styles and biber define it.
    text = ("@article{a, title = {Bare}, year = 2021, month = jun}\n@article{b, title = {Capital}, MONTH = Aug}\n"
            "@article{c, title = {Braced}, month = {jun}}\n@article{d, title = {Named}, month = {June}}\n"
            "@article{e, title = {Number}, month = 6}\n")
    records, problems = bibtex.read(text, "sources/x.bib", ReadSettings())
    assert problems == []
    published = [entry(paper(record.title, record.title, bibtex=record.bibtex), record.title.lower()) for record in records]
    months = [field.value for text in published for field in parse_raw(text).entries[0].fields if field.key == "month"]
    assert months == ["jun", "aug", "jun", "{June}", "{6}"]
    assert published[0] == "@article{bare,\n  title = {Bare},\n  year = {2021},\n  month = jun\n}"


def parse_raw(text: str):
    library = bibtexparser.parse_string(text, parse_stack=[])
    assert library.failed_blocks == []
    return library


READING_LIST = r"""
@string{nips = {Advances in Neural Information Processing Systems}}

@inproceedings{goodfellow2014,
  title = {Generative Adversarial Nets},
  author = {Goodfellow, Ian and Bengio, Yoshua},
  booktitle = nips,
  year = {2014},
  howpublished = {kept exactly as the source wrote it},
  series = {Three backticks ``` cannot close the code block,
</div>
<script>alert(1)</script>
nor can a closing tag; 100\% sure.}
}

@misc{shared,
  title = {A Paper with a Common Key},
  year = {2020}
}
"""

OTHER_LIST = r"""
@article{shared,
  title = {Another Paper with the Same Key},
  author = {Doe, Jane},
  year = {2021},
  journal = {Journal of Tests}
}
"""


@pytest.mark.slow
def test_bibtex_sources_keep_their_own_entries(project):
    project.add_source("reading-list.bib", READING_LIST)
    project.add_source("other.bib", OTHER_LIST)
    rows = [
        {"title": "An arXiv Paper", "abstract": "Words.", "authors": ["Jane Doe"], "date": "2021-05-01", "arxiv": "2105.00001v2"},
        {"title": "Hostile {Title} 100% & _more_", "abstract": "x", "authors": ['A "B" <script>'], "venue": "Odd & Co"},
    ]
    project.add_source("more.jsonl", "\n".join(json.dumps(row) for row in rows) + "\n")
    project.build()
    served = served_bibliographies(project)
    pages = page_entries(project)
    entries = served["papers.bib"]
    assert len(entries) == len(pages) == 5
    assert sorted(entry.key for entry in entries) == sorted(pages.values())
    by_title = {entry["title"]: entry for entry in entries}
    own = by_title["Generative Adversarial Nets"]
    assert own.key == "goodfellow2014" and own["howpublished"] == "kept exactly as the source wrote it"
    # The macro is expanded: the published entry stands alone.
    assert own["booktitle"] == "Advances in Neural Information Processing Systems"
    shared = [by_title["A Paper with a Common Key"].key, by_title["Another Paper with the Same Key"].key]
    assert "shared" in shared and len(set(shared)) == 2
    arxiv = by_title["An arXiv Paper"]
    assert arxiv.entry_type == "misc" and arxiv["eprint"] == "2105.00001" and arxiv["archivePrefix"] == "arXiv"
    hostile = by_title[r"Hostile \{Title\} 100\% \& \_more\_"]
    assert hostile.entry_type == "article" and hostile["journal"] == r"Odd \& Co"
    # The fence outgrows the backticks inside the entry, so the page shows all of it.
    gan = project.html("papers/generative-adversarial-nets")
    assert "kept exactly as the source wrote it" in gan and "100\\% sure" in gan
    assert "<script>alert" not in gan and "&lt;/div&gt;" in gan


def cited(reader, folder: str, name: str) -> dict:
    """Each record of a reader fixture, as the paper it alone makes, by title: its entry parsed back."""
    from generator.merge import merge_records
    from tests.conftest import FIXTURES

    path = FIXTURES / "readers" / folder / name
    records, _ = reader.read(decode(path.read_bytes()), f"sources/{name}", ReadSettings())
    found = {}
    for record in records:
        [one] = merge_records([record])
        found.setdefault(one.title, parse(entry(one, "k")).entries[0])
    return found


def fields(parsed) -> dict:
    return {name: field.value for name, field in parsed.fields_dict.items()}


def test_ris_types_are_cited_as_their_bibtex_types():
    ieee = cited(ris, "ris", "ieee-xplore-conference.ris")
    conference = ieee["Title of a conference paper"]
    assert conference.entry_type == "inproceedings"
    assert fields(conference)["booktitle"] == "Secondary Title (booktitle title, if applicable)"
    assert fields(conference)["pages"] == "183--186" and "journal" not in fields(conference)
    journal = fields(ieee["Title of a journal paper"])
    assert (journal["volume"], journal["number"], journal["pages"]) == ("50", "3", "14--25")

    jstor = cited(ris, "ris", "jstor-chapter-report.ris")
    chapter = jstor["This title is of type CHAP"]
    assert chapter.entry_type == "incollection"
    assert fields(chapter) | {"url": ""} == {
        "title": "This title is of type CHAP", "author": "Phoebe Chapwriter-One",
        "editor": "Davide Editor and Laureen Editor", "booktitle": "Secondary Title", "year": "2019",
        "series": "Tertiary Title", "pages": "125--354", "publisher": "University of Somewhere Press", "url": ""}
    report = jstor["This title is of type RPRT"]
    assert report.entry_type == "techreport" and fields(report)["institution"] == "American Dummy Project"

    [thesis] = [found for found in cited(ris, "ris", "proquest-thesis.ris").values() if found.entry_type != "article"]
    # ProQuest names its database where a journal would be: no journal of the thesis; `SP` counts its pages.
    assert thesis.entry_type == "phdthesis"
    assert {name: fields(thesis).get(name) for name in ("school", "type", "journal", "pages")} == {
        "school": "New York University", "type": "Ed.D.", "journal": None, "pages": None}

    [crc] = cited(ris, "ris", "crc-press-chapter.ris").values()
    assert crc.entry_type == "incollection"
    assert {name: fields(crc)[name] for name in ("booktitle", "series", "pages", "publisher")} == {
        "booktitle": "Dermoscopy Image Analysis", "series": "Digital Imaging and Computer Vision", "pages": "1--22",
        "publisher": "CRC Press"}


def test_csl_types_are_cited_as_their_bibtex_types():
    from generator.merge import merge_records
    from generator.readers import csl_json
    from tests.conftest import FIXTURES

    path = FIXTURES / "readers" / "csl" / "citationjs-bibtex-mapping.json"
    records, _ = csl_json.read(path.read_text("utf-8"), "sources/m.json", ReadSettings())
    # Every item of citation.js's mapping test is titled "Lorem Ipsum": each is cited alone.
    found = {json.loads(path.read_text("utf-8"))[index]["id"]: parse(entry(merge_records([record])[0], "k")).entries[0]
             for index, record in enumerate(records)}
    assert {key: found[key].entry_type for key in ("Article", "Book", "InBook", "InCollection", "InProceedings",
                                                    "MastersThesis", "PhdThesis", "TechReport", "Unpublished")} == {
        "Article": "article", "Book": "book", "InBook": "inbook", "InCollection": "incollection",
        "InProceedings": "inproceedings", "MastersThesis": "mastersthesis", "PhdThesis": "phdthesis",
        "TechReport": "techreport", "Unpublished": "misc"}
    assert fields(found["InProceedings"]) | {"title": ""} == {
        "title": "", "author": "Alice Adams and Bob Brody", "editor": "Carol Coburn", "booktitle": "Dolor Sit Amet",
        "year": "2020", "volume": "5", "series": "Good Series", "pages": "200--210", "publisher": "BibTeX Publishers",
        "address": "Goodville"}
    assert {name: fields(found["TechReport"])[name] for name in ("institution", "number", "type")} == {
        "institution": "The Institution", "number": "ABC-123", "type": "Recommendation"}
    assert fields(found["MastersThesis"])["school"] == "The University"


def test_semantic_scholar_papers_are_cited_in_their_journal_or_conference():
    from generator.readers import jsonl

    found = cited(jsonl, "jsonl", "semantic-scholar.jsonl")
    turing = found["Computing Machinery and Intelligence"]
    # Semantic Scholar's venue names the book that reprinted it; its `journal` where it was published.
    assert turing.entry_type == "article" and (fields(turing)["journal"], fields(turing)["pages"]) == ("Mind", "433--460")
    icml = found["Neural Variational Inference and Learning in Belief Networks"]
    assert icml.entry_type == "inproceedings" and fields(icml)["booktitle"] == "International Conference on Machine Learning"
    assert fields(icml)["eprint"] == "1402.0030"


def test_an_arxiv_paper_a_source_calls_a_preprint_stays_arxivs_misc():
    citation = (("ENTRYTYPE", "misc"), ("publisher", "arXiv"))
    preprint = paper("k", "T", arxiv="2101.00001", date="2021", citation=citation)
    assert entry(preprint, "a") == entry(paper("k", "T", arxiv="2101.00001", date="2021"), "a")


def test_a_scopus_conference_paper_in_a_journal_issue_is_an_article_and_placeholders_are_no_values():
    from generator.merge import merge_records
    from generator.readers import parse_text
    from pathlib import Path

    # Scopus's record of a conference paper printed in a journal's supplement (estro review's export).
    text = ("TY  - CONF\nTI  - Peculiarities of stroke risk in women\nT2  - Cerebrovascular Diseases\nVL  - 24\n"
            "IS  - SUPPL. 1\nSP  - 76\nEP  - 83\nER  - \n\n"
            "TY  - JOUR\nTI  - A trial\nT2  - Rheumatology\nVL  - NA\nIS  - no pagination\nSP  - 1386‐1391\nER  - \n")
    records, _ = parse_text(Path("s.ris"), text, "sources/s.ris", ReadSettings())
    scopus, cochrane = (parse(entry(merge_records([record])[0], "k")).entries[0] for record in records)
    assert scopus.entry_type == "article"
    assert {name: fields(scopus)[name] for name in ("journal", "volume", "number", "pages")} == {
        "journal": "Cerebrovascular Diseases", "volume": "24", "number": "SUPPL. 1", "pages": "76--83"}
    assert "volume" not in fields(cochrane) and "number" not in fields(cochrane) and fields(cochrane)["pages"] == "1386--1391"
