"""Source files whose names are not UTF-8, or hold control characters (as an archive
unpacked from another system leaves them), are read, and named safely on pages and in
messages; every other name is shown as it is."""

from __future__ import annotations

import os

import frontmatter

from generator.readers import safe_name

RIS = "TY  - JOUR\nTI  - {title}\nAB  - The abstract of it.\nPY  - 2020\nAU  - Doe, J.\nER  - \n"


def write_named(folder, name: bytes, text: str) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb") as file:
        file.write(text.encode("utf-8"))


def test_names_not_utf8_or_with_a_newline_are_escaped_on_pages_and_in_messages(project):
    write_named(project.sources, b"caf\xe9.ris", RIS.format(title="A Paper From a Latin-1 Name"))
    write_named(project.sources, b"new\nline.ris", RIS.format(title="A Paper From a Split Name"))
    write_named(project.sources, b"bad\xff.jsonl", '{"title": "No abstract"}\n')
    result = project.generate()
    assert "Traceback" not in result.stderr
    shown = {tuple(frontmatter.load(page)["sources"]) for page in project.paper_pages()}
    assert shown == {("sources/caf\\xe9.ris:1",), ("sources/new\\nline.ris:1",)}
    assert all(b"sources:\n- sources/" in page.read_bytes() for page in project.paper_pages())
    assert 'sources/bad\\xff.jsonl:1: "abstract" is missing' in result.stderr
    assert project.generate().stdout.count("pages: 0 written") == 1  # and nothing changes on the next run


def test_ordinary_names_are_shown_as_they_are():
    for name in ("sources/2024-03-14-trending-papers.txt", "sources/My Library (Zotero).bib",
                 "sources/Literatur Übersicht é 文献.ris", "sources/a\u00a0b.json", "sources/a\\b.bib"):
        assert safe_name(name) == name
    assert safe_name("sources/x\udc80\t\x7f\u2028.bib") == "sources/x\\x80\\t\\x7f\\u2028.bib"
