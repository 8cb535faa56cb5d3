"""Related papers: the neighbour choice alone, then as the built sample shows it."""

from __future__ import annotations

import random
import re
import tracemalloc

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model import Paper
from generator.related import _best_rows, _matrix, nearest, relate, related_section, vector, vectors

TOPICS = {
    "nas": "architecture search supernet operations cells differentiable darts search space",
    "graph": "graph node edges heterophily homophily message passing neighbours adjacency",
    "vision": "image pixels convolution segmentation detection resolution camera",
    "language": "language tokens translation sentences grammar vocabulary corpus",
}


def paper(key: str, title: str, abstract: str = "", slug: str = "") -> Paper:
    return Paper(key=key, title=title, abstract=abstract, slug=slug or key)


def synthetic(count: int, seed: int = 7) -> list[Paper]:
    """Papers whose words come mostly from one topic; the topic is in the key."""
    rng = random.Random(seed)
    names = sorted(TOPICS)
    papers = []
    for number in range(count):
        topic = names[number % len(names)]
        words = TOPICS[topic].split()
        noise = [f"w{rng.randrange(5000)}" for _ in range(8)]
        title = " ".join(rng.choices(words, k=4))
        abstract = " ".join(rng.choices(words, k=25) + noise)
        papers.append(paper(f"{topic}-{number:05d}", title, abstract))
    return papers


def test_never_itself_and_at_most_count():
    papers = synthetic(40)
    for count in (0, 1, 3, 5):
        for found in relate(papers, count):
            assert found.key not in found.related
            assert len(found.related) == count
            assert len(set(found.related)) == len(found.related)


def test_same_result_whatever_the_order_of_the_sources():
    papers = synthetic(120)
    shuffled = papers[:]
    random.Random(1).shuffle(shuffled)
    first = {p.key: p.related for p in relate(papers, 5)}
    second = {p.key: p.related for p in relate(shuffled, 5)}
    assert first == second
    assert [p.key for p in relate(shuffled, 5)] == [p.key for p in shuffled]


def test_ties_go_to_the_smaller_key():
    twins = [paper(key, "Identical twins", "the very same words") for key in ("d", "b", "c", "a")]
    found = {p.key: p.related for p in relate(twins + [paper("z", "Unrelated", "nothing shared")], 2)}
    assert found == {"a": ("b", "c"), "b": ("a", "c"), "c": ("a", "b"), "d": ("a", "b"), "z": ()}


def test_papers_sharing_no_word_are_not_related():
    found = relate([paper("a", "Quantum chromodynamics"), paper("b", "Medieval poetry")], 5)
    assert [p.related for p in found] == [(), ()]


def test_papers_sharing_a_few_words_and_no_topic_are_not_related():
    # From a real mixed library: a history title and an argument-mining corpus share "Anglo" and little else.
    history = paper("h", "Georgia in Anglo-Spanish Diplomacy, 1736-1739")
    corpus = paper("c", "VivesDebate: A New Annotated Multilingual Corpus of Argumentation in a Debate Tournament",
                   "The application of the latest Natural Language Processing breakthroughs in computational argumentation "
                   "has shown promising results, which have raised the interest in the development of resources. "
                   "We present VivesDebate, a multilingual annotated corpus of argumentation from Anglo and Catalan debates.")
    sibling = paper("s", "Argument mining in debates", "An annotated corpus of argumentation in debate tournaments.")
    found = {p.key: p.related for p in relate([history, corpus, sibling], 5)}
    assert found["h"] == () and "h" not in found["c"] and found["s"] == ("c",)
    from generator import neighbours
    updated, _, _ = neighbours.update([history, corpus, sibling], 5, None, None)
    assert {p.key: p.related for p in updated} == found


def test_titles_weigh_more_than_abstracts():
    papers = [
        paper("a", "Sparse attention", "we study kernels and spectra"),
        paper("b", "Sparse attention revisited", "unrelated wording about birds"),
        paper("c", "Birds", "we study kernels and spectra"),
    ]
    assert dict((p.key, p.related[0]) for p in relate(papers, 1))["a"] == "b"


def test_degenerate_archives():
    assert relate([], 5) == []
    assert relate([paper("a", "Alone")], 5)[0].related == ()
    assert [p.related for p in relate([paper("a", "The"), paper("b", "Of the")], 5)] == [(), ()]


