"""Text cleaning: LaTeX escapes left by scrapes, URLs found and repaired, teasers.

Everything here is a pure function of text. The abstract keeps every character
but the undone escapes and a heading "Abstract" a publisher's page glued to its
start; URLs are copied out of it into a `links` mapping.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

from generator import mathspans
from generator.proxy import published_address

# `\%` and friends: escapes of characters that are special to TeX, not to readers.
TEX_ESCAPE = re.compile(r"\\([%&#_$={}])")
TEX_TEXT_ESCAPE = re.compile(r"\\([%&#_={}])")
# Mathematics in TeX text: `$$…$$`, `$…$`, `\(…\)`, `\[…\]`; a `\$` is a dollar sign.
MATH_SPAN = mathspans.MATH_SPAN

URL_START = re.compile(r"(?:https?://|(?<![\w@/.])www\.)", re.IGNORECASE)
URL_TOKEN = re.compile(r"(?:https?://|(?<![\w@/.])www\.)[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?'\"*`"
PAIRS = {")": "(", "]": "[", "}": "{"}

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "anonymous.4open.science", "sourceforge.net", "git.io")
DOI_ADDRESS = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+?)[.,;]?$", re.IGNORECASE)
# Links taken from one paper's text at most: a page shows them all as buttons.
MAX_LINKS = 30
# A comment's note of where the paper was published, to the end of its sentence, and in it an
# address in parentheses after a name: the journal's or the publisher's home page, not the
# paper's (arXiv's comments from VTeX: "Published in at http://dx.doi.org/10.1214/07-STS246B
# the Statistical Science (http://www.imstat.org/sts/) by the Institute of Mathematical
# Statistics (http://www.imstat.org)").
PUBLICATION_NOTE = re.compile(r"\bpublished\s+(?:in|at|by)\b.*?(?=\.\s|;|$)", re.IGNORECASE | re.DOTALL)
HOME_PAGE_NAMED = re.compile(r"\(\s*(?:https?://|www\.)[^\s()?#]+\s*\)", re.IGNORECASE)
KIND_ORDER = ("code", "project", "arxiv", "pdf", "doi", "dataset", "model", "demo", "video", "data")

ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "fig.", "eq.", "no.", "approx.", "resp.", "al.")


def undo_tex_escapes(text: str, math: bool = False) -> str:
    """`\\%` → `%` and the like; inside `$…$` of TeX text the escapes are kept."""
    if not math:
        return TEX_ESCAPE.sub(r"\1", text)
    # `\$` stays until rendering: undone now, it would pair with a real `$`.
    pieces, last = [], 0
    for span in MATH_SPAN.finditer(text):
        pieces.append(TEX_TEXT_ESCAPE.sub(r"\1", text[last : span.start()]))
        pieces.append(span.group())
        last = span.end()
    pieces.append(TEX_TEXT_ESCAPE.sub(r"\1", text[last:]))
    return "".join(pieces)


def find_urls(text: str) -> list[str]:
    """The URLs written in `text`, repaired, in order of appearance, without repeats."""
    found: dict[str, None] = {}
    for token in URL_TOKEN.findall(text):
        for url in _split_token(token):
            url = repair_url(url)
            if url:
                found[url] = None
    return list(found)


def _split_token(token: str) -> list[str]:
    """One token may hold several URLs: doubled with no space, or a `\\href{a}{b}` remnant."""
    parts = []
    for piece in re.split(r"[{}]", token):
        starts = [match.start() for match in URL_START.finditer(piece)]
        # A URL written twice without a space: `https://a.https://a.`.
        for begin, end in zip(starts, starts[1:] + [len(piece)]):
            parts.append(piece[begin:end])
    return parts


def repair_url(url: str) -> str | None:
    """Strip what sentence and TeX left around a URL; None when nothing usable is left."""
    url = url.strip()
    # Counted once, then kept up to date: recounting at every character cut was quadratic.
    unmatched = {closer: url.count(closer) - url.count(opener) for closer, opener in PAIRS.items()}
    end = len(url)
    while end:
        last = url[end - 1]
        if last in TRAILING:
            end -= 1
        elif last in PAIRS and unmatched[last] > 0:
            unmatched[last] -= 1
            end -= 1
        else:
            break
    url = url[:end]
    if url.lower().startswith("www."):
        url = "https://" + url
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a bad port (`:99999`, `:x`) raises here, not later
    except ValueError:  # `http://[`: an unclosed IPv6 address
        return None
    if not parts.netloc or "." not in parts.netloc:
        return None
    host = parts.netloc.lower()
    if _is_code_host(host) and url.endswith(".git"):
        url = url[: -len(".git")]
    return url


def classify_url(url: str) -> str:
    """The kind of page a URL leads to: code, project, arxiv, pdf, doi, dataset, …"""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.lower()
    if host.endswith("arxiv.org"):
        return "pdf" if path.startswith("/pdf") else "arxiv"
    if host in ("doi.org", "dx.doi.org"):
        return "doi"
    if host == "huggingface.co":
        if path.startswith("/datasets"):
            return "dataset"
        return "demo" if path.startswith("/spaces") else "model"
    if host in ("youtube.com", "youtu.be", "vimeo.com"):
        return "video"
    if host in ("zenodo.org", "kaggle.com", "figshare.com"):
        return "data"
    if _is_code_host(host):
        return "code"
    if path.endswith(".pdf"):
        return "pdf"
    return "project"


def _is_code_host(host: str) -> bool:
    host = host.removeprefix("www.")
    return any(host == known or host.endswith("." + known) for known in CODE_HOSTS)


def links_from_text(text: str) -> dict[str, str]:
    """`{kind: url}` for every URL in the text; a second URL of a kind becomes `kind-2`."""
    links: dict[str, str] = {}
    for url in find_urls(text):
        add_link(links, classify_url(url), url)
    return links


def add_link(links: dict[str, str], kind: str, url: str) -> None:
    if url in links.values():
        return
    named = _doi_of(url)
    if named and any(_doi_of(link) == named for link in links.values()):
        return
    key, number = kind, 1
    while key in links:
        number += 1
        key = f"{kind}-{number}"
    links[key] = url


def _doi_of(url: str) -> str | None:
    """The DOI a doi.org address resolves (`http://dx.doi.org/10.1186%2Fs1` → `10.1186/s1`), else None."""
    match = DOI_ADDRESS.match(url)
    return unquote(match.group(1)).lower() if match else None


def ordered_links(links: dict[str, str]) -> dict[str, str]:
    """Links in a fixed order of kinds, so pages are byte-identical run to run."""

    def rank(item: tuple[str, str]) -> tuple[int, str]:
        base = item[0].split("-")[0]
        return (KIND_ORDER.index(base) if base in KIND_ORDER else len(KIND_ORDER), item[0])

    return dict(sorted(links.items(), key=rank))


def normalise_space(text: str) -> str:
    return " ".join(text.split())


# The heading a structured abstract opens with (astronomy's "Context. … Aims. …", medicine's
# "BACKGROUND: …"): no sentence of its own.
SECTION_HEADING = re.compile(r"^(?:abstract|background|context|aims?|objectives?|purpose|introduction|motivation|"
                             r"rationale|importance|summary|setting)\s*[.:]\s+(?=\S)", re.IGNORECASE)


def first_sentence(text: str, limit: int = 240) -> str:
    """The abstract's first sentence (after the heading of a structured abstract), cut at a
    word boundary when longer than `limit`."""
    text = SECTION_HEADING.sub("", normalise_space(text), count=1)
    return _cut(text, _sentence_end(text), limit)


def settled_first_sentence(start: str, limit: int = 240) -> str | None:
    """`first_sentence(start + rest, limit)` for any `rest`, when `start` already decides it;
    else None. Lets a caller make only the start of a long text."""
    normal = normalise_space(start)
    # A heading is decided within its first few words; a sentence end found is final, since
    # the search for one looks at most three characters past it; without one, a text longer
    # than `limit` plus that look-ahead is cut at `limit` whatever follows.
    if len(normal) < 40:
        return None
    text = SECTION_HEADING.sub("", normal, count=1)
    end = _sentence_end(text)
    if end is None and len(text) <= limit + 3:
        return None
    return _cut(text, end, limit)


def _cut(text: str, end: int | None, limit: int) -> str:
    """The sentence of `text` that ends at `end` (the whole text without one), cut at a word
    boundary when longer than `limit`."""
    sentence = text[:end] if end else text
    if len(sentence) > limit:
        cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
        sentence = cut + "…"
    return sentence


def _sentence_end(text: str) -> int | None:
    longest = max(map(len, ABBREVIATIONS)) + 1
    for match in re.finditer(r"[.!?](?=\s+[\"'(\[]?[A-Z0-9])", text):
        # Only the end of the text before the mark matters; copying all of it was quadratic.
        before = text[max(0, match.end() - longest) : match.end()].lower()
        if before.endswith(ABBREVIATIONS) or _single_letter(text, match.end()):
            continue
        return match.end()
    return None


def _single_letter(text: str, end: int) -> bool:
    """`x.`: one letter after a non-word character (an initial), ending at `end`."""
    if end < 2 or text[end - 1] != "." or not ("a" <= text[end - 2].lower() <= "z"):
        return False
    return end == 2 or not (text[end - 3].isalnum() or text[end - 3] == "_")


# The word "Abstract" an export copied from the publisher's page with the text ("Abstract The …",
# "ABSTRACT: …", "Abstract.  We …", "AbstractThe …"): a heading, which the page has of its own.
ABSTRACT_HEADING = re.compile(r"\s*((?i:abstract))(?![a-z])(\s*[.:]+\s*|\s+[\u2013\u2014-]+\s+|[\u2013\u2014]\s*(?=[A-Z])|\s*)")
# Words that make a term with "Abstract" when an abstract opens with one ("Abstract Interpretation is
# …", "Abstract Syntax Trees …"): the word is then the text's own.
ABSTRACT_TERMS = frozenset("""algebra algebras argumentation art categorial cauchy concept concepts convexity data dialectical
    domains elementary expressionism factory family harmonic interpretation interpretations machine machines meaning model
    models nonsense objects polytope polytopes reasoning rewriting simplicial state syntax thought visual voronoi wikipedia
    window words""".split())


def without_abstract_heading(text: str, title: str = "") -> str:
    """`text` without the heading "Abstract" at its start, where the word is one: followed by
    punctuation or a wider space, written in capitals, glued to the next word, or followed by
    a sentence's capitalised first word. "Abstract interpretation is …", "Abstract Meaning
    Representation (AMR) …" keep it, and so does a term the paper names again, in its `title`
    ("Abstract Markov Decision Processes") or further on in the text ("… abstract dynamic programming")."""
    match = ABSTRACT_HEADING.match(text)
    rest = text[match.end():] if match else ""
    if not rest[:1].isalnum():
        return text
    word, between = match.group(1), match.group(2)
    if between.strip() or between not in ("", " ") or (word == "ABSTRACT" and between):
        return rest
    if not between:  # "AbstractThe …", "ABSTRACTWe …"; "ABSTRACTION" is a word
        # A capital glued to "ABSTRACT" opens a sentence when a small letter follows it, or when it is
        # the word "A" or "I" ("ABSTRACTA new dataset …").
        return rest if rest[0].isupper() and (not word.isupper() or rest[1:2].islower() or rest[:2] in ("A ", "I ")) else text
    first = rest[:200].split(None, 1)[0].rstrip(",.;:")
    capitalised = rest[0].isupper() or rest[0].isdigit() or not rest[0].isascii()
    return rest if capitalised and first.lower() not in ABSTRACT_TERMS and not _named_again(rest, title) else text


def _named_again(rest: str, title: str) -> bool:
    """Whether "Abstract" and the words after it are a term the paper names elsewhere: "abstract"
    and the first word in its title, or with the next word too further on in the text (two words,
    as a verb's "we abstract the …" follows a heading's "Abstract The …" as often as not)."""
    words = re.findall(r"[^\W_]+(?:[-'’][^\W_]+)*", rest[:200].lower())[:2]
    if not words:
        return False
    in_title = re.search(rf"\babstract\s+{re.escape(words[0])}\b", title.lower())
    later = len(words) == 2 and re.search(rf"\babstract\s+{re.escape(words[0])}\s+{re.escape(words[1])}\b", rest.lower())
    return bool(in_title or later)


def clean_paper(paper):
    """The cleaning stage: escapes undone in the abstract, its URLs added to `links`.

    The title is kept exactly as the source gave it.
    """
    abstract = without_abstract_heading(undo_tex_escapes(paper.abstract, math=paper.math), paper.title)
    links: dict[str, str] = {}
    # The DOI's link first: another address of the same DOI is then no second button.
    for kind, url in sorted(paper.links.items(), key=lambda item: item[0] != "doi"):
        link = published_link(kind, url)
        if link is not None:
            add_link(links, *link)
    for text in (abstract, without_publishers_pages(paper.comment or "")):
        # As the source's own links: an address a visitor can open, as the publisher's own.
        for url in filter(None, map(published_address, find_urls(text))):
            if len(links) >= MAX_LINKS:
                break
            add_link(links, classify_url(url), url)
    return paper.replace(abstract=abstract, links=ordered_links(links), user_tags=clean_tags(paper.user_tags))


def without_publishers_pages(comment: str) -> str:
    """The comment without the home pages of the journal and publisher its publication
    note names: they would be the paper's project page."""
    if "ublished" not in comment and "UBLISHED" not in comment:
        return comment
    return PUBLICATION_NOTE.sub(lambda note: HOME_PAGE_NAMED.sub("", note.group()), comment)


