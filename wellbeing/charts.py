"""Server-rendered SVG line charts for scores from 1 to 5 (no JavaScript, no CDN)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT, PAD_X, PAD_Y = 640, 200, 28, 16
SERIES_COLOURS = {"mood": "#2f7a6b", "energy": "#d08c3a", "stress": "#8a5cad"}


@dataclass
class Line:
    name: str
    colour: str
    segments: list[str]
    dots: list[tuple[float, float, float]]


def score_chart(
    *, labels: Sequence[str], values: dict[str, Sequence[float | None]]
) -> dict[str, Any]:
    """Polylines for each series; a gap (None) breaks the line instead of inventing data."""
    count = max(len(labels), 1)
    step = (WIDTH - 2 * PAD_X) / max(count - 1, 1)

    def x(i: int) -> float:
        return round(PAD_X + i * step, 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD_Y - (v - 1) / 4 * (HEIGHT - 2 * PAD_Y), 1)

    lines = []
    for name, series in values.items():
        segments, current, dots = [], [], []
        for i, value in enumerate(series):
            if value is None:
                if current:
                    segments.append(" ".join(current))
                current = []
                continue
            current.append(f"{x(i)},{y(value)}")
            dots.append((x(i), y(value), value))
        if current:
            segments.append(" ".join(current))
        lines.append(Line(name, SERIES_COLOURS.get(name, "#555"), segments, dots))
    every = max(1, count // 8)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "grid": [(score, y(score)) for score in range(1, 6)],
        "x_labels": [(x(i), label) for i, label in enumerate(labels) if i % every == 0],
        "lines": lines,
        "has_data": any(line.dots for line in lines),
    }