def test_block_size_does_not_change_the_answer():
    papers = synthetic(300)
    assert nearest(papers, 5, block_rows=7) == nearest(papers, 5, block_rows=1000)


def test_the_estimate_never_changes_the_answer():
    """The best pairs are those of all exact similarities, however the tiles fall: with
    many exact ties (the same text under other keys), tiny tiles and lists longer than a tile."""
    papers = synthetic(300)
    papers += [paper(f"copy-{number:03d}", p.title, p.abstract) for number, p in enumerate(papers[::7])]
    matrix = _matrix(vectors(sorted(papers, key=lambda p: p.key)))
    similarities = (matrix @ matrix.T).toarray()  # the same sums, in the same order
    for count, block_rows in ((1, 7), (5, 3), (10, 1000), (40, 16)):
        expected = []
        for row, scores in enumerate(similarities):
            pairs = sorted((-score, column) for column, score in enumerate(scores) if column != row and score > 0)
            expected.append([(-score, column) for score, column in pairs[:count]])
        assert _best_rows(matrix, count, block_rows) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=200)), max_size=8))
def test_vectors_of_many_papers_are_each_papers_vector(texts):
    papers = [paper(f"p{number}", title, abstract) for number, (title, abstract) in enumerate(texts)]
    papers.append(paper("words", "Graph graph GRAPH nodes", "the of and graph nodes edges edges"))
    assert vectors(papers) == [vector(p) for p in papers]


def test_thousands_of_papers_without_a_dense_similarity_matrix():
    papers = synthetic(4000)
    tracemalloc.start()
    try:
        found = relate(papers, 5)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A dense float32 4000 × 4000 matrix alone would take 64 MB.
    assert peak < 4000 * 4000 * 4
    same_topic = sum(other.split("-")[0] == p.key.split("-")[0] for p in found for other in p.related)
    assert same_topic >= 0.95 * 5 * len(found)


def test_section_links_sibling_pages_and_shows_titles_literally():
    hostile = paper("h", "**Bold** <script>x</script> [link](http://e.org) `code`", slug="hostile")
    plain = paper("p", "Plain", slug="plain").replace(related=("h",), tags=())
    section = related_section(plain, {"h": hostile.replace(tags=("A_b", "<i>")), "p": plain})
    assert section.startswith("## Related papers")
    assert "(hostile.md)" in section
    assert "<script>" not in section and "**" not in section and "[link]" not in section and "<i>" not in section
    assert related_section(plain.replace(related=()), {}) == ""


def related_pages(site, slug: str) -> list[str]:
    """Slugs the built page of `slug` lists under Related papers, in order."""
    markup = site.html(f"papers/{slug}")
    block = markup.split('id="related-papers"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'href="\.\./([a-z0-9-]+)/"', block)


def page_text(site, slug: str) -> str:
    post = frontmatter.load(site.papers / f"{slug}.md")
    return (post["title"] + " " + post.content.split("## Related papers")[0]).lower()


def slug_of(site, title_start: str) -> str:
    [slug] = [path.stem for path in site.paper_pages() if frontmatter.load(path)["title"].startswith(title_start)]
    return slug


@pytest.mark.slow
@pytest.mark.parametrize(
    "title, words",
    [
        ("PC-DARTS: Partial Channel Connections", ("architecture search", " nas", "supernet")),
        ("EEEA-Net", ("architecture search", " nas", "supernet")),
        ("ShiftNAS", ("architecture search", " nas", "supernet")),
        ("Breaking the Entanglement of Homophily and Heterophily", ("graph",)),
    ],
)
def test_sample_neighbours_share_the_topic(sample_site, title, words):
    slug = slug_of(sample_site, title)
    found = related_pages(sample_site, slug)
    assert len(found) == 5 and slug not in found
    on_topic = [other for other in found if any(word in page_text(sample_site, other) for word in words)]
    assert len(on_topic) >= 4, found


@pytest.mark.slow
def test_every_sample_page_lists_related_papers(sample_site):
    for path in sample_site.paper_pages():
        found = related_pages(sample_site, path.stem)
        assert 1 <= len(found) <= 5 and path.stem not in found
        assert all((sample_site.site / "papers" / other / "index.html").is_file() for other in found)
