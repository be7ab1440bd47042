"""A raw HTTP/1.1 client on sockets, for loads and hostile clients that need every byte in hand:
a request's bytes, one response read off a connection, a connection kept alive."""
import re
import socket

from .payloads import PREDICT_BODY

class BadStatusLine(ConnectionError):
    """A response whose status line is not `HTTP/1.x NNN ...`."""


HOST = b"Host: 127.0.0.1\r\n"
CLOSE = b"Connection: close\r\n"


def predict_request(body: bytes = PREDICT_BODY, connection: bytes = b"", host: bytes = HOST) -> bytes:
    """`POST /predict` of `body` (the lesson's payload by default); `connection` an extra header line."""
    return (b"POST /predict HTTP/1.1\r\n" + host + b"Content-Type: application/json\r\n" + connection +
            b"Content-Length: %d\r\n\r\n" % len(body) + body)


def get_request(target: bytes = b"/", connection: bytes = b"", host: bytes = HOST, extra: bytes = b"") -> bytes:
    return b"GET " + target + b" HTTP/1.1\r\n" + host + extra + connection + b"\r\n"


def read_response(conn: socket.socket) -> tuple[int, bytes, bytes]:
    """Reads one response (status, head, body) whose body has a Content-Length (or none)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response head")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
    while length and len(body) < int(length.group(1)):
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("closed mid-body")
        body += chunk
    try:
        status = int(head.split(b" ", 2)[1])
    except (IndexError, ValueError):
        raise BadStatusLine(head[:80]) from None
    return status, head, body


def closes(head: bytes) -> bool:
    """Whether a response head says the server closes the connection after it."""
    return re.search(rb"(?i)\r\nconnection: *close", head) is not None


def get(port: int, target: bytes = b"/", host: bytes = HOST, extra: bytes = b"", source: str = "127.0.0.1",
        timeout: float = 10) -> tuple[int, bytes]:
    """One GET from `source` on a new connection with Connection: close: its status and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=(source, 0)) as conn:
        conn.sendall(get_request(target, CLOSE, host, extra))
        status, _, body = read_response(conn)
    return status, body


class Connection:
    """Requests to HOST:PORT, `GET /` or `POST /predict`: on one connection reused until the server
    answers `Connection: close` (`keep_alive`), or on a new one each with Connection: close."""

    def __init__(self, host: str, port: int, timeout: float, keep_alive: bool = True):
        self.address = (host, port)
        self.timeout = timeout
        self.keep_alive = keep_alive
        self.conn: socket.socket | None = None
        self.opened = 0

    def exchange(self, predict: bool) -> int:
        """One request; returns its status, raises OSError on any failure (the connection then closed)."""
        if self.conn is None:
            self.opened += 1
            self.conn = socket.create_connection(self.address, timeout=self.timeout)
        connection = b"" if self.keep_alive else CLOSE
        try:
            self.conn.sendall(predict_request(connection=connection) if predict else get_request(connection=connection))
            status, head, _ = read_response(self.conn)
        except OSError:
            self.close()
            raise
        if not self.keep_alive or closes(head):
            self.close()
        return status

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
