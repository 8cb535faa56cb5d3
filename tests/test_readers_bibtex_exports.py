"""BibTeX as other people's exports write it: entities Mendeley leaves, mathematics in names
and venues, a stray brace in notes, links in `howpublished`, a field written twice. Each
case is an excerpt of a real library, its origin in the test."""

from __future__ import annotations

from generator.readers.person import CUT_SHORT
from tests.test_readers_bibtex import read


def test_character_entities_that_exports_left_in_text_are_characters():
    # A Mendeley export (caro3801/these, mendeley.bib): IEEE's and ACM's `&#x002F;` and `&#38;` escaped again.
    records, problems = read(r"""@inproceedings{a, title = {{HTML5 Technologies for Cross-Platform Interactive{\&}amp;{\#}x002F;Smart TV}}}
@article{b, title = {Rapid Authoring of Online Games},
  journal = {Proceedings of Information Integration and Web-based Applications {\&}{\#}38; Services}}
@article{c, title = {Effects of X on Y (P &lt; 0.05) in R&amp;D}, journal = {Signal Processing &amp; Communications}}
@article{d, title = {AT\&T's {\&}c; and &bogus; stay}}
""")
    assert problems == []
    assert [record.title for record in records] == [
        "HTML5 Technologies for Cross-Platform Interactive/Smart TV", "Rapid Authoring of Online Games",
        "Effects of X on Y (P < 0.05) in R&D", "AT&T's &c; and &bogus; stay"]
    assert records[1].venue == "Proceedings of Information Integration and Web-based Applications & Services"
    assert records[2].venue == "Signal Processing & Communications"


def test_mathematics_in_names_venues_and_keywords_is_text():
    # DBLP's booktitle (JabRef's testbib/jabref-authors.bib), MathSciNet's `\sp` (a thesis's mlbib.bib),
    # gb7714's example.bib author, and biber's `useprefix=false` namelist option (t/tdata/examples.bib).
    records, problems = read(r"""@inproceedings{a, title = {T}, author = {埃伯哈德$\bullet$蔡德勒等 and useprefix=false and von Rabble, Richard},
  booktitle = {Proceedings of the 5\({}^{\mbox{th}}\) Workshop}, keywords = {$K$-Theory; $C\sp \ast$-algebras}}
""")
    assert problems == []
    (record,) = records
    assert record.authors == ("埃伯哈德∙蔡德勒等", "Richard von Rabble")
    assert record.venue == "Proceedings of the 5^th Workshop" and record.tags == ("K-Theory", "C^∗-algebras")


def test_a_stray_brace_in_a_field_nothing_reads_costs_nothing_and_elsewhere_is_named():
    # Citavi's notes in `comment` (JabRef's CitaviXmlImporterTest2.bib): OCR text with a stray `\}`.
    notes = "{# Reception\n\nwhat Alex de Waa\\} has termed\n\n# Trägheit der Praxis\n\nto stop it\\}6 Clifford Bob\n\nquotation index: 23}"
    records, problems = read("@Book{,\n  author = {Krause, Monika},\n  comment = " + notes + ",\n  title = {The good project},\n  year = {2014},\n}\n")
    assert [record.title for record in records] == ["The good project"] and problems == []
    records, problems = read("@article{a, title = {T}, abstract = {One \\} two # three}, year = 2020}\n")
    assert [str(problem) for problem in problems] == [
        "sources/list.bib:1: entry 'a': a `}` inside a value (BibTeX counts `\\}` too) ends it early; the text after it is shown as written"]
    assert "Trägheit" not in repr(problems)


