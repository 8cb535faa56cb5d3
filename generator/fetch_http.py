"""A polite HTTP client for the fetchers: rate limit, retries with back-off, time-outs.

Responsible for getting the bytes of one URL the way the services ask to be
treated; it knows nothing of feeds or files. The clock is injectable so tests
check the pauses without sleeping.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from importlib import metadata

import httpx

# Answers worth asking again: the service is busy or briefly broken.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0


def user_agent() -> str:
    try:
        version = metadata.version("paper-archive")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"paper-archive/{version} (fetches paper metadata for a static paper archive; httpx/{httpx.__version__})"


class FetchError(Exception):
    """A network failure or an answer that cannot be used, in one line."""


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
                response = self._client.get(url, params=params)
            except httpx.InvalidURL as error:
                raise FetchError(f"{url}: not a usable address ({_one_line(str(error))})") from None
            except httpx.TimeoutException:
                reason = f"no answer within {self.timeout:g} s"
            except httpx.HTTPError as error:
                reason = _one_line(str(error)) or type(error).__name__
                if isinstance(error, httpx.ConnectError):
                    # Refused or unknown host: rarely over in seconds, so one more try only.
                    last_try = min(self.retries, self.connect_retries)
            else:
                if response.status_code == 200:
                    return response.content
                reason = f"HTTP {response.status_code} {response.reason_phrase}".strip()
                if response.status_code not in RETRY_STATUSES:
                    detail = explain(response.content) if explain else None
                    raise FetchError(f"{shown}: {reason}" + (f": {detail}" if detail else ""))
                retry_after = _retry_after(response)
            if attempt >= last_try:
                tries = "once" if attempt == 0 else f"{attempt + 1} times"
                raise FetchError(f"cannot fetch {shown}: {reason} (tried {tries})")
            self.pause(max(retry_after or 0.0, self.backoff * 2**attempt))
            attempt += 1

    def _wait_turn(self) -> None:
        if self._last is not None:
            self.pause(self.interval - (self.clock.monotonic() - self._last))
        self._last = self.clock.monotonic()
        self.requests += 1


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER)
    except ValueError:
        return None


def _shown(url: str, params: dict | None) -> str:
    return str(httpx.URL(url, params=params)) if params else url


def _one_line(text: str) -> str:
    return " ".join(text.split())
