"""Server-rendered SVG line charts for scores from 1 to 5 (no JavaScript, no CDN).

Every coordinate leaves here as a string written with a dot: the template engine would
localise a float (Spanish writes ``184,0``), which SVG cannot read, and the browser would drop
every gridline and point. Only the values people read (``Line.dots``' third item, the axis
scores) stay numbers, so they follow the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT, PAD_X, PAD_Y = 640, 200, 28, 16
SERIES_COLOURS = {"mood": "#2f7a6b", "energy": "#d08c3a", "stress": "#8a5cad"}


def svg_number(value: float) -> str:
    """``value`` to one decimal with a dot, never localised: ``184``, ``101.5``."""
    return f"{round(value, 1):g}"


@dataclass
class Line:
    name: str
    colour: str
    segments: list[str]
    dots: list[tuple[str, str, float]]  # cx, cy (SVG text), the value shown in the tooltip


def score_chart(
    *, labels: Sequence[str], values: dict[str, Sequence[float | None]]
) -> dict[str, Any]:
    """Polylines for each series; a gap (None) breaks the line instead of inventing data."""
    count = max(len(labels), 1)
    step = (WIDTH - 2 * PAD_X) / max(count - 1, 1)

    def x(i: int) -> str:
        return svg_number(PAD_X + i * step)

    def y(v: float) -> str:
        return svg_number(HEIGHT - PAD_Y - (v - 1) / 4 * (HEIGHT - 2 * PAD_Y))

    lines = []
    for name, series in values.items():
        segments: list[str] = []
        current: list[str] = []
        dots = []
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
        "width": str(WIDTH),
        "height": str(HEIGHT),
        "grid": [(score, y(score)) for score in range(1, 6)],
        "x_labels": [(x(i), label) for i, label in enumerate(labels) if i % every == 0],
        # the caption's span: the first and the last day, not the last sampled label
        "first_label": labels[0] if labels else "",
        "last_label": labels[-1] if labels else "",
        "lines": lines,
        "has_data": any(line.dots for line in lines),
    }
