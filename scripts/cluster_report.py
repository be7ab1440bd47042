"""The figures of scripts/cluster: one row per scenario, printed as a Markdown table."""
from cluster_hosts import Load
from tagifai_tools.log import logger

log = logger("cluster")


class Row:
    """One scenario's figures and whether it met its target."""
    rows: list["Row"] = []

    def __init__(self, name: str, load: Load | None, recovery: str = "-", allowed_failures: int = 0):
        self.name = name
        self.sent = len(load.requests) if load else 0
        self.failed = len(load.failed()) if load else 0
        self.non2xx = len(load.non_2xx()) if load else 0
        self.recovery = recovery
        self.problems: list[str] = []
        if self.failed + self.non2xx > allowed_failures:
            self.problems.append(f"{self.failed} failed and {self.non2xx} non-2xx, allowed {allowed_failures}")
        if load and (self.failed or self.non2xx):
            kinds = sorted({r[3] for r in load.failed() + load.non_2xx()})
            log(f"{name}: failures were {', '.join(kinds)}")
        Row.rows.append(self)

    @classmethod
    def print_table(cls) -> bool:
        print("\n| scenario | sent | failed | non-2xx | recovery | result |\n| --- | --: | --: | --: | --- | --- |")
        for row in cls.rows:
            result = "ok" if not row.problems else "FAIL: " + "; ".join(row.problems)
            print(f"| {row.name} | {row.sent} | {row.failed} | {row.non2xx} | {row.recovery} | {result} |")
        return not any(row.problems for row in cls.rows)


def seconds(values: list[float]) -> str:
    return f"max {max(values):.2f} s" if values else "-"
