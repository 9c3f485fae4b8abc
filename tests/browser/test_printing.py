"""The exported HTML as a partner prints it: laid out by a real Chromium at a letter
page's width with the print stylesheet, words whole, tables inside the page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import browser, find_chromium, wait_for

from srs_advisor.cli.replay import read_answer_file, replay
from srs_advisor.dialog import Dialog
from srs_advisor.notes.export import export

CHROMIUM = find_chromium()
EXAMPLE = Path(__file__).parents[2] / "examples" / "answers.toml"
LETTER = 739
"""A letter page's printable width in CSS pixels (8.5 in less Chromium's 0.4 in margins)."""

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium is not installed (CI installs it)",
)

# Every word of a table cell, with the lines it was laid out on: a word on two lines was
# broken in the middle ("Prerequisit / e").
BROKEN_WORDS = """
(() => {
  const broken = [];
  for (const cell of document.querySelectorAll("th, td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        if (match[0].length > 20) continue;  // a long token may wrap: it must fit
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
})()
"""

WIDEST = """
Math.max(...[...document.querySelectorAll("table, p, li")].map(
  (e) => e.getBoundingClientRect().right))
"""


@pytest.mark.parametrize("what", ["notes", "agreement"])
def test_printed_tables_keep_words_whole_and_fit_the_page(
    tmp_path: Path, dialog: Dialog, what: str
) -> None:
    assert CHROMIUM is not None, "chromium is not installed"
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation, _ = replay(dialog, answers, parked)
    # A pasted web address with no space in it, in a table cell: it must wrap, not push
    # the table off the page.
    long = "https://example.org/" + "shared-services/" * 8 + "plan.pdf"
    conversation.session.answers["purpose.goals"]["Riverside General Hospital"] = long
    page = tmp_path / "page.html"
    page.write_bytes(export(conversation, what, "html").data)
    (tmp_path / "downloads").mkdir()
    with browser(CHROMIUM, tmp_path / "profile") as tab:
        tab.open(page.as_uri(), tmp_path / "downloads", width=LETTER, height=1000)
        tab.send("Emulation.setEmulatedMedia", {"media": "print"})
        wait_for(
            lambda: tab.evaluate("document.readyState === 'complete' && !!document.body"),
            "the page to load",
        )
        assert tab.evaluate(BROKEN_WORDS) == []
        assert tab.evaluate(WIDEST) <= LETTER
        # A callout is read whole: the print stylesheet keeps it on one page.
        assert tab.evaluate(
            "[...document.querySelectorAll('aside')].every("
            "(a) => getComputedStyle(a).breakInside === 'avoid')"
        )
