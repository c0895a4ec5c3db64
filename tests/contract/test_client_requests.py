"""What the contract client puts on the wire, and what it says when it cannot send or the answer breaks off."""

from __future__ import annotations

import socket
import threading
import urllib.parse

import pytest

from apilab.contract.client import UNIX_SCHEME, ContractClient


def serve_on(listener: socket.socket, answer) -> None:
    """Accept connections on ``listener`` in a thread, each answered by ``answer(connection)`` in its own."""
    def accept():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=answer, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()


def echo(connection: socket.socket) -> None:
    """Answer one request with 200 and the request's bytes (headers and body) as the body, and close."""
    with connection:
        seen = b""
        while b"\r\n\r\n" not in seen:
            chunk = connection.recv(65536)
            if not chunk:
                return
            seen += chunk
        head, _, body = seen.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            chunk = connection.recv(65536)
            if not chunk:
                return
            body += chunk
        echoed = head + b"\r\n\r\n" + body
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                           + f"Content-Length: {len(echoed)}\r\n\r\n".encode() + echoed)


@pytest.fixture
def echo_server():
    """The base URL of a TCP server on 127.0.0.1 that echoes each request."""
    listener = socket.create_server(("127.0.0.1", 0))
    serve_on(listener, echo)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def request_seen(exchange) -> tuple[str, list[tuple[str, str]], str]:
    """The request line, the headers in order (lower-case names) and the body the echo server received."""
    head, _, body = exchange.text.partition("\r\n\r\n")
    line, *lines = head.split("\r\n")
    return line, [(name.lower(), value.strip()) for name, _, value in (each.partition(":") for each in lines)], body


def named(headers: list[tuple[str, str]], name: str) -> list[str]:
    """Every value the request carried under ``name``."""
    return [value for key, value in headers if key == name]


def test_a_json_body_goes_with_its_type_length_token_and_the_path_quoted(echo_server):
    client = ContractClient(echo_server, token="t0k")
    exchange = client.request("post", "/api/products/?search=café bar", body={"name": "Kettle é", "price": 5})
    client.close()
    line, headers, body = request_seen(exchange)
    assert exchange.status == 200 and exchange.method == "POST"
    assert line == "POST /api/products/?search=caf%C3%A9%20bar HTTP/1.1"
    assert named(headers, "content-type") == ["application/json"] and named(headers, "accept") == ["application/json"]
    assert named(headers, "authorization") == ["Token t0k"]
    assert named(headers, "content-length") == [str(len(body.encode()))]
    assert named(headers, "accept-encoding") == ["gzip, deflate"]
    assert body == '{"name": "Kettle \\u00e9", "price": 5}'


@pytest.mark.parametrize("method", ["DELETE", "PUT", "PATCH", "POST"])
def test_a_request_without_a_body_says_its_length_is_0_as_requests_would(echo_server, method):
    client = ContractClient(echo_server)
    _, headers, body = request_seen(client.request(method, "/api/products/1/"))
    client.close()
    assert named(headers, "content-length") == ["0"] and body == "" and not named(headers, "content-type")


def test_a_get_has_no_length_nor_type(echo_server):
    client = ContractClient(echo_server)
    line, headers, _ = request_seen(client.request("GET", "/api/products/"))
    client.close()
    assert line == "GET /api/products/ HTTP/1.1"
    assert not named(headers, "content-length") and not named(headers, "content-type")


def test_headers_given_replace_the_clients_whatever_their_case_and_none_removes_one(echo_server):
    client = ContractClient(echo_server, token="t0k")
    _, replaced, _ = request_seen(client.request("GET", "/api/products/", headers={"authorization": "Token other"}))
    _, removed, _ = request_seen(client.request("GET", "/api/products/", headers={"Authorization": None}))
    client.close()
    assert named(replaced, "authorization") == ["Token other"]
    assert named(removed, "authorization") == [] and named(removed, "accept") == ["application/json"]


def test_a_lone_surrogate_in_a_path_is_sent_as_its_utf8_bytes(echo_server):
    client = ContractClient(echo_server)
    line, _, _ = request_seen(client.request("GET", "/api/products/\ud800/"))
    client.close()
    assert line == "GET /api/products/%ED%A0%80/ HTTP/1.1"


def test_an_app_on_a_unix_socket_is_reached_with_its_base_urls_path(tmp_path):
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "app.sock"))
    listener.listen(8)
    serve_on(listener, echo)
    client = ContractClient(UNIX_SCHEME + urllib.parse.quote(str(tmp_path / "app.sock"), safe="") + "/v1")
    exchange = client.request("GET", "/api/products/")
    client.close()
    listener.close()
    line, headers, _ = request_seen(exchange)
    assert exchange.status == 200 and line == "GET /v1/api/products/ HTTP/1.1"
    assert named(headers, "host") == ["localhost"]


def test_an_answer_that_breaks_off_says_so_and_is_no_response():
    def half(connection):
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
                               b"Connection: close\r\n\r\n[1,")

    listener = socket.create_server(("127.0.0.1", 0))
    serve_on(listener, half)
    exchange = ContractClient(f"http://127.0.0.1:{listener.getsockname()[1]}").request("GET", "/api/products/")
    listener.close()
    assert exchange.status is None
    assert exchange.error.startswith("the answer broke off: ") and "IncompleteRead" in exchange.error


def test_a_base_url_the_checks_cannot_talk_to_fails_every_check_in_one_line():
    client = ContractClient("https://127.0.0.1:8443")
    exchange = client.request("GET", "/api/products/")
    assert exchange.status is None
    assert exchange.got() == "no response (not sent: the checks talk to http:// URLs only, not 'https://127.0.0.1:8443')"


def test_a_refused_connection_says_where_the_server_was_expected():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    exchange = ContractClient(f"http://127.0.0.1:{port}").request("GET", "/api/products/")
    assert exchange.status is None
    assert exchange.error == f"connection refused: is the server running at http://127.0.0.1:{port}?"
