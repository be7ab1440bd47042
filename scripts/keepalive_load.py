#!/usr/bin/env python3
"""A keep-alive HTTP load that records every request's outcome, for checks that must lose nothing.

Each connection is an HTTP/1.1 client that sends `GET /` and `POST /predict` in turn on one kept-
alive connection, and opens a new connection only after the server answered `Connection: close`
(as a draining worker does). Nothing is retried: a request that gets no complete answer (refused,
reset, closed before or during the response, timed out) counts as failed, with its error's name.

Run as a script, it loads until SIGTERM or SIGINT (or --max-seconds), then prints one JSON object:
{"sent", "ok", "failed", "non_2xx", "connections", "errors": {name: count}, "statuses": {code:
count}}. It prints `started` once every connection has had an answer, so a caller can wait for it.
With --record FILE it also writes every request there, one JSON array a line: [start, end, method,
outcome], the times in seconds since the epoch (time.time()) and the outcome a status or an error's name.

With --no-reconnect a connection the server closes is not replaced: the load then ends by itself
once the server has closed every connection, and every request it counts went on a connection the
server had accepted and answered before (what a graceful stop must lose none of).

usage: keepalive_load.py [--host 127.0.0.1] [--port 8000] [--connections 8] [--rate 0] [--max-seconds 120]
                         [--record FILE] [--no-reconnect]
"""
import argparse
import http.client
import json
import signal
import sys
import threading
import time
from collections import Counter

PREDICT_BODY = (b'{"texts": [{"text": "Transfer learning with transformers for text classification."},'
                b' {"text": "Real-time object detection with YOLO on video streams."}]}')


class Tally:
    """Outcomes of all connections, counted under one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.outcomes: Counter[str] = Counter()
        self.connections = 0
        self.requests: list[tuple[float, float, str, str]] = []

    def add(self, outcome: str, start: float, method: str) -> None:
        with self.lock:
            self.outcomes[outcome] += 1
            self.requests.append((start, time.time(), method, outcome))

    def opened(self) -> None:
        with self.lock:
            self.connections += 1

    def summary(self) -> dict:
        with self.lock:
            statuses = {key: n for key, n in self.outcomes.items() if key.isdigit()}
            errors = {key: n for key, n in self.outcomes.items() if not key.isdigit()}
            return {
                "sent": sum(self.outcomes.values()),
                "ok": sum(n for key, n in statuses.items() if key.startswith("2")),
                "failed": sum(errors.values()),
                "non_2xx": sum(n for key, n in statuses.items() if not key.startswith("2")),
                "connections": self.connections,
                "errors": errors,
                "statuses": statuses,
            }


def run_connection(host: str, port: int, rate: float, stopping: threading.Event, tally: Tally,
                   answered: threading.Event, reconnect: bool = True) -> None:
    """Requests in turn on a kept-alive connection, `rate` a second at most, until `stopping` is set (or, without
    `reconnect`, until the connection is closed after its first answer)."""
    connection: http.client.HTTPConnection | None = None
    predict = False
    next_request = time.monotonic()
    while not stopping.wait(max(0.0, next_request - time.monotonic())):
        next_request += 1 / rate if rate else 0
        if connection is None:
            if not reconnect and answered.is_set():
                return
            connection = http.client.HTTPConnection(host, port, timeout=30)
            tally.opened()
        start = time.time()
        method = "POST /predict" if predict else "GET /"
        try:
            if predict:
                connection.request("POST", "/predict", body=PREDICT_BODY, headers={"Content-Type": "application/json"})
            else:
                connection.request("GET", "/")
            response = connection.getresponse()
            response.read()
            tally.add(str(response.status), start, method)
            answered.set()
            if response.will_close:
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            tally.add(type(error).__name__, start, method)
            connection.close()
            connection = None
        predict = not predict
    if connection is not None:
        connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rate", type=float, default=0, help="requests a second per connection at most; 0: no limit")
    parser.add_argument("--max-seconds", type=float, default=120, help="stop by itself after this long")
    parser.add_argument("--record", help="write every request's times, method and outcome to this file")
    parser.add_argument("--no-reconnect", action="store_true",
                        help="do not replace a connection the server closes; end when all are closed")
    options = parser.parse_args()

    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    tally = Tally()
    answered = [threading.Event() for _ in range(options.connections)]
    threads = [threading.Thread(target=run_connection, args=(options.host, options.port, options.rate, stopping, tally, event,
                                                             not options.no_reconnect))
               for event in answered]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + options.max_seconds
    announced = False
    while not stopping.wait(0.05) and time.monotonic() < deadline and any(thread.is_alive() for thread in threads):
        if not announced and all(event.is_set() for event in answered):
            print("started", flush=True)
            announced = True
    stopping.set()
    for thread in threads:
        thread.join()
    if options.record:
        with open(options.record, "w") as file:
            file.writelines(json.dumps(request) + "\n" for request in tally.requests)
    print(json.dumps(tally.summary()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
