"""A person's keywords (BibTeX `keywords`, JSON Lines `tags`, …) as tags people can use.

Responsible for telling which of a person's keywords are the same
(`keyword_key`: case, plural, punctuation and Unicode forms ignored), which
name a known topic (a taxonomy tag, by its name or one of its phrases, or an
arXiv category, by code or by the "Computer Science - Machine Learning" names
reference managers write), and which are no topic at all: workflow labels
(`unread`, `to-read`, …), text with no letters, sentences. Deciding how many
papers a keyword needs and how many tags a paper shows is `topics.py`'s work.
Every function takes any text and runs in time linear in its length.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from generator import categories
from generator.taxonomy import Taxonomy

# Labels reference managers and people use to track reading, not topics.
DEFAULT_WORKFLOW_LABELS = (
    "unread", "read", "to read", "toread", "to-read", "to do", "todo", "done",
    "important", "printed", "to print", "favorite", "favourite", "starred", "skimmed",
    "reviewed", "to review", "in progress", "priority", "maybe", "later", "check", "cited",
    "imported", "duplicate", "no doi found", "no pdf", "_tablet", "_tablet_modified", "viewed", "unreviewed",
    "finished", "bookmark", "bookmarked",
    # JabRef's marks (priority, rank, quality, relevance), which it can keep in `keywords`.
    "prio1", "prio2", "prio3", "rank1", "rank2", "rank3", "rank4", "rank5", "qualityassured", "relevant",
)
# What PubMed and Embase give nearly every record besides its subjects: MeSH's check tags (who
# was studied) and Embase's document labels. On a medical library's pages, "Humans" on 680 papers.
CHECK_TAGS = (
    "humans", "animals", "male", "female", "adult", "aged", "aged, 80 and over", "middle aged", "young adult",
    "adolescent", "child", "child, preschool", "infant", "infant, newborn", "pregnancy",
    "article", "human", "nonhuman", "priority journal", "major clinical study", "controlled study", "clinical article",
    "double-blind method", "single-blind method",
    # The mark EPPI-Reviewer's RIS export writes on every record (`KW  - eppi-reviewer`), and
    # BibSonomy's `dblp` account on every post it copies from DBLP (`keywords = {dblp}`).
    "eppi-reviewer", "eppi-reviewer 4", "dblp",
)
MAX_KEYWORD_LENGTH = 60  # longer "keywords" are sentences or pasted text, not labels

# Separators inside keywords: spaces, dashes, underscores, slashes and punctuation.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_/\\.,;:!?'\"`\u2018\u2019()\[\]{}<>*|·•…]+")
_LETTER = re.compile(r"[^\W\d_]")
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['\u2019]s\b")


_OUTER = " \t.,;:!?'\"`()[]{}<>*|·•…_/\\-"
_PAIRS = {"(": ")", "[": "]", "{": "}"}


def tidy(text: str) -> str:
    """A keyword as shown: Unicode-normalised, spacing collapsed, outer punctuation gone.
    A hashtag's `#` goes but C#'s stays, and so does a bracket whose partner is kept:
    "Lasso (statistics)", "(Un)supervised", and a star after a word ("A*")."""
    text = " ".join(unicodedata.normalize("NFKC", str(text)).split())
    start = len(text) - len(text.lstrip(_OUTER + "#@"))
    end = len(text.rstrip(_OUTER))
    if start >= end:
        return ""
    while end < len(text) and text[end] == "*" and text[0] != "*":  # A*, unless `*emphasis*`
        end += 1
    for opener, closer in _PAIRS.items():
        unclosed = text.count(opener, start, end) - text.count(closer, start, end)
        while unclosed > 0 and end < len(text) and text[end] == closer:
            end, unclosed = end + 1, unclosed - 1
        while unclosed < 0 and start and text[start - 1] == opener:
            start, unclosed = start - 1, unclosed + 1
    return text[start:end]


def _singular(word: str) -> str:
    """Plural to singular for the ends of English words; enough for keyword identity."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics", "as", "os")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=1 << 14)
def keyword_key(text: str) -> str:
    """The identity of a keyword: "Neural-Networks" = "neural network" = "NEURAL NETWORKS".
    A short word in capitals is an acronym, not a plural: "AIDS" is not "aid"."""
    # A possessive is one word: "Children's literature" = "Childrens literature" = "children’s literature".
    text = _POSSESSIVE.sub("s", unicodedata.normalize("NFKC", str(text)))
    words = (word.lstrip("#@") for word in _SEPARATORS.split(text))
    return " ".join(_folded(word) if _acronym(word) else _singular(_folded(word)) for word in words if word)


def _folded(word: str) -> str:
    # Case folding gives "İ" an "i" with a combining dot: "İstanbul" would not be "istanbul".
    return word.casefold().replace("i\u0307", "i")


def _acronym(word: str) -> bool:
    return len(word) <= 4 and word.isupper()


