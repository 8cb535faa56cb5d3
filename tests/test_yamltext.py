"""YAML written through libyaml has the bytes PyYAML's own emitter gives, whatever the text."""

from __future__ import annotations

import frontmatter
import pytest
import yaml
from hypothesis import given, settings, strategies as st

from generator import yamltext

OPTIONS = dict(default_flow_style=False, allow_unicode=True, sort_keys=False, width=1000)

# Every character a read value can hold (the readers replace lone surrogates and U+0085),
# with the ones libyaml escapes and a few of YAML's own.
CHARACTERS = st.one_of(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85"),
    st.sampled_from("\u2028\u2029\U0001d4b3\U0001f917\ufeff\t\n\r\"'#:-? "),
)
TEXT = st.text(CHARACTERS, max_size=60)
# Keys as addresses.yml has them (slugs, identities), and any at all.
KEYS = st.one_of(st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=300), TEXT)
FRONT_MATTER = st.fixed_dictionaries(
    {"title": TEXT, "authors": st.lists(TEXT, max_size=3), "tags": st.lists(TEXT, max_size=3)},
    optional={
        "ids": st.dictionaries(st.sampled_from(["arxiv", "doi"]), TEXT),
        "search": st.just({"exclude": True}),
        "papers": st.dictionaries(KEYS, TEXT, max_size=4),
    },
)


@pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="this PyYAML has no libyaml")
@settings(max_examples=3000, deadline=None)
@given(FRONT_MATTER)
def test_front_matter_is_what_pyyaml_writes(meta):
    assert yamltext.dump(meta, **OPTIONS) == yaml.dump(meta, Dumper=yaml.SafeDumper, **OPTIONS)
    post = frontmatter.Post("Body text.\n", **meta)
    assert yamltext.page(post) == frontmatter.dumps(post, Dumper=yaml.SafeDumper, sort_keys=False, width=1000) + "\n"


@pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="this PyYAML has no libyaml")
def test_libyaml_writes_what_it_writes_alike_and_the_rest_goes_to_pyyaml():
    assert yamltext.dumper_for({"title": "Graph networks", "tags": ["a", "b"]}) is yaml.CSafeDumper
    for odd in ("A \U0001f917 model", "Scoring \U0001d4b3"):
        assert yamltext.dumper_for({"authors": ["x", odd]}) is yaml.SafeDumper
    for key in ("", "line\rbreak", "caf\u00e9"):
        assert yamltext.dumper_for({"moved": {key: "x"}}) is yaml.SafeDumper
    page = yamltext.page(frontmatter.Post("x\n", title="Scoring \U0001d4b3 with \U0001f917"))
    assert "title: Scoring \U0001d4b3 with \U0001f917\n" in page  # readable, not escaped


@settings(max_examples=500, deadline=None)
@given(FRONT_MATTER)
def test_what_is_written_reads_back(meta):
    assert yamltext.load(yamltext.dump(meta, **OPTIONS)) == meta


@pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="this PyYAML has no libyaml")
def test_a_line_break_u0085_reads_back_whatever_else_the_value_holds():
    # PyYAML's emitter writes it in a single-quoted line that reads back as spaces.
    for title in ("a\x85b", "\U0001f917 faces\x85", "\U00010000\x850"):
        assert frontmatter.loads(yamltext.page(frontmatter.Post("x\n", title=title)))["title"] == title
