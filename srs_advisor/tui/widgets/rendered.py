"""A long Rich renderable (a guidance page, the meeting notes), drawn once per width.

A `Static` holding a Rich `Markdown` renders all of it to measure its height, and again
to draw it, each time the layout asks; the notes of a whole session are hundreds of
lines. This widget renders once for its width and colors, keeps the lines, and a frame
takes only the lines in view.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, visualize
from textual.widget import Widget


class RenderedText(Widget):
    """Shows a Rich renderable, rendered once for each width (and theme) it is shown at."""

    DEFAULT_CSS = """
    RenderedText { height: auto; }
    """

    def __init__(
        self,
        renderable: RenderableType = "",
        *,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._renderable = renderable
        self._lines: list[Strip] = []
        self._drawn_for: tuple[int, Style] | None = None

    def update(self, renderable: RenderableType) -> None:
        """Show `renderable` instead."""
        self._renderable = renderable
        self._drawn_for = None
        self.refresh(layout=True)

    def _lines_at(self, width: int) -> list[Strip]:
        key = (width, self.visual_style)
        if key != self._drawn_for:
            self._drawn_for = key
            visual = visualize(self, self._renderable, markup=False)
            self._lines = Visual.to_strips(self, visual, width, None, self.visual_style)
        return self._lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the renderable takes at `width`."""
        return len(self._lines_at(width))

    def render_line(self, y: int) -> Strip:
        """The line `y` of the rendering."""
        width = self.size.width
        lines = self._lines_at(width)
        return lines[y] if y < len(lines) else Strip.blank(width, self.rich_style)
