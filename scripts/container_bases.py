#!/usr/bin/env python3
"""The container images' offline bases, made from a cached Debian bookworm root and imported into podman.

- `debian`: the minbase root (debootstrap --variant=minbase) trimmed as debian:bookworm-slim is (no
  manual pages, info pages, translations or docs but the copyright files, no apt lists or caches).
- `minimal`: only what a dynamically linked glibc program needs at run time, whole Debian packages
  as dpkg installed them in that root: libc6 (glibc and its loader), libgcc-s1 and libstdc++6, less
  their docs but the copyright files and less glibc's gconv modules (8 MB: only iconv and the
  charsets of installed locales load them; tagifai imports no iconv function and the root has no
  locales); the usrmerge links (/lib, /lib64) and an /etc/passwd and
  /etc/group naming root and nobody. No shell, no package manager.

Each is `tar | podman import`ed under the name given, labelled with a digest of this file and the
kind, unless an image of that name with that label exists (pass --replace to make it again anyway):
a change of what goes in a base makes it again. The root comes from bookworm_container.cached_root (debootstrap from
apt's configured mirror, once, into /var/cache/tagifai-e2e).

usage: container_bases.py {debian,minimal} NAME [--replace]
"""
import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bookworm_container import RootError, cached_root  # noqa: E402

MINIMAL_PACKAGES = ("libc6", "libgcc-s1", "libstdc++6")
# What debian:bookworm-slim's dpkg path-excludes leave out, and apt's downloaded lists and caches.
TRIMMED = ("usr/share/man/", "usr/share/info/", "usr/share/groff/", "usr/share/lintian/", "usr/share/linda/",
           "usr/share/locale/", "var/lib/apt/lists/", "var/cache/apt/", "var/cache/debconf/", "var/log/")
# glibc's iconv converters, loaded by iconv_open and by locales' charsets only (see the docstring).
GCONV = "usr/lib/x86_64-linux-gnu/gconv/"
LABEL = "tagifai.base.recipe"
PASSWD = "root:x:0:0:root:/root:/nonexistent\nnobody:x:65534:65534:nobody:/nonexistent:/nonexistent\n"
GROUP = "root:x:0:\nnogroup:x:65534:\n"


def trimmed(relative: str) -> bool:
    """Whether debian:bookworm-slim would leave this path (relative to the root, no leading ./) out."""
    if relative.startswith("usr/share/doc/"):
        return not (relative.count("/") == 3 or relative.endswith("/copyright"))
    return any(relative.startswith(prefix) and relative != prefix.rstrip("/") for prefix in TRIMMED)


def debian_files(root: Path) -> list[str]:
    files = []
    for folder, names, leaves in os.walk(root):
        for name in names + leaves:
            relative = os.path.relpath(os.path.join(folder, name), root)
            if not trimmed(relative):
                files.append(relative)
    return files


def minimal_files(root: Path) -> list[str]:
    """The packages' files by their real paths in the root (usrmerge: /lib is usr/lib), with their folders."""
    wanted: set[str] = {"lib", "lib64"}  # the usrmerge links the loader's path (/lib64/ld-linux...) goes through
    for package in MINIMAL_PACKAGES:
        listing = root / f"var/lib/dpkg/info/{package}:amd64.list"
        if not listing.exists():
            raise RootError(f"{listing} is missing: the cached root has no {package}; remove the root to make it again")
        for line in listing.read_text().splitlines():
            path = root / line.lstrip("/")
            if not line.strip("/") or path.is_dir() and not path.is_symlink():
                continue
            real = Path(os.path.realpath(path.parent)) / path.name
            relative = os.path.relpath(real, root)
            if relative.startswith("..") or trimmed(relative) or relative.startswith(GCONV):
                continue
            wanted.add(relative)
            for parent in Path(relative).parents:
                if str(parent) != ".":
                    wanted.add(str(parent))
    return sorted(wanted)


def recipe(kind: str) -> str:
    """What a base of `kind` is made by: a digest of this file and the kind."""
    return hashlib.sha256(Path(__file__).read_bytes() + kind.encode()).hexdigest()[:16]


def made_by(name: str) -> str:
    """The recipe label of the image `name`, or "" if there is no such image."""
    found = subprocess.run(["podman", "image", "inspect", "--format", f'{{{{index .Labels "{LABEL}"}}}}', name],
                           capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else ""


def import_root(root: Path, files: list[str], name: str, extra: dict[str, str], label: str) -> None:
    """Streams `files` of `root` (and `extra`: path -> text, written in a scratch folder) into podman import."""
    with tempfile.TemporaryDirectory(prefix="tagifai-base.") as scratch:
        for relative, text in extra.items():
            (Path(scratch) / relative).parent.mkdir(parents=True, exist_ok=True)
            (Path(scratch) / relative).write_text(text)
            (Path(scratch) / relative).chmod(0o644)
        listing = Path(scratch) / ".files"
        listing.write_text("".join(f"./{relative}\0" for relative in files))
        command = ["tar", "-C", str(root), "--numeric-owner", "--no-recursion", "--null", "-T", str(listing), "-c"]
        if extra:
            command += ["-C", scratch, *(f"./{relative}" for relative in extra)]
        tar = subprocess.Popen(command, stdout=subprocess.PIPE)
        imported = subprocess.run(["podman", "import", "--quiet", "--change", f"LABEL {LABEL}={label}", "-", name], stdin=tar.stdout, stdout=subprocess.DEVNULL)
        tar.stdout.close()
        if tar.wait() != 0 or imported.returncode != 0:
            raise RootError(f"tar exited {tar.returncode}, podman import {imported.returncode}: {name} was not made")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["debian", "minimal"])
    parser.add_argument("name", help="the image name to import as, e.g. tagifai-base:minimal")
    parser.add_argument("--replace", action="store_true", help="make it again even if an image of that name exists")
    options = parser.parse_args()
    label = recipe(options.kind)
    if not options.replace and made_by(options.name) == label:
        print(f"{options.name}: exists, made by this recipe (--replace makes it again)", file=sys.stderr)
        return 0
    previous = subprocess.run(["podman", "image", "inspect", "--format", "{{.Id}}", options.name],
                              capture_output=True, text=True).stdout.strip()
    try:
        root, how = cached_root("bookworm-minbase", ())
        print(f"bookworm root: {how}", file=sys.stderr, flush=True)
        if options.kind == "debian":
            import_root(root, debian_files(root), options.name, {}, label)
        else:
            import_root(root, minimal_files(root), options.name, {"etc/passwd": PASSWD, "etc/group": GROUP}, label)
    except RootError as error:
        print(f"container_bases: {error}", file=sys.stderr)
        return 1
    if previous:  # the base this name named before, unless an image still stands on it
        subprocess.run(["podman", "rmi", previous], capture_output=True)
    print(f"{options.name}: imported from {root} ({options.kind})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
