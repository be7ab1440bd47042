"""What the end-to-end scripts (systemd-e2e, kube-e2e) share: the table of checks and the route check."""
import subprocess
from collections.abc import Callable

from tagifai_tools.log import logger
from tagifai_tools.payloads import PREDICT_JSON

# Route, method, body, a piece of the answer that shows it is the route's own.
ROUTES = [
    ("/", "GET", None, '"message"'),
    ("/performance", "GET", None, '"overall"'),
    ("/args", "GET", None, '"num_epochs"'),
    ("/args/num_epochs", "GET", None, '"num_epochs"'),
    ("/predict", "POST", PREDICT_JSON, '"predicted_tag"'),
    ("/openapi.json", "GET", None, '"openapi"'),
    ("/docs", "GET", None, "swagger-ui"),
    ("/redoc", "GET", None, "redoc"),
    ("/metrics", "GET", None, "tagifai_http_requests_total"),
]


class Abort(Exception):
    """A check that later ones depend on failed: the run stops there."""


class Results:
    """Every check's outcome, logged as it comes (prefixed with the script's name) and printed as one table at the end."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.log = logger(name)
        self.rows: list[tuple[str, bool, str]] = []

    def record(self, name: str, ok: bool, detail: str = "") -> bool:
        self.rows.append((name, ok, detail))
        self.log(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
        return ok

    def require(self, name: str, ok: bool, detail: str = "") -> None:
        if not self.record(name, ok, detail):
            raise Abort(name)

    def print_table(self) -> bool:
        width = max(len(name) for name, _, _ in self.rows) if self.rows else 10
        print(f"{'check':<{width}}  result  detail")
        for name, ok, detail in self.rows:
            print(f"{name:<{width}}  {'PASS' if ok else 'FAIL':<6}  {detail}")
        failed = sum(1 for _, ok, _ in self.rows if not ok)
        print(f"{len(self.rows) - failed} passed, {failed} failed")
        return failed == 0


def curl(path: str, method: str = "GET", body: str | None = None, port: int = 8000) -> list[str]:
    """The curl command that asks the server on 127.0.0.1:`port` for `path` and prints the body, a newline and the status."""
    command = ["curl", "-sS", "--max-time", "10", "-w", "\n%{http_code}", f"http://127.0.0.1:{port}{path}"]
    if body is not None:
        command[1:1] = ["-X", method, "-H", "Content-Type: application/json", "--data-binary", body]
    return command


def check_routes(results: Results, run: Callable[..., subprocess.CompletedProcess], prefix: str = "",
                 metrics_port: int = 8000) -> None:
    """Asks every route through `run(*command, timeout=...)` (curl where the server's 127.0.0.1 is) and records each;
    /metrics on `metrics_port` (the config's metrics_bind, when it has one)."""
    for path, method, body, expected in ROUTES:
        port = metrics_port if path == "/metrics" else 8000
        answer = run(*curl(path, method, body, port), timeout=20)
        text, _, status = answer.stdout.rpartition("\n")
        ok = answer.returncode == 0 and status == "200" and expected in text
        results.record(f"{prefix}{method} {path}" + ("" if port == 8000 else f" on {port}"), ok,
                       f"{status or answer.stderr.strip()}, {len(text)} bytes" + ("" if expected in text else f", no {expected}"))
