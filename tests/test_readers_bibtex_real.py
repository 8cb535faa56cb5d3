"""BibTeX as people write it: commented entries, biblatex inheritance, arXiv-only
venues, apostrophes, private fields and @string bombs; with property tests."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.bibentry import CITATION_FIELDS, citation_entry
from generator.readers import ReadSettings, bibtex, bibtex_fields, parse_source
from generator.readers.bibtex_source import MAX_VALUE, strip_comments
from generator.textex import decode
from tests.conftest import FIXTURES

FOLDER = FIXTURES / "readers" / "bibtex"
SETTINGS = ReadSettings()


def read_case(name: str):
    return bibtex.read((FOLDER / name).read_text("utf-8"), f"sources/{name}", SETTINGS)


def test_commented_out_entries_are_not_read_and_not_warned_about():
    records, problems = read_case("thesis-commented.bib")
    assert problems == []
    assert [record.title for record in records] == [
        "One-class LP classifier for dissimilarity representations",
        "The 2015 Signal Separation Evaluation Campaign",
        "A signal processing approach to fair surface design",
    ]
    # A trailing comment after a field does not swallow the entry's close.
    assert records[1].date == "2015-08"


def test_strip_comments_keeps_lines_and_values():
    text = '@misc{a, title = {50% of {it}}, % a note\n  url = {http://x.org/a%20b}}\n% @misc{b, title={B}}\n'
    stripped = strip_comments(text)
    assert stripped.count("\n") == text.count("\n")
    assert "50% of {it}" in stripped and "a%20b" in stripped
    assert "a note" not in stripped and "@misc{b" not in stripped


def test_crossref_child_shows_its_parents_year_and_venue_and_sets_pass_quietly():
    records, problems = read_case("biblatex-examples-excerpt.bib")
    assert problems == []
    child = next(record for record in records if record.title.startswith("The True Frontier"))
    assert (child.date, child.venue) == ("2000", "Space and Beyond")
    assert "booktitle = {Space and Beyond}" in child.bibtex and "crossref" not in child.bibtex
    # biblatex's title is the title and its subtitle; the parent's subtitle is the book's.
    assert child.title == "The True Frontier: Confronting and Avoiding the Realities of Space in American Science Fiction Films"
    assert "booksubtitle = {The Frontier Theme in Science Fiction}" in child.bibtex
    assert "set" not in {record.source.split(":")[-1] for record in records}
    assert len(records) == 9
    macro = next(record for record in records if record.title.startswith("Effect of immobilization"))
    assert macro.venue == "J. Organomet. Chem." and macro.authors[0] == "Özge Aksın"
    online = next(record for record in records if record.title.startswith("Faster Radix"))
    assert (online.arxiv, online.categories) == ("1008.2849", ("cs.DS",))


def test_xdata_fields_are_lent():
    text = "@xdata{press, publisher = {Big Press}, location = {Town}}\n@book{b, title = {A Book}, xdata = {press}, date = {2001}}\n"
    records, problems = bibtex.read(text, "sources/x.bib", SETTINGS)
    assert problems == [] and [record.venue for record in records] == ["Big Press"]
    assert "location = {Town}" in records[0].bibtex and "xdata" not in records[0].bibtex


def test_crossref_cycles_end():
    text = "@inproceedings{a, title = {A}, crossref = {b}}\n@book{b, title = {B}, crossref = {a}, year = 2000}\n"
    records, _ = bibtex.read(text, "sources/x.bib", SETTINGS)
    assert [(record.title, record.date) for record in records] == [("A", "2000"), ("B", "2000")]


def test_a_proceedings_or_journal_issue_that_lends_a_paper_its_fields_is_no_paper():
    # A hand-kept library of the entries' proceedings (aibasel/bib, crossref.bib and literatur.bib,
    # commit 31283a3bb445) and biblatex's `@periodical` parent (typst/biblatex, tests/fixtures/valid/cross.bib):
    # each volume was a page of its own, "Proceedings of …" or "Journal of Political Economy", no author, no abstract.
    text = """@InProceedings{edelkamp-icaps2005,
  author =       "Stefan Edelkamp",
  title =        "External Symbolic Heuristic Search with Pattern
                  Databases",
  crossref =     "icaps2005",
  pages =        "51--60"
}

