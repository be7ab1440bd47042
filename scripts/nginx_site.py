"""nginx as the scripts run it: the shipped etc/nginx/tagifai.conf with its upstream servers and its
listen address replaced, inside a main config that keeps every file of nginx's in one folder, so
what the scripts test is what ships."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "etc" / "nginx" / "tagifai.conf"
SERVER_LINE = re.compile(r"^([ \t]*)server [^\s;]+:\d+((?: [^;\n]*)?);\n", re.MULTILINE)


def render_site(upstreams: list[str], listen: str | None = None) -> str:
    """The shipped site with one upstream `server` line per address of `upstreams` (each with the
    parameters of the file's first one: max_fails, fail_timeout), listening on `listen` if given."""
    site = SITE.read_text()
    found = list(SERVER_LINE.finditer(site))
    if not found:
        raise SystemExit(f"{SITE} has no upstream `server HOST:PORT ...;` line to replace")
    indent, parameters = found[0].group(1), found[0].group(2)
    lines = "".join(f"{indent}server {address}{parameters};\n" for address in upstreams)
    site = site[:found[0].start()] + lines + SERVER_LINE.sub("", site[found[0].end():])
    if listen is not None:
        site, count = re.subn(r"listen 80;", f"listen {listen};", site)
        if count != 1:
            raise SystemExit(f"{SITE} has no `listen 80;` line to replace")
    return site


def write_config(folder: Path, upstreams: list[str], listen: str | None = None, workers: int = 1,
                 http_extra: str = "    access_log off;\n") -> Path:
    """nginx.conf in `folder` around the rendered site; returns its path."""
    (folder / "tagifai.conf").write_text(render_site(upstreams, listen))
    main = folder / "nginx.conf"
    main.write_text(f"""worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
{http_extra}    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/tagifai.conf;
}}
""")
    return main


def apt_install(*packages: str) -> None:
    print(f"installing {' '.join(packages)} with apt-get", file=sys.stderr, flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def nginx_binary() -> str:
    """Debian's nginx-light's binary, installed when missing."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    apt_install("nginx-light")
    return shutil.which("nginx") or "/usr/sbin/nginx"
