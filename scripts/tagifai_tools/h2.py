"""HTTP/2 on a raw socket for the scripts (RFC 9113): cleartext h2 by prior knowledge, frames written
and read one by one, so loads and hostile clients hold every byte. Request heads are HPACK literals
without indexing or Huffman coding; of a response head only `:status` is read, from its first field,
which the server writes first (RFC 9113 §8.3: pseudo-fields come first).

`run_connection` is the load's client: `streams` requests in flight on one connection at a time,
`GET /` and `POST /predict` in turn, and a new connection when the server's GOAWAY has ended one, as
HTTP/2 clients do. Nothing is retried: a stream reset, refused, beyond the GOAWAY's last stream, or
cut by a closed connection counts as failed with the reason as its outcome."""
import socket
import time

from .payloads import PREDICT_BODY

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = range(10)
END_STREAM = ACK = 0x1
END_HEADERS, PADDED, PRIORITY_FLAG = 0x4, 0x8, 0x20
ENABLE_PUSH, INITIAL_WINDOW_SIZE = 0x2, 0x4
LARGEST_WINDOW = 2 ** 31 - 1
# The statuses the HPACK static table holds, as the one-byte indexed field (RFC 7541 Appendix A).
STATIC_STATUS = {0x88: 200, 0x89: 204, 0x8A: 206, 0x8B: 304, 0x8C: 400, 0x8D: 404, 0x8E: 500}
# A status sent as a literal (HPACK may Huffman-code its digits, which this client does not decode).
UNDECODED_STATUS = 0

GET = "GET /"
PREDICT = "POST /predict"


def frame(kind: int, flags: int, stream: int, payload: bytes = b"") -> bytes:
    return len(payload).to_bytes(3, "big") + bytes([kind, flags]) + stream.to_bytes(4, "big") + payload


def hpack_integer(value: int, prefix_bits: int, first: int = 0) -> bytes:
    """An HPACK integer (RFC 7541 §5.1) in a first byte whose high bits are `first`."""
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([first | value])
    out, value = bytearray([first | limit]), value - limit
    while value >= 128:
        out.append(value % 128 + 128)
        value //= 128
    return bytes(out + bytes([value]))


def literal(name: bytes, value: bytes) -> bytes:
    """A literal field without indexing, new name, neither string Huffman-coded (RFC 7541 §6.2.2)."""
    return b"\x00" + hpack_integer(len(name), 7) + name + hpack_integer(len(value), 7) + value


def request_head(method: str, path: str, fields: list[tuple[str, str]] = ()) -> bytes:
    pairs = [(":method", method), (":scheme", "http"), (":path", path), (":authority", "127.0.0.1"), *fields]
    return b"".join(literal(name.encode(), value.encode()) for name, value in pairs)


def request_frames(stream: int, method: str) -> bytes:
    """`GET /` or `POST /predict` (the lesson's payload) on `stream`."""
    if method == GET:
        return frame(HEADERS, END_HEADERS | END_STREAM, stream, request_head("GET", "/"))
    head = request_head("POST", "/predict", [("content-type", "application/json"),
                                             ("content-length", str(len(PREDICT_BODY)))])
    return frame(HEADERS, END_HEADERS, stream, head) + frame(DATA, END_STREAM, stream, PREDICT_BODY)


def header_block(flags: int, payload: bytes) -> bytes:
    """A HEADERS frame's field block, without its padding and priority."""
    start, end = 0, len(payload)
    if flags & PADDED:
        start, end = 1, len(payload) - payload[0]
    if flags & PRIORITY_FLAG:
        start += 5
    return payload[start:end]


def status_of(block: bytes) -> int:
    return STATIC_STATUS.get(block[0], UNDECODED_STATUS) if block else UNDECODED_STATUS


