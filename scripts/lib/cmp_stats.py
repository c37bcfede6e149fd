"""Reads a results.csv of cmp_run.py: medians, min-max and ratios ours/Go within one repetition."""
import csv
import statistics
from collections import defaultdict


def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


class Results:
    def __init__(self, rows):
        self.rows = rows
        self.by = defaultdict(dict)   # (metric, agent, backend, n) -> {rep: value}
        for r in rows:
            if r["value"] != "":
                self.by[(r["metric"], r["agent"], r["backend"], int(r["n"]))][r["rep"]] = float(r["value"])

    def values(self, metric, agent, backend, n):
        return list(self.by.get((metric, agent, backend, n), {}).values())

    def stat(self, metric, agent, backend, n):
        """(median, min, max, count) or None."""
        v = self.values(metric, agent, backend, n)
        return (statistics.median(v), min(v), max(v), len(v)) if v else None

    def ratio(self, metric, ours, theirs):
        """ours/theirs per repetition present in both; each side is (agent, backend, n)."""
        a, b = self.by.get((metric, *ours), {}), self.by.get((metric, *theirs), {})
        r = [a[k] / b[k] for k in a if k in b and b[k]]
        return (statistics.median(r), min(r), max(r), len(r)) if r else None

    def loads(self, phase):
        v = [float(r["load1"]) for r in self.rows if r["phase"] == phase]
        return (min(v), max(v)) if v else None

    def backends(self, agent):
        return sorted({k[2] for k in self.by if k[1] == agent})

    def ns(self, metric, agent, backend):
        return sorted({k[3] for k in self.by if k[0] == metric and k[1] == agent and k[2] == backend})
