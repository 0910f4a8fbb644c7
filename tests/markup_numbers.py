"""Numbers that machines read (SVG geometry, CSS, data-* attributes, form values) must never
follow the reader's language: Spanish writes 184,0 where SVG needs 184.0, and the chart loses
its gridlines and points. Shared by the chart tests and the every-page walk."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

NUMBER = r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"
SINGLE = re.compile(rf"^{NUMBER}$")
LIST = re.compile(rf"^{NUMBER}(?:[ ,]+{NUMBER})*$")
POINTS = re.compile(rf"^{NUMBER},{NUMBER}(?: {NUMBER},{NUMBER})*$")

SVG_SINGLE = {"x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "width", "height"}
SVG_SINGLE |= {"stroke-width", "opacity", "fill-opacity", "stroke-opacity"}
HTML_SINGLE = {
    "progress": {"value", "max"},
    "meter": {"value", "min", "max", "low", "high", "optimum"},
}
DATA_SINGLE = {"data-respondents", "data-mood", "data-energy", "data-stress", "data-tag-uses"}
STYLE_NUMBER = re.compile(r"[-\d.,]+(?=\s*(?:%|px\b|em\b|rem\b))")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.svg_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svg_depth += 1
        for name, value in attrs:
            if value is None:
                continue
            if not self._ok(tag, name, value.strip()):
                self.problems.append(f'<{tag} {name}="{value}">')

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.svg_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.svg_depth -= 1

    def _ok(self, tag: str, name: str, value: str) -> bool:
        if name == "style":
            return all("," not in n for n in STYLE_NUMBER.findall(value))
        if self.svg_depth and name in SVG_SINGLE:
            return bool(SINGLE.match(value))
        if self.svg_depth and name == "viewbox":
            return bool(LIST.match(value)) and "," not in value
        if self.svg_depth and name == "points":
            return bool(POINTS.match(value))
        if name in HTML_SINGLE.get(tag, ()) or name in DATA_SINGLE:
            return value == "" or bool(SINGLE.match(value))
        return True


def localised_numbers(html: str) -> list[str]:
    """Every attribute of ``html`` meant for a machine whose number is not plain."""
    collector = _Collector()
    collector.feed(html)
    return collector.problems


def charts(html: str) -> list[ET.Element]:
    """The page's chart figures' SVG (not the legend swatches), parsed as XML: a malformed
    chart fails here."""
    found = re.findall(r'<figure class="chart">\s*(<svg.*?</svg>)', html, flags=re.DOTALL)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314 - our own rendered page


def strip_ns(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def elements(svg: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in svg.iter() if strip_ns(e.tag) == name]


class _Text(HTMLParser):
    """The text a person reads: no markup, scripts, styles, code samples or form values."""

    SKIP = {"script", "style", "code", "pre", "textarea", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NUMERIC_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")
DOT_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
COMMA_DECIMAL = re.compile(r"(?<![\w,])\d+,\d+(?![\w,])")


def foreign_formats(text: str, language: str) -> list[str]:
    """Dates and decimals in ``text`` written another way than ``language``'s one format
    (config/formats): es 01/12/2026 and 4,5; en Dec 1, 2026 and 4.5; never ISO."""
    found = ISO_DATE.findall(text)
    if language == "es":
        found += DOT_DECIMAL.findall(text)
    else:
        found += NUMERIC_DATE.findall(text) + COMMA_DECIMAL.findall(text)
    return found
