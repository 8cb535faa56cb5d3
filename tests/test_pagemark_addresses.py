"""The page mark and the addresses record, as plain functions."""

from __future__ import annotations

from generator.addresses import Addresses, parse, record
from generator.model import Paper
from generator.pagemark import mark_page, read_mark, unmarked_text


def test_a_marked_page_knows_its_paper_and_notices_any_edit():
    data = mark_page("---\ntitle: A\n---\nBody\n", ["arxiv:2401.00001", "title:a"])
    mark = read_mark(data)
    assert mark.intact and mark.ids == ("arxiv:2401.00001", "title:a")
    assert unmarked_text(data) == "---\ntitle: A\n---\nBody\n"
    assert not read_mark(data.replace(b"Body", b"Body edited")).intact
    assert read_mark(b"---\ntitle: A\n---\n") is None
    assert read_mark(b"---\npaper-archive: {not json\n---\n") is None


def test_moves_follow_chains_and_return_to_an_old_address():
    papers = [Paper(key="title:b#1", title="B", slug="b")]
    moved = record(Addresses(moved={"a": "x"}), papers, {"x": "b"})
    assert moved.moved == {"a": "b", "x": "b"}
    back = record(moved, [Paper(key="title:b#1", title="B", slug="a")], {"b": "a"})
    assert back.moved == {"b": "a", "x": "a"}
    assert parse(back.dump(), "addresses.yml") == back
