"""The documents as a Word file (DOCX), for the partners' legal and contracts staff to edit.

Headings, lists and tables use Word's own styles, so the file edits like any other
Word document. What a user typed goes in only as the text of plain runs: never a
field, a hyperlink or an instruction, so `{ MERGEFIELD x }` or `=cmd|' /C calc'!A0`
stays text in Word.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING

from .document import BulletList, Document, Heading, Inline, Note, Paragraph, Table, clean

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph as DocxParagraph
_LIST_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")
_CHAR_PT = 6.0
"""About how wide a character of 11 pt text is, in points, on average."""
_WIDE_CHAR_PT = 7.0
"""A character of a word that must fit whole (in bold, a header's), with room to spare."""
_CELL_PADDING_PT = 14.0
"""A cell's margins, left and right (Word's default 0.08 in each), and the border."""


def column_widths(table: Table, total_pt: float) -> list[float]:
    """Widths for the table's columns (points, adding up to `total_pt`), from what they hold.

    Equal columns (Word's default) squeeze a long answer beside a one-word one and break
    words such as "Readmissions" in a narrow column. Each column gets room for its
    longest word first, then a share of the rest by how much text it holds.
    """
    columns = len(table.header)
    texts: list[list[str]] = [[table.header[c]] for c in range(columns)]
    for row in table.rows:
        for c, spans in enumerate(row[:columns]):
            texts[c].append("".join(span.text for span in spans))
    least = [
        max((len(w) for t in col for w in t.split()), default=1) * _WIDE_CHAR_PT + _CELL_PADDING_PT
        for col in texts
    ]
    wanted = [
        max(least[c], sum(len(t) for t in texts[c]) / len(texts[c]) * _CHAR_PT + _CELL_PADDING_PT)
        for c in range(columns)
    ]
    if sum(least) >= total_pt:  # even the longest words do not all fit: share by them
        return [total_pt * w / sum(least) for w in least]
    extra = [wanted[c] - least[c] for c in range(columns)]
    spare = total_pt - sum(least)
    share = [e / sum(extra) if sum(extra) else 1 / columns for e in extra]
    return [least[c] + spare * share[c] for c in range(columns)]


def _runs(paragraph: DocxParagraph, spans: Inline) -> None:
    from docx.shared import RGBColor

    for span in spans:
        # add_run turns "\n" into a line break and "\t" into a tab, nothing else.
        run = paragraph.add_run(clean(span.text))
        if span.style == "strong":
            run.bold = True
        elif span.style == "emphasis":
            run.italic = True
        elif span.style == "muted":
            run.italic = True
            run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _bullets(docx: DocxDocument, items: BulletList, depth: int = 0) -> None:
    style = _LIST_STYLES[min(depth, len(_LIST_STYLES) - 1)]
    for item in items.items:
        paragraph = docx.add_paragraph(style=style)
        _runs(paragraph, item.spans)
        if item.children is not None:
            # A label ("Agreed in the meeting:") stays on the page of what it heads.
            paragraph.paragraph_format.keep_with_next = True
            _bullets(docx, item.children, depth + 1)


def render_docx(document: Document, when: datetime | None = None) -> bytes:
    """The document as the bytes of a DOCX file.

    Args:
        document: what to write.
        when: the time recorded as the file's creation and change (default: the
            template's, so the same document gives the same bytes).
    """
    # python-docx (and lxml) load only when a Word file is made: other commands start fast.
    from docx import Document as new_docx
    from docx.shared import Emu, Pt

    docx = new_docx()
    properties = docx.core_properties
    properties.title = clean(document.title)
    properties.author = "srs-advisor"
    properties.last_modified_by = "srs-advisor"
    properties.comments = ""
    if when is not None:
        properties.created = when
        properties.modified = when
    normal = docx.styles["Normal"]
    normal.font.size = Pt(11)
    docx.add_heading(clean(document.title), level=0)
    for block in document.blocks:
        if isinstance(block, Heading):
            level = max(1, min(block.level - 1, 8))  # Title holds the document's one h1
            heading = docx.add_heading(level=level)
            _runs(heading, block.spans)
            if block.new_page and block.level == 2:
                heading.paragraph_format.page_break_before = True
        elif isinstance(block, Paragraph):
            _runs(docx.add_paragraph(), block.spans)
        elif isinstance(block, BulletList):
            _bullets(docx, block)
        elif isinstance(block, Table):
            table = docx.add_table(rows=1, cols=len(block.header))
            table.style = docx.styles["Table Grid"]
            table.autofit = False
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                run = cell.paragraphs[0].add_run(clean(text))
                run.bold = True
            for row in block.rows:
                cells = table.add_row().cells
                for cell, spans in zip(cells, row, strict=False):
                    _runs(cell.paragraphs[0], spans)
            section = docx.sections[-1]
            # The template sets all three: letter paper, 1.25 in margins.
            page, left, right = section.page_width, section.left_margin, section.right_margin
            assert page is not None and left is not None and right is not None
            widths = column_widths(block, Emu(page - left - right).pt)
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Pt(width)  # the grid, for Word
                for cell in column.cells:
                    cell.width = Pt(width)  # each cell, for LibreOffice
            docx.add_paragraph()
        elif isinstance(block, Note):
            _runs(docx.add_paragraph(style="Intense Quote"), block.spans)
    if document.footer:
        footer = docx.sections[0].footer
        _runs(footer.paragraphs[0], document.footer)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
