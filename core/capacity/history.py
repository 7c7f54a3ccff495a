"""The capacity history ring (TIDE): the last N samples, for the GUI chart and the trend.

Fixed-size typed arrays, allocated once: a timestamp (float64), C (the smoothed signal the
gates read), the raw C of that instant, one smoothed pressure per probe (float32, NaN where the
probe is not present or failed), and a "degraded" flag (C forced to 0 because a probe failed).
900 rows (15 minutes at 1 Hz) with six probes take about 37 KB.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["HistoryRing", "HistoryRow"]


@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: float  # unix time
    capacity: float
    pressures: Mapping[str, float | None]  # None: not present or failed at that instant
    degraded: bool
    raw_capacity: float | None = None  # the unsmoothed C of that instant

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, for the chart (the daemon's capacity history endpoint)."""
        pressures = {name: None if p is None else round(p, 4) for name, p in self.pressures.items()}
        raw = None if self.raw_capacity is None else round(self.raw_capacity, 4)
        return {
            "at": self.at,
            "capacity": round(self.capacity, 4),
            "raw_capacity": raw,
            "pressures": pressures,
            "degraded": self.degraded,
        }


class HistoryRing:
    """Not thread-safe: written by the monitor's tick on the event loop, read there too."""

    def __init__(self, rows: int, channels: Sequence[str]) -> None:
        if rows < 2:
            raise ValueError("a history ring needs at least 2 rows")
        self._rows = rows
        self._channels = tuple(channels)
        nan = math.nan
        self._at = array("d", [nan]) * rows
        self._capacity = array("f", [nan]) * rows
        self._raw = array("f", [nan]) * rows
        self._pressure = {name: array("f", [nan]) * rows for name in self._channels}
        self._degraded = array("B", [0]) * rows
        self._next = 0  # index of the next write
        self._count = 0

    @property
    def channels(self) -> tuple[str, ...]:
        return self._channels

    @property
    def maxlen(self) -> int:
        return self._rows

    def __len__(self) -> int:
        return self._count

    @property
    def nbytes(self) -> int:
        """Bytes held by the ring's arrays (the data itself, not the Python objects around it)."""
        columns: list[array[float]] = [self._at, self._capacity, self._raw, *self._pressure.values()]
        data = sum(len(c) * c.itemsize for c in columns)
        return data + len(self._degraded) * self._degraded.itemsize

    def append(
        self,
        at: float,
        capacity: float,
        pressures: Mapping[str, float | None],
        degraded: bool,
        raw_capacity: float | None = None,
    ) -> None:
        i = self._next
        self._at[i] = at
        self._capacity[i] = capacity
        self._raw[i] = capacity if raw_capacity is None else raw_capacity
        for name, column in self._pressure.items():
            value = pressures.get(name)
            column[i] = math.nan if value is None else value
        self._degraded[i] = 1 if degraded else 0
        self._next = (i + 1) % self._rows
        self._count = min(self._count + 1, self._rows)

    def _indices(self) -> Iterator[int]:
        start = (self._next - self._count) % self._rows
        for k in range(self._count):
            yield (start + k) % self._rows

    def rows(self, since: float | None = None) -> list[HistoryRow]:
        """Oldest first; only rows at or after ``since`` when given."""
        out: list[HistoryRow] = []
        for i in self._indices():
            at = self._at[i]
            if since is not None and at < since:
                continue
            pressures = {n: (None if math.isnan(c[i]) else float(c[i])) for n, c in self._pressure.items()}
            row = HistoryRow(at, float(self._capacity[i]), pressures, bool(self._degraded[i]), float(self._raw[i]))
            out.append(row)
        return out

    def trend_window(self, now: float, window_s: float) -> tuple[list[float], list[float]]:
        """Times and (smoothed) C of the healthy samples within ``window_s`` of ``now``, after the latest
        degraded one (a forced 0 from a failed probe is not a trend). Oldest first; walks back
        from the newest row only as far as the window reaches."""
        times: list[float] = []
        values: list[float] = []
        oldest = now - window_s
        i = self._next
        for _ in range(self._count):
            i = (i - 1) % self._rows
            if self._at[i] < oldest or self._degraded[i]:
                break
            times.append(self._at[i])
            values.append(float(self._capacity[i]))
        times.reverse()
        values.reverse()
        return times, values
