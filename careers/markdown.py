"""Training module text: Markdown written by HR, rendered to HTML agents can trust.

Markdown lets raw HTML through, so its output goes through ``nh3`` with a small allow-list:
``<script>``/``<style>`` disappear with their content, other tags keep only their text,
links keep only ``http``/``https``/``mailto`` addresses and open in a new tab with
``rel="noopener noreferrer"`` (the module page stays open behind them). Images are not
allowed: a remote image would tell its host who read the module and when.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# templates/careers/enrollment.html shows the module title as <h2>: the module's own
# headings start below it so the page outline stays right for screen readers.
HEADING_OFFSET = 2

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    set_tag_attribute_values={"a": {"target": "_blank"}},
)


class _ShiftHeadings(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(int(element.tag[1]) + HEADING_OFFSET, 6)}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown_lib.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md), "careers_shift_headings", 5)


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML, safe to put in a page as it is."""
    if not text:
        return SafeString("")
    html = markdown_lib.markdown(
        text, extensions=["sane_lists", _ShiftHeadingsExtension()], output_format="html"
    )
    return mark_safe(_cleaner.clean(html))  # noqa: S308 (sanitised by nh3 just above)
