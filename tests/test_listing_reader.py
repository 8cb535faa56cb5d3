"""The listing reader on the sample and on hostile listings in the same format."""

from __future__ import annotations

import string
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.readers import ReadSettings, decode, listing, reader_for
from tests.conftest import SAMPLE

NO_YEAR = ReadSettings()


def read(text: str, name: str = "sources/2024-03-14-listing.txt", settings: ReadSettings = NO_YEAR):
    return listing.read(decode(text.encode("utf-8")), name, settings)


def test_sample_reads_66_papers_with_titles_and_abstracts():
    records, problems = listing.read(decode(SAMPLE.read_bytes()), "sources/" + SAMPLE.name, NO_YEAR)
    assert problems == []
    assert len(records) == 66
    assert records[0].title.startswith("Motion Mamba: Efficient and Long Sequence")
    assert records[0].abstract.startswith("Human motion generation stands")
    assert records[-1].title.startswith("SCALE: Synergized Collaboration")
    assert {record.listing_date for record in records} == {"2024-03-14"}
    assert records[0].source == f"sources/{SAMPLE.name}:11"
    assert not any(record.title in ("new", "Subscribe") for record in records)


def test_year_from_setting_when_file_name_has_no_date():
    records, problems = read("Mar 14\n\nA title\n\nAn abstract.\n", "sources/listing.txt", ReadSettings(listing_year=2023))
    assert problems == []
    assert records[0].listing_date == "2023-03-14"


def test_no_year_gives_undated_papers_and_one_warning():
    text = "Mar 14\n\nFirst\n\nAbstract one.\n\nSecond\n\nAbstract two.\n"
    records, problems = read(text, "sources/listing.txt")
    assert [record.listing_date for record in records] == [None, None]
    assert len(problems) == 1
    assert str(problems[0]).startswith("sources/listing.txt:1: ")
    assert "listing_year" in problems[0].message and "file name" in problems[0].message


def test_crlf_bom_trailing_spaces_and_extra_blank_lines():
    text = "\ufeffnew  \r\n\r\nSubscribe\r\nMar 14\r\n\r\n\r\n\r\nTitle one  \r\n\r\nAbstract one.   \r\n\r\n\r\nTitle two\r\nAbstract two.\r\n"
    records, problems = listing.read(decode(text.encode("utf-8")), "sources/2024-03-14-x.txt", NO_YEAR)
    assert problems == []
    assert [(r.title, r.abstract) for r in records] == [("Title one", "Abstract one."), ("Title two", "Abstract two.")]


def test_strange_titles_are_kept_exactly():
    titles = [
        'foo: "bar" #1',
        "- [ ] not a list item",
        "# Not a heading | with a pipe",
        "Über-Modelle: 深度学习 для всех — ελληνικά",
        "<script>alert('x')</script> & <img src=x onerror=alert(1)>",
        "x" * 300,
        "'single' and `back` and *star* and _under_",
    ]
    text = "Mar 14\n\n" + "\n\n".join(f"{title}\n\nAbstract of {index}." for index, title in enumerate(titles))
    records, problems = read(text)
    assert problems == []
    assert [record.title for record in records] == titles


def test_several_days_in_one_listing():
    text = "Mar 14\n\nA\n\nabstract a\n\nMar 13\n\nB\n\nabstract b\n"
    records, _ = read(text)
    assert [(r.title, r.listing_date) for r in records] == [("A", "2024-03-14"), ("B", "2024-03-13")]


def test_title_without_abstract_is_reported_with_its_line():
    records, problems = read("Mar 14\n\nA\n\nabstract a\n\nDangling title\n")
    assert [r.title for r in records] == ["A"]
    assert [str(p) for p in problems] == ["sources/2024-03-14-listing.txt:7: title without an abstract after it: 'Dangling title'"]


