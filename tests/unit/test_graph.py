"""The flow as a picture: titles as labels, nothing read as syntax, the README kept in sync."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from srs_advisor.dialog import Dialog, load_dialog
from srs_advisor.dialog.flow import exits
from srs_advisor.dialog.graph import phase_diagram, step_diagram, text

REPO = Path(__file__).parent.parent.parent
README = REPO / "README.md"
BLOCK = re.compile(r"<!-- graph:start -->\n```mermaid\n(.*?)```\n<!-- graph:end -->", re.S)


def test_the_readme_shows_the_graph_as_srs_advisor_graph_draws_it(dialog: Dialog) -> None:
    found = BLOCK.search(README.read_text(encoding="utf-8"))
    assert found, "README.md lacks the <!-- graph:start --> ... <!-- graph:end --> block"
    assert found.group(1) == phase_diagram(dialog), (
        "The README's diagram is out of date; redraw it with: python scripts/readme_graph.py"
    )


def test_special_characters_in_titles_cannot_break_the_diagram(minimal_dir: Path) -> None:
    main = minimal_dir / "dialogs" / "20-main.toml"
    text_before = main.read_text(encoding="utf-8")
    main.write_text(
        text_before.replace('title = "Mood"', 'title = "Mood: \\"good\\" [or] {bad}; #1 <b>"'),
        encoding="utf-8",
    )
    phases = minimal_dir / "dialogs" / "10-intro.toml"
    phases.write_text(
        phases.read_text(encoding="utf-8").replace('title = "Intro"', 'title = "Intro \\"A\\""'),
        encoding="utf-8",
    )
    dialog = load_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    steps = step_diagram(dialog)
    assert '  state "Mood: ”good” [or] {bad}﹔ #1 ＜b＞" as main__mood' in steps.splitlines()
    # The condition on the follow-up names the step by its title, drawn the same way.
    assert "  main__mood --> main__why: Mood: ”good” [or] {bad}﹔ #1 ＜b＞ = Bad" in steps
    assert '  state "Intro ”A”" as intro' in phase_diagram(dialog).splitlines()
    for line in steps.splitlines()[4:]:
        if line.startswith("  state "):
            label = line[line.index('"') + 1 : line.rindex('"')]
        else:
            label = line.partition(": ")[2]
        assert not set(label) & set('"<>;&'), line


def test_every_exit_of_the_machine_is_an_arrow(dialog: Dialog) -> None:
    arrows = [line for line in step_diagram(dialog).splitlines() if " --> " in line]
    count = sum(len(exits(dialog, step)) for step in dialog.steps)
    assert len(arrows) == count + 1  # and the arrow into the first step


def test_text_puts_a_label_on_one_line() -> None:
    assert text("two\nlines:  here & <there>") == "two lines: here ＆ ＜there＞"


def test_the_readme_updater_rewrites_only_the_block(tmp_path: Path, dialog: Dialog) -> None:
    from readme_graph import update

    readme = tmp_path / "README.md"
    shutil.copy(README, readme)
    stale = README.read_text(encoding="utf-8").replace("welcome --> readiness", "welcome --> x")
    readme.write_text(stale, encoding="utf-8")
    assert update(readme, dialog) is True
    assert readme.read_text(encoding="utf-8") == README.read_text(encoding="utf-8")
    assert update(readme, dialog) is False
