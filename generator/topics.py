"""The tags each paper shows: automatic topics, arXiv categories and a person's keywords.

Responsible for combining the three over the whole library and for the
curator's report; matching text is `tagging.py`'s, reading keywords
`keywords.py`'s. The rules, so a tag index stays readable on any library:

- automatic topics come only from evidence in the text (at most six);
- a paper's arXiv categories are tags under their official names;
- a person's keyword that names a taxonomy tag or a category is that tag;
  workflow labels, text that is no label and a journal's list of subjects are dropped;
- any other keyword is a tag of its own only when at least
  `keyword_min_papers` papers show it, counted after the cap below;
- a paper shows at most `max_tags` tags: the person's first, but at least two
  of the automatic ones (topics and categories) when it has them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator import categories
from generator.keywords import DEFAULT_WORKFLOW_LABELS, keyword_key, known_keys, tidy
from generator.model import Paper, with_values
from generator.tagging import STEMS, assign_tags, in_context, plain_words, word_views
from generator.taxonomy import Taxonomy

AUTOMATIC_ROOM = 2  # automatic tags a paper keeps however many keywords a person gave


@dataclass(frozen=True)
class TagOptions:
    """The tagging settings (see `config.py` for each one's meaning)."""

    max_tags: int = 8
    keyword_min_papers: int = 2
    workflow_labels: tuple[str, ...] = DEFAULT_WORKFLOW_LABELS


@dataclass(frozen=True)
class Dropped:
    """A keyword that became no tag, how many papers carried it, and why."""

    keyword: str
    papers: int
    reason: str


@dataclass
class TagReport:
    """What a person curating the taxonomy needs to know after a run."""

    papers: int = 0
    untagged: int = 0  # papers with no topic: no taxonomy tag and no arXiv category
    dropped: list[Dropped] = field(default_factory=list)  # most papers first


@dataclass
class Plan:
    """What one paper brings to the tagging, whatever the rest of the library: its own
    topics, keywords and automatic tags, the spellings it adds (key, text, count) and the
    keywords it drops (key, reason), in the order the person gave them. Tuples rather
    than lists: the cache hands back ten thousand plans a run, and reads tuples faster."""

    own_topics: tuple[str, ...] = ()
    keywords: dict[str, str] = field(default_factory=dict)  # key -> spelling, in the person's order
    automatic: tuple[str, ...] = ()  # no two the same but for case
    spelled: tuple[tuple[str, str, int], ...] = ()
    dropped: tuple[tuple[str, str], ...] = ()


def plan_of(paper: Paper, taxonomy: Taxonomy, known, automatic_tags=assign_tags) -> Plan:
    own_topics: list[str] = []
    keywords: dict[str, str] = {}
    spelled: list[tuple[str, str, int]] = []
    dropped: list[tuple[str, str]] = []
    # Within the taxonomy's field by its arXiv categories (its own, or named by its keywords as
    # Zotero writes them), else (asked only for a keyword that needs it) by its text: see
    # `tagging.assign_tags`.
    by_category = taxonomy.context is None or taxonomy.context.has_category(
        [*paper.categories, *known.category_codes(paper.user_tags)])
    field: list[bool] = [True] if by_category else []

    def in_field() -> bool:
        if not field:
            field.append(in_context(paper.title, paper.abstract, taxonomy))
        return field[0]

    classified = [(keyword, *known.classify(keyword, in_field, bool(paper.abstract))) for keyword in paper.user_tags]
    if _subject_list(classified, taxonomy):
        classified = [(keyword, "dropped", "a journal's list of subjects") for keyword, _, _ in classified]
    for keyword, kind, value in classified:
        if kind == "topic" and _names_excluded_sense(keyword, paper, taxonomy, value):
            kind, value = "keyword", tidy(keyword)
        if kind == "topic":
            own_topics.append(value)
        elif kind == "keyword":
            key = keyword_key(value)
            if key not in keywords:
                keywords[key] = value
                spelled.append((key, value, 1))
        else:
            key = keyword_key(keyword) or tidy(keyword) or keyword
            spelled.append((key, tidy(keyword) or keyword, 0))
            dropped.append((key, value))
    automatic = automatic_tags(paper.title, paper.abstract, taxonomy, by_category)
    automatic += [name for code in paper.categories if (name := categories.category_tag(code, taxonomy))]
    # Made unique once, when the plan is made: a run tags every paper.
    return Plan(tuple(own_topics), keywords, tuple(_unique(automatic)), tuple(spelled), tuple(dropped))


def _names_excluded_sense(keyword: str, paper: Paper, taxonomy: Taxonomy, name: str) -> bool:
    """Whether the paper's title or abstract names one of the tag's `exclude` phrases that
    holds the keyword's words: its "Online learning" is then the person's word for students'
    "online learning environment", not the tag, as the same words in its text are not."""
    index = next((i for i, tag in enumerate(taxonomy.tags) if tag.name == name), None)
    if index is None or not taxonomy.tags[index].exclude or not (paper.title or paper.abstract):
        return False
    wanted = tuple(STEMS[word] for word in plain_words(keyword))
    size = len(wanted)
    views = [*word_views(paper.title or ""), *word_views(paper.abstract or "")]
    for words, (excluded, _) in taxonomy._matcher.scanned(views):
        for start, end, tags in excluded:
            stems = tuple(STEMS[word] for word in words[start:end])
            if index in tags and any(stems[i:i + size] == wanted for i in range(len(stems) - size + 1)):
                return True
    return False


# Fields of research (the taxonomy's `field` tags) a paper's keywords may name: Nature's pages
# list 52 subjects, "astrophysics" to "transcriptomics", on every paper, which reference
# managers save as its keywords. In 30,000 papers of people's libraries none had two.
SUBJECT_LIST_FIELDS = 3


def _subject_list(classified: list[tuple[str, str, str]], taxonomy: Taxonomy) -> bool:
    """Whether keywords are a journal's list of its subjects rather than the paper's own."""
    named = {value for _, kind, value in classified if kind == "topic"}
    return len(named) >= SUBJECT_LIST_FIELDS and \
        sum(1 for name in named if (tag := taxonomy.get(name)) is not None and tag.field) >= SUBJECT_LIST_FIELDS


def planner(taxonomy: Taxonomy, options: TagOptions, automatic_tags=assign_tags, keys=known_keys):
    """`plan_of` of one paper at a time, the keys keywords may match (`keys`: `known_keys`
    or a cached equivalent) worked out once, when a plan is first made."""
    known: list = []

    def make(paper: Paper) -> Plan:
        if not known:
            known.append(keys(taxonomy, options.workflow_labels))
        return plan_of(paper, taxonomy, known[0], automatic_tags)

    return make


def tag_papers(papers: Sequence[Paper], taxonomy: Taxonomy, options: TagOptions = TagOptions(),
               automatic_tags=assign_tags, planned=None, keys=known_keys) -> tuple[list[Paper], TagReport]:
    """Every paper with its tags, and the report. `taxonomy` should include the arXiv
    category tags (`categories.with_categories`) so keywords can name them;
    `automatic_tags` is `tagging.assign_tags` or a cached equivalent; `planned(paper,
    make)` gives a paper's `Plan` (`make()`, or a cached equivalent); `keys` is
    `keywords.known_keys` or a cached equivalent. Both results follow from the papers'
    plans in order, the taxonomy and the options alone."""
    make = planner(taxonomy, options, automatic_tags, keys)
    dropped: Counter[tuple[str, str]] = Counter()
    spellings: dict[str, Counter[str]] = {}
    plans = []
    for paper in papers:
        plan = planned(paper, lambda: make(paper)) if planned else make(paper)
        for key, text, count in plan.spelled:
            counter = spellings.get(key)
            if counter is None:
                counter = spellings[key] = Counter()
            counter[text] += count
        if plan.dropped:
            dropped.update(plan.dropped)
        plans.append(plan)

    carried = Counter(key for plan in plans for key in plan.keywords)
    eligible = {key for key, count in carried.items() if count >= options.keyword_min_papers}
    # Most papers show their automatic tags alone, whatever keywords are eligible; only
    # the papers with topics or keywords of their own are chosen for.
    own = [index for index, plan in enumerate(plans) if plan.own_topics or plan.keywords]
    # A keyword cut by the cap on some papers may fall below the minimum: drop it, which
    # only frees room for the others, and count again; the eligible set only shrinks.
    while True:
        chosen = {index: _choose(plans[index], eligible, carried, options.max_tags) for index in own}
        shown = Counter(key for _, keys in chosen.values() for key in keys)
        below = {key for key in eligible if shown[key] < options.keyword_min_papers}
        if not below:
            break
        eligible -= below

    names = {key: counter.most_common(1)[0][0] for key, counter in spellings.items() if counter}
    for key, count in carried.items():
        if key not in eligible:
            reason = f"on fewer than {options.keyword_min_papers} papers"
            if count >= options.keyword_min_papers:  # carried by enough, shown by too few
                reason += f" within the {options.max_tags}-tag limit"
            dropped[(key, reason)] += count
    shown_tags = [tuple(plan.automatic[: max(0, options.max_tags)]) for plan in plans]
    for index, (topics, keys) in chosen.items():
        plan, shown_keys = plans[index], set(keys)
        shown_tags[index] = tuple(_arrange(topics, [names[key] for key in plan.keywords if key in shown_keys], plan))
    topical = {tag for tag in set().union(*shown_tags) if taxonomy.get(tag) is not None}
    untagged = sum(map(topical.isdisjoint, shown_tags))
    tagged = with_values(papers, "tags", shown_tags)
    report = TagReport(len(papers), untagged, _dropped_list(dropped, names))
    return tagged, report


def _choose(plan: Plan, eligible: set[str], carried: Counter, max_tags: int) -> tuple[list[str], list[str]]:
    """(topic tags, keyword keys) a paper shows: the person's topics, then their most
    widely shared keywords, leaving room for `AUTOMATIC_ROOM` automatic tags."""
    if not plan.own_topics and not plan.keywords:  # most papers: automatic tags alone
        return plan.automatic[: max(0, max_tags)], []
    own_topics = _unique(plan.own_topics)
    mine = {tag.casefold() for tag in own_topics}
    automatic = [tag for tag in plan.automatic if tag.casefold() not in mine]
    ranked = sorted((key for key in plan.keywords if key in eligible), key=lambda key: -carried[key]) if plan.keywords else []
    room = max(0, max_tags - min(len(automatic), AUTOMATIC_ROOM))
    own_topics = own_topics[:room]
    keys = ranked[: room - len(own_topics)]
    automatic = automatic[: max(0, max_tags - len(own_topics) - len(keys))]
    return own_topics + automatic, keys


def _arrange(topics: list[str], own: list[str], plan: Plan) -> list[str]:
    """Display order: the person's topics and keywords as they gave them, then automatic tags."""
    if not plan.own_topics and not own:
        return topics  # automatic tags alone, unique already
    mine = [tag for tag in topics if tag in plan.own_topics]
    rest = [tag for tag in topics if tag not in plan.own_topics]
    return _unique(mine + own + rest)


def _unique(names: Sequence[str]) -> list[str]:
    if len(names) < 2:
        return list(names)
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


def _dropped_list(dropped: Counter, names: dict[str, str]) -> list[Dropped]:
    items = [Dropped(names.get(key, key), count, reason) for (key, reason), count in dropped.items()]
    return sorted(items, key=lambda item: (-item.papers, item.keyword.casefold(), item.reason))
