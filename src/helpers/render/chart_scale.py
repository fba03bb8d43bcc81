"""The y scale of a trend chart: a domain rounded out to whole ticks, and label spacing."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

CHART_HEIGHT = 160
"""Height of the plotting area in pixels."""

_Y_PADDING = 0.05


@dataclass(frozen=True)
class YScale:
    """An explicit y domain with its tick values and tick format."""

    low: float
    high: float
    ticks: list[float]
    tick_format: str
    zero: bool

    def pixel(self, value: float) -> float:
        """Distance of a value from the top of the plotting area, in pixels."""
        return CHART_HEIGHT * (self.high - value) / (self.high - self.low)

    def value_at(self, pixel: float) -> float:
        """The value drawn ``pixel`` pixels from the top of the plotting area."""
        return self.high - pixel * (self.high - self.low) / CHART_HEIGHT


def _nice_step(rough: float) -> float:
    """The 1, 2 or 5 times a power of ten nearest above ``rough``."""
    power = 10.0 ** math.floor(math.log10(rough))
    for factor in (1.0, 2.0, 5.0, 10.0):
        if rough <= factor * power:
            return factor * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def y_scale(values: list[float], row: dict[str, Any]) -> YScale:
    """A domain covering every figure and reference line, rounded out to whole ticks."""
    low, high = min(values), max(values)
    counts = row["measure"] == "count"
    if counts:  # a count's axis starts at zero
        low = min(low, 0.0)
    span = (high - low) or max(abs(high) * 0.1, 1.0)
    step = _nice_step(span / 4)
    padding = 0.0 if low == 0 else span * _Y_PADDING
    bottom = math.floor((low - padding) / step) * step
    top = math.ceil((high + span * _Y_PADDING) / step) * step
    if low >= 0:
        bottom = max(bottom, 0.0)
    if row["unit"] == "percent" and high <= 100:
        top = min(top, 100.0)
    count = round((top - bottom) / step)
    ticks = [round(bottom + i * step, 10) for i in range(count + 1)]
    places = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    return YScale(round(bottom, 10), round(top, 10), ticks, f",.{places}f", counts)


def spread(positions: list[float], gap: float, limit: float) -> list[float]:
    """Move label positions (pixels from the top) apart by ``gap``, within 0..limit."""
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    placed = [positions[i] for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    if placed and placed[-1] > limit:
        placed[-1] = limit
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    out = [0.0] * len(positions)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out
