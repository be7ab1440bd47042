"""The processes of scripts/cluster: a tagifai host, nginx as the balancer and the keep-alive load,
each in its namespace of the cluster's network."""
import json
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from cluster_net import Network, pids_in
from tagifai_tools import ROOT, SCRIPTS, nginx
from tagifai_tools.processes import children, is_running, signal_all
from tagifai_tools.server import LogWatcher
from tagifai_tools.waiting import wait_until

# nginx's log of every request: when it ended (seconds since the epoch), how long it took, its
# status, and each host it was sent to with that host's answer (several when retried).
NGINX_LOG_FORMAT = "$msec $request_time $status \"$upstream_addr\" \"$upstream_status\" $remote_addr \"$request\""


class Host:
    """`tagifai serve` in a namespace of its own, from a config file written for it: `workers`
    workers on ADDRESS:8000, the balancer its only trusted proxy, an access log and a pidfile."""

    def __init__(self, network: Network, number: int, binary: Path, folder: Path, balancer: str, workers: int):
        self.role = f"h{number}"
        self.network = network
        self.address = network.addresses[self.role]
        self.upstream = f"{self.address}:8000"
        self.binary = binary
        self.folder = folder
        self.pidfile = folder / f"{self.role}.pid"
        self.access_log = folder / f"{self.role}-access.log"
        self.config = folder / f"{self.role}.yaml"
        self.config.write_text(f"""bind: ["{self.upstream}"]
workers: {workers}
pidfile: {self.pidfile}
accesslog: {self.access_log}
errorlog: "-"
forwarded_allow_ips: {balancer}
graceful_timeout: 10
model: {ROOT / "models" / "tagifai"}
""")
        self.starts = 0
        self.process: subprocess.Popen | None = None
        self.watcher: LogWatcher | None = None

    def start(self) -> None:
        self.starts += 1
        log_path = self.folder / f"{self.role}-{self.starts}.log"
        with open(log_path, "wb") as output:
            self.process = self.network.run_in(self.role, [str(self.binary), "serve", "--config", str(self.config)],
                                               stdout=output, stderr=output, stdin=subprocess.DEVNULL, cwd=self.folder)
        self.watcher = LogWatcher(log_path)
        self.watcher.start()
        if self.watcher.first_after(0, r"all \d+ worker\(s\) ready", 60) is None:
            raise SystemExit(f"{self.role}: tagifai serve did not become ready; its log:\n{self.watcher.text()}")

    def supervisor(self) -> int:
        """The pid in the pidfile: the supervisor in charge (waiting out a USR2's rename of it)."""
        found: list[int] = []

        def read() -> bool:
            try:
                found[:] = [int(self.pidfile.read_text().split()[0])]
            except (OSError, ValueError, IndexError):
                return False
            return True
        if not wait_until(read, 10, 0.02):
            raise SystemExit(f"{self.role}: no pid in {self.pidfile} for 10 s")
        return found[0]

    def worker_pids(self) -> list[int]:
        return children(self.supervisor())

    def kill(self) -> float:
        """SIGKILL to the supervisor and all its workers (every process in the host's namespace),
        then waits for every one of them to be gone; returns the time of the kill (seconds since
        the epoch)."""
        pids = self.network_pids()
        moment = time.time()
        signal_all([-self.process.pid, *pids])  # the group first, at once: no worker is respawned meanwhile
        self.process.wait()
        wait_until(lambda: not any(is_running(pid) for pid in pids), 10, 0.02)
        self.watcher.done.set()
        return moment

    def network_pids(self) -> list[int]:
        return pids_in(self.network.prefix + self.role)

    def errors(self) -> list[str]:
        return self.watcher.errors()


class Balancer:
    """nginx in its namespace, configured from etc/nginx/tagifai.conf with the hosts as upstreams,
    logging every request with the hosts it went to."""

    def __init__(self, network: Network, folder: Path, upstreams: list[str]):
        self.folder = folder
        self.log = folder / "access.log"
        extra = f"    log_format cluster '{NGINX_LOG_FORMAT}';\n    access_log {self.log} cluster;\n"
        self.site = nginx.shipped_site(upstreams)
        self.config = nginx.write_config(folder, self.site, workers=2, http_extra=extra)
        with open(folder / "nginx.out", "wb") as output:
            self.process = network.run_in("lb", nginx.command(self.config),
                                          stdout=output, stderr=output, stdin=subprocess.DEVNULL)

    def fail_timeout(self) -> float:
        return float(re.search(r"fail_timeout=(\d+)s", self.site).group(1))

    def entries(self, since: float = 0) -> list[dict]:
        """Requests logged that ended at `since` (seconds since the epoch) or later."""
        rows = []
        if not self.log.exists():
            return rows
        for line in self.log.read_text().splitlines():
            match = re.match(r'(\S+) (\S+) (\d+) "([^"]*)" "([^"]*)" (\S+) "([^"]*)"', line)
            if not match or float(match.group(1)) < since:
                continue
            end, took = float(match.group(1)), float(match.group(2))
            rows.append({"start": end - took, "end": end, "status": int(match.group(3)),
                         "hosts": re.split(r"\s*[,:]\s+", match.group(4)),
                         "answers": re.split(r"\s*[,:]\s+", match.group(5)),
                         "client": match.group(6), "request": match.group(7)})
        return rows

    def errors(self) -> list[str]:
        return nginx.error_log(self.config).splitlines()


class Load:
    """scripts/keepalive_load.py in the client namespace against the balancer: `GET /` and
    `POST /predict` in turn on each kept-alive connection, every request recorded."""

    def __init__(self, network: Network, folder: Path, target: str, connections: int, rate: float):
        self.record = folder / f"load-{time.monotonic_ns()}.jsonl"
        self.process = network.run_in("client", [sys.executable, str(SCRIPTS / "keepalive_load.py"),
                                                 "--host", target, "--port", "80", "--connections", str(connections),
                                                 "--rate", str(rate), "--max-seconds", "600", "--record", str(self.record)],
                                      stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], 30)
        if not ready or self.process.stdout.readline().strip() != "started":
            self.process.kill()
            raise SystemExit("the load through nginx did not start within 30 s")
        self.requests: list[tuple[float, float, str, str]] = []
        self.summary: dict = {}  # keepalive_load.py's counts, once stopped

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=60)
        self.summary = json.loads(output.strip().splitlines()[-1])
        self.requests = [tuple(json.loads(line)) for line in self.record.read_text().splitlines()]

    def failed(self) -> list[tuple]:
        return [r for r in self.requests if not r[3].isdigit()]

    def non_2xx(self) -> list[tuple]:
        return [r for r in self.requests if r[3].isdigit() and not r[3].startswith("2")]