def published_link(kind: str, url: str) -> tuple[str, str] | None:
    """A source's link as pages publish it: its first address a visitor can open, as the
    publisher's own (`proxy.published_address`); None when it has none (an address of a
    private network, `file:`). An address that was another (behind a proxy, among several)
    takes the kind it names, when it names one (a DOI, code), else keeps the source's."""
    address = published_address(url)
    if address is None:
        return None
    own = classify_url(address) if address != url else "project"
    return (kind if own == "project" else own), address


ENTITY = re.compile(r"&(?:[a-z][a-z0-9]*|#[0-9]+|#x[0-9a-f]+);", re.IGNORECASE)


def entities(text: str) -> str:
    """`text` with its character entities (`&amp;`, `&#x2013;`) as characters; text that
    only looks like one (`&bogus;`) stays."""
    return ENTITY.sub(lambda entity: html.unescape(entity.group()), text) if "&" in text else text


def clean_tags(tags) -> tuple[str, ...]:
    """A person's tags as plain words: character entities read (keywords copied from web
    pages, or escaped by an export, hold `&amp;`), no markup characters (Material shows
    tag names unescaped), no control characters, single spaces; empty ones dropped."""
    cleaned = []
    for tag in tags:
        tag = normalise_space("".join(c for c in entities(tag) if c not in '<>"`' and (c.isprintable() or c == " ")))
        if tag and tag.casefold() not in {t.casefold() for t in cleaned}:
            cleaned.append(tag)
    return tuple(cleaned)
