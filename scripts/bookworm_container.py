"""Debian bookworm roots, cached, and a copy of one booted under systemd-nspawn and driven with nsenter.

A root comes from `debootstrap --variant=minbase [--include=...]` (the systemd one with
`systemd,systemd-sysv,dbus,curl`; the container images' base with nothing more) from the mirror apt
is configured with, into a temporary folder beside the cache, renamed into place when complete, so
an interrupted build is never reused. The container boots with `--register=no --keep-unit --private-network -b`: its own
systemd as its init, its own network namespace with loopback only, nothing registered on the host.
Commands reach it through `nsenter -t INIT -a`, which needs no agent inside.
"""
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tagifai_tools.packages import ensure
from tagifai_tools.waiting import wait_until

CACHE = Path(os.environ.get("TAGIFAI_E2E_CACHE", "/var/cache/tagifai-e2e"))
SYSTEMD_PACKAGES = ("systemd", "systemd-sysv", "dbus", "curl")
CONTAINER_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
                 "SYSTEMD_PAGER": "", "SYSTEMD_COLORS": "0"}


class RootError(Exception):
    """The bookworm root could not be made."""


def install_tools() -> None:
    ensure({"debootstrap": "debootstrap", "systemd-nspawn": "systemd-container", "readelf": "binutils",
            "nsenter": "util-linux"})


def apt_mirror() -> str:
    """The Debian mirror apt is configured with (TAGIFAI_E2E_MIRROR overrides it): the first `deb` source
    of /etc/apt/sources.list or sources.list.d/*.list, or URIs of a deb822 *.sources file, whose suites
    include bookworm. Raises RootError when there is none."""
    if os.environ.get("TAGIFAI_E2E_MIRROR"):
        return os.environ["TAGIFAI_E2E_MIRROR"]
    apt = Path("/etc/apt")
    for path in [apt / "sources.list", *sorted((apt / "sources.list.d").glob("*.list"))]:
        for line in path.read_text().splitlines() if path.is_file() else []:
            words = [word for word in line.split() if not word.startswith("[")]
            if len(words) >= 3 and words[0] == "deb" and words[2] == "bookworm":
                return words[1]
    for path in sorted((apt / "sources.list.d").glob("*.sources")):
        for stanza in path.read_text().split("\n\n"):
            fields = dict(line.split(":", 1) for line in stanza.splitlines() if ":" in line and not line.startswith("#"))
            fields = {key.strip(): value.split() for key, value in fields.items()}
            if "deb" in fields.get("Types", []) and "bookworm" in fields.get("Suites", []) and fields.get("URIs"):
                return fields["URIs"][0]
    raise RootError("apt has no bookworm source in /etc/apt/sources.list*: add one, or name a mirror in TAGIFAI_E2E_MIRROR")


def cached_root(name: str = "bookworm", include: tuple[str, ...] = SYSTEMD_PACKAGES) -> tuple[Path, str]:
    """The cached bookworm root CACHE/NAME with the minbase packages and `include`, made once, and how it
    was had; a half-made one (a leftover temporary folder) is discarded. Runs on one machine wait for
    each other here. Raises RootError when debootstrap fails."""
    target = CACHE / name
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / "usr/bin/dpkg").exists():
            return target, f"reused {target}"
        for leftover in CACHE.glob(f"{name}.partial.*"):
            shutil.rmtree(leftover, ignore_errors=True)
        mirror = apt_mirror()
        partial = Path(tempfile.mkdtemp(prefix=f"{name}.partial.", dir=CACHE))
        partial.chmod(0o755)  # the container's "/": mkdtemp's 0700 would shut out every user but root
        started = time.monotonic()
        print(f"debootstrap bookworm into {partial} from {mirror} (a few minutes)", file=sys.stderr, flush=True)
        try:
            made = subprocess.run(
                ["debootstrap", "--variant=minbase", *([f"--include={','.join(include)}"] if include else []),
                 "bookworm", str(partial), mirror], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                timeout=1200)
            if made.returncode != 0:
                print(made.stdout[-3000:], file=sys.stderr)
                raise RootError(f"debootstrap exited {made.returncode} (its log is above)")
            partial.rename(target)
        except subprocess.TimeoutExpired:
            raise RootError("debootstrap did not finish within 20 minutes") from None
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    return target, f"debootstrap took {time.monotonic() - started:.0f} s, kept in {target}"


class Container:
    """A booted copy of the root under systemd-nspawn, driven through nsenter."""

    def __init__(self, root: Path, console_log: Path):
        self.root = root
        self.console_log = console_log
        self.nspawn: subprocess.Popen | None = None
        self.init_pid = 0

    def boot(self, within: float = 120) -> str:
        with open(self.console_log, "wb") as console:
            self.nspawn = subprocess.Popen(
                ["systemd-nspawn", "--register=no", "--keep-unit", "--private-network", "--console=read-only",
                 f"--machine=tagifai-e2e-{os.getpid()}", "-b", "-D", str(self.root)],
                stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT, start_new_session=True)
        self.init_pid = wait_until(self.find_init, 30, every=0.5) or 0
        if not self.init_pid:
            return "no init process appeared within 30 s"
        def state() -> str:
            return self.run("systemctl", "is-system-running").stdout.strip()

        reached = wait_until(lambda: (now := state()) in ("running", "degraded") and now, within, every=0.5)
        return reached or f"not running within {within:.0f} s: {state()}"

    def find_init(self) -> int:
        if self.nspawn is None or self.nspawn.poll() is not None:
            return 0
        try:
            children = Path(f"/proc/{self.nspawn.pid}/task/{self.nspawn.pid}/children").read_text().split()
        except OSError:
            return 0
        return next((int(pid) for pid in children
                     if Path(f"/proc/{pid}/comm").read_text().strip() == "systemd"), 0)

    def run(self, *command: str, timeout: float = 60) -> subprocess.CompletedProcess:
        """Runs `command` inside the container (all its namespaces); never raises on a non-zero exit."""
        try:
            return subprocess.run(["nsenter", "-t", str(self.init_pid), "-a", *command], env=CONTAINER_ENV,
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(command, 124, "", f"timed out after {timeout:.0f} s")

    def netns(self, *command: str, **popen) -> subprocess.Popen:
        """Starts a host command in the container's network namespace only."""
        return subprocess.Popen(["nsenter", "-t", str(self.init_pid), "-n", *command], **popen)

    def show(self, unit: str, *properties: str) -> dict[str, str]:
        output = self.run("systemctl", "show", unit, *(f"--property={name}" for name in properties)).stdout
        return dict(line.split("=", 1) for line in output.splitlines() if "=" in line)

    def journal(self, *arguments: str) -> str:
        return self.run("journalctl", "--no-pager", "-u", "tagifai.service", *arguments).stdout

    def stop(self) -> None:
        if self.nspawn is None or self.nspawn.poll() is not None:
            return
        self.nspawn.terminate()  # nspawn asks the container's systemd to power off
        try:
            self.nspawn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            print("the container did not power off within 30 s: killing it", file=sys.stderr, flush=True)
            for pid in (self.init_pid, self.nspawn.pid):
                if pid:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            self.nspawn.wait(timeout=30)
