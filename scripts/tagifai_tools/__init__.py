"""The Python toolkit the scripts share (standard library only, for Debian's python3):

  processes  children and descendants of a pid, whether a pid runs, the processes a script started
             (each in its own group) and stopping them all, also on a signal
  waiting    polling a condition with a deadline
  ports      the port a server reports it bound, or a free one where a program cannot report it
  packages   Debian packages installed with apt-get when a tool is missing
  server     `tagifai serve` from a binary (settings, config file, TLS), its log read as it grows
  nginx      every nginx config the scripts run: the shipped site or a fixed answer, in one main config
  client     a raw HTTP/1.1 client: one request's bytes, one response read, a kept-alive connection
  load       the keep-alive load generator, every request's outcome recorded (threads or processes)
  payloads   the lesson's /predict payload
  log        `name: message` lines on standard error
  wrk        wrk run once and its report read (requests/s, latency percentiles, errors)

A script puts its own folder on sys.path and imports `tagifai_tools.<module>`.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPTS = ROOT / "scripts"
