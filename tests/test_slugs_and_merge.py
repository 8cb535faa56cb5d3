"""Identity, merging of duplicates, and stable, safe page names."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.merge import family_names, merge_records, normalise_title
from generator.model import Paper, Record
from generator.slugs import MAX_LENGTH, address_identity, assign_slugs, base_slug
from generator.readers.person import CUT_SHORT, without_mark


def record(title, abstract="An abstract.", line=1, **fields) -> Record:
    return Record(title=title, abstract=abstract, source=f"sources/a.txt:{line}", format=fields.pop("format", "listing"), **fields)


def test_exact_duplicate_entries_make_one_paper_with_both_origins():
    papers = merge_records([record("Same Title", line=3), record("Same Title", line=9)])
    assert len(papers) == 1
    assert papers[0].sources == ("sources/a.txt:3", "sources/a.txt:9")


def test_titles_equal_up_to_case_punctuation_and_unicode_are_one_identity():
    assert normalise_title("Attention Is All You Need.") == normalise_title("attention is all  you need")
    assert normalise_title("Ｆｕｌｌ-width") == normalise_title("full–width")
    assert normalise_title("C++ Nets") != normalise_title("C Nets")


def test_different_arxiv_ids_stay_apart_even_with_equal_titles():
    papers = merge_records([record("Intro", arxiv="2101.00001", format="arxiv"), record("Intro", arxiv="2101.00002", format="arxiv")])
    assert len(papers) == 2


def test_richer_source_wins_and_listing_date_is_kept():
    papers = merge_records(
        [
            record("Motion Mamba", abstract="plain", listing_date="2024-03-14"),
            record("Motion Mamba", abstract=r"with $x$", format="arxiv", arxiv="2403.07487", authors=("A B",), date="2024-03-12", math=True),
        ]
    )
    [merged] = papers
    assert merged.key == "arxiv:2403.07487"
    assert merged.abstract == r"with $x$" and merged.math
    assert merged.authors == ("A B",) and merged.date == "2024-03-12" and merged.listing_date == "2024-03-14"


def paper(title, key=None) -> Paper:
    return Paper(key=key or "title:" + normalise_title(title), title=title, abstract="")


def test_slugs_are_ascii_short_and_never_empty():
    for title in ["深度学习 для всех", "x" * 300, "../../etc/passwd", "🙂🙂", "CON", "a/b\\c"]:
        slug = base_slug(title)
        assert slug.isascii() and 0 < len(slug) <= MAX_LENGTH
        assert "/" not in slug and "\\" not in slug and not slug.startswith(".")


def test_colliding_slugs_get_an_identity_hash_and_keep_their_pages():
    one, two = paper("Attention: all you need?"), paper("Attention all you need!", key="title:other")
    first = assign_slugs([one, two], existing={})
    assert first[0].slug == "attention-all-you-need"
    assert first[1].slug.startswith("attention-all-you-need-") and first[1].slug != first[0].slug
    # Later, with the first paper's page on disk and the order changed, nobody moves.
    existing = {first[0].key: first[0].slug, first[1].key: first[1].slug}
    again = assign_slugs([two, one], existing=existing)
    assert {p.key: p.slug for p in again} == {p.key: p.slug for p in first}


def test_adding_a_colliding_paper_does_not_move_an_existing_one():
    old = assign_slugs([paper("Deep Nets", key="arxiv:2101.00001")], existing={})[0]
    newcomer = paper("Deep nets!", key="arxiv:2101.00002")
    both = assign_slugs([newcomer, old.replace(slug="")], existing={old.key: old.slug, "title:deep nets": old.slug})
    assert both[1].slug == "deep-nets" and both[0].slug != "deep-nets"


def test_reserved_names_of_hand_written_pages_are_avoided():
    [named] = assign_slugs([paper("Index")], existing={}, reserved={"index"})
    assert named.slug != "index"


def test_id_less_entries_with_alike_titles_but_different_abstracts_are_two_papers():
    papers = merge_records([record("Deep Learning: A Survey?", "About NAS."), record("Deep learning - a survey!", "About point clouds.")])
    assert len(papers) == 2
    assert len({p.key for p in papers}) == 2
    named = assign_slugs(papers, existing={})
    assert len({p.slug for p in named}) == 2


def test_a_listing_entry_merges_with_its_arxiv_record_despite_different_abstracts():
    papers = merge_records([record("Deep Learning", "plain text"), record("Deep learning", r"TeX $x$", format="arxiv", arxiv="2101.00001")])
    assert len(papers) == 1


def zotero(title, abstract, authors, date=None, line=1, venue=None) -> Record:
    return Record(title=title, abstract=abstract, authors=authors, date=date, source=f"sources/library.bib:{line}", format="bibtex",
                  venue=venue)


def test_two_records_of_one_work_in_a_library_merge_and_the_richer_abstract_wins():
    short = zotero("Deep Residual Learning for Image Recognition", "Deeper networks are hard to train.",
                   ("Kaiming He", "Xiangyu Zhang"), "2016", line=3)
    full = zotero("Deep residual learning for image recognition.",
                  "Deeper neural networks are more difficult to train. We present a residual learning framework.",
                  ("He, Kaiming", "Sun, Jian"), None, line=40)
    [paper] = merge_records([short, full])
    assert paper.abstract == full.abstract
    assert paper.sources == ("sources/library.bib:3", "sources/library.bib:40")
    assert paper.date == "2016"


def test_alike_titles_without_a_shared_author_or_in_different_years_stay_apart():
    one = zotero("Introduction", "A first abstract.", ("Ada Lovelace",), "2019")
    other_author = zotero("Introduction", "A second abstract.", ("Alan Turing",), "2019", line=9)
    other_year = zotero("Introduction", "A third abstract.", ("Ada Lovelace",), "2021", line=19)
    no_authors = [zotero("Introduction", f"Abstract {n}.", (), "2019", line=n) for n in (30, 31)]
    assert len(merge_records([one, other_author])) == 2
    assert len(merge_records([one, other_year])) == 2
    assert len(merge_records(no_authors)) == 2


def test_entries_without_abstracts_merge_only_as_one_work():
    # Libraries hold many entries without abstracts: a title alone does not make them one paper.
    redis = zotero("Online reference", "", ("Redis",), "2020")
    mongo = zotero("Online reference", "", ("MongoDB",), "2021", line=5)
    nature = zotero("Deep learning", "", ("LeCun, Yann", "Bengio, Yoshua", "Hinton, Geoffrey"), "2015", line=9)
    book = zotero("Deep Learning", "", ("Goodfellow, Ian", "Bengio, Yoshua", "Courville, Aaron"), "2016", line=13)
    again = zotero("Deep learning.", "Deep learning allows computational models.", ("Yann LeCun",), "2015", line=20)
    assert len(merge_records([redis, mongo])) == 2
    papers = merge_records([nature, book, again])
    assert sorted(paper.sources for paper in papers) == [
        ("sources/library.bib:13",), ("sources/library.bib:9", "sources/library.bib:20")]
    twice = [zotero("A listed paper", "One abstract.", (), None, line=n) for n in (30, 31)]
    assert len(merge_records(twice)) == 1  # the same entry twice
    # biblatex-examples.bib: `kullback` (1959), then `kullback:reprint` and `kullback:related`, both of 1997.
    editions = [zotero("Information Theory and Statistics", "", ("Kullback, Solomon",), year, venue=venue, line=line)
                for year, venue, line in (("1959", "John Wiley & Sons", 40), ("1997", "Dover Publications", 47), ("1997", "Dover Publications", 54))]
    assert sorted(paper.sources for paper in merge_records(editions)) == [
        ("sources/library.bib:40",), ("sources/library.bib:47", "sources/library.bib:54")]


def test_entries_alike_but_for_their_authors_get_keys_addresses_and_slugs_of_their_own():
    vendors = [zotero("Online reference", "", (name,), "2020", line=n) for n, name in enumerate(("Redis", "MongoDB", "SQLite"))]
    papers = merge_records(vendors)
    assert len({paper.key for paper in papers}) == 3
    assert len({address_identity(paper) for paper in papers}) == 3  # so each keeps its page when another goes
    alone = merge_records(vendors[2:])[0]
    assert address_identity(alone) in {address_identity(paper) for paper in papers}
    # Entries that show nothing apart still get pages of their own, in a bounded time.
    same = merge_records([zotero("Untitled", "", (), None, line=n) for n in range(60)])
    named = assign_slugs(same, existing={})
    assert len({paper.key for paper in same}) == len({paper.slug for paper in named}) == 60
    assert max(len(paper.slug) for paper in named) <= 80


def test_family_names_ignore_case_accents_order_and_initials():
    assert family_names(["Müller, J.", "Jan van der Berg"]) == family_names(["Jan MULLER", "Berg, Jan van der"])
    assert family_names(["", "  "]) == set()


def test_a_truncated_abstract_from_a_richer_source_loses_to_a_complete_one():
    listing = record("Motion Mamba", abstract="Human motion generation stands as a significant pursuit. " * 4)
    arxiv = record("Motion Mamba", abstract="Human motion generation...", format="arxiv", arxiv="2403.07487")
    [merged] = merge_records([listing, arxiv])
    assert merged.abstract == listing.abstract and merged.key == "arxiv:2403.07487"


def test_an_arxiv_doi_is_the_arxiv_id_not_a_second_doi():
    preprint = replace(zotero("Attention Is All You Need", "The dominant sequence transduction models.",
                              ("Ashish Vaswani",), "2017"), doi="10.48550/arXiv.1706.03762v5")
    published = replace(zotero("Attention is all you need", "Sequence transduction models.",
                               ("Vaswani, Ashish",), "2017", line=7), doi="10.5555/3295222.3295349")
    arxiv = record("Attention Is All You Need", arxiv="1706.03762", format="arxiv")
    assert len(merge_records([preprint, published])) == 1  # the preprint and its published version
    assert len(merge_records([preprint, arxiv])) == 1
    other = replace(published, doi="10.48550/arXiv.2101.00001", source="sources/library.bib:9")
    assert len(merge_records([arxiv, other])) == 2  # two arXiv papers


def test_entries_that_share_a_doi_but_neither_title_nor_author_are_two_papers_and_reported(project):
    # A Mendeley library (AnneOkk/book_chapter_entre_wb `library.bib`): Grant & Ashford's paper under the DOI of
    # Organ et al.'s, one of the two ids wrong; merged, one paper was lost without a word.
    from generator.merge import shared_ids
    organ = record("Organizational citizenship behavior: Its nature, antecedents, and consequences", "", line=1,
                   format="bibtex", doi="10.1016/j.riob.2008.04.002", authors=("Dennis W Organ", "Philip M Podsakoff"))
    grant = record("The dynamics of proactivity at work", "", line=8, format="bibtex", doi="10.1016/j.riob.2008.04.002",
                   authors=("Adam M Grant", "Susan J Ashford"))
    papers = merge_records([organ, grant])
    assert [paper.title for paper in papers] == [organ.title, grant.title]
    assert [(name, later.title) for name, later, _ in shared_ids(papers)] == [("DOI 10.1016/j.riob.2008.04.002", grant.title)]
    # One paper's records stay one: a shared author, or the same title, or a record without authors.
    assert len(merge_records([organ, replace(grant, authors=("D. W. Organ",))])) == 1
    assert len(merge_records([organ, replace(grant, title=organ.title.upper())])) == 1
    assert len(merge_records([organ, replace(grant, authors=())])) == 1
    project.add_source("lib.bib", """@article{Organ2006, author = {Organ, Dennis W and Podsakoff, Philip M},
  doi = {10.1016/j.riob.2008.04.002}, title = {{Organizational citizenship behavior: Its nature, antecedents, and consequences}}, year = {2006}}
