"""A person's notes (`sources/notes/<slug>.md`) matched to the papers they are about.

Responsible for deciding which paper shows each notes file: the paper at the
file's address, else the paper that address moved to (`addresses.yml`'s
`moved:`), so a note follows its paper when a title edit gives it a new
address; and for saying so, and for naming a file no paper shows. Nothing
more: the files are read by `archive.read_notes`, and never renamed or moved,
since they are the person's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Problem
from generator.readers.decoding import NotText


@dataclass
class Notes:
    """The notes files (address in the file name → text), and where each is shown."""

    files: dict[str, str]
    shown_at: dict[str, str]  # file's address → the address of the paper showing it
    unreadable: dict[str, NotText] = field(default_factory=dict)  # files that are not text: shown nowhere

    def on_page(self, slug: str) -> str | None:
        """The notes a paper's page shows: those kept at its earlier addresses first (by
        name), as they were written first, then its own file; a blank line between."""
        return self._joined(self.shown_on(slug))

    def shown_on(self, slug: str) -> list[str]:
        """The addresses of the files a paper's page shows, in the order `on_page` joins them."""
        return self._grouped().get(slug, [])

    def by_paper(self) -> dict[str, str]:
        """Address of a paper → the notes its page shows (see `on_page`)."""
        found = {slug: self._joined(stems) for slug, stems in self._grouped().items()}
        return {slug: text for slug, text in found.items() if text is not None}

    def _grouped(self) -> dict[str, list[str]]:
        """Address of a paper → the files it shows, in the order `on_page` joins them; made
        anew each time, as `--keep-edits` adds files."""
        grouped: dict[str, list[str]] = {}
        for stem, slug in sorted(self.shown_at.items(), key=lambda item: (item[0] == item[1], item[0])):
            grouped.setdefault(slug, []).append(stem)
        return grouped

    def _joined(self, stems: list[str]) -> str | None:
        texts = [self.files[stem].strip() for stem in stems if self.files[stem].strip()]
        return "\n\n".join(texts) if texts else None

    def followed(self) -> dict[str, str]:
        """The files shown on a paper whose address is not theirs: file's address → paper's."""
        return {stem: slug for stem, slug in sorted(self.shown_at.items()) if stem != slug}


def place(files: dict[str, str], slugs: set[str], moved: dict[str, str], unreadable: dict[str, NotText] | None = None) -> Notes:
    """Each notes file shown at its own address when a paper has it, else at the one
    its address moved to; a file matching neither is shown nowhere, nor one that is
    not text (`unreadable`)."""
    shown_at = {}
    for stem in files:
        if stem in slugs:
            shown_at[stem] = stem
        elif moved.get(stem) in slugs:
            shown_at[stem] = moved[stem]
    return Notes(files, shown_at, dict(unreadable or {}))


def notices(notes: Notes, shown) -> list[str]:
    """One line per file shown at a moved address; `shown(stem)` is how a file is named."""
    found = []
    for stem, slug in notes.followed().items():
        if slug in notes.files:
            where = f"shown there, above the note in {shown(slug)} (joining the two files is optional)"
        else:
            where = f"shown there (renaming the file to {shown(slug)} is optional)"
        found.append(f"{shown(stem)}: its paper moved to the address '{slug}'; the note is {where}")
    return found


def problems(notes: Notes, shown) -> list[Problem]:
    """A file no paper shows: it was written for a paper that is gone, or its name has a
    typo; or its bytes are not text (a Windows editor's ANSI), said with their line."""
    unshown = [
        Problem(shown(stem), None, f"no paper has the address '{stem}'; the note is not published")
        for stem in sorted(notes.files)
        if stem not in notes.shown_at
    ]
    return unshown + [
        Problem(shown(stem), error.line, f"{error}; the note is not published until then")
        for stem, error in sorted(notes.unreadable.items())
    ]
