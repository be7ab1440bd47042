"""The network of scripts/cluster: network namespaces joined by veth pairs to a bridge, all made with
Debian's iproute2 and all named with one prefix that holds the script's pid, so it never touches
another namespace and a later run can remove what a killed one left.

The bridge lives in a namespace of its own, `<prefix>-sw` (the switch), with one port per other
namespace; nothing is added to the namespace the script runs in. Deleting the namespaces removes
every veth and the bridge with them; processes are stopped first, as a namespace outlives its
deletion while a process still runs in it.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tagifai_tools.packages import ensure
from tagifai_tools.processes import signal_all

PREFIX = "tagifai-cluster-"
SUBNET = "10.0.0"


def ip(*arguments: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *arguments], check=check, capture_output=True, text=True)


def ensure_iproute2() -> None:
    ensure({"ip": "iproute2"})


def our_namespaces(prefix: str = PREFIX) -> list[str]:
    listing = ip("netns", "list").stdout
    return [line.split()[0] for line in listing.splitlines() if line.startswith(prefix)]


def pids_in(namespace: str) -> list[int]:
    return [int(pid) for pid in ip("netns", "pids", namespace, check=False).stdout.split()]


def remove_namespaces(names: list[str]) -> None:
    """Kills every process in the namespaces `names`, then deletes them."""
    for name in names:
        deadline = time.monotonic() + 10
        while (pids := pids_in(name)) and time.monotonic() < deadline:
            signal_all(pids)
            time.sleep(0.05)
        ip("netns", "delete", name, check=False)


def is_stale(name: str) -> bool:
    """Whether `name` (PREFIX, a pid, a dash, ...) belongs to a run whose script no longer runs."""
    match = re.match(re.escape(PREFIX) + r"(\d+)-", name)
    return match is not None and not os.path.exists(f"/proc/{match.group(1)}")


def remove_stale() -> list[str]:
    """Removes the namespaces and temporary folders of earlier runs whose script no longer runs
    (killed with SIGKILL), which the folder's name and the namespaces' prefix tell by their pid."""
    stale = [name for name in our_namespaces() if is_stale(name)]
    remove_namespaces(stale)
    folders = [path for path in Path(tempfile.gettempdir()).glob(PREFIX + "*") if is_stale(path.name)]
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    return stale + [str(folder) for folder in folders]


class Network:
    """A switch namespace with a bridge, and namespaces plugged into it, each with one address."""

    def __init__(self):
        self.prefix = f"{PREFIX}{os.getpid()}-"
        self.switch = self.prefix + "sw"
        self.addresses: dict[str, str] = {}
        self.made: list[str] = []
        self._add_namespace(self.switch)
        ip("-n", self.switch, "link", "add", "br0", "type", "bridge")
        ip("-n", self.switch, "link", "set", "br0", "up")

    def _add_namespace(self, name: str) -> None:
        ip("netns", "add", name)
        self.made.append(name)
        ip("-n", name, "link", "set", "lo", "up")

    def plug(self, role: str, host_number: int) -> str:
        """A namespace `<prefix><role>` with address 10.0.0.`host_number`/24 on eth0, its peer
        `role` a port of the bridge; returns the namespace's name."""
        name = self.prefix + role
        address = f"{SUBNET}.{host_number}"
        self._add_namespace(name)
        ip("-n", self.switch, "link", "add", role, "type", "veth", "peer", "name", "eth0", "netns", name)
        ip("-n", self.switch, "link", "set", role, "master", "br0")
        ip("-n", self.switch, "link", "set", role, "up")
        ip("-n", name, "addr", "add", f"{address}/24", "dev", "eth0")
        ip("-n", name, "link", "set", "eth0", "up")
        self.addresses[role] = address
        return name

    def set_link(self, role: str, up: bool) -> None:
        """Sets the bridge's port to `role` up or down: the namespace's cable pulled or put back."""
        ip("-n", self.switch, "link", "set", role, "up" if up else "down")

    def run_in(self, role: str, command: list[str], **options) -> subprocess.Popen:
        """`command` in the namespace of `role`, in a session of its own (`ip netns exec` execs it,
        so the process's pid is the command's)."""
        return subprocess.Popen(["ip", "netns", "exec", self.prefix + role, *command], start_new_session=True, **options)

    def remove(self) -> None:
        remove_namespaces(list(reversed(self.made)))
        self.made.clear()

    def leftovers(self) -> list[str]:
        return our_namespaces(self.prefix)
