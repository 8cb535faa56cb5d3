"""The cache's files and the archive's record of what it wrote: what they give back, and
that damage gives nothing rather than something wrong."""

from __future__ import annotations

import json
import pickle
import time

import pytest

import yaml
from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator import archive, cache as cache_module, cards, site_cache, written, yamltext
from generator.addresses import HEADER, Addresses
from generator.archive_state import sha256
from generator.cache import Cache, Memo
from generator.cache_store import Store
from generator.model import Deferred, Paper


def test_a_memo_appends_what_a_run_added_and_keeps_only_what_runs_use(tmp_path):
    cache = Cache(tmp_path)
    memo = Memo(cache, "things")
    for number in range(10):
        memo.get(number, lambda: number * 10)
    memo.save()
    size = cache.size("things")
    memo = Memo(cache, "things")
    assert memo.get(3, lambda: "recomputed") == 30 and memo.hits == 1
    for number in range(10):
        memo.get(number, lambda: "recomputed")
    memo.get(10, lambda: 100)
    memo.save()
    assert cache.size("things") > size and Memo(cache, "things").parts == 2  # one more part
    memo = Memo(cache, "things")
    memo.get(10, lambda: "recomputed")
    memo.save()  # most of what it holds went unused: written anew
    again = Memo(cache, "things")
    assert again.parts == 1 and again.old == {10: 100}


def test_a_memo_with_a_damaged_end_keeps_what_it_can_read_and_is_written_anew(tmp_path):
    cache = Cache(tmp_path)
    memo = Memo(cache, "things")
    memo.get("a", lambda: 1)
    memo.save()
    memo = Memo(cache, "things")
    memo.get("a", lambda: 2)
    memo.get("b", lambda: 3)
    memo.save()
    path = tmp_path / ".paper-archive" / "cache" / "things.pickle"
    path.write_bytes(path.read_bytes()[:-3])  # the second part cut short, as by a killed run
    memo = Memo(cache, "things")
    assert memo.old == {"a": 1} and not memo.intact
    assert memo.get("a", lambda: 5) == 1 and memo.get("b", lambda: 4) == 4
    memo.save()
    assert Memo(cache, "things").old == {"a": 1, "b": 4} and Memo(cache, "things").intact


@pytest.fixture
def in_memory(monkeypatch):
    """The cache as `mkdocs serve` has it: the memos' files kept in this process."""
    monkeypatch.setattr(cache_module, "_resident", None)
    cache_module.keep_in_memory()
    return cache_module


def memo_runs(cache: Cache, runs: list[list[int]]) -> list[dict]:
    """What each of these runs of a memo found in it (`Memo.old`), each using the numbers given."""
    found = []
    for numbers in runs:
        memo = Memo(cache, "parts")
        found.append(dict(memo.old))
        for number in numbers:
            memo.get(number, lambda: number * 10)
        memo.save()
    return found


def test_a_long_lived_process_finds_the_memos_files_in_memory_as_they_are_on_disk(tmp_path, in_memory, monkeypatch):
    runs = [[1, 2, 3], [1, 2, 3, 4], [4], [4, 5, 6], [7]]  # appended to, then written anew
    expected = memo_runs(Cache(tmp_path, enabled=True), runs)
    monkeypatch.setattr(cache_module, "_resident", None)
    assert memo_runs(Cache(tmp_path / "apart"), runs) == expected  # the same without it
    cache_module.keep_in_memory()
    cache = Cache(tmp_path / "again")
    memo_runs(cache, runs[:2])
    monkeypatch.setattr(pickle, "load", lambda *_: pytest.fail("read from disk"))
    assert Memo(cache, "parts").old == {number: number * 10 for number in (1, 2, 3, 4)}


def test_a_memo_file_changed_by_another_process_is_read_again(tmp_path, in_memory):
    cache = Cache(tmp_path)
    memo_runs(cache, [[1, 2]])
    assert Memo(cache, "parts").old == {1: 10, 2: 20}
    other = Cache(tmp_path)
    path = other._path("parts")
    path.write_bytes(pickle.dumps((cache_module.code_digest(), "")) + pickle.dumps({9: 90}))
    assert Memo(cache, "parts").old == {9: 90}
    path.unlink()
    assert Memo(cache, "parts").old == {}


@pytest.mark.parametrize("shared", [True, False])
def test_values_saved_together_are_read_back_one_by_one_with_or_without_a_memo(tmp_path, shared):
    cache = Cache(tmp_path)
    name = "shared name"
    values = ({name: (name, 1)}, [name, name], (name, b"bytes"))  # objects met twice, within and across values
    cache.save("together", "key", *values, shared=shared)
    assert cache.load_all("together", "key") == (list(values), True)
    assert cache.load("together", "other key") is None
    path = tmp_path / ".paper-archive" / "cache" / "together.pickle"
    path.write_bytes(path.read_bytes()[:-3])
    assert cache.load_all("together", "key")[1] is False  # damaged: not read as whole


