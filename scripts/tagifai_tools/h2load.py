"""h2load (Debian's nghttp2-client), run once and its report read with the keys of `wrk.run`'s:
requests, requests/s, latency percentiles (from its per-request log) and what went wrong."""
import re
import statistics
import tempfile
from pathlib import Path

from .processes import run as run_to_end
from .wrk import WrkError, seconds


def run(url: str, *, connections: int = 64, streams: int = 10, duration: str = "10s",
        data: Path | None = None, headers: list[str] = ()) -> dict:
    """`h2load -c connections -m streams -D duration` on `url` (h2c by prior knowledge for http, ALPN
    h2 for https; POSTing `data` when given): the command, requests, rps, p50, p99 and max (seconds),
    non_2xx, and socket_errors (streams that failed or errored)."""
    with tempfile.TemporaryDirectory(prefix="tagifai-h2load-") as folder:
        log = Path(folder) / "requests.log"
        command = ["h2load", "-c", str(connections), "-m", str(streams), "-D", str(int(seconds(duration))),
                   f"--log-file={log}", *(["-d", str(data)] if data else []),
                   *[part for header in headers for part in ("-H", header)], url]
        status, output, errors = run_to_end(command)
        if status != 0:
            raise WrkError(f"{' '.join(command)} failed ({status}): {errors.strip() or output[-500:]}")
        took = sorted(int(line.split("\t")[2]) / 1e6 for line in log.read_text().splitlines() if line.count("\t") >= 2)
    try:
        counts = re.search(r"requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, "
                           r"(\d+) errored", output)
        statuses = re.search(r"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", output)
        done = int(counts.group(2))
        return {
            "command": " ".join(command[:7]),
            "requests": done,
            "rps": float(re.search(r"finished in [0-9.]+m?s, ([0-9.]+) req/s", output).group(1)),
            "p50": statistics.median(took) if took else 0.0,
            "p99": took[min(len(took) - 1, int(len(took) * 0.99))] if took else 0.0,
            "max": took[-1] if took else 0.0,
            "non_2xx": sum(int(n) for n in statuses.groups()[1:]),
            "socket_errors": int(counts.group(4)) + int(counts.group(5)),
        }
    except (AttributeError, ValueError):
        raise WrkError(f"cannot read the output of {' '.join(command)}:\n{output}")
