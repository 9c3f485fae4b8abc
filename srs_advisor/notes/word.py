"""The documents as a Word file (DOCX), for the partners' legal and contracts staff to edit.

Headings, lists and tables use Word's own styles, so the file edits like any other
Word document. A table's header row repeats on every page the table runs onto (Word's
`tblHeader`) and stays with the first row; the footer says "Page N of M" (Word's PAGE
and NUMPAGES fields, which Word and LibreOffice fill in). What a user typed goes in
only as the text of plain runs: never a field, a hyperlink or an instruction, so
`{ MERGEFIELD x }` or `=cmd|' /C calc'!A0` stays text in Word.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

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
SHORT_CELL = 16
"""A column whose cells are all this short ("February 28") gets room to hold each on a line."""


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
    for c, col in enumerate(texts):
        cells = col[1:] or col
        if max(len(t) for t in cells) <= SHORT_CELL:  # "February 28" whole, on one line
            least[c] = max(least[c], max(len(t) for t in cells) * _CHAR_PT + _CELL_PADDING_PT)
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
        elif span.style == "placeholder":
            from docx.enum.text import WD_COLOR_INDEX

            run.text = f"[{clean(span.text)}]"
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _paragraph(docx: DocxDocument, style: str | None = None) -> DocxParagraph:
    """A new paragraph at the end of `docx`, in `style` (by name) if one is given.

    python-docx finds a style by its name by reading every style of the file, and then
    every one again to see whether it is the default, for each paragraph: the notes'
    hundred paragraphs took most of the time of a Word export. The style's id is looked
    up once per file and set as python-docx sets it.
    """
    paragraph = docx.add_paragraph()
    if style is not None:
        ids: dict[str, str] = docx.__dict__.setdefault("_srs_style_ids", {})
        if style not in ids:
            ids[style] = docx.styles[style].style_id
        paragraph._p.style = ids[style]
    return paragraph


def _bullets(docx: DocxDocument, items: BulletList, depth: int = 0) -> None:
    from docx.shared import Pt

    style = _LIST_STYLES[min(depth, len(_LIST_STYLES) - 1)]
    for item in items.items:
        paragraph = _paragraph(docx, style)
        _runs(paragraph, item.spans)
        if items.compact:  # a record for reference: small and tight
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            for run in paragraph.runs:
                run.font.size = Pt(9.5)
        if item.children is not None:
            # A label ("Agreed in the meeting:") stays on the page of what it heads.
            paragraph.paragraph_format.keep_with_next = True
            _bullets(docx, item.children, depth + 1)


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) in `paragraph`, showing `shown` until it is updated."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> None:
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(mark)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(shown)
    char("end")


_NUMBERING_ID = "90"
"""The id of the advisor's numbering for numbered headings (clear of the template's)."""


def _heading_numbering(docx: DocxDocument) -> str:
    """Add a numbering ("1.", "2." ...) for headings to the file; return its id."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = docx.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_NUMBERING_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="432" w:hanging="432"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    # Every abstractNum comes before the first num, as the schema orders them.
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{_NUMBERING_ID}">'
            f'<w:abstractNumId w:val="{_NUMBERING_ID}"/></w:num>'
        )
    )
    return _NUMBERING_ID


def _number(paragraph: DocxParagraph, numbering: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    properties = paragraph._p.get_or_add_pPr()
    properties.insert(
        0,
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{numbering}"/></w:numPr>'
        ),
    )


def _repeat_header(row: Any) -> None:
    """Mark `row` as the table's header row: Word repeats it on each page, never splits it."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(_cant_split())
    properties.append(OxmlElement("w:tblHeader"))


def _cant_split() -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement("w:cantSplit")


def render_docx(document: Document, when: datetime | None = None) -> bytes:
    """The document as the bytes of a DOCX file.

    Args:
        document: what to write.
        when: the time recorded as the file's creation and change (default: the
            template's, so the same document gives the same bytes).
    """
    # python-docx (and lxml) load only when a Word file is made: other commands start fast.
    from docx import Document as new_docx
    from docx.shared import Emu, Inches, Pt

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
    docx.styles["Title"].font.size = Pt(20)
    docx.styles["Heading 1"].paragraph_format.space_before = Pt(12)
    docx.styles["Heading 2"].paragraph_format.space_before = Pt(8)
    # Letter paper (the template's), with margins that leave a director's first page room
    # for the decisions, the action items and the open questions.
    for section in docx.sections:
        section.left_margin = section.right_margin = Inches(1)
        section.top_margin = section.bottom_margin = Inches(0.8)
    _paragraph(docx, "Title").add_run(clean(document.title))
    numbering: str | None = None
    for block in document.blocks:
        if isinstance(block, Heading):
            level = max(1, min(block.level - 1, 8))  # Title holds the document's one h1
            heading = _paragraph(docx, f"Heading {level}")
            _runs(heading, block.spans)
            if block.number:  # Word's own numbering: a section added in Word renumbers
                numbering = numbering or _heading_numbering(docx)
                _number(heading, numbering)
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
            _repeat_header(table.rows[0])
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                run = cell.paragraphs[0].add_run(clean(text))
                run.bold = True
                # The header stays on the page of the first row under it.
                cell.paragraphs[0].paragraph_format.keep_with_next = True
            for row in block.rows:
                added = table.add_row()
                added._tr.get_or_add_trPr().append(_cant_split())
                if block.signing:  # room to sign by hand
                    from docx.enum.table import WD_ROW_HEIGHT_RULE

                    added.height = Inches(0.55)
                    added.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
                for cell, spans in zip(added.cells, row, strict=False):
                    _runs(cell.paragraphs[0], spans)
            section = docx.sections[-1]
            # Set above: letter paper, 1 in margins.
            page, left, right = section.page_width, section.left_margin, section.right_margin
            assert page is not None and left is not None and right is not None
            widths = column_widths(block, Emu(page - left - right).pt)
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Pt(width)  # the grid, for Word
                for cell in column.cells:
                    cell.width = Pt(width)  # each cell, for LibreOffice
            # Space after the table (and a paragraph between two tables, which Word would
            # otherwise join), too small to be carried alone onto a page of its own.
            spacer = docx.add_paragraph().paragraph_format
            spacer.space_before, spacer.space_after, spacer.line_spacing = Pt(0), Pt(0), Pt(8)
        elif isinstance(block, Note):
            _runs(_paragraph(docx, "Intense Quote"), block.spans)
    footer = docx.sections[0].footer
    if document.footer:
        _runs(footer.paragraphs[0], document.footer)
        numbers = footer.add_paragraph()
    else:
        numbers = footer.paragraphs[0]
    numbers.add_run("Page ")
    _field(numbers, "PAGE", "1")
    numbers.add_run(" of ")
    _field(numbers, "NUMPAGES", "1")
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