def test_text_files_go_to_the_listing_reader():
    from pathlib import Path

    assert reader_for(Path("x.txt"), "anything") is listing
    assert reader_for(Path("pasted"), "Mar 14\n\nA title\n\nAn abstract.\n") is listing
    # A file of another kind is no listing: a README's lines would become papers.
    readme = "# About these files\n\nThe sources of our reading group.\n"
    assert reader_for(Path("README.md"), readme) is None and reader_for(Path("notes.csv"), "a,b\n1,2\n") is None
    from generator.readers import parse_source
    records, problems = parse_source(Path("sources/README.md"), readme.encode(), "sources/README.md", NO_YEAR)
    assert records == [] and [problem.message[:22] for problem in problems] == ["unknown input format ("]


def test_the_chrome_of_todays_daily_papers_page_is_skipped_wherever_it_stands():
    text = ("Daily Papers\n\nby AK and the research community\n\nGet trending papers in your email inbox once a day!\n\n"
            "Subscribe\n\nDaily\nWeekly\nMonthly\n\nMar 14\n\n42\n\nPaper A\n\nSubmitted by akhaliq\n\n· 8 authors\n\n"
            "Abstract of A.\n\n3\n\n1.2k\n\nPaper B\n\nAbstract of B.\n")
    records, problems = read(text)
    assert problems == []
    assert [(r.title, r.abstract) for r in records] == [("Paper A", "Abstract of A."), ("Paper B", "Abstract of B.")]


def test_dates_as_pages_write_them():
    for line in ("Mar 14", "March 14th", "Mar. 14, 2024", "14 March 2024", "Thu, 14 Mar 2024", "Thursday, March 14, 2024",
                 "2024-03-14", "Published on Mar 14"):
        records, problems = read(f"{line}\n\nA title\n\nAn abstract.\n")
        assert problems == [] and records[0].listing_date == "2024-03-14", line


def test_a_paste_made_in_january_lists_december_of_the_year_before():
    text = "Jan 2\n\nA\n\nabstract a\n\nDec 31\n\nB\n\nabstract b\n"
    records, _ = read(text, "sources/2025-01-02-trending.txt")
    assert [r.listing_date for r in records] == ["2025-01-02", "2024-12-31"]
    # A site a day ahead of the file's time zone is still of the file's year.
    records, _ = read("Mar 15\n\nA\n\nabstract a\n", "sources/2024-03-14-trending.txt")
    assert records[0].listing_date == "2024-03-15"


def test_a_title_without_an_abstract_before_a_new_day_is_reported_and_dates_stay_right():
    records, problems = read("Mar 14\n\nA\n\nabstract a\n\nB\n\nMar 13\n\nC\n\nabstract c\n")
    assert [(r.title, r.abstract, r.listing_date) for r in records] == [
        ("A", "abstract a", "2024-03-14"), ("C", "abstract c", "2024-03-13")]
    assert [str(p) for p in problems] == ["sources/2024-03-14-listing.txt:7: title without an abstract after it: 'B'"]


def test_impossible_days_and_invisible_characters():
    records, problems = read("Mar 41\n\nA\n\nabstract a\n\n\ufeffFeb 30\n\nB\n\nabstract b\n\n\u200b\n\nC\n\nabstract c\n")
    assert [(r.title, r.listing_date) for r in records] == [("A", None), ("B", None), ("C", None)]
    assert [str(p) for p in problems] == [
        "sources/2024-03-14-listing.txt:1: impossible listing date 'Mar 41'; the papers below it get no date",
        "sources/2024-03-14-listing.txt:7: impossible listing date 'Feb 30'; the papers below it get no date"]


def test_another_format_saved_as_text_is_one_problem_not_papers():
    for text in ('[{"title": "A"}]\n', '{"title": "A", "abstract": "B"}\n', "<feed>\n</feed>\n", "@article{a, title={A}}\n"):
        records, problems = read(text)
        assert records == [] and len(problems) == 1 and "not a trending-papers listing" in problems[0].message


ABSTRACT = ("We study {0} at scale. Our method improves accuracy on five benchmarks while using half the compute, "
            "and we release code and models. Experiments show consistent gains across tasks, languages and model sizes.")


