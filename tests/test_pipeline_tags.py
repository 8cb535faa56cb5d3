"""How a person's tags and automatic tags are combined on a page."""

from __future__ import annotations

from generator.model import Paper
from generator.pipeline import tag_paper
from generator.tagging import load_taxonomy
from tests.conftest import REPO

TAXONOMY = load_taxonomy(REPO / "taxonomy.yml")
NAS = Paper(
    key="title:x",
    title="PC-DARTS: Partial Channel Connections for Memory-Efficient Architecture Search",
    abstract="Differentiable architecture search (DARTS) for neural architecture search with graph neural networks.",
)


def test_own_tags_come_first_and_automatic_ones_follow():
    tagged = tag_paper(NAS.replace(user_tags=("reading group",)), TAXONOMY)
    assert tagged.tags[0] == "reading group"
    assert "Neural Architecture Search" in tagged.tags and len(tagged.tags) <= 6


def test_many_own_tags_are_all_kept_beside_two_automatic_ones():
    own = tuple(f"keyword {n}" for n in range(7))
    tagged = tag_paper(NAS.replace(user_tags=own), TAXONOMY)
    assert tagged.tags[:7] == own
    assert len(tagged.tags) == 9 and "Neural Architecture Search" in tagged.tags[7:]


def test_an_own_tag_equal_to_an_automatic_one_appears_once():
    tagged = tag_paper(NAS.replace(user_tags=("neural architecture search",)), TAXONOMY)
    assert [tag.casefold() for tag in tagged.tags].count("neural architecture search") == 1