def test_a_store_gives_back_its_values_and_nothing_once_a_value_is_damaged(tmp_path):
    cache = Cache(tmp_path)
    store = Store(cache, "kept", ("numbers",))
    assert store.usable and store.token is None and store.get("numbers", 1) is None
    assert store.write({"numbers": {1: ("one",), 2: ("two",)}}, "first")
    assert store.write({"numbers": {2: None, 3: ("three",)}}, "second")
    store.close()
    store = Store(cache, "kept", ("numbers",))
    assert store.token == "second" and store.get("numbers", 1) == ("one",) and store.get("numbers", 2) is None
    store.connection.execute("UPDATE numbers SET value = zeroblob(length(value)) WHERE key = 3")
    assert store.get("numbers", 3) is None and not store.usable
    assert store.get("numbers", 1) is None  # after damage, nothing more is trusted
    store.close()
    (tmp_path / ".paper-archive" / "cache" / "kept.sqlite").write_bytes(b"not a database at all" * 100)
    store = Store(cache, "kept", ("numbers",))  # made anew
    assert store.usable and store.token is None and store.get("numbers", 1) is None
    store.close()


def test_files_are_known_by_their_stamps_once_they_are_old_enough(tmp_path, monkeypatch):
    root = tmp_path
    (root / "docs").mkdir()
    cache = Cache(root)

    def run(outputs):
        state = archive.open_state(root, root / "docs", cache)
        report = archive.write_outputs(state, outputs)
        archive.remember_files(state)
        return report

    made = []

    def page(text):
        return Deferred(text, lambda: made.append(text) or text)

    run({"papers/a.md": page("A\n"), "papers.json": "[]\n"})
    assert made == ["A\n"]
    run({"papers/a.md": page("A\n"), "papers.json": "[]\n"})
    assert made == ["A\n"]  # the same key, and the file as written: not made again
    monkeypatch.setattr(written, "RACY_NS", 0)
    monkeypatch.setattr(written, "RACY_FINE_NS", 0)
    path = root / "docs" / "papers" / "a.md"
    data = path.read_bytes()
    time.sleep(0.01)
    path.write_bytes(data.replace(b"A\n", b"B\n"))  # a hand edit of the same size
    try:
        run({"papers/a.md": page("A\n"), "papers.json": "[]\n"})
    except archive.HandEditedError:
        pass
    else:
        raise AssertionError("an edited page was not noticed")


def test_cards_kept_between_runs_are_the_cards_made_afresh_and_damage_only_means_making_them(tmp_path, monkeypatch):
    cache = Cache(tmp_path)
    papers = [Paper(key=f"k{n}", title=f"Paper {n} on $x^2$", abstract="A first sentence. A second.", math=True,
                    authors=("Ada Lovelace",), tags=("Topic", "Other"), slug=f"paper-{n}", listing_date="2024-01-02")
              for n in range(3)]
    made = []
    pieces = cards._card_pieces
    monkeypatch.setattr(cards, "_card_pieces", lambda paper, slugs: made.append(paper.key) or pieces(paper, slugs))

    def listing(slugs):
        fingerprints = site_cache.Fingerprints(papers, [f"origin {n}" for n in range(3)])
        parts = site_cache.CachedParts(cache, fingerprints)
        for paper in papers:
            fingerprints(paper)
        text = cards.card_list(papers, "../", dict(slugs))  # a new mapping: a new run's
        parts.save()
        return text

    first = listing({"Topic": "topic"})
    assert made == ["k0", "k1", "k2"]
    assert listing({"Topic": "topic"}) == first and len(made) == 3  # found, not made
    assert cards.card_list(papers, "../", {"Topic": "topic"}) == first and len(made) == 6  # no store: made afresh
    assert listing({"Topic": "topic", "Other": "other"}) != first and len(made) == 9  # other slugs: other cards
    (tmp_path / ".paper-archive" / "cache" / "cards.sqlite").write_bytes(b"not a database" * 100)
    assert listing({"Topic": "topic"}) == first and len(made) == 12


