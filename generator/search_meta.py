"""Search: the part of Pagefind's index that every query loads, made smaller.

Before it looks up a word, a query loads each part's metadata file: every
page's fragment name and word count, and each sort key's order of all pages.
At 100,000 papers that was 1.16 MB, more than the words' own chunks
(bench/README.md, "What every query loads first"). Each part, as it is
written, gets two changes:

- Pagefind names a page's fragment by a hash of its content (`en_76552ec`),
  text that does not compress. The fragments are renamed to the part's page
  numbers in base 36, in a folder named by a hash of the old names
  (`fragment/3kf9a2/1b.pf_fragment`): a part whose pages change still gets
  new addresses, so no cache serves an old fragment.
- Only the Browse page sorts. The header search merges the parts under the
  entry file's language key `<key>-x-nosort`, a copy of the metadata without
  the sort orders; the Browse page asks for the page's language, as before.
  Pagefind falls back from a key it lacks to the language before the first
  hyphen, so a bundle without the copy still answers both.

A bundle whose entry or metadata is not as Pagefind 1.5 writes it is left as
it is: search works, only larger.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib

import cbor2

ENTRY = "pagefind-entry.json"
SIGNATURE = b"pagefind_dcd"
# Appended to a language key of the entry file: that language's metadata without sort orders.
NO_SORT = "-x-nosort"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# Pagefind 1.5's metadata: [version, pages, index chunks, filters, sorts, …].
PAGES, SORTS = 1, 4


def base36(number: int) -> str:
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = DIGITS[digit] + text
        if not number:
            return text


def compact_bundle(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """A part's files as Pagefind gave them (name within the bundle, content), with its
    fragments renamed and a metadata copy without sort orders for the header search."""
    contents = dict(files)
    try:
        entry = json.loads(contents[ENTRY])
        languages = entry["languages"]
        metas = {key: _read_meta(contents[_meta_name(index["hash"])]) for key, index in languages.items()}
    except (KeyError, TypeError, ValueError, AttributeError, EOFError, OSError, zlib.error, cbor2.CBORDecodeError):
        return files
    if any(meta is None for meta in metas.values()) or any(key.endswith(NO_SORT) for key in languages):
        return files
    old_names = [page[0] for meta in metas.values() for page in meta[PAGES]]
    if len(set(old_names)) != len(old_names) or any(_fragment_name(name) not in contents for name in old_names):
        return files
    folder = hashlib.sha256("\n".join(old_names).encode("utf-8")).hexdigest()[:6]
    renamed = {old: f"{folder}/{base36(number)}" for number, old in enumerate(old_names)}

    replaced = {_fragment_name(old) for old in old_names} | {_meta_name(index["hash"]) for index in languages.values()}
    written: list[tuple[str, bytes]] = []
    compacted = {}
    for key, index in languages.items():
        meta = metas[key]
        meta[PAGES] = [[renamed[page[0]], *page[1:]] for page in meta[PAGES]]
        prefix = index["hash"].split("_")[0]
        compacted[key] = _with_meta(index, prefix, meta, written)
        if meta[SORTS]:
            compacted[key + NO_SORT] = _with_meta(index, prefix, [*meta[:SORTS], [], *meta[SORTS + 1 :]], written)
    entry["languages"] = compacted
    written += [(_fragment_name(new), contents[_fragment_name(old)]) for old, new in renamed.items()]
    written.append((ENTRY, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")))
    kept = [(name, content) for name, content in files if name not in replaced and name != ENTRY]
    return kept + written


def language_keys(languages: dict) -> list[str]:
    """The keys of an entry file's languages, without the header search's copies."""
    return [key for key in languages if not key.endswith(NO_SORT)]


def _read_meta(compressed: bytes) -> list | None:
    data = gzip.decompress(compressed) if not compressed.startswith(SIGNATURE) else compressed
    if not data.startswith(SIGNATURE):
        return None
    meta = cbor2.loads(data[len(SIGNATURE) :])
    shaped = (
        isinstance(meta, list)
        and len(meta) > SORTS
        and isinstance(meta[0], str)
        and meta[0].startswith("1.")
        and isinstance(meta[PAGES], list)
        and all(isinstance(page, list) and page and isinstance(page[0], str) for page in meta[PAGES])
        and isinstance(meta[SORTS], list)
    )
    return meta if shaped else None


def _with_meta(index: dict, prefix: str, meta: list, written: list[tuple[str, bytes]]) -> dict:
    """`index` (a language of the entry file) pointing at `meta`, whose file joins `written`."""
    # mtime 0: the same index gives the same bytes, build after build.
    content = gzip.compress(SIGNATURE + cbor2.dumps(meta), compresslevel=9, mtime=0)
    meta_hash = f"{prefix}_{hashlib.sha256(content).hexdigest()[:10]}"
    written.append((_meta_name(meta_hash), content))
    return {**index, "hash": meta_hash}


def _meta_name(meta_hash: str) -> str:
    return f"pagefind.{meta_hash}.pf_meta"


def _fragment_name(page: str) -> str:
    return f"fragment/{page}.pf_fragment"
