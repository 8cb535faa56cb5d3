"""Related papers updated from the last run's neighbours and postings (`neighbours.update`)
give what a full run (`related.relate`) gives, however the papers change."""

from __future__ import annotations

import pickle
import random
import tempfile
import uuid
from pathlib import Path

from hypothesis import given, settings as hypothesis_settings, strategies as st

from generator import neighbours, related
from generator.cache import Cache
from generator.cache_store import Store
from generator.model import Paper


WORDS = "graph node edge search architecture supernet image pixel token grammar diffusion robot".split()


def paper(key: str, words: list[str]) -> Paper:
    return Paper(key=key, title=" ".join(words[:3]), abstract=" ".join(words[3:]))


def kept(previous, postings, store: Store):
    """The neighbours and postings as the next run finds them: written, pickled, read back."""
    if postings is not None:
        token = uuid.uuid4().hex
        assert postings.write(store, token)
    previous, postings = pickle.loads(pickle.dumps((previous, postings)))
    if postings is not None:
        postings.attach(store)
    return previous, postings


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=12), min_size=2, max_size=25),
    st.lists(st.lists(st.tuples(st.integers(0, 40), st.lists(st.sampled_from(WORDS), max_size=12)), min_size=1, max_size=4),
             min_size=1, max_size=3),
    st.integers(1, 4),
)
def test_updated_neighbours_equal_a_full_run(texts, rounds, count):
    papers = [paper(f"p{i:02d}", words) for i, words in enumerate(texts)]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Cache(Path(folder)), "related", ("vectors", "words"))
        _, previous, postings = neighbours.update(papers, count, None, None)
        for round_number, edits in enumerate(rounds):
            for number, (index, words) in enumerate(edits):
                if index < len(papers) and index % 3 == 0:
                    papers[index] = paper(papers[index].key, words)
                elif index < len(papers) and index % 3 == 1 and len(papers) > 2:
                    del papers[index]
                else:
                    papers.append(paper(f"n{round_number}{number:02d}", words))
            previous, postings = kept(previous, postings, store)
            updated, previous, postings = neighbours.update(papers, count, previous, postings)
            assert [p.related for p in updated] == [p.related for p in related.relate(papers, count)]
        store.close()


def test_updated_neighbours_at_a_larger_size(tmp_path):
    rng = random.Random(5)
    store = Store(Cache(tmp_path), "related", ("vectors", "words"))
    papers = [paper(f"p{i:04d}", rng.choices(WORDS, k=rng.randrange(3, 15))) for i in range(600)]
    _, previous, postings = neighbours.update(papers, 5, None, None)
    for _ in range(12):  # each round takes neighbours away from some lists, until they are found again
        for index in rng.sample(range(600), 6):
            papers[index] = paper(papers[index].key, rng.choices(WORDS, k=9))
        previous, postings = kept(previous, postings, store)
        updated, previous, postings = neighbours.update(papers, 5, previous, postings)
        assert [p.related for p in updated] == [p.related for p in related.relate(papers, 5)]
    store.close()


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.text(max_size=60))
def test_any_text_gives_a_unit_vector_or_none(abstract, title):
    ids, weights = related.vector(Paper(key="k", title=title, abstract=abstract))
    assert len(ids) == len(weights) == len(set(ids.tolist()))
    assert list(ids) == sorted(ids)
    assert len(weights) == 0 or abs(sum(weight * weight for weight in weights) - 1.0) < 1e-9
