"""Source files in other encodings than UTF-8: decoded by their byte-order mark or the
`% Encoding:` line JabRef writes at their top, for every format; bytes that are not
text are one `path:line: problem`, never a traceback."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import source_cache
from generator.cache import Cache
from generator.readers import ReadSettings, parse_source, read_sources
from tests.conftest import FIXTURES
from tests.golden import as_json

CASES = sorted(path for path in (FIXTURES / "readers" / "encodings").iterdir() if not path.name.endswith(".expected.json"))
SETTINGS = ReadSettings()


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.name)
def test_golden(case: Path):
    # As `tests/golden.py`, but from the file's bytes: decoding is what these cases show.
    found = as_json(*parse_source(case, case.read_bytes(), f"sources/{case.name}", SETTINGS))
    expected = case.with_suffix(".expected.json")
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert found == json.loads(expected.read_text("utf-8"))


def read(name: str, data: bytes):
    return parse_source(Path(name), data, f"sources/{name}", SETTINGS)


def test_jabref_libraries_with_a_byte_order_mark_are_read():
    [turkey], problems = read("lib.bib", (FIXTURES / "readers" / "encodings" / "jabref-utf16le-bom.bib").read_bytes())
    assert problems == []
    assert turkey.title == "Investigation of the best suture pattern to close a stuffed Christmas turkey"
    assert turkey.doi == "10.1136/vr.d6221" and turkey.source == "sources/lib.bib:5"
    [umlaut], problems = read("lib.bib", (FIXTURES / "readers" / "encodings" / "jabref-utf16be-bom-cr.bib").read_bytes())
    assert problems == [] and umlaut.title == "Ü ist ein Umlaut" and umlaut.source == "sources/lib.bib:3"


JABREF_1252 = ("% This file was created with JabRef 2.10.\n% Encoding: Cp1252\n\n"
               "@article{Muller2010,\n  author = {Müller, Jürgen},\n  title = {Café au lait at 25° C},\n"
               "  abstract = {Measured at 25° C – twice.},\n  year = {2010}\n}\n")


def test_a_declared_encoding_is_read_and_bytes_that_are_utf8_stay_utf8():
    [record], problems = read("lib.bib", JABREF_1252.encode("cp1252"))
    assert problems == []
    assert (record.title, record.authors, record.abstract) == ("Café au lait at 25° C", ("Jürgen Müller",), "Measured at 25° C – twice.")
    # A library saved again as UTF-8 by another tool keeps JabRef's old line: its bytes say UTF-8.
    [again], problems = read("lib.bib", JABREF_1252.encode("utf-8"))
    assert problems == [] and again == record


def test_every_format_reads_a_byte_order_mark():
    ris = "TY  - JOUR\nTI  - Ünïcode in RIS\nAU  - Doe, Jane\nER  - \n"
    csl = '[{"type": "article-journal", "title": "Ünïcode in CSL JSON", "id": "a"}]'
    jsonl = '{"title": "Ünïcode in JSON Lines", "abstract": "A."}\n{"title": "Second Line", "abstract": "B."}\n'
    for name, text in (("x.ris", ris), ("x.json", csl), ("x.jsonl", jsonl)):
        for codec, mark in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-8", codecs.BOM_UTF8),
                            ("utf-32-le", codecs.BOM_UTF32_LE)):
            records, problems = read(name, mark + text.replace("\n", "\r\n").encode(codec))
            assert problems == [], (name, codec)
            assert records[0].title.startswith("Ünïcode in"), (name, codec)
            assert records[0].source == f"sources/{name}:1"


def test_utf16_saved_without_a_byte_order_mark_is_read_in_every_format(tmp_path):
    # JabRef's tiny-BE-noBOM.bib (fixtures/readers/encodings) is such a file; UTF-8 reads its bytes
    # without an error, as text full of NUL characters.
    ris = "TY  - JOUR\nTI  - Saved in RIS\nER  - \n"
    csl = '[{"type": "article-journal", "title": "Saved in CSL JSON", "id": "a"}]'
    jsonl = '{"title": "Saved in JSON Lines", "abstract": "A."}\n{"title": "Second Line", "abstract": "B."}\n'
    (tmp_path / "sources").mkdir()
    for name, text in (("x.ris", ris), ("x.json", csl), ("x.jsonl", jsonl)):
        for codec in ("utf-16-le", "utf-16-be"):
            records, problems = read(name, text.encode(codec))
            assert problems == [] and records[0].title.startswith("Saved in"), (name, codec)
            (tmp_path / "sources" / f"{codec}-{name}").write_bytes(text.encode(codec))
    found = source_cache.read_sources(Cache(tmp_path / "cache"), tmp_path / "sources", tmp_path, SETTINGS)
    assert found[:2] == read_sources(tmp_path / "sources", tmp_path, SETTINGS) and len(found[0]) == 8 and found[1] == []


def test_bytes_that_are_not_text_are_one_problem_at_their_line(tmp_path):
    cases = {
        "plain.bib": (b"@misc{a, title = {Fine}}\n@misc{b, title = {Caf\xe9}}\n", 2, "not UTF-8 text (byte 46); save it as UTF-8"),
        "declared.bib": ((FIXTURES / "readers" / "encodings" / "jabref-utf8-declared-windows-1252-bytes.bib").read_bytes(), 4,
                         "not UTF-8 text (byte 47), as its `% Encoding:` line says; save it as UTF-8"),
        "unknown.bib": (b"% Encoding: x-MacRoman\n\n@misc{a, title = {Caf\x8e}}\n", 3,
                        "not UTF-8 text (byte 45), and `% Encoding:` names 'x-MacRoman', an encoding not known here; save it as UTF-8"),
        "undefined.bib": (b"% Encoding: windows-1252\n@misc{a,\n title = {\x81}}\n", 3,
                          "not windows-1252 text (byte 44), as its `% Encoding:` line says; save it as UTF-8"),
        "odd.ris": (codecs.BOM_UTF16_LE + "TY  - JOUR\r\nTI  - Cut\r\n".encode("utf-16-le") + b"\x00", 3,
                    "not UTF-16 text (byte 48), as its byte-order mark says; save it as UTF-8"),
    }
    for name, (data, line, message) in cases.items():
        assert read(name, data) == ([], [_problem(name, line, message)]), name
        (tmp_path / "sources").mkdir(exist_ok=True)
        (tmp_path / "sources" / name).write_bytes(data)
    # The cache reads the same, and says the same.
    found = read_sources(tmp_path / "sources", tmp_path, SETTINGS)
    assert found == source_cache.read_sources(Cache(tmp_path / "cache"), tmp_path / "sources", tmp_path, SETTINGS)[:2]
    assert [str(problem) for problem in found[1]] == [f"sources/{name}:{line}: {message}" for name, (_, line, message) in sorted(cases.items())]


def _problem(name, line, message):
    from generator.model import Problem
    return Problem(f"sources/{name}", line, message)


def test_pages_of_a_windows_1252_library_and_a_utf16_export(project):
    project.add_source("jabref.bib", JABREF_1252.encode("cp1252"))
    project.add_source("endnote.ris", codecs.BOM_UTF16_LE + "TY  - JOUR\r\nTI  - Ünïcode in RIS\r\nAU  - Doe, Jane\r\nER  - \r\n".encode("utf-16-le"))
    project.generate()
    pages = {page["title"]: page for page in map(frontmatter.load, project.paper_pages())}
    assert sorted(pages) == ["Café au lait at 25° C", "Ünïcode in RIS"]
    assert pages["Café au lait at 25° C"]["authors"] == ["Jürgen Müller"]
    assert "Measured at 25° C – twice." in pages["Café au lait at 25° C"].content
    assert "title = {Café au lait at 25° C}" in (project.docs / "papers.bib").read_text("utf-8")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE,
                        b"% Encoding: windows-1252\n", b"% Encoding: UTF-16\n", b"% Encoding: nonsense\n", b"%Encoding:cp1252\r\n"]),
       st.binary(max_size=200), st.sampled_from(["x.bib", "x.ris", "x.json", "x.jsonl", "x.txt", "x.xml"]))
def test_any_bytes_give_records_or_problems(start, data, name):
    records, problems = read(name, start + data)
    assert all(problem.path == f"sources/{name}" for problem in problems)
    assert all(record.title for record in records)


def test_the_registry_names_each_readers_own_extensions():
    """The registry imports a reader when a file it claims is read: its table of
    extensions must be the modules' own."""
    import importlib

    from generator import readers

    for name, extensions in readers.READERS:
        assert importlib.import_module(f"generator.readers.{name}").EXTENSIONS == extensions
