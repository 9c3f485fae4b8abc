"""Type a complete session into the installed app in a real terminal, at full speed.

Answers every question of the shipped dialog in tmux, each answer as one burst of keys,
with brackets, quotes and markup-like text in the answers; on the way it edits a
Readiness answer through the review, renames a partner, parks an answered question and
uses the review to reach the last formality factor. It checks after each edit that the
app is back where it was, and at the end that `session.json` holds every character
typed. Needs tmux. Prints what it checked and how long the notes took to appear.
    python scripts/tmux_session.py [WIDTHxHEIGHT ...]     (default: 80x24 100x30 120x40)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "e2e"))

from terminal import APP, Terminal  # noqa: E402

from srs_advisor.dialog import Dialog, choices_of, load_dialog  # noqa: E402
from srs_advisor.resources import content_dir, dialogs_dir  # noqa: E402

PARTNERS = [
    {"name": "County [Health] Dept", "sector": "public-health"},
    {"name": "Grace 'Church' & Co", "sector": "faith-based"},
]
RENAMED = "Riverside County Health Department"


def plan(dialog: Dialog) -> dict[str, Any]:
    """An answer for every step: text with brackets, quotes and markup in it."""
    answers: dict[str, Any] = {}
    for number, step in enumerate(dialog.steps):
        if step.kind == "text":
            answers[step.id] = f'[b]t{number}[/b] it\'s "fine" <i>ok</i> #{number}'
        elif step.kind == "long-text":
            answers[step.id] = f"[link='x']l{number}[/link]\n- second line {number}"
        elif step.kind == "partners":
            answers[step.id] = PARTNERS
        elif step.kind == "per-partner":
            answers[step.id] = {p["name"]: f"{p['name'][:5]} [{number}]" for p in PARTNERS}
        elif step.kind == "action-items":
            answers[step.id] = [{"what": f"do [{number}]", "who": "Di", "when": "May"}]
        elif step.kind == "form":
            answers[step.id] = {f.key: f"{f.label} [{number}] <b>" for f in step.fields}
    answers.update(
        {
            "readiness.objectives": "partly",  # a prerequisite gap: the advice page shows
            "readiness.balance": "in-place",
            "readiness.trust": "in-place",
            "purpose.internal_fix": "no",
            "purpose.shared_capacity": "yes",
            "purpose.meaningful": "yes",
            "purpose.resources": ["staff", "funding"],
            "purpose.targets": ["quality-measures"],
            "purpose.improvements": ["reach", "equity"],
            "formality.duration": "ongoing",
            "formality.scope": "narrow",
            "formality.trust": "established",
            "formality.risk": "moderate",
            "formality.accountability": "yes",
            "formality.money": "payment",
            "formality.data": "general",
            "formality.authority": "no",
            "formality.operations": "coordination",
            "formality.parties": "mixed",
            "formality.level": "semi-formal",  # not the recommended formal: asks why
        }
    )
    for step in dialog.steps:
        if step.id not in answers and step.kind in ("choice", "yes-no"):
            answers[step.id] = choices_of(step)[0].value
    return answers


class Session:
    def __init__(self, term: Terminal, folder: Path, dialog: Dialog) -> None:
        self.term, self.folder, self.dialog = term, folder, dialog

    def saved(self) -> dict[str, Any]:
        found = list(self.folder.glob("*/session.json"))
        try:
            return json.loads(found[0].read_text()) if found else {}
        except ValueError:
            return {}

    def current(self) -> str | None:
        return self.saved().get("current")

    def wait_back_at(self, step_id: str, what: str) -> str:
        """Wait until the app is back at `step_id` (the save passing steps may come first)."""
        self.term.wait_for(lambda: self.current() == step_id, f"back at {step_id} after {what}")
        return step_id

    def wait_moved_from(self, step_id: str) -> str:
        self.term.wait_for(lambda: self.current() not in (None, step_id), f"a move from {step_id}")
        current = self.current()
        assert current is not None
        return current

    def answer(self, step_id: str, value: Any) -> None:
        """Type the answer to the current step in one burst, and its answer key."""
        step, t = self.dialog.step(step_id), self.term
        if step.kind == "info":
            t.press("Enter")
        elif step.kind == "text":
            t.type(value)
            t.press("Enter")
        elif step.kind == "long-text":
            t.type(value.replace("\n", "\r"))  # a keyboard's Enter sends a carriage return
            t.press("C-s")
        elif step.kind in ("choice", "yes-no", "level"):
            index = [c.value for c in choices_of(step)].index(value)
            t.press("Home", *["Down"] * index, "Enter")
        elif step.kind == "multi-choice":
            keys = []
            for number, choice in enumerate(choices_of(step)):
                keys += (["Down"] if number else []) + (["Space"] if choice.value in value else [])
            t.press(*keys, "C-s")
        elif step.kind == "partners":
            sectors = [s.value for s in self.dialog.meta.sectors]
            for partner in value:
                t.type(partner["name"])
                t.press("Enter")  # no sector yet: the sector list takes the focus
                t.wait_for_text(f"Pick a sector for {partner['name'][:12]}")
                t.press("Enter")  # open it
                t.wait_for_text("Faith-based")
                time.sleep(0.3)  # a person reads the list before choosing from it
                t.press(*["Down"] * (sectors.index(partner["sector"]) + 1), "Enter")
                t.wait_for(lambda p=partner: f"{p['name']}  (" in t.screen(), partner["name"])
            t.press("C-s")
        elif step.kind == "per-partner":
            for text in value.values():
                t.type(text)
                t.press("Enter")
        elif step.kind == "form":
            for field in step.fields:  # Enter moves to the next field; from the last, answers
                t.type(value.get(field.key, ""))
                t.press("Enter")
        elif step.kind == "action-items":
            for item in value:
                t.press("C-u")
                t.type(item["what"])
                t.press("Tab")
                t.type(item["who"])
                t.press("Tab")
                t.type(item["when"])
                t.press("Tab")
            t.press("C-s")

    def review_to(self, step_id: str) -> None:
        """Open the review and choose `step_id` in it, by the keys."""
        saved = self.saved()
        visited = set(saved["history"])
        entries = [
            s.id for s in self.dialog.steps if s.id in visited and s.kind != "info"
        ]  # the review's choosable lines, in order (phase headings cannot be chosen)
        self.term.press("C-r")
        self.term.wait_for_text("Every answer so far")
        self.term.press("Home", *["Down"] * entries.index(step_id), "Enter")
        self.term.wait_for(lambda: self.current() == step_id, f"the review to reach {step_id}")


def run(size: tuple[int, int]) -> None:
    dialog = load_dialog(dialogs_dir(), content_dir())
    answers = plan(dialog)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        command = [*os.environ.get("SRS_APP", str(APP)).split(), "--sessions-dir", str(folder)]
        term = Terminal(command, *size, {})
        s = Session(term, folder, dialog)
        checks: list[str] = []
        try:
            term.wait_for_text("Start a new session")
            term.press("Enter")
            term.wait_for(lambda: s.current() is not None, "a session")
            edited = renamed = parked = reviewed = False
            asked: list[str] = []
            while (step_id := s.current()) not in (None, "end"):
                assert step_id is not None
                asked.append(step_id)
                if step_id == "scope.what_and_why" and not edited:
                    edited = True
                    s.review_to("readiness.objectives")
                    s.answer("readiness.objectives", "not-yet")
                    back = s.wait_back_at(step_id, "the edit")
                    checks.append(f"edited a Readiness answer: back at {back}")
                    answers["readiness.objectives"] = "not-yet"
                    continue
                if step_id == "scope.leadership" and not renamed:
                    renamed = True
                    s.review_to("welcome.partners")
                    term.press("BTab", "Home", "Enter")  # to the list; the first partner, to edit
                    term.wait_for_text(f"{PARTNERS[0]['name']}  (")
                    term.type(RENAMED)  # the name is selected: typing replaces it
                    term.press("Enter")
                    term.wait_for_text(f"{RENAMED}  (Public health)")
                    term.press("C-s")
                    back = s.wait_back_at(step_id, "the rename")
                    old = PARTNERS[0]["name"]
                    for key, value in answers.items():
                        if isinstance(value, dict) and old in value:
                            answers[key] = {
                                (RENAMED if k == old else k): v for k, v in value.items()
                            }
                    answers["welcome.partners"] = [{**PARTNERS[0], "name": RENAMED}, PARTNERS[1]]
                    checks.append(f"renamed a partner: back at {back}")
                    continue
                if step_id == "scope.decisions" and not parked:
                    parked = True
                    term.press("C-b")
                    term.wait_for(lambda: s.current() == "scope.responsibilities", "back one")
                    term.press("C-l")
                    s.wait_moved_from("scope.responsibilities")
                    tentative = s.saved()["tentative"].get("scope.responsibilities")
                    assert tentative == answers.pop("scope.responsibilities"), tentative
                    checks.append("parked an answered question: its answer kept as tentative")
                    continue
                if step_id == "formalization.leadership" and not reviewed:
                    reviewed = True
                    s.review_to("formality.operations")
                    term.press("Enter")  # keep the answer: back to where we were
                    back = s.wait_back_at(step_id, "the review")
                    checks.append(
                        f"reached the last formality factor by the review: back at {back}"
                    )
                    continue
                if step_id in answers or dialog.step(step_id).kind == "info":
                    s.answer(step_id, answers.get(step_id))
                else:
                    term.press("C-n")
                s.wait_moved_from(step_id)
            start = time.perf_counter()
            term.wait_for_text("Finished. Thank you!")
            notes_after = time.perf_counter() - start
            saved = s.saved()
            kept = saved["answers"]
            for step_id in asked:
                if step_id in answers and step_id in kept:
                    expected = answers[step_id]
                    if dialog.step(step_id).kind == "partners":
                        expected = [{**p, "id": f"p{n}"} for n, p in enumerate(expected, 1)]
                    if dialog.step(step_id).kind == "action-items":
                        expected = kept[step_id][:1] and expected
                        assert kept[step_id][0] == answers[step_id][0], step_id
                        continue
                    assert kept[step_id] == expected, (step_id, kept[step_id], expected)
            checks.append(f"{len(kept)} answers in session.json, every typed character kept")
            checks.append(f"the notes appeared {notes_after * 1000:.0f} ms after the last answer")
        finally:
            term.close()
    print(f"{size[0]}x{size[1]}:")
    for line in checks:
        print(f"  - {line}")


def main() -> None:
    sizes = [tuple(int(n) for n in a.split("x")) for a in sys.argv[1:]] or [
        (80, 24),
        (100, 30),
        (120, 40),
    ]
    for size in sizes:
        run((size[0], size[1]))


if __name__ == "__main__":
    main()
