"""Draw Cuida's app icons into static/icons/: a white heart on the app's green.

Run it after changing the drawing (``.venv/bin/python scripts/make_icons.py``) and commit the
files it writes; the web app manifest (core/pwa.py) and templates/partials/app_icons.html
name them. One geometry serves the SVG favicon and the PNGs, so every size shows the same
heart: a square turned 45° with a circle on each of its two upper sides.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "static" / "icons"
GREEN = "#2f7a6b"  # --accent in static/css/app.css
WHITE = "#ffffff"
# Drawn this many times larger, then scaled down: Pillow draws shapes without anti-aliasing.
SUPERSAMPLE = 4


def heart(width: float) -> tuple[list[tuple[float, float]], list[tuple[float, float, float]]]:
    """The heart, ``width`` wide and centred in a 1 by 1 box: the turned square's corners and
    the two circles (centre x, centre y, radius)."""
    h = width / (1 + math.sqrt(2))  # half the turned square's diagonal
    # The shape reaches 1.2071·h above the square's centre and h below it: centre it.
    cy = 0.5 + ((0.5 + math.sqrt(0.5)) - 1) * h / 2
    square = [(0.5, cy - h), (0.5 + h, cy), (0.5, cy + h), (0.5 - h, cy)]
    radius = h / math.sqrt(2)
    circles = [(0.5 - h / 2, cy - h / 2, radius), (0.5 + h / 2, cy - h / 2, radius)]
    return square, circles


def draw_png(size: int, *, heart_width: float, corner: float) -> Image.Image:
    """A ``size`` px square icon; ``corner`` is the background's corner radius as a share
    of the size (0: full bleed, for maskable and Apple icons, which the system rounds)."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=corner * big, fill=GREEN)
    square, circles = heart(heart_width)
    draw.polygon([(x * big, y * big) for x, y in square], fill=WHITE)
    for cx, cy, r in circles:
        draw.ellipse(((cx - r) * big, (cy - r) * big, (cx + r) * big, (cy + r) * big), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def svg(*, heart_width: float, corner: float) -> str:
    square, circles = heart(heart_width)
    scale = 64

    def n(value: float) -> str:
        return f"{value * scale:.2f}".rstrip("0").rstrip(".")

    points = " ".join(f"{n(x)},{n(y)}" for x, y in square)
    rounds = "".join(f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(r)}"/>' for x, y, r in circles)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="{n(corner)}" fill="{GREEN}"/>'
        f'<g fill="{WHITE}"><polygon points="{points}"/>{rounds}</g></svg>\n'
    )


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    # "any" icons: a rounded square, as the launcher shows it.
    for size in (192, 512):
        draw_png(size, heart_width=0.58, corner=0.22).save(ICONS / f"icon-{size}.png")
    # Maskable: full bleed, the heart inside the central circle (radius 40 %) that every
    # launcher's mask keeps.
    draw_png(512, heart_width=0.5, corner=0).save(ICONS / "icon-maskable-512.png")
    # iOS rounds the corners itself and paints transparency black.
    draw_png(180, heart_width=0.58, corner=0).convert("RGB").save(ICONS / "apple-touch-icon.png")
    favicon = draw_png(48, heart_width=0.66, corner=0.22)
    favicon.save(ICONS / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    (ICONS / "favicon.svg").write_text(svg(heart_width=0.66, corner=0.22))
    for path in sorted(ICONS.iterdir()):
        print(path.relative_to(ICONS.parent.parent))


if __name__ == "__main__":
    main()
