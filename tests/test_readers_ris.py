"""The RIS reader on real exports (EndNote, Mendeley, Zotero, EBSCO, SciELO, Scopus, Rayyan,
CoLRev's tests) and on damage. Golden files: see tests/golden.py and tests/fixtures/readers/README.md."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.readers import ReadSettings, decode, parse_text, ris
from generator.readers.person import CUT_SHORT
from tests.conftest import FIXTURES

SETTINGS = ReadSettings()


def read(name: str):
    path = FIXTURES / "readers" / "ris" / name
    return ris.read(decode(path.read_bytes()), f"sources/{name}", SETTINGS)


def test_ris_exports_of_three_managers():
    mendeley, problems = read("mendeley-export.ris")
    assert problems == []
    assert mendeley[0].authors[:3] == ("O.Y. Edelenbosch", "D.L. McCollum", "D.P. van Vuuren")
    assert "Ó Broin" in " ".join(mendeley[0].authors)
    assert mendeley[0].date == "2017-08" and mendeley[0].venue == "Transportation Research Part D: Transport and Environment"
    assert mendeley[0].doi == "10.1016/J.TRD.2016.07.003"
    assert all("file:" not in url for record in mendeley for _, url in record.links)
    zotero, problems = read("zotero-export.ris")
    assert problems == [] and [record.source for record in zotero] == [f"sources/zotero-export.ris:{n}" for n in (1, 20, 33)]
    assert zotero[0].venue == "American Sociological Review" and zotero[0].date == "2011"
    assert zotero[2].venue.startswith("Trade Union Renewal") and zotero[2].authors == ("Kate Bronfenbrenner",)
    endnote, problems = read("endnote-export.ris")
    assert problems == []
    assert endnote[0].tags[:3] == ("citation", "reference", "library") and len(endnote[0].tags) == 8
    assert endnote[0].authors[0] == "A. Nonymous Smith"


def test_ris_character_entities_read_as_characters():
    # SciELO and Scopus write titles, journals and abstracts as HTML: `D&#039;Anta`, `P &lt; 0.0001`.
    records, problems = read("scielo-scopus-entities.ris")
    assert problems == []
    scielo, colombia, scopus = records
    assert scielo.title == "Avifauna da Reserva Biológica Municipal Poço D'Anta, Juiz de Fora, MG"
    assert colombia.venue == "Revista U.D.C.A Actualidad & Divulgación Científica"
    assert "(F1,517 = 106.15, P < 0.0001)" in scopus.abstract
    for record in records:
        assert not re.search(r"&[#\w]+;", repr(record))


def test_ris_of_ebsco_names_the_journal_and_the_doi():
    # EBSCO writes the journal in JO and JF, a translated title in T2 and the DOI in L3.
    records, problems = read("ebsco-export.ris")
    assert problems == []
    vole, rice = records
    assert (vole.venue, vole.doi) == ("Agriculture, Ecosystems & Environment", "10.1016/j.agee.2016.06.041")
    assert (rice.venue, rice.doi) == ("Transactions of the Chinese Society of Agricultural Engineering", "10.11975/j.issn.1002-6819.2016.21.005")
    assert ("doi", "https://doi.org/10.1016/j.agee.2016.06.041") in vole.links
    assert rice.authors[0] == "朱德泉" and rice.abstract == "Rice production is distributed broadly in China."
    for record in records:  # N1 holds the authors' e-mail addresses
        assert "@" not in repr(record) and "Accession" not in repr(record)


def test_ris_damage_costs_only_the_damaged_record():
    records, problems = read("damaged-records.ris")
    assert [record.title for record in records] == ["A Fine Record", "Cut Off at the End"]
    assert records[1].date is None or records[1].date.startswith("20")
    assert [(problem.line, problem.message.split(" (")[0].split(";")[0]) for problem in problems] == [
        (7, "record has no title"), (13, "the file ends at line 15 inside this record, before its `ER  - ` line: it may be cut short")]
    assert ris.read("just some text\n", "sources/x.ris", SETTINGS)[1][0].message.startswith("not RIS")


def test_a_ris_record_titled_only_by_its_short_title_is_read(project):
    # Some exports carry only `ST`: the record was skipped as having no title.
    text = ("TY  - JOUR\nST  - Short Title Only\nAU  - Doe, Jane\nPY  - 2019\nAB  - Kept.\nER  - \n"
            "TY  - JOUR\nTI  - The Full Title\nST  - Full\nER  - \n"
            "TY  - JOUR\nAU  - Nobody, Titled\nER  - \n")
    records, problems = ris.read(text, "sources/r.ris", SETTINGS)
    assert [(record.title, record.source) for record in records] == [
        ("Short Title Only", "sources/r.ris:1"), ("The Full Title", "sources/r.ris:7")]
    assert [(problem.line, problem.message) for problem in problems] == [(11, "record has no title (TI, T1, TT or ST); skipped")]
    project.add_source("r.ris", text)
    project.generate()
    titles = sorted(frontmatter.load(path)["title"] for path in project.paper_pages())
    assert titles == ["Short Title Only", "The Full Title"]


def test_ris_tags_with_one_space_are_read_or_the_record_reported():
    text = ("TY - JOUR\nTI - One Space\nAU - Doe, Jane\nPY - 2020/05/01/\nAB - First line\nsecond line\nER -\n"
            "TY  - JOUR\nTI  - Two Spaces Ended With One\nAB  - Trade\nUS - China relations\nER -\n"
            "TY  - JOUR\nTI  - Fine\nER  - \n")
    records, problems = ris.read(text, "sources/r.ris", SETTINGS)
    # Among two-space tags a one-space line is a tag when RIS has that tag (`ER -`), else text (`US - China`).
    assert [(record.title, record.authors, record.date, record.abstract, record.source) for record in records] == [
        ("One Space", ("Jane Doe",), "2020-05-01", "First line second line", "sources/r.ris:1"),
        ("Two Spaces Ended With One", (), None, "Trade US - China relations", "sources/r.ris:8"),
        ("Fine", (), None, "", "sources/r.ris:13")]
    assert problems == []


def test_ris_keeps_every_author_line_even_a_repeated_abbreviated_name():
    text = ("TY  - JOUR\nTI  - Scopus\nAU  - Wu, Q.\nAU  - Wang, H.\nAU  - Wang, H.\nER  - \n"
            "TY  - JOUR\nTI  - Both Tags\nAU  - Doe, Jane\nAU  - Roe, Rick\nA1  - Doe, Jane\nA1  - Roe, Rick\nER  - \n")
    records, problems = ris.read(text, "sources/r.ris", SETTINGS)
    assert problems == []
    assert [record.authors for record in records] == [("Q. Wu", "H. Wang", "H. Wang"), ("Jane Doe", "Rick Roe")]


def test_ris_dates_as_exporters_write_them():
    dates = {"2024/123/": "2024", "2024///Spring": "2024", "2024/1/5/": "2024-01-05", "2024/03/": "2024-03",
             "03/14/2024": "2024-03-14", "14/03/2024": "2024-03-14", "14.03.2024": "2024-03-14", "03/04/2024": "2024"}
    text = "".join(f"TY  - JOUR\nTI  - T{index}\nDA  - {value}\nER  - \n\n" for index, value in enumerate(dates))
    records, problems = parse_text(Path("r.ris"), text, "sources/r.ris", SETTINGS)
    assert problems == []
    assert [record.date for record in records] == list(dates.values())
    records, problems = parse_text(Path("r.ris"), "TY  - JOUR\nTI  - T\nDA  - 40/41/2024\nER  - \n", "sources/r.ris", SETTINGS)
    assert records[0].date == "2024" and [problem.line for problem in problems] == [1]
    records, problems = parse_text(Path("r.ris"), "TY  - JOUR\nTI  - T\nPY  - 20133\nER  - \n", "sources/r.ris", SETTINGS)
    assert records[0].date is None
    assert [str(problem) for problem in problems] == [
        "sources/r.ris:1: unreadable date '20133' dropped; the paper is kept without it"]


def test_dates_in_words_labelled_or_in_eight_digits_keep_their_month_and_day():
    ieee, problems = read("ieee-xplore-conference.ris")
    # IEEE Xplore's `Y1` in words, beside `PY`'s year: a conference's days give their first.
    assert problems == [] and [record.date for record in ieee] == ["2020-08-04", "2017-03"]
    jstor, _ = read("jstor-chapter-report.ris")
    # JSTOR's `C1  - Full publication date: July-August 2016`; a season (`Winter 2014`) says the year alone.
    assert [record.date for record in jstor] == ["2016-07", "2014", "2019", "2018"]
    trid, problems = read("trid-start-date.ris")
    assert problems == [] and trid[0].date == "2017-08-12"  # `PY  - Start date: 20170812`
    dates = {"Sept. 4, 2019": "2019-09-04", "June 2018": "2018-06", "Spring 2020": "2020", "Smarch 2020": "2020"}
    text = "".join(f"TY  - JOUR\nTI  - T{index}\nPY  - {value[-4:]}\nY1  - {value}\nER  - \n\n" for index, value in enumerate(dates))
    records, problems = parse_text(Path("r.ris"), text, "sources/r.ris", SETTINGS)
    assert problems == [] and [record.date for record in records] == list(dates.values())


def test_an_address_without_a_scheme_is_an_https_link():
    [record], _ = read("sciencedirect-abstract-heading.ris")
    assert ("url", "https://www.sciencedirect.com/science/article/pii/S1359645416307273") in record.links


RIS_LINES = st.sampled_from(
    ["TY  - JOUR", "TI  - A title", "T1  - B", "AU  - Doe, Jane", "AU  - ", "PY  - 2020/05/01/", "PY  - 99/99",
     "KW  - k", "DO  - 10.1/x", "UR  - https://arxiv.org/abs/2101.00001", "L1  - file:///Users/a.pdf", "ER  - ",
     "ER  -", "garbage", "", "N1  - note", "XX  - unknown", "AB  - $x$ and \\emph{y}",
     "TY - JOUR", "TI - One space", "ER -", "AU - Doe, Jane",
     "TY  - CONF", "TY  - THES", "TY  - CHAP", "TY  - RPRT", "T2  - Proc.", "BT  - Book", "C3  - Proceedings", "T3  - Series",
     "SP  - pp 1-9", "EP  - 12", "VL  - 3", "VO  - 4", "IS  - ", "PB  - Press", "CY  - City", "M3  - M.S.", "A2  - Ed, A",
     "ED  - Ed, B", "ET  - 2nd", "Y1  - 4-8 Aug. 2020", "Y1  - Winter 2014", "PY  - Start date: 20170812",
     "C1  - Full publication date: July-August 2016", "UR  - //www.example.org/a", "UR  - //"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(RIS_LINES | st.text(max_size=20), max_size=30).map("\n".join))
def test_any_ris_gives_records_or_problems(text):
    records, problems = ris.read(text, "sources/r.ris", SETTINGS)
    for record in records:
        assert record.title and all("file:" not in url for _, url in record.links)
        # A citation is its entry type, then fields of one line each, no address among them.
        assert not record.citation or (record.citation[0][0] == "ENTRYTYPE" and all(
            value and "\n" not in value and "://" not in value for _, value in record.citation))
    assert all(problem.path == "sources/r.ris" for problem in problems)


def test_a_tag_an_export_glued_to_the_value_before_it_is_a_tag_of_its_own(project):
    # Rayyan writes `DO  - <doi>     LK  - <the library's link resolver>` on one line.
    (record,), problems = read("rayyan-glued-tags.ris")
    assert problems == [] and record.doi == "10.1186/s12862-024-02210-9"
    assert dict(record.links) == {"doi": "https://doi.org/10.1186/s12862-024-02210-9",
                                  "url": "https://www.embase.com/search/results?subaction=viewrecord&id=L643474277&from=export"}
    project.add_source("rayyan.ris", (FIXTURES / "readers" / "ris" / "rayyan-glued-tags.ris").read_bytes())
    project.generate()
    (page,) = project.paper_pages()
    text = page.read_text("utf-8")
    assert "worldcat" not in text and "LK  -" not in text and "U2  -" not in text and "aulast" not in text
    post = frontmatter.load(page)
    assert post["ids"]["doi"] == "10.1186/s12862-024-02210-9"
    assert post["links"]["doi"] == "https://doi.org/10.1186/s12862-024-02210-9"


def test_the_people_of_a1_lines_come_first_and_are_not_named_twice():
    (record,), problems = read("zotero-mixed-author-tags.ris")
    assert problems == [] and record.authors == ("Danko Georgiev", "Leon Bello", "Avishy Carmi", "Eliahu Cohen")
    text = ("TY  - JOUR\nTI  - T\nA1  - Wang, Hui\nA1  - Li, M.\nAU  - Wang, H.\nAU  - Wang, Hao\nAU  - Li, Ming\n"
            "AU  - Li, Mei\nAU  - Doe, J.\nAU  - Doe, J.\nER  - \n")
    (record,), _ = ris.read(text, "sources/r.ris", SETTINGS)
    # `H. Wang` may be Hui Wang, so is not named again; Hao Wang is not. An A1 line's `M. Li`
    # may be Ming Li or Mei Li: an initial says no more, so neither is named again.
    assert record.authors == ("Hui Wang", "M. Li", "Hao Wang", "J. Doe", "J. Doe")


def test_medline_names_read_given_initials_first():
    # EPPI-Reviewer's export (asreview/citation-file-formatting, `Datasets/RIS/_baseline_eppireviewer.ris`) and
    # PubMed's write "Family Initials"; a citation would read the initials as the family name.
    text = ("TY  - JOUR\nTI  - T\nA1  - Brownstein C D\nAU  - Smith JA\nAU  - van der Berg M\nAU  - Ford H II\n"
            "AU  - Jane Doe\nAU  - Lovelace, Ada\nER  - \n")
    (record,), _ = ris.read(text, "sources/r.ris", SETTINGS)
    assert record.authors == ("C. D. Brownstein", "J. A. Smith", "M. van der Berg", "H. Ford II", "Jane Doe", "Ada Lovelace")
    # A list that writes family names in capitals: "Paul LEE" is Paul Lee's name, as written.
    (record,), _ = ris.read("TY  - JOUR\nTI  - T\nAU  - Jean DUPONT\nAU  - Paul LEE\nER  - \n", "sources/r.ris", SETTINGS)
    assert record.authors == ("Jean DUPONT", "Paul LEE")


def test_a_known_tag_written_with_one_space_among_two_space_tags_is_read():
    # CoLRev's test export: `KW - keyword2` with two more keywords on the lines after it.
    (record,), problems = read("colrev-one-space-keyword.ris")
    assert problems == [] and record.tags == ("keyword2", "keyword3")
    assert record.authors[-1] == "E. Author-Five" and record.date == "2020"


def test_the_fullest_date_of_the_year_the_first_date_gives_is_kept():
    def date(*lines: str) -> str | None:
        (record,), _ = ris.read("TY  - JOUR\nTI  - T\n" + "".join(f"{line}\n" for line in lines) + "ER  - \n", "sources/r.ris", SETTINGS)
        return record.date
    assert date("PY  - 2016", "Y1  - 2016/10/19") == "2016-10-19"  # JabRef's RisImporterTest9
    assert date("DA  - 2016/10", "PY  - 2016") == "2016-10"
    assert date("PY  - 2015", "Y1  - 2016/10/19") == "2015"  # another year: the first date stands
    assert date("DA  - Spring", "PY  - 2016") == "2016"
    # Web of Science's DA holds the month and day, PY the year; a day is never made up.
    assert date("DA  - AUG 11", "PY  - 2022") == "2022-08-11"
    assert date("DA  - FEB", "PY  - 2022") == "2022-02"
    assert date("PY  - 2022", "DA  - Sept. 3") == "2022-09-03"
    assert date("DA  - JAN-FEB", "PY  - 2022") == date("DA  - SPR", "PY  - 2022") == "2022"
    assert date("DA  - AUG 11", "Y1  - 2022/08/01") == "2022-08-01"
    assert date("DA  - AUG 11", "PY  - 2022/05/02") == "2022-05-02"
    assert date("DA  - AUG 11") == "AUG 11"  # no year: for validation to report


def test_a_main_heading_star_is_not_part_of_the_keyword():
    # Ovid (PsycInfo, ERIC) and Cochrane exports star a record's main subject headings.
    text = "TY  - JOUR\nTI  - T\nKW  - *Anxiety Management\nKW  - Anxiety Management\nKW  - * Adolescents\nKW  - *\nKW  - A* search\nER  - \n"
    (record,), problems = ris.read(text, "sources/r.ris", SETTINGS)
    assert problems == [] and record.tags == ("Anxiety Management", "Adolescents", "A* search")


def test_rich_text_tags_of_web_of_science_are_read_as_text():
    # Web of Science writes a title's italics and superscripts as HTML: `<i>Panax ginseng</i>`, `CD4<SUP>+</SUP>`.
    records, problems = read("web-of-science-export.ris")
    assert problems == []
    # A superscript keeps its meaning, as in BibTeX.
    assert records[2].title.startswith("Vitamin D and estrogen synergy in Vdr-expressing CD4⁺ T cells")
    assert "to induce Helios⁺FoxP3⁺ T cells" in records[2].title
    assert records[3].title == "Advances on hormone-like activity of Panax ginseng and ginsenosides"
    text = ("TY  - JOUR\nTI  - <i>Hypericum lanceolatum </i>Lam. Medicinal Plant\nT2  - <i>Journal</i> of Things\n"
            "AB  - In <i>vivo</i>, P &lt; 0.05 and x <b>2</b>.\nER  - \n")
    (record,), _ = ris.read(text, "sources/r.ris", SETTINGS)
    assert (record.title, record.venue, record.abstract) == (
        "Hypericum lanceolatum Lam. Medicinal Plant", "Journal of Things", "In vivo, P < 0.05 and x 2.")


def test_nasa_ads_paragraphs_missing_abstracts_unnamed_authors_and_unknown_days():
    # NASA ADS's RIS ends each paragraph of an abstract with `<P />`, and writes `Not Available <P />` for none.
    path = FIXTURES / "readers" / "ris" / "ads-export-empty-paragraphs.ris"
    (reviews, survey), problems = parse_text(path, decode(path.read_bytes()), "sources/ads.ris", SETTINGS)
    assert problems == []
    assert (reviews.title, reviews.abstract, reviews.doi) == ("Book reviews", "", "10.1002/wea.3072")
    # ADS dates a paper by month and writes day 1 for the day it does not know (`Y1  - 2018/01/1`).
    assert (reviews.date, survey.date) == ("2018-01", "2007-05")
    (other,), _ = ris.read("TY  - JOUR\nTI  - T\nY1  - 2018/01/1\nUR  - https://example.org/a\nER  - \n", "sources/r.ris", SETTINGS)
    assert other.date == "2018-01-01"
    # Its `AU  - , . . .` after the last author named is "and others".
    assert survey.authors[-2:] == ("Indiana", CUT_SHORT)
    assert "<P" not in survey.abstract and "transients beyond our solar system. Here we describe" in survey.abstract
    assert survey.abstract.endswith("is partially supported by the U.S. National Science Foundation (NSF).")


def test_et_al_written_after_the_last_name_of_a_ris_line_is_no_part_of_it():
    # As BibTeX's reader reads `Bakhteev, Oleg et al.`: the RIS page read "Oleg et al. Bakhteev".
    text = ("TY  - JOUR\nTI  - T\nAU  - Bakhteev, Oleg et al.\nER  - \n"
            "TY  - JOUR\nTI  - U\nAU  - Olive, K. A., et al.\nER  - \n"
            "TY  - JOUR\nTI  - V\nAU  - Etal, Adam\nAU  - Doe, Jane\nER  - \n")
    records, problems = ris.read(text, "sources/r.ris", SETTINGS)
    assert problems == []
    assert [record.authors for record in records] == [
        ("Oleg Bakhteev", CUT_SHORT), ("K. A. Olive", CUT_SHORT), ("Adam Etal", "Jane Doe")]


def test_superscripts_and_subscripts_of_a_ris_title_and_abstract_keep_their_meaning():
    text = ("TY  - JOUR\nTI  - Yields of 10<sup>-3</sup> at T <sub>eff</sub>\nT2  - J<sub>x</sub>\n"
            "AB  - We count 10<SUP>6</SUP> cells/mm<sup>2</sup>.\nER  - \n")
    (record,), problems = parse_text(Path("r.ris"), text, "sources/r.ris", SETTINGS)
    assert problems == []
    assert (record.title, record.abstract, record.venue) == (
        "Yields of 10⁻³ at T$_{\\mathrm{eff}}$", "We count 10⁶ cells/mm².", "Jx")
    assert record.math


def test_a_file_that_ends_inside_its_last_record_is_reported_and_the_record_kept():
    text = (FIXTURES / "readers" / "ris" / "web-of-science-export.ris").read_text("utf-8-sig")
    for cut in (text.index("SN  - 2095-6975"), text.index("PY  - 2020") + 6, text.rindex("ER  -")):
        records, problems = ris.read(text[:cut], "sources/savedrecs.ris", SETTINGS)
        assert [record.title for record in records] == [record.title for record in read("web-of-science-export.ris")[0]]
        last_line = len(text[:cut].rstrip().split("\n"))
        assert [str(problem) for problem in problems] == [
            f"sources/savedrecs.ris:57: the file ends at line {last_line} inside this record, before its `ER  - ` line: "
            "it may be cut short (export the file again)"]
    assert ris.read(text.rstrip() + "\n", "sources/savedrecs.ris", SETTINGS)[1] == []
