"""Broken taxonomy files: each mistake is reported as `path:line: what is wrong`, and a
small valid file loads with all its fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import TaxonomyError, assign_tags, load_taxonomy


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "taxonomy.yml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
families:
  Methods:
    - name: Pruning
      phrases: [pruning]
    - name: Quantization
      description: Low-precision networks.
      phrases: [quantization]
      weak: [bits]
      exclude: [vector quantization]
"""


def test_a_small_valid_file_loads(tmp_path):
    tax = load_taxonomy(write(tmp_path, GOOD))
    assert tax.families == ("Methods",)
    assert [t.name for t in tax.tags] == ["Pruning", "Quantization"]
    quant = tax.get("quantization")
    assert quant.description == "Low-precision networks." and quant.family == "Methods"
    assert quant.phrases == ("quantization",) and quant.slug == "quantization"
    assert quant.weak == ("bits",) and quant.exclude == ("vector quantization",)
    assert tax.get("pruning").description == ""
    assert assign_tags("Vector quantization before pruning", "", tax) == ["Pruning"]  # excluded sense
    assert assign_tags("Vector quantization of pruned nets", "", tax) == ["Pruning"]


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:")
    return message


def test_yaml_syntax_error_reports_path_and_line(tmp_path):
    message = error_of(tmp_path, GOOD + "    - name: Broken\n      phrases: [unclosed\n  Tasks: {\n")
    line = int(message.split(":")[1])
    assert 10 <= line <= 13, message


def test_a_tag_without_phrases_reports_its_line(tmp_path):
    text = GOOD + "    - name: Distillation\n      description: No phrases here.\n"
    message = error_of(tmp_path, text)
    assert message.split(":")[1] == "10" and "Distillation" in message and "phrases" in message


def test_a_tag_without_a_name_reports_its_line(tmp_path):
    message = error_of(tmp_path, GOOD + "    - phrases: [distillation]\n")
    assert message.split(":")[1] == "10" and "name" in message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("phrases: [pruning]", "phrases: []"), 4, "empty"),
        (GOOD.replace("phrases: [pruning]", "phrases: pruning"), 4, "list"),
        (GOOD.replace("phrases: [pruning]", "phrase: [pruning]"), 4, "unknown key"),
        (GOOD.replace("name: Quantization", "name: pruning"), 5, "repeats"),
        (GOOD.replace("families:", "tags:"), 1, "families"),
        ("", 1, "empty"),
        ("families:\n  Methods:\n", 2, "non-empty list"),
        ("families:\n  Methods:\n    - name: A\n      phrases: [\"!!!\"]\n", 4, "no letters"),
    ],
)
def test_other_mistakes_report_path_line_and_problem(tmp_path, text, line, words):
    message = error_of(tmp_path, text)
    assert message.split(":")[1] == str(line), message
    assert words in message


def test_a_missing_file_is_a_taxonomy_error(tmp_path):
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "nope.yml")


def test_a_tag_stands_for_arxiv_categories_given_by_their_codes(tmp_path):
    text = GOOD.replace("      phrases: [pruning]\n", "      phrases: [pruning]\n      categories: [cs.NE, math.IT]\n")
    tax = load_taxonomy(write(tmp_path, text))
    # Codes as arXiv writes them now: math.IT is an alias of cs.IT.
    assert tax.get("pruning").categories == ("cs.NE", "cs.IT") and tax.get("quantization").categories == ()
    line = text.splitlines().index("      categories: [cs.NE, math.IT]") + 1
    unknown = error_of(tmp_path, text.replace("math.IT", "cs.XY"))
    assert f":{line}: the categories of tag 'Pruning': 'cs.XY' is not an arXiv category" in unknown
    twice = text.replace("      weak: [bits]\n", "      weak: [bits]\n      categories: [cs.IT]\n")
    assert "the categories of tag 'Quantization': cs.IT is already the tag 'Pruning'" in error_of(tmp_path, twice)


def test_a_phrase_of_a_thousand_words_loads_and_tags(tmp_path):
    # Its words are a tree that deep: walked by a function calling itself, Python stopped it.
    long_phrase = " ".join(f"word{number}" for number in range(1_000))
    tax = load_taxonomy(write(tmp_path, GOOD.replace("phrases: [pruning]", f"phrases: [pruning, '{long_phrase}']")))
    assert assign_tags(long_phrase, "", tax) == ["Pruning"]
    assert assign_tags("word0 word1 word2", "", tax) == []


def _unblock_after(path: Path, seconds: float) -> None:
    """Open `path`, a named pipe, for writing once `seconds` passed, if anyone reads it: a
    reader waiting for a writer would otherwise wait for ever."""
    import os
    import threading
    import time

    def writer():
        time.sleep(seconds)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass  # no reader: nothing waits

    threading.Thread(target=writer, daemon=True).start()


def test_a_taxonomy_that_is_a_named_pipe_is_an_error_not_a_wait(tmp_path):
    import os

    path = tmp_path / "taxonomy.yml"
    os.mkfifo(path)
    _unblock_after(path, 3)
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(path)
    assert str(error.value) == f"{path}: a named pipe, socket or device, not a file; cannot read the taxonomy"
