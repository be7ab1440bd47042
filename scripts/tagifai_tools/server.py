"""`tagifai serve` for the scripts: the release binary, a server on loopback port 0 (the port it bound
read back from its log) in its own process group, its log read as it grows, stopped on exit."""
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import ROOT, SCRIPTS
from .ports import bound_port
from .processes import STARTED, children, kill_group, start
from .waiting import wait_until


class LogWatcher(threading.Thread):
    """Reads a log file as it grows and stamps each line with the monotonic time it was seen."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path = path
        self.lines: list[tuple[float, str]] = []
        self.done = threading.Event()

    def run(self) -> None:
        with open(self.path, "rb") as file:
            pending = b""
            while not self.done.is_set():
                chunk = file.read()
                if not chunk:
                    time.sleep(0.001)
                    continue
                now = time.monotonic()
                pending += chunk
                *complete, pending = pending.split(b"\n")
                self.lines.extend((now, line.decode(errors="replace")) for line in complete)

    def first_after(self, since: float, pattern: str, within: float) -> float | None:
        """The time the first line matching `pattern` seen after `since` appeared, waiting up to `within` s."""
        regex = re.compile(pattern)
        found = wait_until(lambda: next((stamp for stamp, line in list(self.lines)
                                         if stamp >= since and regex.search(line)), None), within, every=0.002)
        return found

    def text(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def errors(self) -> list[str]:
        """The lines that report an error or a failed assertion."""
        return [line for line in self.text().splitlines() if "[ERROR]" in line or "ssertion" in line]


class Server:
    """`tagifai serve` on loopback port 0, in the package root, in its own process group: `workers`
    workers, each `settings` entry a `--set KEY=VALUE`, with `config` and `model` when given and any
    further `arguments`, and `environment` added to the inherited variables. Ready once the supervisor
    logs all its workers ready, within `ready_within` seconds; `port` is the port it logged."""

    def __init__(self, binary: Path, folder: Path, workers: int, settings: list[str] = (), model: Path | None = None,
                 config: Path | None = None, log_name: str | None = None, arguments: list[str] = (),
                 environment: dict[str, str] | None = None, ready_within: float = 60):
        extra = list(arguments)
        self.log_path = folder / (log_name or f"server-{len(STARTED)}.log")
        self.log_path.write_bytes(b"")
        arguments = [str(binary), "serve", *(["--config", str(config)] if config else []),
                     "--bind", "127.0.0.1:0", "--workers", str(workers)]
        for setting in ["accesslog=null", *settings]:
            arguments += ["--set", setting]
        if model:
            arguments += ["--model", str(model)]
        arguments += extra
        added = environment or {}
        environment = {k: v for k, v in os.environ.items() if not k.startswith("TAGIFAI_")}
        environment.update(added)
        # The committed config's `pidfile: auto` then names a file of this server's own.
        runtime = folder / f"run-{len(STARTED)}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        environment["XDG_RUNTIME_DIR"] = str(runtime)
        with open(self.log_path, "wb") as output:
            self.process = start(arguments, cwd=ROOT, stdout=output, stderr=output, stdin=subprocess.DEVNULL,
                                 env=environment)
        self.watcher = LogWatcher(self.log_path)
        self.watcher.start()
        if self.watcher.first_after(0, r"worker\(s\) ready", ready_within) is None:
            raise SystemExit(f"tagifai serve did not become ready; its log:\n{self.watcher.text()}")
        self.port = bound_port(self.watcher.text())
        self.workers = workers

    @property
    def pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return children(self.pid)

    def wait_for_workers(self, count: int, within: float = 30, exclude: set[int] = frozenset()) -> bool:
        """Whether the supervisor has `count` workers, none of them in `exclude`, within `within` s."""
        def done() -> bool:
            pids = set(self.worker_pids())
            return len(pids) == count and not pids & exclude
        return bool(wait_until(done, within, every=0.01))

    def stop(self) -> None:
        self.watcher.done.set()
        kill_group(self.process)


def release_binary(build: bool = True) -> Path:
    """The release binary as deployed (scripts/build-release: the Swift runtime linked in, no run-time
    exclusivity checks), which every script shares: a build with other flags would rebuild the whole
    of .build/release, and the next one again. Built first unless `build` is false."""
    command = [str(SCRIPTS / "build-release"), *([] if build else ["--show-bin-path"])]
    if build:
        print("building release: scripts/build-release", file=sys.stderr, flush=True)
    return Path(subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout.strip())


def build() -> Path:
    """The release binary, built now."""
    return release_binary(build=True)