def test_an_entry_without_a_url_is_linked_by_its_howpublished_or_a_venue_that_is_an_address():
    # Mendeley writes a web page's address as `howpublished = {\url{…}}`; some libraries put it in `journal`.
    records, problems = read(r"""@misc{a, title = {A page}, howpublished = {Available at \url{https://x.org/p_1}, accessed 2020}}
@article{b, title = {A journal}, journal = {https://journal.example.org/vol1}}
@misc{c, title = {Local}, howpublished = {\url{http://localhost/x}}, url = {file:///Users/me/x.pdf}}
@misc{d, title = {Both}, url = {https://u.org/a}, howpublished = {\url{https://other.org}}}
""")
    assert problems == []
    assert [(record.venue, record.links) for record in records] == [
        (None, (("url", "https://x.org/p_1"),)), (None, (("url", "https://journal.example.org/vol1"),)),
        (None, ()), (None, (("url", "https://u.org/a"),))]


def test_a_field_written_twice_once_cut_short_keeps_the_whole_value():
    # A Zotero export (ControlNet/annotated-bibliography, My Library.bib): `doi = {10.1007}` before the whole DOI.
    records, problems = read("@inproceedings{nerf, title = {NeRF}, doi = {10.1007}, author = {Mildenhall, Ben},\n"
                             "  doi = {10.1007/978-3-030-58452-8_24}}\n@article{b, title = {T}, doi = {10.1/a}, doi = {10.2/b}}\n")
    assert [(record.title, record.doi) for record in records] == [("NeRF", "10.1007/978-3-030-58452-8_24")]
    assert "doi = {10.1007/978-3-030-58452-8_24}" in records[0].bibtex and "doi = {10.1007}" not in records[0].bibtex
    assert [str(problem) for problem in problems] == [
        "sources/list.bib:3: entry 'b' has the field doi more than once, with different values; skipped (keep the right one)"]


def test_scopus_author_lists_are_people_without_their_affiliation_letters():
    # Scopus's BibTeX (massimoaria/bibliometrix, scopus.bib and garfield.bib; tests/fixtures/readers/
    # bibtex/scopus-export.bib): people between commas, affiliation letters glued to the initials.
    # The page named one author "Aria M.a Iorio C.b Siciliano R.b D'Ambrosio A.a".
    records, problems = read("""@article{a, title = {A}, author={D'Ambrosio, A.a , Aria, M.a , Iorio, C.b , Siciliano, R.b }}
@article{b, title = {B}, author={Li, L.Z.a  b  and Leydesdorff, L.c  and Boas Jr., R.P.a  and Garfield, E.e }}
@article{c, title = {C}, author={Siciliano, R., D’Ambrosio, A., Aria, M.}}
""")
    assert problems == []
    assert [record.authors for record in records] == [
        ("A. D'Ambrosio", "M. Aria", "C. Iorio", "R. Siciliano"), ("L.Z. Li", "L. Leydesdorff", "R.P. Boas Jr.", "E. Garfield"),
        ("R. Siciliano", "A. D’Ambrosio", "M. Aria")]
    assert "author = {Li, L.Z. and Leydesdorff, L. and Boas Jr., R.P. and Garfield, E.}" in records[1].bibtex


def test_names_that_only_look_like_a_comma_list_are_read_as_bibtex_reads_them():
    records, _ = read(r"""@article{a, title = {A}, author = {Li, L.Z.}}
@article{b, title = {B}, author = {Doe, John and {Scopus, Inc.} and Roe, J.}}
@article{c, title = {C}, author = {van Beethoven, Jr., Ludwig and de la Cruz, Juan Pablo}}
@article{d, title = {D}, author = {Doe, John, Smith, Jane}}
""")
    assert [record.authors for record in records[:3]] == [
        ("L.Z. Li",), ("John Doe", "Scopus, Inc.", "J. Roe"), ("Ludwig van Beethoven Jr.", "Juan Pablo de la Cruz")]
    assert len(records[3].authors) == 1  # not Scopus's shape: left to BibTeX's reading


