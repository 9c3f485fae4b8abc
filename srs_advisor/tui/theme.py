"""The presenter theme: high contrast, for a shared screen seen through a video call."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="srs-high-contrast",
    primary="#FFD700",
    secondary="#00E5FF",
    accent="#FFD700",
    warning="#FFB000",
    error="#FF6B6B",
    success="#7CFC00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#1A1A1A",
    dark=True,
)
"""Pure black and white with bright yellow and cyan accents."""
