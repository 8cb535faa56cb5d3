"""The page mark and the addresses record, as plain functions."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from generator.addresses import Addresses, AddressesError, parse, record
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


# What validation lets through: no lone surrogates, no control characters but tab and line breaks.
IDENTITY_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\x85🦙"), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(IDENTITY_TEXT, max_size=4))
def test_the_mark_of_any_identities_reads_back_and_keeps_the_front_matter_readable_as_yaml(ids):
    # MkDocs reads the front matter with PyYAML and silently drops all of it when it cannot:
    # an emoji in a title (the paper's identity) once cost a page its meta tags.
    data = mark_page("---\ntitle: A paper\n---\nText.\n", ids)
    front = yaml.load(data.decode("utf-8").split("---\n")[1], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # as MkDocs
    assert front["title"] == "A paper" and front["paper-archive"].get("ids", []) == list(ids)
    assert read_mark(data).ids == tuple(ids) and read_mark(data).intact


def test_moves_follow_chains_and_return_to_an_old_address():
    papers = [Paper(key="title:b#1", title="B", slug="b")]
    moved = record(Addresses(moved={"a": "x"}), papers, {"x": "b"})
    assert moved.moved == {"a": "b", "x": "b"}
    back = record(moved, [Paper(key="title:b#1", title="B", slug="a")], {"b": "a"})
    assert back.moved == {"b": "a", "x": "a"}
    assert parse(back.dump(), "addresses.yml") == back


SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(SLUG, IDENTITY_TEXT, max_size=4), st.dictionaries(SLUG, SLUG, min_size=1, max_size=3))
def test_any_addresses_read_back_and_a_comment_after_a_value_stops_the_run(papers, moved):
    # A `#` inside a value (quoted when it follows a space) is no comment; one after a value is
    # a person's, which writing the file again would lose.
    written = Addresses(papers=papers, moved=moved)
    text = written.dump()
    assert parse(text, "addresses.yml") == written
    lines = text.split("\n")
    first = lines.index("moved:") + 1  # an entry of one line: an address to an address
    lines[first] += "  # the lab's copy"
    with pytest.raises(AddressesError, match=rf"^addresses.yml:{first + 1}: a comment of yours"):
        parse("\n".join(lines), "addresses.yml")
