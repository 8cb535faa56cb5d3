"""A person's name in reading order, from the parts a format gives.

Western names read given name first ("Jane Doe"); Chinese, Japanese and Korean
names written in their own scripts read family name first, without a space
("王小明" from `王, 小明`), as their authors write them. MEDLINE writes a name as
the family name, then the initials without full stops ("Smith JA", EPPI-Reviewer's
"Brownstein C D"): it reads "J. A. Smith", as a citation needs it.

A list cut short ends in a name that is no person: Cochrane's RIS writes `AU  - et al.`
after its tenth author, BibTeX `and others`. A record's list then ends in `CUT_SHORT`, so
that merging lets a fuller list of the same people win; no paper shows it.
"""

from __future__ import annotations

import re

# Han, kana and Hangul (and the middle dots names use), nothing else.
EAST_ASIAN = re.compile(
    "^[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0002fa1f\u00b7\u30fb]+$"
)


# "et al.", "et al", "et. al.", "and others", "others", "…", "...": the rest of a list left unnamed.
# NASA ADS writes its dots spaced, as a name without a family name: `{}, . . .`, RIS's `AU  - , . . .`.
MORE_PEOPLE = re.compile(r"^\s*(?:\{\}\s*)?,?\s*(?:and\s+)?\{?(?:et\.?\s*al(?:ii|ia)?\.?|others|\.(?:\s*\.){2}|…|и\s*др\.?)\}?\s*[.,;]?\s*$",
                         re.IGNORECASE)
# The same mark written after the last person named, inside that person's name: `Bakhteev, Oleg et al.`,
# `Cournapeau D, et al.`, `K. A. Olive et al.`, the Russian `Бахтеев, Олег и др.` ("and others").
# Looked for in the name's last characters alone: searched for through a whole name, a run of spaces
# in it would be scanned from each of its characters.
MORE_AT_END = re.compile(r"(?:\bet\.?\s{0,3}al(?:ii|ia)?\.?|\bи\s{0,3}др\.?)$", re.IGNORECASE)
MORE_AT_END_LENGTH = 16


def without_trailing_more(name: str) -> tuple[str, bool]:
    """`name` without the mark written after it, after a space or a comma, and whether it had
    one; a name that is the mark alone is left as it is (`MORE_PEOPLE` tells it)."""
    text = name.rstrip()
    tail = text[-MORE_AT_END_LENGTH:]
    found = MORE_AT_END.search(tail)
    if found is None:
        return name, False
    before = text[:len(text) - len(tail) + found.start()]
    rest = before.rstrip()
    if rest == before and not rest.endswith(","):  # glued to the name: "Bet al" is no mark
        return name, False
    if found.group()[:1].isupper() and found.group()[1:3].isalpha() and not rest.endswith(","):
        return name, False  # "Etal" written as a name after a given name (`Adam Etal`) is a family name
    rest = rest[:-1].rstrip() if rest.endswith(",") else rest
    return (rest, True) if rest.strip() else (name, False)


# A record's authors end in it when the source said that more people follow unnamed.
CUT_SHORT = "…"


def named_people(names) -> tuple[str, ...]:
    """The names that are people: a mark that the list goes on unnamed ("et al.") is not."""
    return tuple(name for name in names if not MORE_PEOPLE.match(name))


def people_of(names) -> tuple[str, ...]:
    """The names that are people, then `CUT_SHORT` if a mark said that the list goes on."""
    names = list(names)
    people = named_people(names)
    return (*people, CUT_SHORT) if people and len(people) < len(names) else people


def is_cut_short(authors: tuple[str, ...]) -> bool:
    return bool(authors) and authors[-1] == CUT_SHORT


def without_mark(authors: tuple[str, ...]) -> tuple[str, ...]:
    return authors[:-1] if is_cut_short(authors) else authors


def full_name(given: str, family: str, particle: str = "", suffix: str = "") -> str:
    """"Given particle Family suffix", or "FamilyGiven" for a name in an East Asian script."""
    given, family = given.strip(), family.strip()
    if given and family and not particle.strip() and not suffix.strip() and EAST_ASIAN.match(given) and EAST_ASIAN.match(family):
        return family + given
    return " ".join(" ".join(part.split()) for part in (given, particle, family, suffix) if part.strip())


# "Smith JA", "Brownstein C D", "van der Berg M", "Ford H II": a family name with a small letter in it,
# then one to three capitals (joined or apart), then perhaps a generational suffix.
# Two parts, as `medline_name` reads a name: matched at once as one expression, the family
# name's last word was tried letter by letter, each time to its end, and a long one cost its square.
MEDLINE_FAMILY = re.compile(r"[^\W\d_][\w'’-]*(?: [\w'’-]+)*")
MEDLINE_INITIALS = re.compile(r" (?P<initials>[A-Z]{1,3}|[A-Z](?: [A-Z]){1,2})(?: (?P<suffix>Jr|Sr|II|III|IV|2nd|3rd))?$")


def medline_name(name: str) -> str | None:
    """"J. A. Smith" of MEDLINE's "Smith JA"; None for a name not written so."""
    text = " ".join(name.split())
    # The initials and a suffix are four words at most: the family name ends at one of the
    # last four spaces, the first that leaves it a small letter in its last word.
    for cut in [space.start() for space in re.finditer(" ", text)][-4:]:
        family, tail = text[:cut], MEDLINE_INITIALS.match(text, cut)
        last_word = family[family.rfind(" ") + 1 :] if " " in family else family[1:]
        if tail and MEDLINE_FAMILY.fullmatch(family) and re.search("[a-z]", last_word):
            initials = " ".join(f"{letter}." for letter in tail.group("initials").replace(" ", ""))
            return full_name(initials, family, suffix=tail.group("suffix") or "")
    return None


# An author object's names: one whole name, or the given names and the family name.
WHOLE_NAMES = ("name", "literal")
NAME_PARTS = (("given", "family"), ("firstName", "lastName"), ("first", "last"))
CSL_NAME_EXTRAS = ("dropping-particle", "non-dropping-particle", "suffix")


def person_named(item: dict):
    """The name an author object gives, "" for one that names nobody; the object itself (a line
    problem) when it holds its names in no way these are written."""
    for key in WHOLE_NAMES:
        if isinstance(item.get(key), str) and item[key].strip():
            return item[key]
    for given, family in NAME_PARTS:
        parts = [item.get(given), item.get(family)]
        if any(isinstance(part, str) for part in parts):
            # CSL's particles and suffix, as its readers write them ("Vincent van Gogh", "Martin Luther King Jr.").
            text = {key: item[key] if isinstance(item.get(key), str) else "" for key in CSL_NAME_EXTRAS}
            particle = " ".join(part for part in (text["dropping-particle"], text["non-dropping-particle"]) if part.strip())
            return full_name(*(part if isinstance(part, str) else "" for part in parts), particle, text["suffix"])
    # A name key that is null (Semantic Scholar's `{"name": null}`) names nobody; no name key is a problem.
    return "" if any(key in item for key in WHOLE_NAMES) else item


def names_in(text: str) -> list[str]:
    """The names in one string: split at `;` or " and ", else at commas when each part is a
    whole name ("Ada Lovelace, Alan Turing", not "Lovelace, Ada")."""
    for separator in (";", " and "):
        if separator in text:
            return [name.strip() for name in text.split(separator) if name.strip()]
    parts = [part.strip() for part in text.split(",") if part.strip()]
    return parts if len(parts) > 1 and all(" " in part for part in parts) else [text.strip()] if text.strip() else []
