"""A polite HTTP client for the fetchers: rate limit, retries with back-off, time-outs.

Responsible for getting the bytes of one URL the way the services ask to be
treated; it knows nothing of feeds or files. The clock is injectable so tests
check the pauses without sleeping.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib import metadata

import httpx

# Answers worth asking again: the service is busy or briefly broken.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A server that asks for a longer pause than this is told "later" by the person, not by
# a job that would hold its runner (and the daily workflow) for that long.
MAX_RETRY_AFTER = 60.0
# The largest answer either service gives is about 1 MB (arXiv, 100 entries); one far
# larger is no answer of theirs, and reading it whole could exhaust the memory.
MAX_ANSWER_BYTES = 32 * 1024 * 1024


def user_agent() -> str:
    try:
        version = metadata.version("paper-archive")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"paper-archive/{version} (fetches paper metadata for a static paper archive; httpx/{httpx.__version__})"


class FetchError(Exception):
    """A network failure or an answer that cannot be used, in one line."""


class _TooSlow(Exception):
    """An answer still arriving after the client's `deadline`."""


@dataclass
class Clock:
    """Time as the client sees it; tests pass a fake that records the pauses."""

    monotonic: callable = time.monotonic
    sleep: callable = time.sleep


@dataclass
class PoliteClient:
    """GETs with at least `interval` seconds between requests, `retries` more tries
    after a transient failure (waiting `backoff`, then twice as long, …; a server
    that cannot be reached at all gets `connect_retries`), and time-outs."""

    interval: float
    retries: int = 3
    connect_retries: int = 1
    backoff: float = 1.0
    timeout: float = 30.0
    # `timeout` bounds each wait for bytes; a server trickling them would never reach it.
    deadline: float = 120.0
    max_bytes: int = MAX_ANSWER_BYTES
    clock: Clock = field(default_factory=Clock)
    transport: httpx.BaseTransport | None = None
    requests: int = 0
    _last: float | None = None
    _client: httpx.Client | None = None

    def __enter__(self) -> PoliteClient:
        self._client = httpx.Client(
            headers={"User-Agent": user_agent()},
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
            follow_redirects=True,
            transport=self.transport,
        )
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def pause(self, seconds: float) -> None:
        if seconds > 0:
            self.clock.sleep(seconds)

    def get(self, url: str, params: dict | None = None, explain=None) -> bytes:
        """The body of a 200 answer. `explain(body)` may turn an error answer's body into words."""
        if self._client is None:
            raise RuntimeError("use PoliteClient as a context manager")
        shown = _shown(url, params)
        attempt = 0
        while True:
            self._wait_turn()
            retry_after = None
            last_try = self.retries
            try:
                with self._client.stream("GET", url, params=params) as response:
                    status, phrase, headers = response.status_code, response.reason_phrase, response.headers
                    body = self._read(response, shown)
            except httpx.InvalidURL as error:
                raise FetchError(f"{url}: not a usable address ({_one_line(str(error))})") from None
            except httpx.TimeoutException:
                reason = f"no answer within {self.timeout:g} s"
            except _TooSlow:
                reason = f"the answer took longer than {self.deadline:g} s"
            except httpx.HTTPError as error:
                reason = _one_line(str(error)) or type(error).__name__
                if isinstance(error, httpx.ConnectError):
                    # Refused or unknown host: rarely over in seconds, so one more try only.
                    last_try = min(self.retries, self.connect_retries)
            else:
                if status == 200:
                    return body
                reason = f"HTTP {status} {phrase}".strip()
                if status not in RETRY_STATUSES:
                    detail = explain(body) if explain else None
                    # Asking again gets the same refusal: the request itself is wrong.
                    raise FetchError(f"{shown}: {reason}" + (f": {detail}" if detail else "")
                                     + "; correct the query or the address (arxiv_api, hf_api), then run again")
                retry_after = _retry_after(headers)
                if retry_after is not None and retry_after > MAX_RETRY_AFTER:
                    raise FetchError(f"{shown}: {reason}, and the server asks to wait {_duration(retry_after)}: run again after that")
            if attempt >= last_try:
                tries = "once" if attempt == 0 else f"{attempt + 1} times"
                raise FetchError(f"cannot fetch {shown}: {reason} (tried {tries}; run again later, or check the network if this persists)")
            self.pause(max(retry_after or 0.0, self.backoff * 2**attempt))
            attempt += 1

    def _read(self, response: httpx.Response, shown: str) -> bytes:
        """The whole body, refused past `max_bytes` and given up past `deadline`."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(_too_large(shown, self.max_bytes))
        started = self.clock.monotonic()
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(_too_large(shown, self.max_bytes))
            if self.clock.monotonic() - started > self.deadline:
                raise _TooSlow
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self) -> None:
        if self._last is not None:
            self.pause(self.interval - (self.clock.monotonic() - self._last))
        self._last = self.clock.monotonic()
        self.requests += 1


def unusable_answer(shown: str, data: bytes, expected: str, detail: str) -> FetchError:
    """The error for a 200 answer that is not what the service sends: a web page in its
    place is a network's login page or a proxy's notice, anything else a broken answer."""
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return FetchError(f"{shown}: the answer is a web page, not {expected} (a network's login page or a proxy?);"
                          " check the network connection and the address, then run again")
    return FetchError(f"{shown}: the answer is not {expected} ({detail}); run again later, and check the address if it persists")


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds the server asks to be left alone: `Retry-After` as seconds or as an HTTP date."""
    value = headers.get("Retry-After", "").strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        # `nan` and `inf` are numbers to float() but no pause: the header is then ignored.
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max((when - datetime.now(timezone.utc)).total_seconds(), 0.0)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds / 3600:.0f} hours"


def _too_large(shown: str, limit: int) -> str:
    return (f"{shown}: the answer is larger than {limit // (1024 * 1024)} MB, which no answer of this service is"
            " (a proxy or a wrong address?); check the address and run again")


def _shown(url: str, params: dict | None) -> str:
    return str(httpx.URL(url, params=params)) if params else url


def _one_line(text: str) -> str:
    return " ".join(text.split())
