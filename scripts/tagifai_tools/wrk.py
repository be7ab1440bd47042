"""wrk, run once and its report read: requests, requests/s, latency percentiles, and what went wrong."""
import re
from pathlib import Path

from . import SCRIPTS
from .processes import run as run_to_end

PREDICT_SCRIPT = SCRIPTS / "wrk" / "predict.lua"


class WrkError(Exception):
    """wrk failed, or printed a report that cannot be read."""


def seconds(value: str) -> float:
    """A wrk duration ("812.00us", "3.2ms", "1.05s", "2m") in seconds."""
    number, unit = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def run(url: str, *, threads: int = 1, connections: int = 64, duration: str = "10s",
        script: Path | None = None, timeout: str | None = None) -> dict:
    """`wrk --latency` on `url` (with the Lua `script` when given): the command, requests, rps, p50, p99
    and max (seconds), non_2xx and socket_errors (connect + read + write + timeout)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency",
               *(["--timeout", timeout] if timeout else []), *(["-s", str(script)] if script else []), url]
    status, output, errors = run_to_end(command)
    if status != 0:
        raise WrkError(f"{' '.join(command)} failed ({status}): {errors.strip()}")
    try:
        latency = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", output)
        percentile = lambda p: seconds(re.search(rf"\s{p}%\s+(\S+)", output).group(1))
        socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return {
            "command": " ".join(command[:4]),
            "requests": int(re.search(r"(\d+) requests in", output).group(1)),
            "rps": float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1)),
            "p50": percentile(50), "p99": percentile(99), "max": seconds(latency.group(1)),
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
            "socket_errors": sum(int(n) for n in socket_errors.groups()) if socket_errors else 0,
        }
    except (AttributeError, ValueError):
        raise WrkError(f"cannot read the output of {' '.join(command)}:\n{output}")