@dataclass(frozen=True)
class Known:
    """Keyword keys that name a topic the archive already has, and those that are no topic."""

    topics: dict[str, str]  # key -> tag name (taxonomy tag or arXiv category)
    workflow: frozenset[str]
    by_phrase: frozenset[str] = frozenset()  # keys that name a tag of the taxonomy's field only there
    codes: dict[str, str] = field(default_factory=dict)  # key -> the arXiv category it names
    field_names: frozenset[str] = frozenset()  # of those, the keys of the tags' own names
    by_text: frozenset[str] = frozenset()  # names of several words, which an abstract may contradict

    def classify(self, keyword: str, in_field=lambda: True, has_abstract: bool = False) -> tuple[str, str]:
        """("topic", tag name), ("keyword", shown text) or ("dropped", reason) for one keyword.
        A keyword equal to a tag's phrase is that tag only for a paper `in_field()` (see
        `tagging.assign_tags`): "Transformer" on a paper about power grids stays the person's;
        one equal to the tag's name is dropped there ("Pruning" of apple trees). A name of
        several words says the field itself ("Diffusion Models" on a paper known by its
        title alone), unless the paper's abstract shows it outside ("Learning theories" of
        literacy education)."""
        shown = tidy(keyword)
        key = keyword_key(shown)
        if not key or not _LETTER.search(shown):
            return "dropped", "no letters"
        if key in self.workflow:
            return "dropped", "workflow label"
        if key in CHECK_KEYS:
            return "dropped", "a database's check tag"
        if key not in self.topics and (named := _named_twice(shown)) is not None:
            # "Convolutional Neural Networks (CNN)", as IEEE and Zotero write a term and its acronym.
            key = next((keyword_key(part) for part in named if keyword_key(part) in self.topics), key)
        if key in self.topics and (key not in self.by_phrase or in_field()) and \
                (key not in self.by_text or not has_abstract or in_field()):
            return "topic", self.topics[key]
        if key in self.field_names or key in self.by_text:
            # Kept, it would be that tag all the same: "Pruning" of apple trees on the page of pruning networks.
            return "dropped", "a topic's name, outside its field"
        if len(shown) > MAX_KEYWORD_LENGTH:
            return "dropped", "too long for a tag"
        return "keyword", shown

    def category_codes(self, keywords) -> list[str]:
        """The arXiv categories that keywords name (Zotero's "Computer Science - Machine Learning")."""
        return [code for keyword in keywords if (code := self.codes.get(keyword_key(tidy(keyword))))]


CHECK_KEYS = frozenset(keyword_key(tag) for tag in CHECK_TAGS)
# A term and its acronym: "Graph neural networks (GNNs)"; not "Mamba (snake)", whose parentheses say which.
_TWICE = re.compile(r"^(.+?)\s*\(([A-Z][A-Za-z0-9-]{0,7}?[A-Z][A-Za-z0-9-]{0,7})\)$")


def _named_twice(keyword: str) -> tuple[str, str] | None:
    """(term, acronym) of "Term (TERM)"; else None."""
    match = _TWICE.match(keyword)
    return (match.group(1), match.group(2)) if match else None


def known_keys(taxonomy: Taxonomy, workflow_labels=DEFAULT_WORKFLOW_LABELS) -> Known:
    """The keys a person's keyword may match, built once per run.

    `taxonomy` should hold the arXiv category tags (`categories.with_categories`):
    a keyword names a category by its code, its name or "Archive - Name". Taxonomy
    tags win over categories; a tag's own name wins over another tag's phrase."""
    topics: dict[str, str] = {}
    curated = [tag for tag in taxonomy.tags if tag.family != categories.FAMILY]
    for tag in curated:
        topics.setdefault(keyword_key(tag.name), tag.name)
    names = set(topics)
    # A field of research's phrases ("thin film", "genomics") are more than its name says: a keyword
    # equal to one stays the person's, and the field's tag comes from the text.
    for tag in curated:
        for phrase in () if tag.field else tag.phrases:
            topics.setdefault(keyword_key(phrase), tag.name)
    fields = {tag.name for tag in curated if tag.field}
    # With a context, a tag of the field (not a field of research) is given by a keyword only in
    # it when the keyword is one of its phrases, or its name of one word, which other fields use
    # too ("Pruning" of apple trees); a name of several words ("Diffusion Models") says the field.
    one_word = {key for key in names if " " not in key}
    by_phrase = frozenset(key for key, name in topics.items() if name not in fields and (key not in names or key in one_word)) \
        if taxonomy.context is not None else frozenset()
    codes: dict[str, str] = {}
    for code in categories.all_codes():
        item, name = categories.category(code), categories.category_tag(code, taxonomy)
        if taxonomy.get(name) is None:
            continue
        # Its name and code, and an old name only with its archive: "Learning", cs.LG's old name,
        # is a word of any field ("Computer Science - Learning" is not).
        for spelling in (item.name, *(old for old in item.spellings if " - " in old.replace(" – ", " - ")), code):
            topics.setdefault(keyword_key(spelling), name)
        # Named with its archive ("Computer Science - Robotics", cs.RO), not by a name
        # that may be a topic of any field ("Robotics").
        for spelling in (*(name for name in item.spellings if " - " in name.replace(" – ", " - ")), code):
            codes.setdefault(keyword_key(spelling), code)
    topics.pop("", None)
    codes.pop("", None)
    by_text = frozenset(key for key in names - one_word if topics[key] not in fields) \
        if taxonomy.context is not None else frozenset()
    return Known(topics, frozenset(keyword_key(label) for label in workflow_labels) - {""}, by_phrase, codes,
                 frozenset(names & by_phrase), by_text)
