"""Library proxy addresses turned back into the publisher's own.

A person reading through their library's EZproxy saves addresses such as
`https://doi-org.ezproxy.lib.vt.edu/10.1145/1` or
`https://ezproxy.lib.vt.edu/login?url=https://www.jstor.org/stable/1`. Published,
such a link asks every visitor to log in to that library, and names the person's
institution. EZproxy's "proxy by host name" writes the publisher's host with each
`.` as `-` and each `-` as `--`, followed by the proxy's own host; its login address
carries the publisher's address in `url` or `qurl`.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit, urlunsplit

# A label of the proxy's host as libraries name it: ezproxy, libproxy, ezp, ezproxy2, …
PROXY_LABEL = re.compile(r"^(?:ez|lib)proxy\d*$|^ezp\d*$", re.IGNORECASE)
URL_IN_TEXT = re.compile(r"https?://[^\s{}<>\"]+", re.IGNORECASE)


def unproxied(url: str) -> str:
    """The publisher's address behind a library proxy's, else `url` as it is."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return url
    labels = host.split(".")
    at = next((index for index, label in enumerate(labels) if PROXY_LABEL.match(label)), None)
    if at is None:
        return url
    if at == 0 or parts.path.lower().startswith("/login"):
        target = next((value for key in ("url", "qurl") for value in parse_qs(parts.query).get(key, [])), "")
        return target if target.lower().startswith(("http://", "https://")) else url
    publisher = ".".join(labels[:at])
    # `--` is a hyphen of the publisher's host, a single `-` one of its dots.
    publisher = ".".join(part.replace("\0", "-") for part in publisher.replace("--", "\0").replace("-", ".").split("."))
    if "." not in publisher:
        return url
    return urlunsplit((parts.scheme, publisher, parts.path, parts.query, parts.fragment))


def unproxied_text(text: str) -> str:
    """`text` with each proxied web address in it replaced by the publisher's."""
    return URL_IN_TEXT.sub(lambda match: unproxied(match.group()), text) if "proxy" in text.lower() or "ezp" in text.lower() else text
