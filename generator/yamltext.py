"""YAML text: what the generator writes (front matter, `addresses.yml`) and reads back.

Responsible for writing YAML fast, readably and with the same bytes on every
machine. PyYAML's own emitter is pure Python: at 10,000 papers it took 0.7 s
to write `addresses.yml` and 3 s to read it. Its C binding to libyaml writes
the same text ten times as fast, except that it escapes the characters outside
the Basic Multilingual Plane (emoji, mathematical letters), which PyYAML's
emitter writes as they are, and it writes some keys (empty, or with control
characters) in a form of its own. A value holding any of them is written by
PyYAML's emitter, so a title with an emoji shows it in the front matter
rather than `\\U0001F917` (python-frontmatter alone uses libyaml whenever it
can), and a page is the same file whether or not PyYAML was built with
libyaml. The one other difference is a bug of PyYAML's emitter: a line break
U+0085 does not read back. The readers make it a space (`readers/validate.py`);
a value holding one all the same is written by libyaml.
`tests/test_yamltext.py` compares the two on arbitrary text.
"""

from __future__ import annotations

import re
from typing import Any

import frontmatter
import yaml

_C_DUMPER = getattr(yaml, "CSafeDumper", None)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ESCAPED_BY_LIBYAML = re.compile("[\U00010000-\U0010ffff]")


def dumper_for(value: Any) -> type:
    """The fastest safe dumper that writes `value` as PyYAML's `SafeDumper` does, but that a
    value holding U+0085 is written so that it reads back."""
    if _C_DUMPER is None:
        return yaml.SafeDumper
    pending, own_way = [value], False
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x85" in item:
                return _C_DUMPER  # reads back as written, which PyYAML's emitter does not
            own_way = own_way or bool(_ESCAPED_BY_LIBYAML.search(item))
        elif isinstance(item, dict):
            # Keys other than these (empty, with control characters) each dumper writes its own way.
            own_way = own_way or not all(isinstance(key, str) and key.isascii() and key.isprintable() and key for key in item)
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return yaml.SafeDumper if own_way else _C_DUMPER


def dump(value: Any, **options: Any) -> str:
    """`yaml.safe_dump(value, **options)`, faster."""
    return yaml.dump(value, Dumper=dumper_for(value), **options)


def page(post: frontmatter.Post) -> str:
    """A Markdown page: its front matter in the order given, then its body, ending in a newline."""
    return frontmatter.dumps(post, Dumper=dumper_for(post.metadata), sort_keys=False, width=1000) + "\n"


def load(text: str) -> Any:
    """`yaml.safe_load(text)`, by libyaml where present; raises `yaml.YAMLError`."""
    return yaml.load(text, Loader=_LOADER)