def test_nasa_ads_scripts_tildes_and_journal_macros_keep_their_meaning():
    # A NASA ADS entry saved by BibDesk (tests/fixtures/readers/bibtex/ads-bibdesk.bib): the page read
    # "(10103-105 L ⊙)" for `(10<SUP>3</SUP>-10<SUP>5</SUP> L <SUB>⊙</SUB>)`, "( 8-25 M" for
    # `(~8-25 M`, and "apj" for `journal = {\apj}`.
    records, problems = read(r"""@article{g, title = {T}, journal = {\apj},
  abstract = {Massive stars (~8-25 M <SUB>⊙</SUB>), (T <SUB>eff</SUB> ~ 50-100 kK), (10<SUP>3</SUP>-10<SUP>5</SUP> L <SUB>⊙</SUB>), yr<SUP>-1</SUP>, a <sup>13</sup>C, x<sup>&amp;</sup>.}}
@article{h, title = {Cu<sub>2</sub>O}, journal = {Notes on \mnras}, booktitle = {{\mnras}}}
""")
    assert problems == []
    assert records[0].abstract == ("Massive stars (~8-25 M$_{⊙}$), (T$_{\\mathrm{eff}}$ ~ 50-100 kK), (10³-10⁵ L$_{⊙}$), "
                                   "yr⁻¹, a ¹³C, x&.")
    assert records[0].venue == "The Astrophysical Journal" and "journal = {The Astrophysical Journal}" in records[0].bibtex
    # Only a macro that is the whole venue is a journal's name.
    assert records[1].title == "Cu₂O" and records[1].venue == "Notes on mnras"
    assert "booktitle = {Monthly Notices of the Royal Astronomical Society}" in records[1].bibtex


def test_nasa_ads_spaced_dots_after_the_last_author_are_no_person():
    # NASA ADS's export writes "and others" as a person without a family name: `and {}, . . .`
    # (adsabs/export_service, exportsrv/tests/unittests/stubdata/bibTexTest.py, `2007AAS...210.2104M`).
    records, problems = read(r"""@INPROCEEDINGS{2007AAS...210.2104M,
       author = {{Mahabal}, Ashish A. and {Drake}, A.~J. and {PQ Team Caltech} and {Indiana} and {}, . . .},
        title = "{Time Domain Exploration with the Palomar-QUEST Sky Survey}",
    booktitle = {American Astronomical Society Meeting Abstracts \#210},
         year = 2007}
@article{b, title = {B}, author = {Doe, Jane and Al, Ex}}
""")
    assert problems == []
    assert records[0].authors == ("Ashish A. Mahabal", "A. J. Drake", "PQ Team Caltech", "Indiana", CUT_SHORT)
    assert records[1].authors == ("Jane Doe", "Ex Al")


def test_a_list_of_whole_names_between_commas_is_read_person_by_person_in_any_script():
    # A thesis bibliography in Russian quoted in a Kotlin test of a report generator (found in the code
    # index without its repository's name): the three people were one, "Е.П. Трофимов А.М. Шмырин Н.М. Мишачев".
    records, problems = read(r"""@ARTICLE{SMT-correction,
              author = {А.М. Шмырин, Н.М. Мишачев, Е.П. Трофимов},
              title = {Коррекция линейной окрестностной модели с учетом новых данных},
              journal = {Вестник Тамбовского университета},
              volume = {20},
              year = {2015},
              pages = {1544-1546},
              language = {russian}}
@article{b, title = {B}, author = {Łukasz Kaiser, Ilya Sutskever, Oriol Vinyals}}
@article{c, title = {C}, author = {van der Berg, Jan, Doe}}
""")
    assert problems == []
    assert [record.authors for record in records] == [
        ("А.М. Шмырин", "Н.М. Мишачев", "Е.П. Трофимов"), ("Łukasz Kaiser", "Ilya Sutskever", "Oriol Vinyals"),
        ("Doe van der Berg Jan",)]


