"""The notes as a director prints them, page by page: the HTML through headless Chromium
at letter size, the Word file through LibreOffice, each page read back with pdftotext.

Page 1 holds the decisions and every action item with its owner and date; every page
says "Page N of M"; no page holds only a stray row or the footer; a table that runs
onto a new page repeats its header row there.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from printed import can_print, docx_to_pdf, html_to_pdf, pages

from srs_advisor.cli.replay import read_answer_file, replay
from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.notes.export import export

DATA = Path(__file__).parents[1] / "data"
SESSIONS = {
    "formal": Path(__file__).parents[2] / "examples" / "answers.toml",
    "informal": DATA / "levels" / "informal.toml",
    "semi-formal": DATA / "levels" / "semi_formal.toml",
}

pytestmark = pytest.mark.skipif(
    not can_print() and not os.environ.get("CI"),
    reason="chromium, LibreOffice or pdftotext is not installed (CI installs them)",
)


def printed(conversation: Conversation, fmt: str, folder: Path) -> tuple[list[str], list[str]]:
    """The notes' pages, as printed from `fmt` (html or docx): laid out, and in reading order."""
    folder.mkdir(parents=True, exist_ok=True)
    exported = export(conversation, "notes", fmt)
    source = folder / exported.filename
    source.write_bytes(exported.data)
    if fmt == "html":
        pdf = html_to_pdf(source, folder / "notes.pdf", folder / "chromium")
    else:
        pdf = docx_to_pdf(source, folder, folder / "libreoffice")
    return pages(pdf), pages(pdf, layout=False)


def words(text: str) -> str:
    """The words of `text`, hyphens left out (pdftotext joins "e-" / "mail" as "email")."""
    return " ".join(text.replace("-", "").split())


def content(page: str) -> list[str]:
    """A page's lines, less the page number and the footer that every page may carry."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return [
        line
        for line in lines
        if not re.fullmatch(r"Page \d+ of \d+", line)
        and not line.startswith("Session ")
        and "written by srs-advisor" not in line
        and not line.startswith("version ")
    ]


HEADERS = (["No.", "What"], ["Question", "Phase"], ["Partner", "Each"], ["Factor", "Kind"])


def header_of(line: str) -> list[str] | None:
    """The first two words of `line` where it is a table's header row, else None."""
    start = line.split()[:2]
    return start if start in HEADERS else None


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize("level", sorted(SESSIONS))
def test_the_first_page_holds_the_decisions_and_who_does_what_by_when(
    dialog: Dialog, tmp_path: Path, level: str, fmt: str
) -> None:
    answers, parked = read_answer_file(SESSIONS[level], dialog)
    conversation, _ = replay(dialog, answers, parked)
    found, read = printed(conversation, fmt, tmp_path)
    assert len(found) == len(read)
    first = words(read[0])
    for part in ("In brief", "Decision:", "Level of formality:", "Next meeting:"):
        assert part in first, (part, first)
    assert "Action items" in first and "Open questions" in first
    items = conversation.action_items()
    assert items
    for item in items:
        assert words(item.what) in first, item.what
        for said in (item.who, item.when):
            assert not said.strip() or words(said) in first, said
    # Page numbers on every page; only the appendix starts a page of its own.
    total = len(found)
    for number, page in enumerate(found, start=1):
        assert f"Page {number} of {total}" in words(page), (number, page)
        # No page holds the footer alone, or a stray row under its repeated header.
        lines = content(page)
        assert len(lines) >= 2, (number, page)
        if lines[0].split()[:2] == header_of(lines[0]):
            assert len(lines) >= 4, (number, page)
    starts = [n for n, page in enumerate(found) if content(page)[0].startswith("Appendix")]
    assert len(starts) == 1 and starts[0] > 0
    assert total <= 7  # 9 pages before the first page held the action items


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_long_table_repeats_its_header_row_on_the_next_page(
    dialog: Dialog, tmp_path: Path, fmt: str
) -> None:
    answers, parked = read_answer_file(SESSIONS["formal"], dialog)
    answers["formalization.align"] = [
        {"what": f"Task {n} of the work plan, written out", "who": "Dana Lee", "when": "May 1"}
        for n in range(1, 61)
    ]
    conversation, _ = replay(dialog, answers, parked)
    found, _ = printed(conversation, fmt, tmp_path)
    runs_on = [content(page) for page in found[1:] if "Task 40 of the work plan" in page]
    assert runs_on, "the table did not run onto a second page"
    header = runs_on[0][0].split()
    assert header[:2] == ["No.", "What"] and header[-3:] == ["Who", "By", "when"], runs_on[0][:3]
