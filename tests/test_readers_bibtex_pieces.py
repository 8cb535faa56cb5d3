"""The BibTeX reader in pieces kept between runs (`bibtex_blocks`, `strip_comments` with a
memo): a library read from its pieces, however edited, reads as the whole text does."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.readers import ReadSettings, bibtex, bibtex_blocks, bibtex_source, decode
from generator.readers.bibtex_source import _strip_walk, _walk, strip_comments
from tests.conftest import FIXTURES


class _Memo(dict):
    def get(self, key, make):
        if key not in self:
            self[key] = make()
        return self[key]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["%", "\\", "\\\\", "\\%", "{", "}", '"', "@comment", "@preamble", "@a{", " ", "\t", "\n",
                                 "\n@", "\n @", "a"]), max_size=40).map("".join),
       st.integers(1, 3))
def test_comments_stripped_in_pieces_are_those_of_the_whole_walk(monkeypatch, text, blocks):
    monkeypatch.setattr(bibtex_source, "BLOCKS_PER_PIECE", blocks)
    memo = _Memo()
    assert strip_comments(text, memo, "lib.bib") == _strip_walk(text)
    # Found again in the memo, and with an edit, the pieces still give the whole walk.
    assert strip_comments(text, memo, "lib.bib") == _strip_walk(text)
    edited = text.replace("{", "%{", 1)
    assert strip_comments(edited, memo, "lib.bib") == _strip_walk(edited)


def test_a_library_with_comments_is_walked_again_only_in_the_piece_edited(monkeypatch):
    monkeypatch.setattr(bibtex_source, "BLOCKS_PER_PIECE", 2)
    entries = [f"@misc{{e{number}, title = {{Entry {number}}}, note = {{50\\\\% of it}}}} % a comment\n" for number in range(10)]
    memo = _Memo()
    strip_comments("".join(entries), memo, "lib.bib")
    entries[5] = entries[5].replace("Entry 5", "Entry five")
    whole = _strip_walk("".join(entries))
    assert whole.count("a comment") == 0 and whole.count("% of it") == 10
    walked = []
    monkeypatch.setattr(bibtex_source, "_walk", lambda text, state: walked.append(text) or _walk(text, state))
    assert strip_comments("".join(entries), memo, "lib.bib") == whole
    assert walked == ["".join(entries[4:6])]



_SNIPPETS = [
    "@article{a1,\n  title = {One},\n  author = {Doe, Jane},\n  year = 2020,\n}",
    "@article{a2, title = {Two # with hash}, journal = jams}",
    "@string{jams = {J. Amer. Math. Soc.}}",
    "@article{a1,\n  title = {The same key again},\n}",
    "@book(b1, title = {Parenthesised}, publisher = cup)",
    "@string{cup = {Cambridge}}",
    "@misc{m1,\n  title = {Unclosed {brace},\n}",
    "@misc{m2,\n  note = {\n@article is named here},\n  title = {At sign}\n}",
    "@misc{m3, title = {Escaped \\{ brace}}",
    "@misc{m4, title = \"Quoted {value}\", title = {twice}}",
    "% @article{commented, title = {Gone}}",
    "@comment{ text { with } braces }",
    "@preamble{ \"\\newcommand\" }",
    "Free text between entries @ here.",
    "@inproceedings{p1, title = {Crossref child}, crossref = {proc}}",
    "@proceedings{proc, title = {The Proceedings}, year = 1999}",
    "@string{jams = {Redefined}}",
    "@proceedings{, title = {No key}, year = 2001}",
    "@set{s1, entryset = {a1, a2}}",
    "}",
    "@article{",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_SNIPPETS) | st.text(alphabet='@{}()"=,\n% ab\\', max_size=20), max_size=30),
       st.sampled_from(["\n", "\n\n", " "]))
def test_a_library_split_in_pieces_reads_as_one_split_whole(monkeypatch, parts, separator):
    monkeypatch.setattr(bibtex_blocks, "ENTRIES_PER_PIECE", 2)  # the same for every input
    text = separator.join(parts)
    whole = bibtex.read(text, "lib.bib", ReadSettings())
    with bibtex.remembering(_Memo()):
        pieces = bibtex.read(text, "lib.bib", ReadSettings())
    assert pieces == whole
    lines = text.split("\n")
    for record in whole[0]:  # each points at the line its entry starts on
        assert "@" in lines[int(record.source.rsplit(":", 1)[1]) - 1]


_PARTS = st.lists(st.sampled_from(_SNIPPETS) | st.text(alphabet='@{}()"=,\n% ab\\', max_size=20), max_size=30)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_PARTS, st.lists(st.tuples(st.integers(0, 40), st.sampled_from(_SNIPPETS + ["", " "])), max_size=4),
       st.sampled_from(["\n", "\n\n"]))
def test_pieces_kept_from_an_earlier_text_read_the_next_text_as_a_whole_read(monkeypatch, before, edits, separator):
    # Successive runs (and the live preview, whose memo stays in memory) find the
    # pieces and entries of the last text: an edited library must read as if new.
    monkeypatch.setattr(bibtex_blocks, "ENTRIES_PER_PIECE", 2)
    after = list(before)
    for at, part in edits:  # an edit, an insertion or a removal somewhere in the library
        if at < len(after) and part:
            after[at] = part
        elif at < len(after):
            del after[at]
        else:
            after.append(part)
    memo = _Memo()
    with bibtex.remembering(memo):
        bibtex.read(separator.join(before), "lib.bib", ReadSettings())
        again = bibtex.read(separator.join(after), "lib.bib", ReadSettings())
    assert again == bibtex.read(separator.join(after), "lib.bib", ReadSettings())


def test_lines_after_a_tex_line_break_at_the_end_of_a_line():
    # bibtexparser's own count misses a line end after a backslash.
    text = ("@article{a,\n  title = {One},\n  abstract = {First line\\\\\n second line},\n}\n\n"
            "@article{a,\n  title = {Two},\n}\n@article{b,\n  year = {2020},\n}\n@article{c, title = {Three}}\n")
    for memo in (None, _Memo()):
        with bibtex.remembering(memo):
            records, problems = bibtex.read(text, "x.bib", ReadSettings())
        assert [(problem.line, problem.message[:28]) for problem in problems] == [
            (7, "duplicate key 'a' (first use"), (10, "entry 'b' has no title; skip")]
        assert "first used on line 1)" in problems[0].message
        assert [record.source for record in records] == ["x.bib:1", "x.bib:7", "x.bib:13"]


@pytest.mark.parametrize("path", sorted((FIXTURES / "libraries").glob("*.bib")) + sorted((FIXTURES / "readers" / "bibtex").glob("*.bib")),
                         ids=lambda path: path.name)
def test_real_libraries_split_in_pieces_read_as_split_whole(monkeypatch, path):
    monkeypatch.setattr(bibtex_blocks, "ENTRIES_PER_PIECE", 3)
    text = decode(path.read_bytes())
    memo = _Memo()
    whole = bibtex.read(text, path.name, ReadSettings())
    with bibtex.remembering(memo):
        assert bibtex.read(text, path.name, ReadSettings()) == whole
        # Read again from the pieces kept: entries found by their text, or split again
        # when every line moved (one more line at the top).
        assert bibtex.read(text, path.name, ReadSettings()) == whole
        moved = bibtex.read("\n" + text, path.name, ReadSettings())
    assert moved == bibtex.read("\n" + text, path.name, ReadSettings())
    # Split in pieces but for the damaged one, whose braces do not balance, and those of one piece.
    # A piece starts at an `@` after a line break: with the line added above, a library of
    # exactly a piece's count of entries has its last one cut off too.
    several = len(re.findall(r"(?m)^[%\s]*@", text)) >= bibtex_blocks.ENTRIES_PER_PIECE
    assert any(key[1].startswith("split") for key in memo) == (path.name != "damaged-entries.bib" and several)


def test_a_library_of_keys_used_twice_read_again_splits_no_piece(monkeypatch):
    # Mendeley keys by author and year: two papers under one key are both read, the same
    # entry twice once. Whether two entries say the same is kept, not found from their fields.
    monkeypatch.setattr(bibtex_blocks, "ENTRIES_PER_PIECE", 2)
    entries = []
    for number in range(8):
        entries.append(f"@article{{Smith2019,\n  title = {{Paper {number}}},\n  year = {{2019}}\n}}\n")
        entries.append(f"@article{{Lee2020,\n  title = {{Same {number % 2}}},\n  year = {{2020}}\n}}\n")
    text = "\n".join(entries)
    whole = bibtex.read(text, "lib.bib", ReadSettings())
    # Each is compared with the first entry of its key: Lee2020's "Same 0" again is skipped.
    assert len(whole[0]) == 13 and len(whole[1]) == 14
    memo = _Memo()
    with bibtex.remembering(memo):
        assert bibtex.read(text, "lib.bib", ReadSettings()) == whole
        split = []
        original = bibtex_blocks._split_piece
        monkeypatch.setattr(bibtex_blocks, "_split_piece", lambda piece: split.append(piece) or original(piece))
        assert bibtex.read(text, "lib.bib", ReadSettings()) == whole
    assert split == []
