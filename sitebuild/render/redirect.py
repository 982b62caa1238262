"""Render a page that sends readers from an old address to the new one (anchors included).

The theme override reads ``redirect_to`` and adds the refresh; the page also links onward, so
it works without JavaScript.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from sitebuild.links import relative_address, relative_link
from sitebuild.render.markdown import render_front_matter


def render_redirect_page(old: PurePosixPath, new: PurePosixPath) -> str:
    """A small page at ``old`` that forwards to ``new``."""
    target = relative_link(old, new)
    refresh = relative_address(old, new)
    lines = render_front_matter({"title": "This page has moved", "redirect_to": refresh})
    lines += ["# This page has moved", "", f"It is now here: [{new.stem}]({target}).", ""]
    return "\n".join(lines)