def _paste(titles):
    return "Mar 14\n\n" + "".join(f"{title}\n\n{ABSTRACT.format(title.lower())}\n\n" for title in titles)


def test_a_missing_abstract_mid_paste_does_not_shift_the_later_pairs():
    text = _paste(["Alpha Models", "Beta Models", "Gamma Models"]).replace(ABSTRACT.format("alpha models") + "\n", "")
    records, problems = read(text)
    assert [(r.title, r.abstract) for r in records] == [
        ("Beta Models", ABSTRACT.format("beta models")), ("Gamma Models", ABSTRACT.format("gamma models"))]
    assert [problem.line for problem in problems] == [3]
    assert "title without an abstract after it: 'Alpha Models'" in problems[0].message


def test_a_missing_title_mid_paste_does_not_shift_the_later_pairs():
    text = _paste(["Alpha Models", "Beta Models", "Gamma Models"]).replace("Beta Models\n", "")
    records, problems = read(text)
    assert [r.title for r in records] == ["Alpha Models", "Gamma Models"]
    assert records[1].abstract == ABSTRACT.format("gamma models")
    assert [(problem.line, problem.message[:34]) for problem in problems] == [(8, "expected a title line, found a par")]


def test_an_abstract_broken_mid_sentence_is_joined_and_a_lower_case_title_is_not():
    head, tail = ABSTRACT.format("alpha").split(" while ")
    text = (f"Mar 14\n\nAlpha\n\n{head}\nwhile {tail}\n\nxLSTM: Extended Long Short-Term Memory\n\n"
            f"{ABSTRACT.format('xlstm')}\n\nTruncated\n\nAn abstract the page cut off\n\nmHC: a lower-case title\n\n"
            f"{ABSTRACT.format('mhc')}\n")
    records, problems = read(text)
    assert problems == []
    assert [(r.title, r.abstract) for r in records] == [
        ("Alpha", ABSTRACT.format("alpha")), ("xLSTM: Extended Long Short-Term Memory", ABSTRACT.format("xlstm")),
        ("Truncated", "An abstract the page cut off"), ("mHC: a lower-case title", ABSTRACT.format("mhc"))]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(string.ascii_letters + " -:", min_size=1, max_size=60).map(str.strip).filter(bool),
                min_size=2, max_size=8, unique=True),
       st.data())
def test_one_lost_line_costs_one_paper_and_leaves_the_other_pairs_in_step(titles, data):
    titles = [f"T{index} {title}" for index, title in enumerate(titles)]
    lines = [line for title in titles for line in (title, ABSTRACT.format(title.lower()))]
    lost = data.draw(st.integers(0, len(lines) - 1))
    records, problems = read("Mar 14\n\n" + "\n\n".join(lines[:lost] + lines[lost + 1:]) + "\n")
    kept = [title for index, title in enumerate(titles) if index != lost // 2]
    assert [(r.title, r.abstract) for r in records] == [(title, ABSTRACT.format(title.lower())) for title in kept]
    assert len(problems) == 1


def test_a_database_export_saved_as_text_is_reported_not_read_as_papers():
    # PubMed and Web of Science save their tagged exports as `.txt`: read as a listing, each
    # affiliation line, authors' e-mail addresses among them, became a paper of its own.
    from tests.conftest import FIXTURES

    tagged = FIXTURES / "readers" / "tagged"
    ris_text = (FIXTURES / "readers" / "ris" / "zotero-export.ris").read_bytes()
    for name, data, says in (("pubmed-medline.txt", (tagged / "pubmed-medline.txt").read_bytes(), "PubMed (MEDLINE)"),
                             ("zoological-record.txt", (tagged / "zoological-record.txt").read_bytes(), "Web of Science"),
                             ("savedrecs.txt", ris_text, "RIS")):
        path = Path("sources") / name
        text = decode(data)
        assert reader_for(path, text) is listing and not listing.sniff(text)
        records, problems = listing.read(text, str(path), NO_YEAR)
        assert records == []
        assert [(problem.line, says in problem.message) for problem in problems] == [(1, True)], problems
    assert "give the file the .ris extension" in listing.read(decode(ris_text), "sources/x.txt", NO_YEAR)[1][0].message


def test_a_pubmed_export_saved_as_nbib_gets_the_advice_it_gets_as_text():
    from generator.readers import read_text
    from tests.conftest import FIXTURES

    text = decode((FIXTURES / "readers" / "tagged" / "pubmed-medline.txt").read_bytes())
    records, problems = read_text(Path("sources/pubmed.nbib"), text, "sources/pubmed.nbib", NO_YEAR)
    assert records == [] and [problem.line for problem in problems] == [1]
    assert problems[0].message.startswith("a PubMed (MEDLINE) export") and "export it as RIS (.ris)" in problems[0].message
    assert "unknown input format" in read_text(Path("sources/x.csv"), "a,b\n1,2\n", "sources/x.csv", NO_YEAR)[1][0].message

SPACES = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u2003", "\x1f"])
CHROME_WORDS = st.sampled_from(sorted(listing.CHROME)).map(str.split)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(CHROME_WORDS, st.lists(st.text(max_size=12), max_size=14)), min_size=1, max_size=3),
       st.data())
