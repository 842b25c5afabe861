"""Timing and reporting for `make bench`: rounds that alternate app and baseline, figures with targets.

Every figure is the median of its rounds, with the fastest and slowest round next to it (the machine
may be shared: a burst of other work shows as a wide min–max, and falls on app and baseline alike
because they alternate). Every figure has a target and a pass flag, or says why it has none.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

MIN_ROUNDS = 5
# A call slower than this (seconds) is measured once: it misses every target of this bench anyway, and
# repeating it would take the run past its ten minutes. The figure says so.
SLOW_LIMIT = 8.0


def timed(function, repeats: int, *, setup=None) -> list[float]:
    """Seconds per call, ``repeats`` calls (after ``setup`` each time, untimed)."""
    samples = []
    for _ in range(repeats):
        if setup:
            setup()
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def timed_pair(ours, bare, repeats: int, *, setup=None, reference=None) -> tuple[list[float], ...]:
    """Seconds per call of ``ours`` and of its ``bare`` baseline (and of a ``reference`` baseline when given),
    measured alternately (ours, bare, ours, …), so a burst of other work on a shared machine falls on
    all alike instead of on one block of samples. ``setup`` runs untimed before each call."""
    functions = (ours, bare) if reference is None else (ours, bare, reference)
    samples: tuple[list[float], ...] = tuple([] for _function in functions)
    for _ in range(repeats):
        for found, function in zip(samples, functions, strict=True):
            found += timed(function, 1, setup=setup)
    return samples


def median(samples) -> float:
    return statistics.median(samples)


def p95(samples) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


@dataclass
class Result:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    low: float | None = None          # fastest and slowest round of the app
    high: float | None = None
    rounds: int | None = None
    why: str = ""                     # why there is no target, or why the figure failed

    def as_json(self) -> dict:
        data = asdict(self)
        data["pass"] = data.pop("passed")
        return data


def _round(value):
    return None if value is None else round(value, 2)


class Report:
    def __init__(self):
        self.results: list[Result] = []

    def add(self, name, value, unit, baseline=None, *, target="", check=None, ratio=None, why="",
            spread=None, rounds=None) -> Result:
        """One figure. ``check(value, ratio)`` decides the pass flag of ``target``; without a target,
        ``why`` says why there is none. ``spread``: (min, max) of the rounds, in ``unit``."""
        if not target and not why:
            raise ValueError(f"figure {name!r} has neither a target nor a reason for having none")
        if ratio is None and baseline:
            ratio = value / baseline
        low, high = spread if spread else (None, None)
        result = Result(name, round(value, 2), unit, _round(baseline), _round(ratio), target,
                        None if check is None else bool(check(value, ratio)), _round(low), _round(high), rounds, why)
        self.results.append(result)
        print(row(result), flush=True)
        return result

    def pair(self, name, ours, bare, rounds: int, *, target="", check=None, why="", setup=None,
             reference=None, per: int = 1) -> Result:
        """App against baseline in alternating rounds (one warm-up each first), in milliseconds (per item when
        a call does ``per`` items, say the files of a folder).

        ``reference``: (name, function, why) — another baseline timed in the same rounds and shown as a figure of
        its own, without a target (``why`` says what it leaves out of the app's output): to compare with."""
        rounds = max(MIN_ROUNDS, rounds)
        first = timed(ours, 1, setup=setup)      # warm-up (page cache, imports), not counted
        if first[0] > SLOW_LIMIT:
            return self.timing(name, first, timed(bare, 1, setup=setup), target=target, check=check,
                               why=f"één ronde: langer dan {SLOW_LIMIT:.0f} s, niet herhaald")
        timed(bare, 1, setup=setup)
        if reference is None:
            mine, theirs = timed_pair(ours, bare, rounds, setup=setup)
            return self.timing(name, [sample / per for sample in mine], [sample / per for sample in theirs],
                               target=target, check=check, why=why)
        reference_name, other, reference_why = reference
        timed(other, 1, setup=setup)
        mine, theirs, others = (
            [sample / per for sample in samples]
            for samples in timed_pair(ours, bare, rounds, setup=setup, reference=other))
        result = self.timing(name, mine, theirs, target=target, check=check, why=why)
        self.timing(reference_name, mine, others, why=reference_why)
        return result

    def timing(self, name, samples, bare_samples=None, *, target="", check=None, why="") -> Result:
        baseline = ms(median(bare_samples)) if bare_samples else None
        return self.add(name, ms(median(samples)), "ms", baseline, target=target, check=check, why=why,
                        spread=(ms(min(samples)), ms(max(samples))), rounds=len(samples))

    def failed(self, name, reason: str, target: str) -> Result:
        """A figure that could not be measured: a FAIL with its reason, never left out."""
        return self.add(name, 0, "—", target=target, check=lambda v, r: False, why=reason)

    def write(self, path: Path) -> None:
        path.write_text(json.dumps([r.as_json() for r in self.results], indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")


def _fmt(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".replace(",", " ")


HEADER = (f"{'meting':<52} {'waarde':>10} {'min–max':>17} {'eenheid':<9} {'kaal':>10} {'ratio':>6}  "
          f"{'doel':<30} resultaat")


def row(r: Result) -> str:
    verdict = "—" if r.passed is None else ("PASS" if r.passed else "FAIL")
    spread = f"{_fmt(r.low)}–{_fmt(r.high)}" if r.low is not None else ""
    tail = f"  ({r.why})" if r.why else ""
    return (f"{r.name:<52} {_fmt(r.value):>10} {spread:>17} {r.unit:<9} {_fmt(r.baseline):>10} {_fmt(r.ratio):>6}  "
            f"{r.target:<30} {verdict}{tail}")