def test_et_al_written_after_the_last_name_is_no_part_of_it():
    # A person's publication list kept for Jekyll Scholar (bahleg/bahleg.github.io, _bibliography/papers.bib,
    # commit 400b8f65d431): the pages read "Oleg et al. Bakhteev" and "Олег и др. Бахтеев" ("и др.": "and others").
    records, problems = read(r"""@inproceedings{bakhteev2021handwritten,
  title={Near-duplicate handwritten document detection without text recognition},
  author =  {Bakhteev, Oleg et al.},
  booktitle={Computational Linguistics and Intellectual Technologies},
  year={2021}}
@article{bakhteev2022digital,
  title={Цифровая платформа образования},
  author =  {Бахтеев, Олег и др.},
  journal={Вестник Российского фонда фундаментальных исследований},
  year={2022}}
@article{c, title = {C}, author = {K. A. Olive et al.}}
@article{d, title = {D}, author = {Metal, Al and Etal, Bob}}
@article{e, title = {E}, author = {Adam Etal and Jane Doe}}
@article{f, title = {F}, author = {Doe, Jane, etal}}
@article{g, title = {G}, author = {Бахтеев, Олег И др.}}
""")
    assert problems == []
    assert [record.authors for record in records] == [
        ("Oleg Bakhteev", CUT_SHORT), ("Олег Бахтеев", CUT_SHORT), ("K. A. Olive", CUT_SHORT), ("Al Metal", "Bob Etal"),
        ("Adam Etal", "Jane Doe"), ("Jane Doe", CUT_SHORT), ("Олег Бахтеев", CUT_SHORT)]


def test_bibsonomy_tags_are_split_on_spaces():
    # A BibSonomy post's BibTeX, quoted in a README (the dice-research group's): its tags between
    # spaces were one tag "TRR318 colide dice …". Elsewhere spaces stay inside a keyword.
    records, problems = read("""@inproceedings{Hizkiel_2024,
  biburl = {https://www.bibsonomy.org/bibtex/2804f07ae419cfb87c2893feede6f8890/dice-research},
  keywords = {TRR318 colide dice enexa hizkiel kiam ngonga zahera},
  title = {Error Analysis of Multilingual Language Models in Machine Translation}}
@article{b, title = {B}, keywords = {machine translation}}
""")
    assert problems == []
    assert records[0].tags == ("TRR318", "colide", "dice", "enexa", "hizkiel", "kiam", "ngonga", "zahera")
    assert records[1].tags == ("machine translation",)


def test_scopus_author_keywords_are_the_tags_not_its_index_terms():
    # A Scopus export (bibliometrix's scopus.bib): `author_keywords` beside the database's `keywords`.
    text = ("@ARTICLE{Aria2018,\nauthor={Aria, M.a , D'Ambrosio, A.b },\ntitle={Regression trees for modal variables},\n"
            "year={2018},\nauthor_keywords={Earth mover distance;  Regression trees},\n"
            "keywords={Data handling;  Forestry;  Regression analysis, Earth mover distances;  Regression trees},\n}\n")
    records, _ = read(text)
    assert records[0].tags == ("Earth mover distance", "Regression trees")


def test_readcube_keywords_one_a_line_are_each_a_tag():
    # A ReadCube Papers export (alicia-lledo/My_thesis_latex, Thesis_ref_old/readcube_export_20190301.bib):
    # one keyword a line, with no comma or semicolon, was one tag "biologics clinical trials psoriasis …"
    # (or dropped, past 200 characters). A long value an editor wraps carries its rest over indented.
    records, problems = read("""@article{Gudjonsson_Novel,
  author={Gudjonsson, Johann and Johnston, Andrew and Ellis, Charles},
  year={2012},
  keywords={biologics
clinical trials
psoriasis
small molecule inhibitors},
  title={Novel systemic drugs under investigation for the treatment of psoriasis},
  volume={67}
}
@INPROCEEDINGS{1243791, title = {Progress in learning 3 vs. 2 keepaway},
  keywords = {function approximation;games of skill;mobile
\trobots;sport}}
@article{b, title = {B}, keywords = {a keyword long enough
    to be wrapped}}
""")
    assert problems == []
    assert [record.tags for record in records] == [
        ("biologics", "clinical trials", "psoriasis", "small molecule inhibitors"),
        ("function approximation", "games of skill", "mobile robots", "sport"), ("a keyword long enough to be wrapped",)]


