"""Runs `tagifai serve` for the scripts: a release build, a server on a free loopback port in its own
process group, its log read as it grows, and every process stopped on exit."""
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTED: list[subprocess.Popen] = []


def stop_all() -> None:
    for process in STARTED:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
    STARTED.clear()


def on_signal(signum, _frame) -> None:
    stop_all()
    sys.exit(128 + signum)


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
        deadline = time.monotonic() + within
        while True:
            for stamp, line in list(self.lines):
                if stamp >= since and regex.search(line):
                    return stamp
            if time.monotonic() > deadline:
                return None
            time.sleep(0.002)

    def text(self) -> str:
        return "\n".join(line for _, line in self.lines)


class Server:
    """`tagifai serve` on a free loopback port, in the package root, in its own process group."""

    def __init__(self, binary: Path, folder: Path, workers: int, settings: list[str], model: Path | None = None):
        self.log_path = folder / f"server-{len(STARTED)}.log"
        self.log_path.write_bytes(b"")
        arguments = [str(binary), "serve", "--bind", "127.0.0.1:0", "--workers", str(workers)]
        for setting in ["accesslog=null", *settings]:
            arguments += ["--set", setting]
        if model:
            arguments += ["--model", str(model)]
        environment = {k: v for k, v in os.environ.items() if not k.startswith("TAGIFAI_")}
        with open(self.log_path, "wb") as output:
            self.process = subprocess.Popen(arguments, cwd=ROOT, stdout=output, stderr=output,
                                            stdin=subprocess.DEVNULL, env=environment, start_new_session=True)
        STARTED.append(self.process)
        self.watcher = LogWatcher(self.log_path)
        self.watcher.start()
        if self.watcher.first_after(0, r"worker\(s\) ready", 60) is None:
            raise SystemExit(f"tagifai serve did not become ready; its log:\n{self.watcher.text()}")
        self.port = int(re.search(r"listening at 127\.0\.0\.1:(\d+)", self.watcher.text()).group(1))
        self.workers = workers

    @property
    def pid(self) -> int:
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return children(self.pid)

    def wait_for_workers(self, count: int, within: float = 30, exclude: set[int] = frozenset()) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            pids = set(self.worker_pids())
            if len(pids) == count and not pids & exclude:
                return True
            time.sleep(0.01)
        return False

    def stop(self) -> None:
        self.watcher.done.set()
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
            self.process.wait()


def children(pid: int) -> list[int]:
    """The running children of `pid`."""
    pids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return [child for child in pids if is_running(child)]


def is_running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def build() -> Path:
    """The release binary as deployed (the Swift runtime linked in), which every script shares: a
    build with other flags would rebuild the whole of .build/release, and the next one again."""
    command = ["swift", "build", "-c", "release", "--static-swift-stdlib", "--product", "tagifai"]
    print("building release: " + " ".join(command), file=sys.stderr, flush=True)
    subprocess.run(command, cwd=ROOT, check=True)
    bin_path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                              check=True, capture_output=True, text=True).stdout.strip()
    return Path(bin_path) / "tagifai"
