"""An app cannot stall the checks with a trickle of bytes, nor flood them with a huge body."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from apilab.contract.client import BODY_LIMIT, ContractClient


@pytest.fixture
def raw_server():
    """A TCP server on 127.0.0.1 answering each connection with ``respond(connection)``; yields a setter."""
    listener = socket.create_server(("127.0.0.1", 0))
    handlers = {}

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=handlers["respond"], args=(connection,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()

    def start(respond):
        handlers["respond"] = respond
        return f"http://127.0.0.1:{listener.getsockname()[1]}"

    yield start
    listener.close()


def trickle(connection):
    """Answer one byte every 0.3 s: never slow enough for a read to time out."""
    connection.recv(65536)
    try:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]":
            connection.sendall(bytes([byte]))
            time.sleep(0.3)
    except OSError:
        pass
    finally:
        connection.close()


def flood(connection):
    """Answer with a body of 256 MiB."""
    connection.recv(65536)
    size = 256 * 1024 * 1024
    try:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           + f"Content-Length: {size}\r\n\r\n".encode())
        chunk = b"[" * 65536
        for _ in range(size // len(chunk)):
            connection.sendall(chunk)
    except OSError:
        pass
    finally:
        connection.close()


def test_a_trickling_answer_meets_the_requests_deadline(raw_server):
    client = ContractClient(raw_server(trickle), timeout=1.0)
    started = time.monotonic()
    exchange = client.request("GET", "/api/products/")
    client.close()
    assert exchange.status is None and "no answer within" in exchange.error
    assert time.monotonic() - started < 5  # the whole answer would take 30 s


def test_a_huge_body_is_read_up_to_the_limit_only(raw_server):
    client = ContractClient(raw_server(flood), timeout=5.0)
    started = time.monotonic()
    exchange = client.request("GET", "/api/products/")
    client.close()
    assert exchange.status == 200 and len(exchange.text) < BODY_LIMIT + 200
    assert "the rest was not read" in exchange.text and exchange.parsed() is None
    assert time.monotonic() - started < 5
