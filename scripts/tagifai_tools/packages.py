"""Tools the scripts need, from Debian's packages, installed with apt-get when missing."""
import os
import shutil
import subprocess
import sys
from pathlib import Path


def tool(name: str) -> str | None:
    """The path of the command `name`, on PATH or in /usr/sbin (nginx's place, often off a user's PATH)."""
    return shutil.which(name) or next((str(p) for p in [Path("/usr/sbin") / name] if p.exists()), None)


def apt_install(*packages: str) -> None:
    print(f"installing {' '.join(packages)} with apt-get", file=sys.stderr, flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def ensure(commands: dict[str, str]) -> None:
    """Installs the packages (the values) of the commands (the keys) that are missing."""
    missing = sorted({package for command, package in commands.items() if tool(command) is None})
    if missing:
        apt_install(*missing)
