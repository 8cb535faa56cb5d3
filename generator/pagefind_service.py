"""A synchronous client of Pagefind's indexing service (`pagefind --service`).

Responsible for talking to one Pagefind process: giving it pages as they are
built and asking it for the bundle's files; nothing more. `search_index.py`
decides which pages it gets.

The service is what Pagefind's own Python and Node packages drive: requests
and responses are base64-encoded JSON, each ended by a comma, over the
process's standard input and output. The `pagefind` package's asyncio client
reads one response per tenth of a second, which caps it at ten pages a
second; this one reads them as they come on a thread of its own, so a build
can hand each page over and go on rendering while Pagefind, another process,
parses it on another core.
"""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
import threading
from pathlib import Path

# Pages handed over but not yet answered; beyond this a sender waits, so a
# fast build cannot pile pages up in Pagefind's memory.
IN_FLIGHT = 64


class PagefindServiceError(Exception):
    """Pagefind refused a request or stopped; the message says why in one line."""


class PagefindService:
    """One running `pagefind --service` with one index in it."""

    def __init__(self, executable: Path):
        self._errors = tempfile.TemporaryFile()
        try:
            # A session of its own: a terminal's Ctrl-C reaches only the build, which closes
            # Pagefind itself, so that a build that finishes its site first can still index it.
            # Pagefind ends when its standard input closes, however the build ends.
            self._process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                start_new_session=True,
            )
        except OSError as error:
            self._errors.close()
            raise PagefindServiceError(f"Pagefind did not start: {error}") from None
        self._last_id = 0
        self._answers: dict[int, dict] = {}
        self._pages: dict[int, str] = {}  # pages handed over and not yet answered, by id: their URL
        self._failures: list[str] = []
        self._stopped = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read_answers, name="pagefind-answers", daemon=True)
        self._reader.start()
        self._index_id = self._request({"type": "NewIndex", "config": None})["index_id"]

    def add_page(self, url: str, html: str) -> None:
        """Hand a built page to Pagefind; its answer is checked when the bundle is written."""
        with self._changed:
            self._changed.wait_for(lambda: len(self._pages) < IN_FLIGHT or self._stopped)
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_path": None,
                    "file_contents": html}, page=url)

    def bundle_files(self, timeout: float) -> list[tuple[str, bytes]]:
        """Wait for every page, then have Pagefind build the bundle: its files as
        (path inside the bundle, content). Pagefind's own writing to disk can still
        be under way when it answers, so the caller writes them."""
        with self._changed:
            if not self._changed.wait_for(lambda: not self._pages or self._stopped or self._failures, timeout):
                raise PagefindServiceError(f"Pagefind did not answer within {timeout:.0f} s")
        if self._failures:
            raise PagefindServiceError(f"{self._failures[0]} ({len(self._failures)} page(s) not indexed)")
        answer = self._request({"type": "GetFiles", "index_id": self._index_id}, timeout)
        return [(file["path"], base64.b64decode(file["content"])) for file in answer["files"]]

    def close(self) -> None:
        """Stop the process; safe to call twice."""
        if self._process.poll() is None:
            self._process.terminate()
        self._process.wait()
        self._reader.join()
        for stream in (self._process.stdin, self._process.stdout, self._errors):
            try:
                stream.close()
            except OSError:  # a write Pagefind did not read
                pass

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _send(self, payload: dict, page: str | None = None) -> int:
        with self._changed:
            if self._stopped:
                raise PagefindServiceError(self._stop_reason())
            self._last_id += 1
            message_id = self._last_id
            if page is not None:
                self._pages[message_id] = page
        message = json.dumps({"message_id": message_id, "payload": payload}).encode("utf-8")
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise PagefindServiceError(self._stop_reason()) from None
        return message_id

    def _request(self, payload: dict, timeout: float | None = None) -> dict:
        message_id = self._send(payload)
        with self._changed:
            if not self._changed.wait_for(lambda: message_id in self._answers or self._stopped, timeout):
                raise PagefindServiceError(f"Pagefind did not answer within {timeout:.0f} s")
            if message_id not in self._answers:
                raise PagefindServiceError(self._stop_reason())
            answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise PagefindServiceError(f"Pagefind: {answer.get('message')}")
        return answer

    def _read_answers(self) -> None:
        buffer = bytearray()
        try:
            while chunk := self._process.stdout.read1(1 << 20):
                start = len(buffer)
                buffer += chunk
                end = buffer.find(b",", start)
                with self._changed:
                    while end != -1:
                        self._take(json.loads(base64.b64decode(buffer[:end])))
                        del buffer[: end + 1]
                        end = buffer.find(b",")
                    self._changed.notify_all()
        except (ValueError, OSError) as error:
            self._failures.append(f"Pagefind answered something unreadable: {error}")
        finally:
            with self._changed:
                self._stopped = True
                self._changed.notify_all()

    def _take(self, response: dict) -> None:
        """Record one answer: a page's only when it is a failure, a request's for its sender."""
        message_id, payload = response.get("message_id"), response.get("payload") or {}
        if message_id is None and payload.get("original_message"):
            # A request Pagefind could not read comes back without its id, but with itself.
            try:
                message_id = json.loads(payload["original_message"]).get("message_id")
            except (ValueError, AttributeError):
                pass
        if message_id in self._pages:
            url = self._pages.pop(message_id)
            if payload.get("type") == "Error":
                self._failures.append(f"{url}: Pagefind: {payload.get('message')}")
        elif message_id is None:
            self._failures.append(f"Pagefind: {payload.get('message')}")
        else:
            self._answers[message_id] = payload

    def _stop_reason(self) -> str:
        code = self._process.poll()
        self._errors.seek(0)
        detail = " ".join(self._errors.read().decode("utf-8", "replace").split())[-500:]
        return f"Pagefind stopped (exit {code})" + (f": {detail}" if detail else "")
