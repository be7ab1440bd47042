"""Processes from /proc, and the ones a script starts: each in a process group (session) of its own,
remembered, and stopped on exit, also on Ctrl-C or TERM."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

STARTED: list[subprocess.Popen] = []


def is_running(pid: int) -> bool:
    """Whether `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def children(pid: int) -> list[int]:
    """The running children of `pid` (of every one of its threads)."""
    pids = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return [child for child in pids if is_running(child)]


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            queue += [int(child) for child in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except OSError:
            pass
    return found


def proc_status(pid: int) -> dict[str, str]:
    """The fields of /proc/PID/status (empty when the process is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return {key: value.strip() for key, _, value in (line.partition(":") for line in lines)}


def cpu_seconds(pids: list[int]) -> float:
    """The user + system CPU time the processes `pids` have used, in seconds (a process that has exited
    counts nothing)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def memory(pid: int) -> dict[str, float]:
    """RSS, PSS (pages mapped by several processes shared out among them) and private memory of `pid`
    in MiB, from /proc/PID/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return {"rss": fields["Rss"] / 1024, "pss": fields["Pss"] / 1024,
            "private": (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024}


def signal_all(pids, signum: int = signal.SIGKILL) -> None:
    """Sends `signum` to each of `pids` (a negative one is a process group) that still exists."""
    for pid in pids:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to the process group `process` leads, then reaps it."""
    if process.poll() is None:
        signal_all([-process.pid])
        process.wait()


def start(command: list[str], **options) -> subprocess.Popen:
    """Starts `command` in its own process group, remembered so that `stop_all` stops it."""
    process = subprocess.Popen(command, start_new_session=True, **options)
    STARTED.append(process)
    return process


def run(command: list[str]) -> tuple[int, str, str]:
    """Runs `command` to its end as `start` does (so `stop_all` stops it meanwhile): its exit status,
    output and errors."""
    process = start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    output, errors = process.communicate()
    if process in STARTED:
        STARTED.remove(process)
    return process.returncode, output, errors


def stop_all(grace: float = 0) -> None:
    """Stops the process group of every process started here: KILL, or first TERM and KILL to those
    still up after `grace` seconds."""
    if grace:
        signal_all([-process.pid for process in STARTED if process.poll() is None], signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in STARTED:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
    for process in STARTED:
        kill_group(process)
    STARTED.clear()


def stop_on_signals(grace: float = 0) -> None:
    """On SIGINT or SIGTERM: `stop_all(grace)`, then exit 128 + the signal's number."""
    def on_signal(signum, _frame) -> None:
        stop_all(grace)
        sys.exit(128 + signum)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
