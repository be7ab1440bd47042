"""The keep-alive load generator: connections that send `GET /` and `POST /predict` in turn (or only
`POST /predict`), each on one kept-alive connection opened again only after the server answered
`Connection: close` (as a draining worker does), or on a new connection per request. Nothing is
retried: a request that gets no complete answer (refused, reset, closed before or during the
response, timed out) counts as failed, with its error's name. Every request's outcome is recorded
as (start, end, method, outcome): the outcome a status (int) or an error's name (str).

`ThreadLoad` runs the connections as threads (scripts/keepalive_load.py, run in a namespace or a
container's network); `ProcessLoad` as processes, so a script's own timing of a server's log is not
held up behind its clients for Python's interpreter lock (scripts/chaos); its clients speak HTTP/1.1, or
HTTP/2 with several streams in flight on each connection (`h2.run_connection`)."""
import multiprocessing
import queue
import signal
import threading
import time
from collections import Counter

from . import h2
from .client import Connection
from .waiting import wait_until

PREDICT = "POST /predict"
GET = "GET /"


def run_connection(client: Connection, stopping, record, predict: bool = False, only_predict: bool = False,
                   rate: float = 0, reconnect: bool = True, answered: threading.Event | None = None,
                   clock=time.monotonic) -> None:
    """Requests on `client` in turn, `rate` a second at most (0: no limit), until `stopping` is set (or,
    without `reconnect`, until the connection is closed after its first answer), each passed to
    `record(start, end, method, outcome)` with times from `clock`."""
    next_request = time.monotonic()
    while not stopping.wait(max(0.0, next_request - time.monotonic())):
        next_request += 1 / rate if rate else 0
        if client.conn is None and not reconnect and answered is not None and answered.is_set():
            break
        start = clock()
        method = PREDICT if predict else GET
        try:
            outcome: int | str = client.exchange(predict)
            if answered is not None:
                answered.set()
        except OSError as error:
            outcome = type(error).__name__
        record(start, clock(), method, outcome)
        predict = only_predict or not predict
    client.close()


def summary(requests: list[tuple], connections: int) -> dict:
    """The counts of `requests`: sent, ok (2xx), failed (no answer), non-2xx, and each error and status."""
    outcomes = Counter(str(outcome) for *_, outcome in requests)
    statuses = {key: n for key, n in outcomes.items() if key.isdigit()}
    errors = {key: n for key, n in outcomes.items() if not key.isdigit()}
    return {
        "sent": sum(outcomes.values()),
        "ok": sum(n for key, n in statuses.items() if key.startswith("2")),
        "failed": sum(errors.values()),
        "non_2xx": sum(n for key, n in statuses.items() if not key.startswith("2")),
        "connections": connections,
        "errors": errors,
        "statuses": statuses,
    }


class ThreadLoad:
    """`connections` threads against HOST:PORT, kept alive, alternating routes; times since the epoch."""

    def __init__(self, host: str, port: int, connections: int, rate: float = 0, reconnect: bool = True,
                 timeout: float = 30):
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.requests: list[tuple[float, float, str, int | str]] = []
        self.answered = [threading.Event() for _ in range(connections)]
        self.clients = [Connection(host, port, timeout) for _ in range(connections)]
        self.threads = [threading.Thread(target=run_connection,
                                         args=(client, self.stopping, self.record, False, False, rate, reconnect, event,
                                               time.time))
                        for client, event in zip(self.clients, self.answered)]

    def record(self, *request) -> None:
        with self.lock:
            self.requests.append(request)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def started(self) -> bool:
        """Whether every connection has had an answer."""
        return all(event.is_set() for event in self.answered)

    def running(self) -> bool:
        return any(thread.is_alive() for thread in self.threads)

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def summary(self) -> dict:
        with self.lock:
            return summary(self.requests, sum(client.opened for client in self.clients))


def _client_process(port: int, predict: bool, timeout: float, keep_alive: bool, only_predict: bool,
                    streams: int, stopping, count, results) -> None:
    """One client process: requests in turn until `stopping` is set, then sends back every outcome.
    It ignores Ctrl-C, which the terminal sends its whole process group: the parent stops it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    outcomes = []

    def record(*request) -> None:
        outcomes.append(request)
        with count.get_lock():
            count.value += 1
    if streams:
        h2.run_connection(port, streams, stopping, record, predict, timeout)
    else:
        run_connection(Connection("127.0.0.1", port, timeout, keep_alive), stopping, record, predict, only_predict)
    results.put(outcomes)


class ProcessLoad:
    """`clients` processes against 127.0.0.1:PORT, as a context manager: on a connection each
    (`keep_alive`) or one per request, alternating routes (every other client starting with
    `POST /predict`) or `only_predict`; or, with `h2_streams`, HTTP/2 connections with that many streams
    in flight, alternating routes; monotonic times; `outcomes` once the block is left."""

    def __init__(self, port: int, clients: int = 4, timeout: float = 30, keep_alive: bool = False,
                 only_predict: bool = False, h2_streams: int = 0):
        context = multiprocessing.get_context("fork")
        self.stopping = context.Event()
        self.count = context.Value("l", 0)
        self.results = context.Queue()
        self.outcomes: list[tuple[float, float, str, int | str]] = []
        self.timeout = timeout
        self.clients = [
            context.Process(target=_client_process,
                            args=(port, only_predict or i % 2 == 0, timeout, keep_alive, only_predict,
                                  h2_streams, self.stopping, self.count, self.results),
                            daemon=True)
            for i in range(clients)]

    def __enter__(self):
        for client in self.clients:
            client.start()
        return self

    def __exit__(self, *_):
        # Each client finishes the request it has in flight (within `timeout`), sends its outcomes
        # and exits; one that died without sending (killed, crashed) is not waited for for ever.
        self.stopping.set()
        deadline = time.monotonic() + self.timeout + 10
        received = 0
        while received < len(self.clients) and time.monotonic() < deadline:
            try:
                self.outcomes += self.results.get(timeout=0.5)
                received += 1
            except queue.Empty:
                if not any(client.is_alive() for client in self.clients):
                    break
        for client in self.clients:
            client.join(timeout=max(0.0, deadline - time.monotonic()))
            if client.is_alive():
                client.kill()
                client.join()

    @property
    def sent(self) -> int:
        return self.count.value

    def wait_for(self, count: int, within: float = 30) -> None:
        """Waits until `count` requests have been sent, `within` s at most."""
        wait_until(lambda: self.sent >= count, within, every=0.01)