def test_endnotes_article_number_before_a_doi_leaves_the_doi():
    # An EndNote library's BibTeX of Web of Science records (ZhiLiHydro/Self-Use-Handy-Codes,
    # 1_EndNote2BibTeX/My EndNote Library.txt): the article's number or the publisher's item id on
    # a line before the DOI, or both. 42 of its 185 papers lost their DOI, their link and their citation's `doi`.
    records, problems = read("""@article{RN1022,
   author = {Agostini, L. and Leschziner, M.},
   title = {On the departure of near-wall turbulence from the quasi-steady state},
   journal = {Journal of Fluid Mechanics},
   DOI = {ARTN R1
10.1017/jfm.2019.395},
   url = {<Go to ISI>://WOS:000468628100001},
   year = {2019},
   type = {Journal Article}
}
@article{RN1, title = {T}, DOI = {PII S0022112019003756
10.1017/jfm.2019.375}}
@article{RN2, title = {U}, DOI = {ARTN 4}}
@article{RN3, title = {V}, DOI = {ARTN R3
PII S0022112019000727
10.1017/jfm.2019.72}}
""")
    assert problems == []
    assert [record.doi for record in records] == ["10.1017/jfm.2019.395", "10.1017/jfm.2019.375", None, "10.1017/jfm.2019.72"]
    assert records[0].links == (("doi", "https://doi.org/10.1017/jfm.2019.395"),)
    assert "doi = {10.1017/jfm.2019.395}" in records[0].bibtex and "WOS:" not in records[0].bibtex


def test_readcube_keeps_medline_headings_whole_that_it_broke_at_their_comma():
    # The same ReadCube export: PubMed's headings one a line, each broken at its comma ("Cells, Cultured"
    # as `Cells` and `Cultured`), in MEDLINE's order. The pages showed tags "Cultured", "Single Nucleotide".
    records, problems = read("""@article{Li_Psoriatic, title = {Psoriatic keratinocytes show reduced IRF-1},
  keywords={Adult
Cells
Cultured
Coloring Agents
{DNA-Binding} Proteins/*metabolism
Female}}
@article{b, title = {B}, keywords={{Case-Control} Studies
Pedigree
{*Polymorphism}
Single Nucleotide
Psoriasis/*genetics
Receptors
Interleukin/*genetics
Skin/immunology
{*Skin} Physiological Phenomena}}
@article{c, title = {C}, keywords={Animals
Membrane Proteins
Mice
Mice
Inbred {C57BL}
Mice
Knockout
Nuclear Proteins
Psoriasis/*immunology}}
@article{d, title = {D}, keywords={{info:mesh/Cells}
Cultured
{info:mesh/Animals}
Psoriasis/*genetics}}
""")
    assert problems == []
    assert [record.tags for record in records] == [
        ("Adult", "Cells, Cultured", "Coloring Agents", "DNA-Binding Proteins/*metabolism", "Female"),
        ("Case-Control Studies", "Pedigree", "*Polymorphism, Single Nucleotide", "Psoriasis/*genetics", "Receptors, Interleukin/*genetics",
         "Skin/immunology", "*Skin Physiological Phenomena"),
        ("Animals", "Membrane Proteins", "Mice", "Mice, Inbred C57BL", "Mice, Knockout", "Nuclear Proteins", "Psoriasis/*immunology"),
        # No sorted list, however joined: a keyword a line, as written.
        ("info:mesh/Cells", "Cultured", "info:mesh/Animals", "Psoriasis/*genetics")]