def test_chrome_is_told_by_its_words_in_any_case_and_spacing(phrases, data):
    words = [word for phrase in phrases for word in phrase]
    line = "".join(data.draw(st.sampled_from([word, word.upper(), word.title()])) + data.draw(SPACES) for word in words).strip()
    as_words = " ".join(line.lower().split())
    assert listing._is_chrome(line) == (as_words in listing.CHROME or listing.CHROME_LINE.match(line) is not None)


def read_fixture(name: str):
    path = SAMPLE.parent.parent / "tests" / "fixtures" / "listing" / name
    return listing.read(decode(path.read_bytes()), f"sources/{name}", NO_YEAR)


def test_the_chrome_of_hugging_face_and_papers_with_code_cards_makes_no_paper():
    for name, title in (("2025-12-04-hf-buttons.txt", "PretrainZero: Reinforcement Active Pretraining"),
                        ("2024-10-04-pwc-trending.txt", "Depth Pro: Sharp Monocular Metric Depth in Less Than a Second")):
        records, problems = read_fixture(name)
        assert [record.title for record in records] == [title] and problems == [], name
        assert records[0].abstract.endswith(".")


def test_an_authors_line_between_title_and_abstract_is_no_title():
    (record,), problems = read_fixture("2025-12-04-author-line.txt")
    assert problems == [] and record.title == "PretrainZero: Reinforcement Active Pretraining"
    assert record.abstract.startswith("Mimicking human behavior") and "Guoqi Li" not in record.abstract


def test_an_abstract_broken_before_a_number_is_joined_and_one_ending_in_an_address_is_not():
    (record,), problems = read_fixture("2025-12-04-broken-abstract.txt")
    assert problems == [] and "from 3 to 30B base models" in record.abstract and record.abstract.endswith("RLVR tasks.")
    records, problems = read_fixture("2025-12-04-lowercase-title.txt")
    assert problems == [] and [record.title for record in records] == [
        "OneThinker: All-in-one Reasoning Model for Image and Video", "s1: Simple test-time scaling"]
    assert records[0].abstract == "Project page: https://github.com/tulerfeng/OneThinker"


def test_dates_written_with_dots_and_across_new_year():
    records, problems = read_fixture("2025-12-04-dotted-date.txt")
    assert problems == [] and [record.listing_date for record in records] == ["2025-12-04", "2025-12-03"]
    (record,), problems = read_fixture("2025-12-31-new-year.txt")
    assert problems == [] and record.listing_date == "2026-01-01"  # "Jan 1" in a file of 31 December
    assert read("Dec 31\n\nA Title\n\nAn abstract.\n", "sources/2026-01-02-listing.txt")[0][0].listing_date == "2025-12-31"


