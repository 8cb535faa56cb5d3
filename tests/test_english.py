"""English word frequencies from the cache's table: the same values as `wordfreq`'s list,
without reading the list, and the list again when the table is missing or damaged."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator import english, pipeline, related, written
from generator.cache import Cache

WORDS = ["the", "graph", "diffusion", "mamba", "zyxwvutsr", "", "naïve", "日本", "123456", "\udcff"]


@pytest.fixture(scope="module")
def whole_list():
    return dict(english.frequencies())


def with_table(root, whole_list):
    """`root` with a cache whose English table was written by a run that read the whole list."""
    table = english.Table(Cache(root)).used()
    assert table("graph") == whole_list["graph"]  # the list is loaded: read from it
    table.save()
    assert (root / ".paper-archive" / "cache" / "english.sqlite").is_file()
    return root


@pytest.fixture
def table_dir(tmp_path, whole_list):
    return with_table(tmp_path, whole_list)


@pytest.fixture(scope="module")
def shared_table_dir(tmp_path_factory, whole_list):
    return with_table(tmp_path_factory.mktemp("english"), whole_list)


def without_list():
    english.frequencies.cache_clear()


def looked_up(root, words) -> list[float]:
    without_list()
    table = english.Table(Cache(root)).used()
    try:
        return [english.frequency(word) for word in words]
    finally:
        table.save()


def test_the_table_gives_the_lists_values_without_reading_the_list(table_dir, whole_list):
    assert looked_up(table_dir, WORDS) == [whole_list.get(word, 0.0) for word in WORDS]
    assert not english.loaded()
    assert english.frequency("graph") == whole_list["graph"]  # unhooked: the list itself
    assert english.loaded()


@hypothesis_settings(max_examples=30, deadline=None)
@given(words=st.lists(st.one_of(st.sampled_from(sorted(english.frequencies())[:5000]), st.text(max_size=12)), max_size=20))
def test_any_words_get_the_lists_values(shared_table_dir, whole_list, words):
    assert looked_up(shared_table_dir, words) == [whole_list.get(word, 0.0) for word in words]


def test_a_damaged_table_falls_back_to_the_list_and_is_written_again(table_dir, whole_list):
    path = table_dir / ".paper-archive" / "cache" / "english.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE buckets SET value = ?", (b"not a bucket" * 3,))
    assert looked_up(table_dir, ["graph", "diffusion"]) == [whole_list["graph"], whole_list["diffusion"]]
    assert english.loaded()  # read from the list
    assert looked_up(table_dir, ["graph"]) == [whole_list["graph"]] and not english.loaded()  # written again


def test_a_table_of_another_list_is_not_used(table_dir, whole_list, monkeypatch):
    monkeypatch.setattr(english, "list_identity", lambda: "another version of the list")
    assert looked_up(table_dir, ["graph"]) == [whole_list["graph"]]
    assert english.loaded()


def test_an_update_with_new_words_does_not_read_the_list(tmp_path, monkeypatch):
    from tests.test_incremental import Twins

    monkeypatch.setattr(written, "RACY_NS", 0)  # as the twins fixture: files trusted by their stamps
    monkeypatch.setattr(written, "RACY_FINE_NS", 0)
    twins = Twins(tmp_path)
    twins.step()  # cold: reads the list and writes the table
    read_list = []  # per run of the step: the cached project's first
    generate = pipeline.generate
    monkeypatch.setattr(pipeline, "generate", lambda settings: (generate(settings), read_list.append(english.loaded()))[0])
    without_list()
    related.word_entries().clear()  # as in a new process: words known only from each cache

    def new_words(root):
        library = root / "sources" / "library.jsonl"
        lines = library.read_text("utf-8").split("\n")
        lines[3] = lines[3].replace('"abstract": "', '"abstract": "Qwertzuiop and flibbertigibbet sentences. ', 1)
        library.write_text("\n".join(lines), "utf-8")

    result = twins.step(new_words)  # the twin, without a cache, gives the same pages
    # Its new words were looked up in the table (this process knew no word before the run).
    assert read_list[0] is False and "qwertzuiop" in related.word_entries()
    changed = [paper for paper in result.papers if "Qwertzuiop" in paper.abstract]
    assert len(changed) == 1 and changed[0].related
