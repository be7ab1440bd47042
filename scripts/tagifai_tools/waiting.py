"""Polling a condition with a deadline: the scripts never sleep to synchronise."""
import time


def wait_until(condition, within: float, every: float = 0.05, ignore: tuple[type[BaseException], ...] = ()):
    """Calls `condition` every `every` s until it returns a true value or `within` s pass; returns
    its last value (so a false one on time-out). An exception of a type in `ignore` counts as false."""
    deadline = time.monotonic() + within
    while True:
        try:
            value = condition()
        except ignore:
            value = None
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(every)