def test_a_listing_without_a_date_line_is_of_the_file_names_day_and_may_start_with_a_bracket():
    (record,), problems = read_fixture("2025-12-04-bracket-title.txt")
    assert problems == [] and record.title.startswith("[Re] Reproducibility Study")
    assert record.listing_date == "2025-12-04"
    assert listing.sniff('[{"title": "x"}]\n[1]\n') is False and listing.sniff("[Re] A title\nAn abstract.\n") is True


def test_date_lines_in_other_languages():
    for line, day in (("4 déc. 2025", "2025-12-04"), ("4. Dez. 2025", "2025-12-04"), ("Dez 4", "2025-12-04"),
                      ("12月4日", "2025-12-04"), ("2025年12月4日", "2025-12-04"), ("3 de marzo de 2025", None)):
        records, problems = read(f"{line}\n\nA Title\n\nAn abstract of the paper.\n", "sources/2025-12-10-listing.txt")
        if day is None:  # not a date line: a title without an abstract, reported
            assert problems and records[0].listing_date == "2025-12-10", line
        else:
            assert problems == [] and records[0].listing_date == day, line


# Pastes of other pages' layouts, written for the tests in the shape a browser's copy of them takes.
ROUTING = ("Sparse mixture-of-experts models promise large capacity at constant compute, yet their routing remains "
           "poorly understood. We revisit top-k routing across 40 configurations and find that a simple router wins.")
SURVEY = ("Large language models now accept inputs of a million tokens, but do they reason over them? We survey 210 "
          "papers on long-context reasoning and organize them into a taxonomy.")


def test_a_pages_menu_words_and_a_page_of_titles_alone_make_no_papers():
    records, problems = read(f"Log In\nSign Up\n\nJun 27\n\nRouting at Scale\n{ROUTING}\n", "sources/2025-06-27-daily.txt")
    assert [r.title for r in records] == ["Routing at Scale"] and problems == []
    records, problems = read("Mixture of Experts Is All You Need? Revisiting Sparse Routing at Scale\n\n"
                             "Long-Context Reasoning: A Survey\n\nSAM 3D: Segment Anything in Three Dimensions\n",
                             "sources/2025-06-27-daily.txt")
    assert records == [] and len(problems) == 3
    assert all("title without an abstract" in problem.message for problem in problems)
    # A cut-off abstract written as a sentence is one; an abstract of title-case words is none.
    records, _ = read("Mar 14\n\nTruncated\n\nAn abstract the page cut off\n")
    assert [r.abstract for r in records] == ["An abstract the page cut off"]


def test_an_abstract_a_sentence_a_line_or_cut_with_an_ellipsis_stays_whole_and_the_next_title_its_own():
    sentences = "Sparse models promise large capacity.\nYet their routing remains poorly understood.\nWe revisit top-k routing."
    records, problems = read(f"Jun 27\n\nRouting at Scale\n{sentences}\n\nLong-Context Reasoning\n{SURVEY}\n",
                             "sources/2025-06-27-daily.txt")
    assert [(r.title, r.abstract) for r in records] == [("Routing at Scale", sentences.replace("\n", " ")),
                                                        ("Long-Context Reasoning", SURVEY)]
    assert problems == []
    cut = ROUTING[:120] + "…"
    records, problems = read(f"Jun 27\n\nRouting at Scale\n{cut}\n\nmPLUG-Owl3: Long Image Sequences\n"
                             "We present mPLUG-Owl3. It uses hyper attention.\n", "sources/2025-06-27-daily.txt")
    assert [(r.title, r.abstract) for r in records] == [("Routing at Scale", cut), (
        "mPLUG-Owl3: Long Image Sequences", "We present mPLUG-Owl3. It uses hyper attention.")]


