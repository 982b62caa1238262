"""Each remark's words as plain text, for the exports, structured data and opening words.

The cache lives with the renderer for one rendering pass, not on the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitebuild.model import Archive, Remark
from sitebuild.paragraphs import plain_text
from sitebuild.render.crosslinks import link_text


@dataclass
class Words:
    """The plain text of each remark of ``archive``, computed once and kept by remark key."""

    archive: Archive
    cache: dict[tuple[str, str], str] = field(default_factory=dict)

    def __call__(self, remark: Remark) -> str:
        """The speaker's words as a reader sees them, in plain text: paragraphs only.

        Cross-links become their link text; citations and footnote markers are left out.
        """
        words = self.cache.get(remark.key)
        if words is None:
            words = self.cache[remark.key] = "\n\n".join(
                plain_text(link_text(self.archive, block.text))
                for block in remark.blocks
                if block.is_paragraph
            )
        return words
