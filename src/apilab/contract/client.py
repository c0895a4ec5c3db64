"""The HTTP side of the contract checks: send one request, describe it in one line.

Every request goes through ``ContractClient.request``, which never raises: a
refused connection, a timeout or a body that is not JSON comes back as an
``Exchange`` that a check can fail on with ``exchange.fail(expected)``. The
failure is one line: method, path, the body sent, what was expected and what
came back (status and a short excerpt of the body).

Developer notes: a server that hangs must not hang the checks. Each request
has a deadline for the whole of it (``bounded_http``: an app sending a byte
now and then cannot stretch it), a body is read up to ``BODY_LIMIT`` bytes and
no more, the whole run has a time budget, and after two requests in a row got
no answer the client stops sending and fails the remaining checks at once,
saying why.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any, NoReturn

import urllib3
from requests.utils import requote_uri

from apilab.contract.bounded_http import bounded_pool, deadline, read_capped

EXCERPT_CHARS = 120
BODY_LIMIT = 1024 * 1024  # bytes of a response body the checks read; a longer body fails its check
REQUEST_LIMIT = 10.0  # seconds one request may take in all, however the app trickles its answer
NOTHING = object()  # "no JSON body" (None would mean the JSON value null)
NO_RESPONSE = "no response"  # how an exchange that got nothing back says so (Exchange.got)
UNIX_SCHEME = "http+unix://"  # a base URL of an app on a Unix socket: http+unix://<the socket's path, %-encoded>
# Sent with every request, as requests sends them: an app that compresses its answers (Django's GZipMiddleware)
# does so for the checks too, and the client decodes them (urllib3 >= 2.6 bounds what a body expands to).
DEFAULT_HEADERS = {"Accept": "application/json", "Accept-Encoding": "gzip, deflate"}


class CheckFailed(Exception):
    """A contract check failed; the message is one readable line.

    ``cause``, when the check can name it in a few words (the status differs from the contract's), is the
    short line under which failures that share it are reported once ("POST /api/products/ answered 200;
    the contract says 201").
    """

    def __init__(self, message: str, cause: str = ""):
        super().__init__(message)
        self.cause = cause


def path_pattern(path: str) -> str:
    """``path`` with its ids as ``<id>`` and without its query: '/api/products/<id>/'."""
    return re.sub(r"/-?\d+(?=/|$)", "/<id>", path.split("?")[0])


def one_line(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Collapse whitespace and cut ``text`` to ``limit`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_strings(value: Any) -> Any:
    """Replace long strings inside a JSON value with a readable abbreviation."""
    if isinstance(value, str) and len(value) > 40:
        return f"{value[:16]}…({len(value)} characters)"
    if isinstance(value, dict):
        return {key: _short_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_short_strings(item) for item in value]
    return value


def describe_body(body: Any) -> str:
    """Show a JSON body compactly, with long strings abbreviated."""
    return one_line(json.dumps(_short_strings(body), ensure_ascii=False), 100)


@dataclass
class Exchange:
    """One request sent and what came back (``status`` is None when nothing came back)."""

    method: str
    path: str
    sent: str = ""
    status: int | None = None
    headers: dict = field(default_factory=dict)
    text: str = ""
    error: str | None = None

    def describe(self) -> str:
        """'POST /api/products/ sent {...}'."""
        return f"{self.method} {self.path}" + (f" sent {self.sent}" if self.sent else "")

    def got(self) -> str:
        """What came back, in a few words: '201 {"id": 3, ...}' or 'no response (...)'."""
        if self.status is None:
            return f"{NO_RESPONSE} ({self.error})"
        return f"{self.status} {one_line(self.text) if self.text.strip() else '(empty body)'}"

    def status_cause(self, expected: str) -> str:
        """The short cause when the answer's status is not the one ``expected`` starts with ('' otherwise)."""
        wanted = re.match(r"(\d{3})\b", expected)
        where = f"{self.method} {path_pattern(self.path)}"
        if self.status is None:
            return f"{where} got no response"
        if wanted and int(wanted.group(1)) != self.status:
            return f"{where} answered {self.status}; the contract says {wanted.group(1)}"
        return ""

    def fail(self, expected: str, got: str | None = None, status: int | None = None) -> NoReturn:
        """Raise CheckFailed: what was sent, what was expected (``status``, if given), what came back."""
        raise CheckFailed(f"{self.describe()}: expected {expected}; got {got or self.got()}",
                          cause=self.status_cause(f"{status} {expected}" if status else expected))

    @property
    def content_type(self) -> str:
        """The response's media type, lower case, without parameters ('' when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json(self, expected: str) -> Any:
        """Return the body parsed as JSON, or fail saying ``expected``."""
        if self.status is None:
            self.fail(expected)
        try:
            return json.loads(self.text)
        except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python parses
            self.fail(expected, f"{self.status} with a body that is not JSON: {one_line(self.text) or '(empty)'}")

    def parsed(self) -> Any:
        """The body parsed as JSON, or None when there is none or it is not JSON."""
        try:
            return json.loads(self.text)
        except (ValueError, RecursionError):
            return None

    def expect(self, status: int, expected: str) -> Any:
        """Fail unless the status is ``status``; return the JSON body (None when empty)."""
        if self.status != status:
            self.fail(expected, status=status)
        return self.json(expected) if self.text.strip() else None


class ContractClient:
    """Talks JSON to one base URL (``http://`` or ``http+unix://``), with timeouts and a time budget.

    It sends with a urllib3 connection pool (what requests sends with), without a requests.Session's own work on
    each request (merging settings, cookies, hooks): the checks' side of a request takes about 40 % less CPU so,
    and a verification sends hundreds. On the wire a request differs from requests' only in its User-Agent
    (urllib3's) and in having no "Connection: keep-alive" (HTTP/1.1 keeps a connection by default).
    """

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 5.0, budget: float = 120.0):
        self.base_url = base_url
        self.timeout = timeout
        self.deadline = time.monotonic() + budget
        self.budget = budget
        self.headers = urllib3.HTTPHeaderDict(DEFAULT_HEADERS)
        if token is not None:
            self.headers["Authorization"] = f"Token {token}"
        self.silent_in_a_row = 0
        self.gave_up: str | None = None
        try:  # http:// and http+unix:// (an app on a Unix socket: the grader's, while it verifies), with a deadline
            self.pool, self.prefix = bounded_pool(base_url, UNIX_SCHEME, timeout)
        except ValueError as error:
            self.pool, self.prefix = None, ""
            self.gave_up = one_line(str(error))
        self.slashless = False  # True: the API's paths lack the contract's trailing slash; send them without it

    def close(self) -> None:
        """Close the pool's connections."""
        if self.pool is not None:
            self.pool.close()

    def request(self, method: str, path: str, body: Any = NOTHING, raw: str | None = None,
                headers: dict | None = None) -> Exchange:
        """Send one request (JSON ``body``, or ``raw`` text as JSON; ``headers`` added, a None value removing
        one); never raises."""
        method = method.upper()
        sent = describe_body(body) if body is not NOTHING else (repr(raw) if raw is not None else "")
        if self.slashless and path.endswith("/") and len(path) > 1:
            path = path.rstrip("/")
        exchange = Exchange(method, path, sent)
        if self.gave_up is None and time.monotonic() > self.deadline:
            self.gave_up = f"the checks' time budget of {self.budget:g} s was used up"
        if self.gave_up is not None:
            exchange.error = f"not sent: {self.gave_up}"
            return exchange
        sending = self.headers.copy()
        for name, value in (headers or {}).items():
            if value is None:
                sending.discard(name)
            else:
                sending[name] = value
        data = None
        if body is not NOTHING:
            data = json.dumps(body).encode()
        elif raw is not None:
            data = raw.encode()
        if data is not None:
            sending["Content-Type"] = "application/json"
        elif method not in ("GET", "HEAD"):
            sending["Content-Length"] = "0"  # as requests says of a request without a body that could have one
        limit = min(REQUEST_LIMIT, max(self.timeout, 0.1) * 2)
        response = None
        try:
            with deadline(limit):
                response = self.pool.urlopen(method, _quoted(self.prefix + path), body=data, headers=sending,
                                             retries=False, redirect=False, preload_content=False,
                                             assert_same_host=False, timeout=urllib3.Timeout(self.timeout))
                try:
                    body, cut = read_capped(response, BODY_LIMIT)
                finally:
                    response.close()
        except urllib3.exceptions.NewConnectionError as error:  # (a kind of ConnectTimeoutError: caught first)
            exchange.error = f"{_reason(error)}: is the server running at {self.base_url}?"
        except (TimeoutError, urllib3.exceptions.TimeoutError):
            exchange.error = f"no answer within {self.timeout:g} s"
        except (urllib3.exceptions.ProtocolError, ConnectionError) as error:
            exchange.error = (f"{_reason(error)}: is the server running at {self.base_url}?" if response is None
                              else f"the answer broke off: {one_line(str(error), 100)}")
        except (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError, ValueError) as error:
            exchange.error = one_line(f"{type(error).__name__}: {error}")
        else:
            exchange.status = response.status
            exchange.headers = {key.lower(): response.headers[key] for key in response.headers}
            exchange.text = body.decode("utf-8", errors="replace")
            if cut:
                exchange.text += f" ... (the body is longer than {BODY_LIMIT} bytes: the rest was not read)"
        if exchange.status is None:
            self.silent_in_a_row += 1
            if self.silent_in_a_row >= 2:
                self.gave_up = f"the server did not answer the requests before: {exchange.error}"
        else:
            self.silent_in_a_row = 0
        return exchange


def _quoted(target: str) -> str:
    """A request's path and query, %-encoded as requests encodes a URL (a lone surrogate too, as its UTF-8)."""
    try:
        return requote_uri(target)
    except UnicodeEncodeError:  # a lone surrogate (an id an app returned): what requests sends for it
        return urllib.parse.quote(target.encode("utf-8", "surrogatepass"), safe="!#$%&'()*+,/:;=?@[]~")


def _reason(error: Exception) -> str:
    """The innermost reason of a connection error, in a few words."""
    text = str(error)
    for marker in ("Connection refused", "Connection reset", "Name or service not known", "Remote end closed"):
        if marker in text:
            return marker.lower()
    return "could not connect: " + one_line(text, 80)