def test_a_cards_authors_submitter_and_own_date_are_not_titles():
    records, problems = read(f"Jun 27\n\nRouting at Scale\nGabriel Moreau, Priya Natarajan, et al.\n{ROUTING}\n"
                             f"Submitted by\nakhaliq\n\nLong-Context Reasoning: A Survey\nPublished on Jun 20, 2025\n{SURVEY}\n",
                             "sources/2025-06-27-daily.txt")
    assert [(r.title, r.abstract, r.listing_date) for r in records] == [
        ("Routing at Scale", ROUTING, "2025-06-27"), ("Long-Context Reasoning: A Survey", SURVEY, "2025-06-27")]
    assert problems == []


def test_dates_with_a_weekday_in_other_languages_and_chinese_sentences():
    for line in ("Fr., 26. Juni 2025", "ven. 26 juin 2025", "jue, 26 jun 2025", "6月26日（木）", "6月26日 星期四"):
        records, problems = read(f"{line}\n\nRouting at Scale\n{ROUTING}\n", "sources/2025-06-27-daily.txt")
        assert problems == [] and records[0].listing_date == "2025-06-26", line
    assert read("Mar. 14, 2024\n\nA title\n\nAn abstract.\n")[0][0].listing_date == "2024-03-14"  # March, not Tuesday
    # A lost abstract in Chinese costs its paper only: the next abstract is told by its sentences.
    records, problems = read("6月27日\n\n稀疏路由的再审视\n\n长上下文推理：综述\n\n大语言模型如今可以接受百万词元的输入，但它们能否在其上进行推理？"
                             "我们综述了二百一十篇关于长上下文推理的论文，将其组织为检索、聚合与多跳推理的分类体系。\n",
                             "sources/2025-06-27-daily.txt")
    assert [r.title for r in records] == ["长上下文推理：综述"] and len(problems) == 1


def test_a_copy_of_arxivs_own_listing_page_is_reported_with_what_to_do_instead():
    page = ("Showing new listings for Friday, 27 June 2025\n\n[1] arXiv:2506.20001 [pdf, html, other]\n"
            "Title: Scaling Laws for Sparse Autoencoders\nGabriel Moreau, Priya Natarajan\n"
            "Comments: 18 pages, 7 figures\nSubjects: Machine Learning (cs.LG)\n"
            "Sparse autoencoders are a popular tool. We find when features saturate.\n\n"
            "[2] arXiv:2506.20002 [pdf, other]\nTitle: On the Convergence of Adam\nLin Zhao\n"
            "Subjects: Optimization and Control (math.OC)\nWe prove that Adam converges.\n")
    records, problems = read(page, "sources/2025-06-27-arxiv.txt")
    assert records == [] and [(p.line, "paper-archive fetch arxiv" in p.message) for p in problems] == [(3, True)]


def test_an_author_line_before_a_short_abstract_is_skipped_too():
    records, problems = read("Mar 14\n\nA Title Here\nAlice Smith, Bob Jones\nWe study things.\n")
    assert [(r.title, r.abstract) for r in records] == [("A Title Here", "We study things.")] and problems == []


def test_a_google_scholar_alert_and_a_semantic_scholar_page_are_reported_with_what_to_do_instead():
    for name, page, advice in (("2025-06-27-scholar-alert.txt", "Google Scholar alert", "paper-archive fetch arxiv"),
                               ("2025-06-27-semantic-scholar.txt", "Semantic Scholar", "BibTeX")):
        records, problems = read_fixture(name)
        assert records == [] and [(p.line, page in p.message, advice in p.message) for p in problems] == [(1, True, True)], name


def test_a_listing_whose_abstract_names_google_scholar_and_semantic_scholar_is_read():
    counts = ("We compare the citation counts that Google Scholar and Semantic Scholar report for 5,000 papers. "
              "The two indexes disagree most on preprints, and we explain why.")
    records, problems = read(f"Jun 27\n\nCitation Counts Across Scholarly Indexes\n{counts}\n\nRouting at Scale\n{ROUTING}\n",
                             "sources/2025-06-27-daily.txt")
    assert [(r.title, r.abstract) for r in records] == [("Citation Counts Across Scholarly Indexes", counts),
                                                        ("Routing at Scale", ROUTING)] and problems == []
