"""The listing reader on the sample and on hostile listings in the same format."""

from __future__ import annotations

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
