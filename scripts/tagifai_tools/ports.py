"""Ports: a server that can bind port 0 reports the port it bound in its log (`listening at
ADDRESS:PORT`), which `bound_port` reads back; `free_port` is for programs that cannot report it."""
import re
import socket


def bound_port(log_text: str, host: str = "127.0.0.1") -> int | None:
    """The port of the first `listening at HOST:PORT` line of a tagifai (or Prefork) supervisor's log."""
    match = re.search(rf"listening at {re.escape(host)}:(\d+)", log_text)
    return int(match.group(1)) if match else None


def free_port(host: str = "127.0.0.1") -> int:
    """A port free on `host` now (for nginx, which cannot report the port it bound)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
