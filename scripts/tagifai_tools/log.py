"""`name: message` lines on standard error, flushed at once (the scripts' progress and findings)."""
import sys
from collections.abc import Callable


def logger(name: str) -> Callable[[str], None]:
    """A function that prints `name: message` to standard error."""
    def log(message: str) -> None:
        print(f"{name}: {message}", file=sys.stderr, flush=True)
    return log