class Connection:
    """A client connection: preface and SETTINGS (no push). With the default `window`, the largest
    windows are granted at once, so answers never wait for a WINDOW_UPDATE; with `window=0` no answer
    byte may be sent at all (a client that stalls flow control). The server's SETTINGS and PINGs are
    acknowledged as `next_frame` reads them."""

    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 10, window: int = LARGEST_WINDOW):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = bytearray()
        settings = ENABLE_PUSH.to_bytes(2, "big") + (0).to_bytes(4, "big")
        settings += INITIAL_WINDOW_SIZE.to_bytes(2, "big") + window.to_bytes(4, "big")
        opening = PREFACE + frame(SETTINGS, 0, 0, settings)
        if window > 65535:
            opening += frame(WINDOW_UPDATE, 0, 0, (window - 65535).to_bytes(4, "big"))
        self.send(opening)

    def settle(self) -> None:
        """Returns once the server has read this client's SETTINGS and this client acknowledged the
        server's: a PING sent after them comes back."""
        self.send(frame(PING, 0, 0, b"settled!"))
        while True:
            kind, flags, _, payload = self.read_frame()
            if kind == SETTINGS and not flags & ACK:
                self.send(frame(SETTINGS, ACK, 0))
            elif kind == PING and flags & ACK and payload == b"settled!":
                return

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read_frame(self) -> tuple[int, int, int, bytes]:
        """The next frame as (type, flags, stream, payload); ConnectionError when the server closed."""
        while True:
            if len(self.buffer) >= 9:
                length = int.from_bytes(self.buffer[:3], "big")
                if len(self.buffer) >= 9 + length:
                    head, payload = bytes(self.buffer[:9]), bytes(self.buffer[9:9 + length])
                    del self.buffer[:9 + length]
                    return head[3], head[4], int.from_bytes(head[5:9], "big") & 0x7FFFFFFF, payload
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionResetError("the server closed the connection") if self.buffer else \
                    ConnectionAbortedError("the server closed the connection")
            self.buffer += chunk

    def next_frame(self) -> tuple[int, int, int, bytes]:
        """The next frame other than SETTINGS and PING, which are acknowledged."""
        while True:
            kind, flags, stream, payload = self.read_frame()
            if kind == SETTINGS and not flags & ACK:
                self.send(frame(SETTINGS, ACK, 0))
            elif kind == PING and not flags & ACK:
                self.send(frame(PING, ACK, 0, payload))
            elif kind not in (SETTINGS, PING):
                return kind, flags, stream, payload

    def close(self) -> None:
        self.sock.close()


def run_connection(port: int, streams: int, stopping, record, predict: bool = True, timeout: float = 30,
                   clock=time.monotonic) -> None:
    """Requests in flight `streams` at a time on a connection, opened again when the server ended the
    last, until `stopping` is set and the open streams are done; each passed to
    `record(start, end, method, outcome)`."""
    method = PREDICT if predict else GET

    def next_method() -> str:
        nonlocal method
        method, current = (GET if method == PREDICT else PREDICT), method
        return current

    while not stopping.is_set():
        try:
            conn = Connection(port, timeout=timeout)
        except OSError as error:
            moment = clock()
            record(moment, moment, next_method(), type(error).__name__)
            stopping.wait(0.01)  # the pace of a client retrying a refused connection
            continue
        open_streams: dict[int, list] = {}
        next_stream, going_away = 1, False
        try:
            while True:
                batch = b""
                while not going_away and not stopping.is_set() and len(open_streams) < streams:
                    current = next_method()
                    batch += request_frames(next_stream, current)
                    open_streams[next_stream] = [clock(), current, UNDECODED_STATUS]
                    next_stream += 2
                if batch:
                    conn.send(batch)
                if not open_streams:
                    break
                kind, flags, stream, payload = conn.next_frame()
                if kind == GOAWAY:
                    going_away = True
                    last = int.from_bytes(payload[:4], "big") & 0x7FFFFFFF
                    for beyond in [s for s in open_streams if s > last]:
                        start, current, _ = open_streams.pop(beyond)
                        record(start, clock(), current, "beyond the GOAWAY's last stream")
                elif stream in open_streams:
                    if kind == HEADERS and open_streams[stream][2] == UNDECODED_STATUS:
                        open_streams[stream][2] = status_of(header_block(flags, payload))
                    if kind == RST_STREAM:
                        start, current, _ = open_streams.pop(stream)
                        record(start, clock(), current, f"RST_STREAM {int.from_bytes(payload, 'big')}")
                    elif kind in (HEADERS, DATA) and flags & END_STREAM:
                        start, current, status = open_streams.pop(stream)
                        record(start, clock(), current, status)
        except OSError as error:
            for start, current, _ in open_streams.values():
                record(start, clock(), current, type(error).__name__)
        conn.close()
