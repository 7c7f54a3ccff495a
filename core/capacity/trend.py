"""Exhaustion prediction (TIDE): where is capacity heading, and when does it cross θ?

An ordinary least-squares line through the healthy samples of the last ``window`` seconds
(``C(t) ≈ a + b·t``). The forecast is the line's value ``horizon`` seconds after the newest
sample, clipped to [0, 1]; the time to a threshold θ is ``(C_fit(now) − θ) / −b`` when the
line falls (b < 0) and is still above θ. With fewer than ``min_samples`` samples, or samples
spanning less than a third of the window, there is no forecast (a trend needs history).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .probes import clamp

__all__ = ["Trend", "fit_trend"]


@dataclass(frozen=True, slots=True)
class Trend:
    fitted_now: float  # the line's value at the newest sample (a smoothed C)
    slope_per_s: float  # change of C per second
    horizon_s: float
    samples: int

    @property
    def forecast(self) -> float:
        """Predicted C at ``horizon_s`` from now, in [0, 1]."""
        return clamp(self.fitted_now + self.slope_per_s * self.horizon_s)

    def seconds_until(self, threshold: float) -> float | None:
        """Seconds until the line crosses below ``threshold``; None when it is not heading there
        (rising or flat) or is already below."""
        if self.slope_per_s >= 0.0 or self.fitted_now < threshold:
            return None
        return (self.fitted_now - threshold) / -self.slope_per_s


def fit_trend(
    times: Sequence[float], values: Sequence[float], *, window_s: float, horizon_s: float, min_samples: int = 5
) -> Trend | None:
    n = len(times)
    if n < min_samples or n != len(values) or times[-1] - times[0] < window_s / 3.0:
        return None
    t0 = times[-1]
    xs = [t - t0 for t in times]  # centred on the newest sample: the intercept is "now"
    mean_x = sum(xs) / n
    mean_y = sum(values) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx <= 0.0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, values, strict=True)) / sxx
    intercept = mean_y - slope * mean_x
    return Trend(fitted_now=intercept, slope_per_s=slope, horizon_s=horizon_s, samples=n)