@article{Grant2008, author = {Grant, Adam M and Ashford, Susan J}, doi = {10.1016/j.riob.2008.04.002},
  title = {{The dynamics of proactivity at work}}, year = {2008}}
""")
    result = project.generate()
    assert len(project.paper_pages()) == 2
    assert "lib.bib:3: DOI 10.1016/j.riob.2008.04.002 is also that of sources/lib.bib:1" in result.stdout + result.stderr


def test_entries_under_one_boilerplate_abstract_stay_apart_when_authors_or_years_differ():
    # A psychology library (AnneOkk/book_chapter_entre_wb `library.bib`): three reviews of one book, each with the
    # abstract EBSCO gives every review of it.
    blurb = "The article reviews the book Plugged In: Psychology, Technology, and Privacy."
    reviews = [record("Plugged In", blurb, line=n, format="bibtex", date=year, authors=(name,))
               for n, year, name in ((1, "2014", "A. Smith"), (9, "2015", "B. Jones"), (20, "2015", "C. Brown"))]
    assert len(merge_records(reviews)) == 3
    assert len(merge_records([reviews[0], replace(reviews[0], source="sources/a.txt:30")])) == 1  # one entry twice
    assert len(merge_records([reviews[0], replace(reviews[0], source="sources/a.txt:30", authors=())])) == 1


def test_a_list_of_authors_cut_short_gives_way_to_the_whole_list():
    # One trial as Cochrane exports it (ten authors, then `et al.`) and as Scopus does (all seventeen).
    from pathlib import Path

    from generator.readers import ReadSettings, parse_text
    from tests.conftest import FIXTURES

    found = []
    for name in ("cochrane-central-et-al.ris", "scopus-export.ris"):
        path = FIXTURES / "readers" / "ris" / name
        found += parse_text(Path(name), path.read_text("utf-8"), f"sources/{name}", ReadSettings())[0]
    [paper] = merge_records(found)
    assert len(paper.authors) == 17 and paper.authors[-1] == "A.J. Green" and not paper.more_authors
    assert merge_records(found[::-1])[0].authors == paper.authors
    # Alone, Cochrane's ten are shown as the first of more.
    cochrane = merge_records([record for record in found if "cochrane" in record.source])[0]
    assert len(cochrane.authors) == 10 and cochrane.more_authors


def test_authors_come_by_precedence_unless_the_first_list_was_cut_short_and_a_later_one_extends_it():
    arxiv = record("T", format="arxiv", arxiv="2101.00001", authors=("Ada Lovelace", "Alan Turing", CUT_SHORT))
    bibtex = replace(arxiv, format="bibtex", source="sources/a.bib:1")
    assert merge_records([replace(bibtex, authors=("A. Lovelace", "A. Turing", "G. Hopper")), arxiv])[0].authors == (
        "A. Lovelace", "A. Turing", "G. Hopper")
    # Other people, or fewer of them, leave the richer source's list as it is, without its mark.
    for authors in (("Alan Turing", "Ada Lovelace", "Grace Hopper"), ("Ada Lovelace",), ("Grace Hopper", "Ada Lovelace", "Alan Turing")):
        [paper] = merge_records([replace(bibtex, authors=authors), arxiv])
        assert paper.authors == ("Ada Lovelace", "Alan Turing") and paper.more_authors
    # A whole list is kept though a later one be longer: a library's entry that lists the authors
    # of every work it cites after the paper's own (a Mendeley library of psychology papers).
    whole = replace(arxiv, authors=("Ada Lovelace", "Alan Turing"))
    assert merge_records([replace(bibtex, authors=("A. Lovelace", "A. Turing", "G. Hopper")), whole])[0].authors == whole.authors


PEOPLE = ("Ada Lovelace", "A. Lovelace", "Alan Turing", "Grace Hopper", "G. Hopper", "Kurt Gödel", "Kurt Godel")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["arxiv", "bibtex", "ris", "listing"]), st.lists(st.sampled_from(PEOPLE), max_size=4),
                          st.booleans()), min_size=1, max_size=4))
def test_merged_authors_are_one_source_s_list_that_no_other_list_extends(sources):
    records = [record("T", line=n, format=kind, doi="10.1/x", authors=(*people, CUT_SHORT) if cut and people else tuple(people))
               for n, (kind, people, cut) in enumerate(sources)]
    [paper] = merge_records(records)
    assert CUT_SHORT not in paper.authors
    lists = [r.authors for r in records if r.authors]
    # Said to be the first of more exactly when no source names the people shown as all of them.
    shown = [family_names([name]) for name in paper.authors]
    whole_lists = [[family_names([name]) for name in other] for other in lists if other[-1] != CUT_SHORT]
    assert paper.more_authors == (bool(paper.authors) and shown not in whole_lists)
    assert paper.authors in [without_mark(people) for people in lists] or (paper.authors == () and not lists)
    if paper.authors not in lists:  # shown without its mark: nothing extended the list cut short
        families = [family_names([name]) for name in paper.authors]
        for other in map(without_mark, lists):
            assert not (len(other) > len(paper.authors) and [family_names([name]) for name in other[: len(families)]] == families)


def test_one_title_by_other_people_is_two_works_though_one_has_an_id():
    # Real libraries: Cao et al.'s NeurIPS 2021 paper and Shehab et al.'s 2024 arXiv preprint are
    # both "Identifiability in Inverse Reinforcement Learning"; an ELT Journal review (with its DOI)
    # carries the title of the book it reviews; two books are "Sensors and Transducers".
    cao = record("Identifiability in inverse reinforcement learning", "", 1, format="bibtex",
                 authors=("Haoyang Cao", "Samuel N. Cohen", "Lukasz Szpruch"), date="2021")
    shehab = record("Identifiability in Inverse Reinforcement Learning", "", 2, format="bibtex",
                    authors=("Moussa Shehab", "Arunesh Sinha", "Matthew E. Taylor"), date="2024", arxiv="2401.03608")
    for pair in ([cao, shehab], [shehab, cao]):
        papers = merge_records(pair)
        assert sorted(paper.authors[0] for paper in papers) == ["Haoyang Cao", "Moussa Shehab"]
    # The same people, or a record naming none (a listing's), still make one paper with it.
    assert len(merge_records([shehab, replace(cao, authors=("M. Shehab",), date="2024")])) == 1
    assert len(merge_records([shehab, record("Identifiability in Inverse Reinforcement Learning", line=3)])) == 1
    # A shared id is one paper whatever the authors say (a source's list may be wrong).
    assert len(merge_records([shehab, replace(cao, arxiv="2401.03608")])) == 1