def test_a_journal_of_an_earlier_version_is_still_finished(tmp_path):
    docs, state_dir = tmp_path / "docs", tmp_path / archive.STATE_DIR
    (state_dir / archive.STAGING).mkdir(parents=True)
    docs.mkdir()
    (state_dir / archive.STAGING / "0.part").write_bytes(b"[]\n")
    manifest = {"papers.json": {"sha256": sha256(b"[]\n")}}
    journal = {"moves": {"papers.json": "0.part"}, "removals": [], "manifest": manifest}
    (state_dir / archive.JOURNAL).write_text(json.dumps(journal, indent=1), encoding="utf-8")
    state = archive.open_state(tmp_path, docs)
    assert (docs / "papers.json").read_bytes() == b"[]\n" and state.manifest == manifest
    assert not (state_dir / archive.JOURNAL).exists() and not (state_dir / archive.STAGING).exists()


# Text a value can hold: the readers replace lone surrogates and U+0085, which
# `yaml.safe_dump` writes so that it does not read back (yamltext writes it with libyaml).
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85"), max_size=400) | st.text(alphabet=" :?-'\"\n#ab", max_size=30)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXT, TEXT, max_size=5), st.dictionaries(TEXT, TEXT, max_size=3))
def test_addresses_joined_from_their_entries_are_what_the_yaml_dumper_writes(papers, moved):
    addresses = Addresses(papers, moved)
    whole = yaml.safe_dump({"papers": dict(sorted(papers.items())), "moved": dict(sorted(moved.items()))},
                           allow_unicode=True, sort_keys=False, width=1000)
    kept: dict = {}
    assert addresses.dump(kept) == HEADER + whole
    assert addresses.dump(kept) == HEADER + whole  # from the entries kept
    assert yamltext.load(addresses.dump(kept)) == {"papers": papers, "moved": moved}


def _rebuilt(value):
    """`value` with every string a new object of the same text."""
    if isinstance(value, str):
        return "".join(list(value)) if len(value) > 1 else value
    if isinstance(value, tuple):
        return tuple(_rebuilt(item) for item in value)
    if isinstance(value, list):
        return [_rebuilt(item) for item in value]
    if isinstance(value, dict):
        return {_rebuilt(key): _rebuilt(item) for key, item in value.items()}
    return value


_values = st.recursive(
    st.one_of(st.text(max_size=8), st.integers(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                            st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=12,
)


@given(value=_values, data=st.data())
def test_a_digest_depends_on_the_values_not_on_which_objects_they_share(value, data):
    shared = data.draw(st.sampled_from([value, [value, value], (value, [value]), {"a": value, "b": value}]))
    separate = _rebuilt(shared) if shared is value else type(shared)(
        _rebuilt(item) for item in shared) if not isinstance(shared, dict) else {k: _rebuilt(v) for k, v in shared.items()}
    assert cache_module.digest(shared) == cache_module.digest(separate)


def test_a_digest_of_a_name_met_twice_is_that_of_two_equal_names():
    name, twin = "Graph Neural Networks", "".join(["Graph Neural", " Networks"])
    assert name == twin and name is not twin
    assert cache_module.digest([name, name]) == cache_module.digest([name, twin])
    assert cache_module.digest([name, name]) != cache_module.digest([name, name + " "])


def test_each_source_file_is_kept_in_a_cache_file_of_its_own(tmp_path, monkeypatch):
    from generator import readers, source_cache
    from generator.readers import ReadSettings

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.bib").write_text("@article{a, title = {First}, year = 2020}\n@article{b, title = {Second}}\n", "utf-8")
    (sources / "listing.txt").write_text("Mar 14\n\nA Title Here\n\nAn abstract that says something.\n", "utf-8")

    def read():
        found = source_cache.read_sources(Cache(tmp_path), sources, tmp_path, ReadSettings(2024))
        assert found[:2] == readers.read_sources(sources, tmp_path, ReadSettings(2024))
        return sorted(path.name for path in (tmp_path / ".paper-archive" / "cache").glob("source-*.pickle"))

    first = read()
    assert len(first) == 2
    loads = []
    load = pickle.load
    monkeypatch.setattr(pickle, "load", lambda handle: loads.append(handle.name) or load(handle))
    (sources / "a.bib").write_text("@article{a, title = {First, changed}, year = 2020}\n", "utf-8")
    assert read() == first
    # The changed file's cache file gave its header alone; the other one its records too.
    read_from = [name.rsplit("/", 1)[-1] for name in loads if "source-" in name]
    assert sorted(read_from.count(name) for name in first) == [1, 2]
    monkeypatch.undo()
    (sources / "listing.txt").unlink()
    kept = read()
    assert len(kept) == 1 and kept[0] in first
    (tmp_path / ".paper-archive" / "cache" / kept[0]).write_bytes(b"\x80\x05garbage")
    assert read() == kept