@Proceedings{icaps2005,
  editor =       "Susanne Biundo and Karen Myers and Kanna Rajan",
  title =        "Proceedings of the Fifteenth International Conference on
                  Automated Planning and Scheduling ({ICAPS} 2005)",
  booktitle =    "Proceedings of the Fifteenth International Conference on
                  Automated Planning and Scheduling ({ICAPS} 2005)",
  year =         "2005",
  publisher =    "AAAI Press"
}

@periodical{polecon,
	title={Journal of Political Economy},
	date={2007-12},
	volume={115},
	number={6},
	editor={Uhlig, Harald and Heckman, James J. and Kamencia, Emir},
}

@article{arrgh,
	title={An‐arrgh‐chy: The Law and Economics of Pirate Organization},
	author={Leeson, Peter T.},
	crossref={polecon}
}
"""
    records, problems = bibtex.read(text, "sources/x.bib", SETTINGS)
    assert problems == []
    assert [(record.title[:20], record.date, record.venue) for record in records] == [
        ("External Symbolic He", "2005",
         "Proceedings of the Fifteenth International Conference on Automated Planning and Scheduling (ICAPS 2005)"),
        ("An‐arrgh‐chy: The La", "2007-12", "Journal of Political Economy")]
    # A volume no paper names, or one with an abstract of its own, is a paper as before.
    alone = text.replace('crossref =     "icaps2005",', "").replace("\tcrossref={polecon}", "")
    assert len(bibtex.read(alone, "sources/x.bib", SETTINGS)[0]) == 4
    described = text.replace('year =         "2005",', 'year = "2005", abstract = {The papers of ICAPS 2005.},')
    assert len(bibtex.read(described, "sources/x.bib", SETTINGS)[0]) == 3


def test_an_entry_without_a_key_lends_nothing_to_entries_without_a_parent():
    # An entry with no crossref names the parent "", which an entry without a key has.
    text = "@proceedings{, title = {Keyless Proceedings}, year = 1999}\n@inproceedings{x, title = {Child}}\n" \
           "@misc{y, title = {Lent nothing}, xdata = {}}\n"
    records, _ = bibtex.read(text, "sources/x.bib", SETTINGS)
    assert [(record.title, record.venue, record.date) for record in records] == [
        ("Keyless Proceedings", None, "1999"), ("Child", None, None), ("Lent nothing", None, None)]


def test_venues_that_only_say_arxiv_give_the_id():
    records, problems = read_case("zotero-library.bib")
    assert problems == []
    by_key = {record.bibtex.split("{")[1].split(",")[0]: record for record in records}
    for key, identifier in [
        ("fabien_improving_2020", "2006.02093"),
        ("alblasDeepLearningBasedCarotid2021", "2112.01137"),
        ("kwon2022learning", "2108.12947"),
        ("droste_discovering_2020", "2001.08188"),
        ("alice_gaze_2024", "2403.01234"),
    ]:
        assert (by_key[key].arxiv, by_key[key].venue) == (identifier, None), key
    # `primaryclass = {cs, eess}` names archives, not categories.
    assert by_key["alblasDeepLearningBasedCarotid2021"].categories == ()
    scholar, _ = read_case("google-scholar.bib")
    assert [(record.arxiv, record.venue) for record in scholar if record.arxiv] == [
        ("1412.6572", None),
        ("1706.03762", None),
        ("1810.04805", None),
    ]


def test_apostrophes_and_zotero_markup_read_as_text():
    records, _ = read_case("zotero-library.bib")
    gaze = records[-1]
    assert gaze.title == r"Where radiologists' eye gaze goes: BERT's view of Rényi entropy in $\omega$-regular reading"
    assert gaze.abstract == "We study the i.i.d. case. Zotero keeps markup typed in titles."
    assert gaze.authors == ("Alice Smith", "Jörg Müller")


def test_private_fields_never_reach_the_citation():
    records, _ = read_case("zotero-library.bib")
    for record in records:
        for private in ("file", "abstract", "annote", "annotation", "keywords", "mendeley-tags", "note", "urldate", "langid"):
            assert f"  {private} = " not in record.bibtex, (private, record.bibtex)
        assert "/Users/" not in record.bibtex and "Zotero/storage" not in record.bibtex
    assert "url = {http://arxiv.org/abs/2006.02093}" in records[0].bibtex


def test_citation_entry_keeps_only_citation_fields():
    entry = citation_entry("Article", "k", {"title": "T", "file": "/Users/a.pdf", "url": "file:///Users/a.pdf", "Note": "mine", "doi": "10.1/x"})
    assert entry == "@article{k,\n  title = {T},\n  doi = {10.1/x}\n}"
    assert citation_entry("article", "k", {"file": "x"}) is None
    assert citation_entry("article", "bad key", {"title": "T"}) is None
    assert "file" not in CITATION_FIELDS and "note" not in CITATION_FIELDS


BOMB = "".join(
    ['@string{s0 = "xxxxxxxxxxxxxxxx"}\n']
    + [f"@string{{s{n} = s{n - 1} # s{n - 1} # s{n - 1} # s{n - 1}}}\n" for n in range(1, 40)]
    + ["@misc{bomb, title = s39}\n@misc{fine, title = {A Fine Paper}, year = 2020}\n"]
)


def test_string_bomb_is_cut_and_the_rest_published():
    assert len(BOMB.encode()) < 2000
    started = time.perf_counter()
    records, problems = bibtex.read(BOMB, "sources/bomb.bib", SETTINGS)
    assert time.perf_counter() - started < 20
    assert "A Fine Paper" in [record.title for record in records]
    assert all(len(record.title) <= MAX_VALUE for record in records)
    assert problems and all(problem.path == "sources/bomb.bib" and problem.line for problem in problems)
    assert any("@string" in problem.message and "cut" in problem.message for problem in problems)


def test_string_bomb_fits_in_little_memory(tmp_path):
    """In a process capped at 1 GB of address space the bomb still reads."""
    path = tmp_path / "bomb.bib"
    path.write_text(BOMB, "utf-8")
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from generator.readers import ReadSettings, bibtex\n"
        f"records, problems = bibtex.read(open({str(path)!r}).read(), 'bomb.bib', ReadSettings())\n"
        "print(len(records), len(problems))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split()[0] == "2"


BIB_PIECES = st.sampled_from(
    ["@article{", "@string{", "@set{", "@xdata{", "k", ",", "title", " = ", "{", "}", '"', "#", "%", "\n", "crossref = {k}",
     "xdata = {k}", "\\'", "$x$", "arXiv:2101.00001", "journal = {CoRR}", "file = {/Users/a}", "year = 2020", "é"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(BIB_PIECES, max_size=60).map("".join))
def test_any_bibtex_gives_records_or_problems(text):
    records, problems = bibtex.read(text, "sources/x.bib", SETTINGS)
    for record in records:
        assert record.title and "\n" not in record.title
        assert record.bibtex is None or "/Users/" not in record.bibtex
    assert all(problem.path == "sources/x.bib" for problem in problems)


def test_cite_publishes_citation_fields_of_any_stored_entry():
    from generator.cite import entry
    from generator.model import Paper

    raw = "@article{mine,\n\ttitle = {T},\n\tabstract = {two\nlines},\n\tfile = {/Users/me/a.pdf},\n\tmonth = jun,\n}"
    text = entry(Paper(key="k", title="T", bibtex=raw), "mine2020")
    assert text == "@article{mine2020,\n  title = {T},\n  month = jun\n}"


def test_a_per_cent_sign_in_a_comment_block_does_not_swallow_entries():
    text = "@comment{jabref-meta: 100% of groups}\n@misc{a, title = {After the Comment}}\n"
    records, problems = bibtex.read(text, "sources/x.bib", SETTINGS)
    assert problems == [] and [record.title for record in records] == ["After the Comment"]


def test_a_url_field_of_several_addresses_publishes_the_first():
    # Mendeley joins a reference's addresses with spaces, CiteSeer with `;`: published
    # whole, the link leads nowhere and the address of a library's proxy or link
    # resolver among them names the person's institution.
    records, problems = read_case("mendeley-dblp-urls.bib")
    assert [problem.line for problem in problems] == [37]  # its undefined @string, below
    links = {record.title[:20]: dict(record.links) for record in records}
    # The first is an address of a private network, which no visitor can reach.
    assert links["Whiteness as propert"] == {"url": "https://search.ebscohost.com/login.aspx?direct=true&db=bsu&AN=7736644&site=ehost-live"}
    assert links["The Trouble with Rea"] == {
        # ProQuest's `accountid` names the library the person reads through.
        "url": "https://www.proquest.com/scholarly-journals/trouble-with-reader-response-theory-when-reading/docview/1881110575/se-2"
    }
    assert links["Propice-Plan: Toward"] == {"url": "http://citeseer.ist.psu.edu/507370.html"}
    for record in records:
        assert "ezproxy" not in record.bibtex and "primo" not in record.bibtex and "uni-ulm" not in record.bibtex
        assert "accountid" not in record.bibtex
    assert "  url = {http://citeseer.ist.psu.edu/507370.html}" in records[2].bibtex
    assert "10.0.9.3" not in records[0].bibtex


def test_html_escaped_ampersands_in_a_url_are_ampersands():
    # Old DBLP exports carry their XML's `&amp;` into BibTeX URLs.
    records, _ = read_case("mendeley-dblp-urls.bib")
    shop = next(record for record in records if record.title.startswith("Automating DAML"))
    assert dict(shop.links)["url"] == "http://springerlink.metapress.com/openurl.asp?genre=article&issn=0302-9743&volume=2870&spage=195"
    assert "&amp;" not in shop.bibtex


def test_dblp_homonym_numbers_are_no_part_of_a_name():
    records, _ = read_case("mendeley-dblp-urls.bib")
    assert records[-1].authors == ("Jörg Hoffmann",)
    assert bibtex_fields.authors("Wei Wang 0002 and Li, Ming 0001 and Kim Sun") == ("Wei Wang", "Ming Li", "Kim Sun")
    assert bibtex_fields.authors("{Team 2000} and Ann Lee 2nd") == ("Team 2000", "Ann Lee 2nd")
    # Nor of the name a citation prints.
    assert "author = {J{\\\"o}rg Hoffmann}," in records[-1].bibtex
    assert "author = {Wei Wang and {Team 2000}}" in citation_entry("article", "k", {"author": "Wei Wang 0002 and {Team 2000}"})


def test_a_repeated_field_that_nothing_reads_costs_no_entry():
    # Web of Science repeats `Author-Email`, BibDesk and ZotFile write a `file` per PDF: BibTeX
    # keeps the first value. So does a title given twice alike; two titles that differ make the
    # entry ambiguous (damaged-entries.bib).
    records, problems = read_case("duplicate-private-fields.bib")
    assert problems == []
    assert [record.title for record in records] == [
        "The Soft Underbelly of Reason : The Passions in the Seventeenth Century",
        "The Cambridge History of Seventeenth-Century Philosophy",
        "Lexicon philosophicum, quo tanquam clave philosophicae fores aperiuntur",
        "The Cambridge Companion to Newton",
        "Mitigation versus adaptation: Does insulating dwellings increase overheating risk?",
    ]
    assert records[4].doi == "10.1016/j.buildenv.2018.07.033" and records[4].authors[0] == "Daniel Fosas"
    for record in records:
        assert "/Users/" not in record.bibtex and "@bath.edu" not in record.bibtex and "ORCID" not in record.bibtex


def test_a_child_without_a_subtitle_takes_none_from_its_parent():
    text = ("@collection{book, title = {Space and Beyond}, subtitle = {The Frontier Theme}, titleaddon = {Proceedings}, year = 2000}\n"
            "@incollection{chapter, title = {What is a Frontier?}, crossref = {book}}\n"
            "@article{asked, title = {Why Frontiers?}, subtitle = {A Reply}, year = 2001}\n")
    records, problems = bibtex.read(text, "sources/x.bib", SETTINGS)
    assert problems == []
    chapter = next(record for record in records if record.source.endswith(":2"))
    assert chapter.title == "What is a Frontier?"
    assert "booksubtitle = {The Frontier Theme}" in chapter.bibtex and "  subtitle = " not in chapter.bibtex
    assert "  titleaddon = " not in chapter.bibtex
    assert records[-1].title == "Why Frontiers? A Reply"


def test_tex_accents_typed_into_zotero_read_as_letters():
    # Typed into Zotero, `Garc\'ia` is exported as `Garc\textbackslash{}'ia`: the page showed
    # the backslash. Zotero's escaped commands (`{\textbackslash}emph\{x\}`) were read already.
    records, problems = read_case("zotero-escaped-tex-names.bib")
    assert problems == []
    assert [record.authors[0] for record in records] == [
        "Alberto García", "Michael a. Garcia", "N García", "F Garcia-Santamaria", "F García-Santamaría"]
    assert decode(r"Mu{\textbackslash}~noz and \textbackslash{}'\{E\}cole") == "Muñoz and École"


def test_a_month_with_its_day_dates_the_paper():
    # Web of Science writes `Month = {{OCT 1}}`, a hand-kept library `month = aug # "~13"`:
    # the month was lost with its day.
    wos = read_case("duplicate-private-fields.bib")[0][-1]
    assert wos.date == "2018-10-01"
    citeseer = next(record for record in read_case("mendeley-dblp-urls.bib")[0] if record.title.startswith("Propice"))
    assert citeseer.date == "1999-08-13"
    for month, date in (("{JUN-JUL}", "2020-06"), ("Sept.", "2020-09"), ("{9}", "2020-09"), ("summer", "2020")):
        assert bibtex_fields.date({"year": "2020", "month": month}) == date


def test_html_of_publishers_in_a_jabref_library_reads_as_text():
    # IEEE Xplore and INSPEC write `Cu<sub>2</sub>O` into abstracts and keywords that JabRef
    # keeps: the page showed the tags, and the tag `Cusub2/subO`.
    records, problems = read_case("jabref-inspec-markup.bib")
    assert problems == []
    nanorods = next(record for record in records if record.title.startswith("Cu$_2$O nanorods"))
    # IEEE's subscript keeps its meaning (`m<sup>2</sup>/g` too); a keyword is a tag, not typeset.
    assert nanorods.abstract.startswith("Cu₂O nanorods with extraordinary large surface area")
    assert "47.6 m²/g" in nanorods.abstract
    assert "Cu2O" in nanorods.tags and not any("<" in tag or "sub" in tag for tag in nanorods.tags)
    for record in records:
        assert "Owner" not in record.bibtex and "Timestamp" not in record.bibtex and "owner" not in record.bibtex
    # Text about markup stays: only tags that mark up text are read.
    assert bibtex_fields.keywords("a <div> b, x<sup>2</sup>") == ("a <div> b", "x2")


def test_a_season_in_a_biblatex_date_keeps_its_year_without_a_warning():
    # biblatex reads the months 21-24 of an EDTF date as spring to winter (Better BibLaTeX
    # writes `date = {2017-23/2017-24}`): the year is the date, and nothing is wrong.
    records, problems = read_case("biblatex-season-dates.bib")
    seasons = [record for record in records if record.title in ("Months out of Range", "Season Ranges: EDTF and Literal")]
    assert [record.date for record in seasons] == ["2017", "2017"]
    assert not any(problem.line in {int(record.source.rsplit(":", 1)[1]) for record in seasons} for problem in problems)


def test_a_date_written_with_dots_day_first_dates_the_paper():
    # Citavi's export of a German library (moritzm00's thesis, `citavi_bauer.bib`) writes
    # `date = {16.07.2009}`, which was reported and dropped, and `year = {23.02.2011}`, read as 2011.
    text = ("@misc{a, title={A}, date={16.07.2009}}\n@misc{b, title={B}, year={23.02.2011}}\n"
            "@misc{c, title={C}, date={31.02.2009}}\n")
    records, problems = parse_source(Path("sources/citavi.bib"), text.encode(), "sources/citavi.bib", SETTINGS)
    assert [record.date for record in records] == ["2009-07-16", "2011-02-23", "2009-02"]  # an impossible day is reported
    assert [problem.line for problem in problems] == [3]


def test_entries_mendeley_exports_without_keys_are_all_read():
    # Mendeley writes `@article{,` for a reference without a citation key: every such entry
    # after the first was reported as a duplicate of the empty key and had no page.
    records, problems = read_case("mendeley-keyless-entries.bib")
    assert problems == []
    assert [record.source for record in records] == [f"sources/mendeley-keyless-entries.bib:{line}" for line in (1, 12, 22, 36)]
    assert records[0].title == "The blog effect: The distressed anticipation response"
    # Two entries with one real key are still one too many.
    _, twice = bibtex.read("@misc{a, title={A}}\n@misc{a, title={B}}\n", "sources/x.bib", SETTINGS)
    assert [problem.message[:17] for problem in twice] == ["duplicate key 'a'"]


def test_sciencedirect_keywords_one_field_each_are_all_read():
    # ScienceDirect's BibTeX writes `keywords = "a", keywords = "b"`: the entry was refused as
    # damaged and the paper had no page.
    records, problems = read_case("sciencedirect-keywords.bib")
    assert problems == []
    tags = {record.title.split()[0]: record.tags for record in records}
    assert tags["Efficiently"] == ("approximation", "bounding box")
    assert tags["Faster"] == ("Approximation algorithms", "Geometric optimization problems", "Data streams")


def test_an_undefined_string_is_reported_and_shown_as_written():
    # `author = INGRAND # " and Olivier Despouys"` in a library whose @strings live in another
    # file: the page named an author "INGRAND" without a word. BibTeX warns too.
    records, problems = read_case("mendeley-dblp-urls.bib")
    citeseer = next(record for record in records if record.title.startswith("Propice"))
    assert citeseer.authors == ("INGRAND", "Olivier Despouys")
    assert [str(problem) for problem in problems] == [
        "sources/mendeley-dblp-urls.bib:37: entry 'ingrand99:_propice_plan' uses @string 'INGRAND', "
        "which is not defined: its name is shown instead"]
    # Month names, numbers and the journals of BibTeX's own styles are defined by BibTeX.
    _, quiet = bibtex.read("@misc{k, title = {T}, year = 1999, month = aug # {~13}, journal = cacm}\n", "sources/x.bib", SETTINGS)
    assert quiet == []
    for memo in (None, _MemoOf({})):  # read whole, and read again through the cache
        with bibtex.remembering(memo):
            twice = [bibtex.read("@misc{k, title = {T}, author = NOBODY}\n", "sources/x.bib", SETTINGS)[1] for _ in range(2)]
        assert [len(problems) for problems in twice] == [1, 1]


class _MemoOf:
    """A memo as the cache gives one: `get(key, make)`."""

    def __init__(self, store: dict):
        self.store = store

    def get(self, key, make):
        if key not in self.store:
            self.store[key] = make()
        return self.store[key]


def test_paragraphs_and_headings_of_an_html_abstract_are_not_shown_as_tags():
    # bioRxiv's `<h3>Abstract</h3> <p>…</p>` as Zotero saved it, in TeX; Europe PMC's
    # `<h4>` section headings, as its BibTeX export writes them.
    (biorxiv, europe_pmc), problems = read_case("html-abstract-headings.bib")
    assert problems == []
    assert biorxiv.abstract == ("Converging theories suggest that organisms learn and exploit probabilistic models of "
                                "their environment. However, it remains unclear how such models can be learned in practice.")
    assert europe_pmc.abstract == ("Be Aware of percentage symbols in abstract. It breaks codehighlightin in Visual Studio "
                                   "Code. abstract with HTML: .(P = 0.05) and (P = 0.03)")
    assert "/Users/" not in biorxiv.bibtex
