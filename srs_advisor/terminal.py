"""Lines for a terminal: text from files shown as text, never as terminal control.

A session file can hold anything, and `sessions` prints what is in it: a partner name
holding an escape sequence could set the clipboard (OSC 52), retitle the window, clear
the screen, or, with a bidi override, reverse the listing. Every such character is
written as a visible escape instead.
"""

from __future__ import annotations

import unicodedata

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that change the direction of the text around them."""


def safe(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with control, bidi-control, surrogate and line-separator characters escaped.

    Args:
        text: any text, from a user or a file.
        keep_newlines: keep line feeds as they are (for text shown on several lines).
    """
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n" and keep_newlines:
            out.append(char)
        elif category in ("Cc", "Cs", "Zl", "Zp") or char in BIDI_CONTROLS:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
