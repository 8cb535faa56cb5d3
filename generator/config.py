"""The `paper-archive` block of `mkdocs.yml`: the one place settings are read from."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PaperArchiveConfig(Config):
    enabled = c.Type(bool, default=True)
    """Run the generator before each build; off, MkDocs builds `docs/` as it is."""

    sources = c.Type(str, default="sources")
    """Folder of input files, relative to `mkdocs.yml`; `notes/` in it holds personal notes."""

    taxonomy = c.Type(str, default="taxonomy.yml")
    """The tag taxonomy (YAML), relative to `mkdocs.yml`."""

    listing_year = c.Optional(c.Type(int))
    """Year of listing dates such as `Mar 14` when the file name carries no date."""

    force = c.Type(bool, default=False)
    """Overwrite generated pages even when they were edited by hand."""

    related_count = c.Type(int, default=5)
    """How many related papers each page lists."""

    feed_size = c.Type(int, default=30)
    """How many of the newest papers each feed carries."""

    search_index = c.Type(bool, default=True)
    """Index the built site with Pagefind after each build (the header search box needs it)."""
