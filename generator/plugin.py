"""The MkDocs plugin: runs the pipeline before every build, serve and gh-deploy.

Responsible for connecting MkDocs' events to `pipeline.generate` and for
making page metadata safe for Material's templates; nothing more.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from pathlib import Path

from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, PrefixedLogger, event_priority

from generator import english, pipeline
from generator.cache import keep_in_memory
from generator.config import PaperArchiveConfig
from generator.config_check import OptionLines, UnknownOption, unknown_options, value_error
from generator.home import home_listing
from generator.preview import (
    BackgroundIndex,
    CollectionAfterBuilds,
    InputWatches,
    OwnWrites,
    index_in_own_process,
    modified_asked_once,
    remove_built,
    watch_with_notifications,
)
from generator.project import run, settings_from
from generator.search_index import SearchIndexError, SiteIndexer, install_search_box
from generator.tagoverview import tag_overview
from generator.tagpages import slugs_in_use, tag_index

log = PrefixedLogger("paper-archive", logging.getLogger("mkdocs.plugins.paper_archive"))
# For messages that name the plugin themselves.
plain_log = logging.getLogger("mkdocs.plugins.paper_archive")

HOME_MARKER = "<!-- paper-archive:papers -->"
TAG_INDEX_MARKER = "<!-- paper-archive:tag-index -->"
TAG_OVERVIEW_MARKER = "<!-- paper-archive:tag-overview -->"
# The home page's links to the rest of the site, each shown when its file is in the build.
HOME_DOORS = (
    ("Browse", "browse.md"),
    ("Tags", "tags.md"),
    ("Archive", "archive/index.md"),
    ("About", "about.md"),
    ("Atom feed", "feeds/papers.xml"),
    ("BibTeX", "papers.bib"),
    ("JSON", "papers.json"),
)


class PaperArchivePlugin(BasePlugin[PaperArchiveConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.result: pipeline.Result | None = None
        self.tag_urls: dict[str, str] = {}
        self.files = None  # the build's files, for a moved address to find its paper's page
        self.indexer: SiteIndexer | None = None
        # Set by `paper-archive build` when this build is one shard of the site
        # (`shards.Shard`): no search index then, and the generator's report once.
        self.shard = None
        # Set by `mkdocs serve`, which keeps this instance across its rebuilds
        # because the class has on_startup.
        self.background_index: BackgroundIndex | None = None
        self.collection: CollectionAfterBuilds | None = None
        self.dirty_serve = False
        self.own_writes = OwnWrites()
        self.input_watches: InputWatches | None = None
        self.unknown_options: list[UnknownOption] = []

    def load_config(self, options, config_file_path=None):
        # MkDocs says neither file nor line, and knows nothing of `fetch:`'s keys.
        errors, warnings = super().load_config(options, config_file_path)
        lines = OptionLines(config_file_path)
        if errors:
            key, error = errors[0]
            raise value_error(key, error, lines)
        known = [name for name, _ in self.config_scheme]
        self.unknown_options = unknown_options(options, known, lines)
        return errors, [(key, warning) for key, warning in warnings if key in known]

    def on_startup(self, *, command, dirty) -> None:
        self.dirty_serve = command == "serve" and dirty
        if command == "serve":
            # The part size as `mkdocs.yml` says it at each rebuild: this plugin outlives them.
            self.background_index = BackgroundIndex(
                lambda site_dir, bundle: index_in_own_process(site_dir, bundle, self.config.search_part_size)
            )
            keep_in_memory()  # each save's run finds the cached work of the last in memory
            # The first save that brings a new word would otherwise wait for the
            # English word frequencies to load (a third of a second).
            threading.Thread(target=english.frequencies, name="paper-archive word frequencies", daemon=True).start()

    def on_config(self, config):
        # Said here rather than when the file is read, so that a build counts them as
        # warnings, and `--strict` fails before anything is generated as it does for
        # MkDocs' own configuration warnings.
        self.say_unknown_options(config.strict)
        if self.config.search_index:
            install_search_box(config)
        return config

    @property
    def serving(self) -> bool:
        """Whether `mkdocs serve` runs the build (`on_startup` set up its background index)."""
        return self.background_index is not None

    def say_unknown_options(self, strict: bool, say=plain_log.warning) -> None:
        """Warn of each unknown option; under `--strict`, stop (`Abort`) as MkDocs does
        for its own configuration warnings."""
        for unknown in self.unknown_options:
            say(str(unknown))
        if strict and self.unknown_options:
            raise Abort(f"Aborted with {len(self.unknown_options)} configuration warnings in 'strict' mode!")

    @event_priority(-100)  # last: Pagefind gets the page as it is written
    def on_post_page(self, output: str, *, page, config) -> str:
        # Pagefind, a process of its own, indexes each page on another core
        # while MkDocs renders the next. The pages a build did not render
        # (`--dirty`) it gets from the built folder at the end.
        if self.indexer is not None and output.strip():
            written = output.encode("utf-8", errors="xmlcharrefreplace").decode("utf-8")
            try:
                self.indexer.add(page.file.dest_uri, written)
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
        return output

    def on_post_build(self, *, config) -> None:
        if self.collection is not None:
            self.collection.resume_later()
        # Also after each `mkdocs serve` rebuild, which builds into its own folder.
        if self.background_index is not None and self.config.search_index:
            # A preview serves the changed page now; its search catches up.
            self.background_index.request(Path(config.site_dir))
            return
        if self.indexer is None:
            return
        try:
            log.info(str(self.indexer.finish()))
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        finally:
            self.indexer = None

    def on_build_error(self, *, error) -> None:
        if self.collection is not None and error is not None:
            self.collection.resume_later()
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None

    def on_pre_build(self, *, config) -> None:
        previous, self.result = self.result, None
        if self.background_index is not None:
            self.background_index.build_started()
        self.on_build_error(error=None)  # a Pagefind left over from a build that stopped early
        if self.collection is not None:
            self.collection.pause()
        # A preview indexes in the background after the build instead (`preview`).
        if self.config.search_index and self.shard is None and self.background_index is None:
            self.indexer = SiteIndexer(Path(config.site_dir), part_size=self.config.search_part_size)
        if not self.config.enabled:
            return
        settings = settings_from(config, self.config, serving=self.serving)
        if self.input_watches is not None:  # a serve session's rebuild, with `mkdocs.yml` read again
            self.input_watches.follow([settings.sources_dir, settings.taxonomy_path])
        self.own_writes.begin()
        started = time.perf_counter()
        stopped = None
        try:
            self.result = run(settings, log.info)
        except PluginError as error:
            # A half-saved taxonomy or a hand edit is an everyday state while previewing:
            # the preview goes on showing the last run's pages (MkDocs would stop serving).
            if not self.serving or previous is None:
                raise
            stopped = error
        finally:
            done = self.result or pipeline.Result()
            self.own_writes.record(settings.docs_dir, done.written, done.removed)
        if stopped is not None:
            log.error(f"{stopped}\nThe preview shows the pages of the last run until this is fixed.")
            self.result = previous
            return
        if self.dirty_serve:
            remove_built(config.site_dir, settings.docs_dir, self.result.removed, config.use_directory_urls)
        for notice in self.result.notices:
            log.info(notice)
        # Every shard generates (the first does the work, the others find nothing
        # changed); the first one reports what the inputs held.
        reporting = self.shard is None or self.shard.first
        for problem in self.result.problems:
            (log.warning if reporting else log.debug)(str(problem))
        if self.result.problems and reporting and config.strict and not log.isEnabledFor(logging.WARNING):
            # `mkdocs build --strict -q`: MkDocs counts warnings only as it shows them, and -q shows none.
            shown = "; ".join(str(problem) for problem in self.result.problems[:3])
            more = f" and {len(self.result.problems) - 3} more" if len(self.result.problems) > 3 else ""
            raise PluginError(f"problems in the sources, which --strict does not allow: {shown}{more}")
        log.info(
            f"{len(self.result.papers)} papers: {len(self.result.written)} files written, "
            f"{len(self.result.unchanged)} unchanged, {len(self.result.removed)} removed "
            f"in {time.perf_counter() - started:.1f} s"
        )

    def on_serve(self, server, *, config, builder):
        # After the first build, which runs with the collector as any build does.
        self.collection = CollectionAfterBuilds()
        if self.config.enabled:
            settings = settings_from(config, self.config)  # its folders: where to watch
            watch_with_notifications(server, settings.docs_dir, self.own_writes)
            self.input_watches = InputWatches(server)
            self.input_watches.follow([settings.sources_dir, settings.taxonomy_path])
        return server

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        # Material puts these into HTML unescaped (<title>, header, meta
        # content), and a paper's title is arbitrary text from a source file.
        for key in ("title", "description"):
            value = page.meta.get(key)
            if isinstance(value, str):
                page.meta[key] = html.escape(value)
        if self.result is None:
            return markdown
        root = "../" * page.file.src_uri.count("/")
        if HOME_MARKER in markdown:
            slugs = slugs_in_use(self.result.papers, self.result.taxonomy)
            doors = [(label, root + path) for label, path in HOME_DOORS if files.get_file_from_path(path) is not None]
            listing = home_listing(self.result.papers, root, slugs, self.config.home_size, doors)
            markdown = markdown.replace(HOME_MARKER, listing)
        if TAG_INDEX_MARKER in markdown:
            markdown = markdown.replace(TAG_INDEX_MARKER, tag_index(self.result.papers, self.result.taxonomy, root))
        if TAG_OVERVIEW_MARKER in markdown:
            markdown = markdown.replace(TAG_OVERVIEW_MARKER, tag_overview(self.result.papers, self.result.taxonomy, root))
        return markdown

    def on_files(self, files, *, config):
        if self.dirty_serve:
            modified_asked_once(files)
        # Material links a page's tags to the tag index; partials/tags.html
        # links them to their own pages instead, through this mapping.
        self.tag_urls = {}
        self.files = files
        if self.result is not None:
            for name, slug in slugs_in_use(self.result.papers, self.result.taxonomy).items():
                file = files.get_file_from_path(f"tags/{slug}.md")
                if file is not None:
                    self.tag_urls[name] = file.url
        return files

    def on_page_context(self, context, *, page, config, nav):
        context["paper_archive_tag_urls"] = self.tag_urls
        moved_to = page.meta.get("redirect") if isinstance(page.meta, dict) else None
        target = self.files.get_file_from_path(f"papers/{moved_to}") if isinstance(moved_to, str) and self.files else None
        if target is not None and target.page is not None and target.page.canonical_url:
            # A moved address names its paper's page as the canonical one, in the head where
            # search engines read it (the sitemap leaves it out: overrides/sitemap.xml).
            page.canonical_url = target.page.canonical_url
        return context
