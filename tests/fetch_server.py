"""A local HTTP server (127.0.0.1, a thread of the test) that replays recorded answers.

The fetch tests point `PAPER_ARCHIVE_ARXIV_API` / `PAPER_ARCHIVE_HF_API` (or a
client's URL) at it; it records every request it receives.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from generator.fetch_http import Clock, PoliteClient

FETCH_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fetch"

ATOM = "application/atom+xml; charset=utf-8"
JSON = "application/json; charset=utf-8"


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "text/plain"
    headers: dict = field(default_factory=dict)


@dataclass
class Request:
    path: str
    params: dict[str, str]
    user_agent: str


Responder = Callable[[Request], Answer]


class ReplayServer:
    """Serves `responder(request)` for every GET; `url` is its base address."""

    def __init__(self, responder: Responder):
        self.responder = responder
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                parts = urlsplit(self.path)
                params = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
                request = Request(parts.path, params, self.headers.get("User-Agent", ""))
                server.requests.append(request)
                answer = server.responder(request)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that gave up (a time-out test) is expected, not an error

        self._httpd = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)


def fixture(name: str) -> bytes:
    return (FETCH_FIXTURES / name).read_bytes()


# arXiv's answer to `all:testing`, three papers a page, as two recorded pages.
PAGE_1 = fixture("arxiv/testing-page-1.xml")
PAGE_2 = fixture("arxiv/testing-page-2.xml")
SIX_IDS = ["2202.12139", "2405.13786", "2005.14124", "2403.16981", "2004.03322", "1912.09881"]


def arxiv_pages(pages: dict[int, bytes], empty: bytes | None = None) -> Responder:
    """arXiv by `start`: the recorded page for that offset, else the recorded empty page."""
    empty = empty if empty is not None else fixture("arxiv/empty-page.xml")

    def respond(request: Request) -> Answer:
        body = pages.get(int(request.params.get("start", "0")), empty)
        return Answer(200, body, ATOM)

    return respond


def hf_days(days: dict[str, bytes]) -> Responder:
    """Hugging Face by `date`: the recorded day, else an empty list (a day without papers)."""

    def respond(request: Request) -> Answer:
        return Answer(200, days.get(request.params.get("date", ""), b"[]"), JSON)

    return respond


def by_path(routes: dict[str, Responder]) -> Responder:
    def respond(request: Request) -> Answer:
        for prefix, responder in routes.items():
            if request.path.startswith(prefix):
                return responder(request)
        return Answer(404, b"not found")

    return respond


class FakeClock:
    """Time that moves only when the client sleeps; every pause is recorded."""

    def __init__(self):
        self.now = 1000.0
        self.pauses: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(round(seconds, 3))
        self.now += seconds

    def clock(self) -> Clock:
        return Clock(monotonic=self.monotonic, sleep=self.sleep)


def client(fake: FakeClock, interval: float = 3.0, **options) -> PoliteClient:
    return PoliteClient(interval=interval, clock=fake.clock(), **options)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scripted(*answers: Answer):
    """A responder giving these answers in turn, then the last one again."""
    queue = list(answers)

    def respond(request):
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return respond
