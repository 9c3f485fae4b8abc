"""How hard a guidance page is to read: the Flesch-Kincaid grade level.

Guidance aims for grade 9 or lower. The page's Markdown is parsed with
markdown-it-py and each heading, paragraph and list item is read as text; a list
item or heading without a full stop counts as a sentence of its own. Syllables
are counted by vowel groups, the usual approximation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)")
_VOWELS = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    """The counts behind a grade, and the grade."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """The Flesch-Kincaid grade level."""
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def syllables(word: str) -> int:
    """An estimate of the syllables in `word`."""
    word = word.lower().strip("'’-")
    parts = [p for p in re.split(r"[-]", word) if p]
    total = 0
    for part in parts:
        count = len(_VOWELS.findall(part))
        if part.endswith("e") and not part.endswith(("le", "ee", "ye")) and count > 1:
            count -= 1
        if (
            part.endswith(("ed", "es"))
            and count > 1
            and not part.endswith(("ted", "ded", "ses", "ces", "zes", "ges", "xes", "ches", "shes"))
        ):
            count -= 1
        total += max(count, 1)
    return max(total, 1)


def text_blocks(markdown: str) -> list[str]:
    """The text of each heading, paragraph and list item of a Markdown page.

    The `Source:` line is left out: it cites a document's title, it does not guide.
    """
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [
        t.content
        for t in tokens
        if t.type == "inline" and t.content.strip() and not t.content.startswith("Source:")
    ]


def measure(markdown: str) -> Readability:
    """The readability of a Markdown page."""
    words = sentences = sylls = 0
    for block in text_blocks(markdown):
        found = _WORD.findall(block)
        if not found:
            continue
        words += len(found)
        sylls += sum(syllables(w) for w in found)
        ends = len(_SENTENCE_END.findall(block.strip() + " "))
        sentences += max(ends, 1)
    return Readability(words, max(sentences, 1), sylls)
