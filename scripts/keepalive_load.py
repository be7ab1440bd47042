#!/usr/bin/env python3
"""A keep-alive HTTP load that records every request's outcome, for checks that must lose nothing
(the command line of tagifai_tools.load, run where the scripts' folder is at hand: a namespace, a
container's network).

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
import json
import signal
import sys
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tagifai_tools.load import ThreadLoad  # noqa: E402


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
    load = ThreadLoad(options.host, options.port, options.connections, options.rate, not options.no_reconnect)
    load.start()
    deadline = time.monotonic() + options.max_seconds
    announced = False
    while not stopping.wait(0.05) and time.monotonic() < deadline and load.running():
        if not announced and load.started():
            print("started", flush=True)
            announced = True
    load.stop()
    if options.record:
        with open(options.record, "w") as file:
            file.writelines(json.dumps([start, end, method, str(outcome)]) + "\n"
                            for start, end, method, outcome in load.requests)
    print(json.dumps(load.summary()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
