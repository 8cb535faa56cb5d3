"""English word frequencies (`wordfreq`), for the weights of related papers' words.

Responsible for `frequency(word)` and for `Table`, which finds a frequency
without loading the whole list; nothing more. Importing `wordfreq` and reading
its English list (320,000 words) takes about a quarter of a second: a cold run
pays it once among many seconds, but a run that changed one abstract needs only
the few words the cache has not met. `Table` keeps the list in the cache
(`english.sqlite`) cut into `BUCKETS` parts by a stable hash of the word, and
reads the one part a word is in. The table is written by a run that read the
whole list anyway (a cold run), and is keyed by the generator's code and by the
list's files, so another version of `wordfreq` never meets it. A damaged table
gives nothing, and the word is looked up in the list itself.
"""

from __future__ import annotations

import functools
import importlib.util
import zlib
from pathlib import Path

from generator.cache import Cache, digest
from generator.cache_store import Store

BUCKETS = 256


@functools.cache
def frequencies() -> dict[str, float]:
    import wordfreq  # loaded only when some word is in no table

    return wordfreq.get_frequency_dict("en")


def loaded() -> bool:
    """Whether this process has read the whole list already (a server reads it when it starts)."""
    return frequencies.cache_info().currsize > 0


def _from_list(word: str) -> float:
    return frequencies().get(word, 0.0)


_lookup = _from_list


def frequency(word: str) -> float:
    """The frequency of a lower-case word in English; 0 for words the list does not know."""
    return _lookup(word)


def bucket_of(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass")) % BUCKETS


def list_identity() -> str:
    """Names the installed English list by its files, without importing `wordfreq`."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.origin:
        return "missing"
    found = []
    for path in sorted((Path(spec.origin).parent / "data").glob("*_en.msgpack.gz")):
        stat = path.stat()
        found.append((path.name, stat.st_size, stat.st_mtime_ns))
    return digest(found)


class Table:
    """The list in the cache, a part at a time; `frequency` looks words up in it for as
    long as it is `used`, and `save` writes it after a run that read the whole list."""

    def __init__(self, cache: Cache):
        self.store = Store(cache, "english", ("buckets",))
        self.identity = list_identity()
        self.ready = self.store.usable and self.store.token == self.identity
        self.parts: dict[int, dict[str, float]] = {}

    def __call__(self, word: str) -> float:
        if self.ready and not loaded():
            bucket = bucket_of(word)
            part = self.parts.get(bucket)
            if part is None:
                found = self.store.get("buckets", bucket)
                if isinstance(found, dict):
                    part = self.parts[bucket] = found
            if part is not None:
                return part.get(word, 0.0)
            self.ready = False  # damaged or missing: the list itself, and the table written again
        return _from_list(word)

    def used(self) -> Table:
        global _lookup
        _lookup = self
        return self

    def save(self) -> None:
        """Stop using the table; write it when this run read the whole list and found no table."""
        global _lookup
        _lookup = _from_list
        if not self.ready and loaded() and self.store.connection is not None:
            parts: list[dict[str, float]] = [{} for _ in range(BUCKETS)]
            for word, value in frequencies().items():
                parts[bucket_of(word)][word] = value
            self.store.write({"buckets": dict(enumerate(parts))}, self.identity, replace=True)
        self.store.close()
