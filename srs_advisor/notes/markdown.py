"""Put text a user typed into Markdown so that it shows exactly as typed.

An answer may hold `#`, `|`, backticks, `*`, `<b>` or a line that starts with
`- `; written into the notes as it is, any of these would turn into a heading, a
table cell, code, emphasis, HTML or a list. CommonMark lets a backslash make any
ASCII punctuation literal, so we escape the characters that can start structure.
"""

from __future__ import annotations

import re

_ALWAYS = re.compile(r"([\\`*_\[\]<>|#~&])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape_line(text: str) -> str:
    """One line of user text, safe anywhere inline (a paragraph, a list item, a table cell)."""
    text = " ".join(text.split("\n")).strip()
    escaped = _ALWAYS.sub(r"\\\1", text)
    match = _LINE_START.match(escaped)
    if match:
        lead = match.group(2)
        if lead.isdigit():
            # "1. item" would start a list: escape the dot or bracket after the number.
            end = match.end()
            escaped = escaped[:end] + "\\" + escaped[end:]
        else:
            escaped = "\\" + escaped
    return escaped


def escape_block(text: str) -> str:
    """Several lines of user text, kept as lines and paragraphs, safe as a block."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    out = []
    for paragraph in paragraphs:
        lines = [escape_line(line) for line in paragraph.split("\n") if line.strip()]
        out.append("  \n".join(lines))  # two spaces: a hard line break
    return "\n\n".join(p for p in out if p)
