"""Exports: whatever a user typed is text in HTML and Word, never markup, a link or a field."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from srs_advisor.cli.replay import read_answer_file, replay
from srs_advisor.dialog import Dialog
from srs_advisor.engine.answers import clean_text
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.document import clean
from srs_advisor.notes.export import FORMATS, WHATS, export

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "answers.toml"

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<a href='http://evil.example'>click</a>",
    "{ MERGEFIELD x }",
    '{ HYPERLINK "http://evil.example" }',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\"double\" and 'single' quotes & ampersands &amp; &#60;",
    "[link](http://example.org) www.example.org dana@county.gov",
    "**bold** _em_ # heading | pipe `code`",
    "tab\there, escape \x1b[31mred\x1b[0m, bell \x07, nul \x00, \u202eevil\u202c",
]
"""Answers a partner might type, pasted or hostile."""

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "footer", "h1", "h2", "h3",
    "h4", "p", "br", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "strong",
    "em", "span", "aside", "wbr", "mark",
}  # fmt: skip


def hostile_conversation(dialog: Dialog) -> Conversation:
    """The example session with hostile text in every kind of typed answer."""
    answers, parked = read_answer_file(EXAMPLE, dialog)
    text = " / ".join(HOSTILE)
    names = [f"{HOSTILE[0]} Health", f"{HOSTILE[3]} Hospital", f"{HOSTILE[5]} Church"]
    sectors = ["public-health", "health-care", "faith-based"]
    answers["welcome.partners"] = [
        {"name": name, "sector": sector} for name, sector in zip(names, sectors, strict=True)
    ]
    for step in dialog.steps:
        if step.id not in answers:
            continue
        if step.kind in ("text", "long-text"):
            answers[step.id] = "\n".join(HOSTILE) if step.kind == "long-text" else text
        elif step.kind == "per-partner":
            answers[step.id] = {name: HOSTILE[n] for n, name in enumerate(names)}
        elif step.kind == "action-items":
            answers[step.id] = [{"what": HOSTILE[4], "who": HOSTILE[6], "when": HOSTILE[1]}]
        elif step.kind == "form":
            answers[step.id] = {f.key: HOSTILE[n + 3] for n, f in enumerate(step.fields)}
    conversation, _ = replay(dialog, answers, parked)
    return conversation


def shown(text: str) -> str:
    """Typed text as every format shows it: the engine drops control characters as it
    takes an answer; any left in a session file show as their pictures."""
    return " ".join(clean(clean_text(text, multiline=True)).split())


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("what", WHATS)
def test_html_shows_typed_text_as_text(dialog: Dialog, what: str) -> None:
    conversation = hostile_conversation(dialog)
    # A session file may hold what the engine would not take from a keyboard.
    conversation.session.answers["welcome.idea"] = "raw \x1b]52;c;eA==\x07 \x00 \ud800 end"
    exported = export(conversation, what, "html")
    assert exported.mime == "text/html; charset=utf-8"
    page = Page()
    page.feed(exported.data.decode("utf-8"))
    assert set(page.tags) <= ALLOWED_TAGS, set(page.tags) - ALLOWED_TAGS
    names = {name for name, _ in page.attributes}
    assert names <= {"lang", "charset", "http-equiv", "content", "name", "class", "scope"}
    assert not any(n.startswith("on") for n in names)
    text = " ".join("".join(page.text).split())
    for typed in HOSTILE[:3] + HOSTILE[4:] if what == "notes" else HOSTILE[3:7]:
        assert shown(typed) in text, typed
    assert "\x1b" not in text and "\x00" not in text
    if what == "notes":
        assert "raw \u241b]52;c;eA==\u2407 \u2400 \ufffd end" in text


@pytest.mark.parametrize("what", WHATS)
def test_word_holds_typed_text_as_plain_runs(dialog: Dialog, what: str) -> None:
    conversation = hostile_conversation(dialog)
    conversation.session.answers["welcome.idea"] = (
        "raw \x1b[2J \x00 \ud800 end"  # XML cannot hold these
    )
    exported = export(conversation, what, "docx")
    assert exported.filename.endswith(".docx")
    document = docx.Document(io.BytesIO(exported.data))
    runs = [run.text for p in document.paragraphs for run in p.runs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                runs += [run.text for p in cell.paragraphs for run in p.runs]
    joined = " ".join(" ".join(runs).split())
    for typed in HOSTILE[3:7]:
        assert shown(typed) in joined, typed
    if what == "notes":
        assert "raw \u241b[2J \u2400 \ufffd end" in joined
    with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            xml = archive.read(name).decode("utf-8")
            if name.startswith("word/footer"):
                # The page numbers are the only fields: PAGE and NUMPAGES, the advisor's own.
                codes = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
                assert codes == [" PAGE ", " NUMPAGES "], codes
                xml = re.sub(r"<w:(instrText|fldChar)\b[^>]*(/>|>[^<]*</w:\1>)", "", xml)
            for element in ("w:fldSimple", "w:instrText", "w:fldChar", "w:hyperlink"):
                assert f"<{element}" not in xml, (name, element)
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", xml), name
        relations = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        assert "hyperlink" not in relations and "evil.example" not in relations


@pytest.mark.parametrize("what", WHATS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_has_a_name_a_type_and_content(dialog: Dialog, what: str, fmt: str) -> None:
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    exported = export(conversation, what, fmt)
    base = {"notes": "meeting-notes", "agreement": "draft-agreement"}[what]
    assert exported.filename == f"{base}.{fmt}"
    assert exported.data
    if fmt == "docx":
        texts = [p.text for p in docx.Document(io.BytesIO(exported.data)).paragraphs]
        title = texts[0]
        styles = {p.style.name for p in docx.Document(io.BytesIO(exported.data)).paragraphs}
        assert {"Title", "Heading 1", "List Bullet"} <= styles
    else:
        title = exported.data.decode("utf-8")
    expected = "meeting notes" if what == "notes" else "Contract: draft outline"
    assert expected in title


def test_html_prints_on_letter_paper_with_page_numbers_and_breaks_only_before_the_appendix(
    dialog: Dialog,
) -> None:
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    page = export(conversation, "notes", "html").data.decode("utf-8")
    assert "@media print" in page and "h2.new-page { break-before: page;" in page
    assert "@page { size: letter;" in page
    assert 'content: "Page " counter(page) " of " counter(pages)' in page
    assert re.findall(r'<h2 class="new-page">([^<]*)</h2>', page) == [
        "Appendix: the record, question by question"
    ]
    # Header rows repeat on every printed page a table runs onto.
    assert "thead { display: table-header-group;" in page
    assert page.count("<thead>") == page.count("<table>") > 0
    assert "<script" not in page and "default-src 'none'" in page


def test_an_unknown_document_or_format_is_refused(dialog: Dialog) -> None:
    conversation = Conversation(dialog)
    with pytest.raises(ValueError, match="choose one of md, html, docx"):
        export(conversation, "notes", "pdf")
    with pytest.raises(ValueError, match="choose one of notes, agreement"):
        export(conversation, "minutes", "md")


def test_word_breaks_only_before_the_appendix_and_numbers_its_pages(dialog: Dialog) -> None:
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    data = export(conversation, "notes", "docx").data
    document = docx.Document(io.BytesIO(data))
    breaks = [p.text for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["Appendix: the record, question by question"]
    footer = "".join(p.text for p in document.sections[0].footer.paragraphs)
    assert footer.endswith("Page 1 of 1")  # the fields' text until Word counts the pages
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    # Every table's first row is a header row Word repeats on each page, kept with the next.
    assert xml.count("<w:tblHeader/>") == len(document.tables) > 0
    for table in document.tables:
        header = table.rows[0].cells[0].paragraphs[0]
        assert header.paragraph_format.keep_with_next


def test_word_tables_give_each_column_room_for_its_words(dialog: Dialog) -> None:
    # Word's default, equal columns, broke "Readmissions" and "February" in two and
    # squeezed the advice beside one-word answers.
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    document = docx.Document(io.BytesIO(export(conversation, "notes", "docx").data))
    section = document.sections[0]
    assert section.page_width and section.left_margin and section.right_margin
    text_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    for table in document.tables:
        widths = [c.width.pt for c in table.columns if c.width is not None]
        assert len(widths) == len(table.columns)
        assert abs(sum(widths) - text_width) < 1
        for n, column in enumerate(table.columns):
            words = [w for cell in column.cells for w in cell.text.split()]
            longest = max((len(w) for w in words), default=0)
            # 6 pt a character of 11 pt text, and Word's cell margins.
            assert widths[n] >= longest * 6 + 11.5, (column.cells[0].text, widths[n])
    gaps = [c.width.pt for c in tables["Factor"].columns if c.width is not None]
    assert gaps[3] > 2 * gaps[2]  # "What to do" beside "Answer" (Partly, Not yet)


def test_the_word_draft_has_a_signature_table_numbered_headings_and_marked_blanks(
    dialog: Dialog,
) -> None:
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    data = export(conversation, "agreement", "docx").data
    document = docx.Document(io.BytesIO(data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
        numbering = archive.read("word/numbering.xml").decode("utf-8")
    # A real table to sign: a row a partner, a column for each thing to fill in.
    signatures = next(t for t in document.tables if t.rows[0].cells[0].text == "Partner")
    assert [c.text for c in signatures.rows[0].cells] == [
        "Partner",
        "Name and title",
        "Signature",
        "Date",
    ]
    assert [r.cells[0].text for r in signatures.rows[1:]] == [p.name for p in conversation.partners]
    assert all(c.text == "[To be agreed]" for r in signatures.rows[1:] for c in r.cells[1:])
    # Numbered headings: Word's numbering, no number typed into the text.
    numbered = [
        p
        for p in document.paragraphs
        if p.style.name == "Heading 1" and p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert [p.text for p in numbered[:3]] == [
        "Purpose",
        "Roles and responsibilities",
        "Decision-making",
    ]
    assert not any(p.text[:1].isdigit() for p in document.paragraphs if p.style.name == "Heading 1")
    num_id = numbered[0]._p.pPr.numPr.numId.val
    assert f'w:numId="{num_id}"' in numbering and 'w:lvlText w:val="%1."' in numbering
    # Blanks a reader cannot miss: in brackets, highlighted, never bold like a label.
    blanks = [
        run for p in document.paragraphs for run in p.runs if run.text.startswith("[To be agreed")
    ]
    assert blanks and all(run.text.endswith("]") for run in blanks)
    assert all(run.font.highlight_color is not None and not run.bold for run in blanks)
    assert "<w:highlight " in xml
