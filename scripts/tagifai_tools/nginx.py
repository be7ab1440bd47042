"""nginx as the scripts run it, every config from here: a main config that keeps every file of
nginx's in one folder, around a site that is either the shipped etc/nginx/tagifai.conf with its
upstream servers and listen address replaced (so what the scripts test is what ships) or a fixed
answer to every request (the benchmark's ceiling)."""
import re
import subprocess
from pathlib import Path

from . import ROOT
from .packages import apt_install, tool
from .processes import start

SITE = ROOT / "etc" / "nginx" / "tagifai.conf"
SERVER_LINE = re.compile(r"^([ \t]*)server [^\s;]+:\d+((?: [^;\n]*)?);\n", re.MULTILINE)
ERROR_LOG = "nginx-error.log"


def shipped_site(upstreams: list[str], listen: str | None = None) -> str:
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


def fixed_answer_site(listen: str, body: bytes, tls: tuple[Path, Path] | None = None, http2: bool = False) -> str:
    """A server on `listen` that answers every request 200 with the JSON `body`, over TLS with the
    certificate and key `tls` when given; with `http2`, HTTP/2 too over TLS (ALPN picks), and in
    cleartext HTTP/2 by prior knowledge only."""
    escaped = body.decode().replace("\\", "\\\\").replace("'", "\\'")
    version = " http2" if http2 else ""
    listen_lines = f"listen {listen} ssl{version};\n        ssl_certificate {tls[0]};\n        ssl_certificate_key {tls[1]};" \
        if tls else f"listen {listen}{version};"
    return f"""server {{
        {listen_lines}
        location / {{ default_type application/json; return 200 '{escaped}'; }}
    }}
"""


def write_config(folder: Path, site: str, workers: int = 1, http_extra: str = "    access_log off;\n",
                 worker_connections: int = 1024) -> Path:
    """nginx.conf in `folder` (made if missing) including `site`, written beside it as tagifai.conf,
    every file nginx writes kept in `folder`; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tagifai.conf").write_text(site)
    main = folder / "nginx.conf"
    main.write_text(f"""worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/{ERROR_LOG} warn;
events {{ worker_connections {worker_connections}; }}
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


def binary() -> str:
    """Debian's nginx-light's binary, installed when missing."""
    found = tool("nginx")
    if found:
        return found
    apt_install("nginx-light")
    return tool("nginx") or "/usr/sbin/nginx"


def command(config: Path) -> list[str]:
    """nginx in the foreground with `config`, its prefix and startup error log in the config's folder."""
    folder = config.parent
    return [binary(), "-p", str(folder), "-e", str(folder / ERROR_LOG), "-c", str(config), "-g", "daemon off;"]


def error_log(config_or_folder: Path) -> str:
    """What nginx has written to its error log so far."""
    folder = config_or_folder if config_or_folder.is_dir() else config_or_folder.parent
    path = folder / ERROR_LOG
    return path.read_text(errors="replace") if path.exists() else ""


def run(config: Path, **options) -> subprocess.Popen:
    """nginx started with `config` in its own process group, stopped by processes.stop_all."""
    return start(command(config), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                 **options)
