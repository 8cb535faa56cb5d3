"""The `paper-archive` block of `mkdocs.yml`: the one place settings are read from."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from generator.keywords import DEFAULT_WORKFLOW_LABELS
from generator.search_index import PART_SIZE

# The keys of `fetch:`, checked by every command that reads the file; their values only
# by `paper-archive fetch` (`fetch.settings_from`).
FETCH_KEYS = ("hf_daily", "hf_days", "arxiv", "arxiv_max", "arxiv_api", "hf_api")
_KINDS = {bool: "true or false", str: "a text", int: "a whole number", dict: "a mapping"}


class _Typed(c.Type):
    """A value of one type, named in its error as the file's reader knows it (MkDocs'
    own says `<class 'int'>`)."""

    def run_validation(self, value):
        # `true` is an int to Python
        if not isinstance(value, self._type) or (isinstance(value, bool) and self._type is not bool):
            raise ValidationError(f"expected {_KINDS[self._type]}, but received: {value!r}")
        return value


class _Texts(c.ListOfItems):
    """A list of texts."""

    def __init__(self, default: list[str]):
        super().__init__(_Typed(str), default=default)

    def run_validation(self, value):
        if not isinstance(value, list):
            raise ValidationError(f"expected a list of texts, but received: {value!r}")
        return super().run_validation(value)


class _AtLeast(_Typed):
    """An integer no smaller than `minimum`."""

    def __init__(self, minimum: int, default: int):
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            raise ValidationError(f"expected a whole number of at least {self.minimum}, but received: {value!r}")
        return value


class _Year(_Typed):
    """A year a date can be written with (`YYYY`): a listing's papers are dated with it."""

    def __init__(self):
        super().__init__(int)

    def run_validation(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
            raise ValidationError(f"expected a year from 1000 to 9999, but received: {value!r}")
        return value


class PaperArchiveConfig(Config):
    enabled = _Typed(bool, default=True)
    """Run the generator before each build; off, MkDocs builds `docs/` as it is."""

    sources = _Typed(str, default="sources")
    """Folder of input files, relative to `mkdocs.yml`; `notes/` in it holds personal notes."""

    taxonomy = _Typed(str, default="taxonomy.yml")
    """The tag taxonomy (YAML), relative to `mkdocs.yml`."""

    listing_year = c.Optional(_Year())
    """Year of listing dates such as `Mar 14` when the file name carries no date."""

    force = _Typed(bool, default=False)
    """Overwrite generated pages even when they were edited by hand."""

    related_count = _AtLeast(0, default=5)
    """How many related papers each page lists."""

    home_size = _AtLeast(0, default=30)
    """How many of the newest papers the home page lists, across all sources."""

    feed_size = _AtLeast(0, default=30)
    """How many of the newest papers each feed carries."""

    listing_page_size = _AtLeast(0, default=100)
    """How many papers a page of a tag's listing or of the date archive shows; a longer
    listing goes on over more pages (`tags/<slug>/page/2/`, …). 0 keeps each on one page."""

    max_tags = _AtLeast(1, default=8)
    """How many tags a paper shows at most, a person's keywords and automatic ones together."""

    keyword_min_papers = _AtLeast(1, default=2)
    """How many papers must carry a person's keyword before it becomes a tag of its own;
    keywords that name a taxonomy tag or an arXiv category need only one."""

    workflow_labels = _Texts(default=list(DEFAULT_WORKFLOW_LABELS))
    """Keywords that track reading rather than say a topic (`unread`, `to-read`, …);
    they never become tags. Compared ignoring case, plural and punctuation. A list
    given here replaces the default one (`keywords.DEFAULT_WORKFLOW_LABELS`)."""

    fetch = _Typed(dict, default={})
    """What `paper-archive fetch` fetches when run without a sub-command (the scheduled
    workflow): `hf_daily` (true/false), `hf_days` (days back, default 2), `arxiv` (list of
    queries), `arxiv_max` (default 100), `arxiv_api` and `hf_api` (base URLs; the
    environment variables `PAPER_ARCHIVE_ARXIV_API` and `PAPER_ARCHIVE_HF_API` win)."""

    search_index = _Typed(bool, default=True)
    """Index the built site with Pagefind after each build (the header search box needs it)."""

    search_part_size = _AtLeast(1, default=PART_SIZE)
    """How many papers one part of the search index holds. Pagefind holds a part's words
    in memory while it indexes it (about 140 KB per paper of 200 words), so parts bound
    the build's memory; a query searches every part."""
