"""The dialog loader: every kind of error is found, located and reported together."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from srs_advisor.dialog import DialogError, check_dialog, load_dialog
from srs_advisor.dialog.loader import MAX_PAGE_BYTES
from srs_advisor.resources import content_dir, dialogs_dir

INVALID = Path(__file__).parent.parent / "data" / "invalid"


def problems_with(minimal_dir: Path, fixture: str) -> list[tuple[str, int | None, str | None, str]]:
    """Check the minimal dialog with its main phase replaced by an invalid fixture file."""
    shutil.copy(INVALID / fixture, minimal_dir / "dialogs" / "20-main.toml")
    dialog, problems = check_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    assert dialog is None
    return [(p.file.name, p.line, p.step, p.message) for p in problems]


def test_the_shipped_dialog_loads_without_problems() -> None:
    dialog, problems = check_dialog(dialogs_dir(), content_dir())
    assert problems == []
    assert dialog is not None
    assert [p.id for p in dialog.phases] == [
        "welcome",
        "readiness",
        "purpose",
        "scope",
        "formality",
        "formalization",
        "summary",
    ]


def test_the_minimal_dialog_loads(minimal_dir: Path) -> None:
    dialog = load_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    assert [s.id for s in dialog.steps] == ["intro.partners", "main.mood", "main.why", "main.done"]


@pytest.mark.parametrize(
    ("fixture", "line", "step", "message"),
    [
        ("not_toml.toml", 8, None, "not valid TOML"),
        ("extra_key.toml", 12, "main.mood", "unknown key `color`"),
        ("unknown_kind.toml", 9, "main.mood", "step.0.kind: Input should be"),
        ("choice_without_choices.toml", 6, "main.mood", "a `choice` step needs `choices`"),
        ("unknown_step.toml", 12, "main.mood", "leads to unknown step `main.nowhere`"),
        (
            "unknown_guidance.toml",
            11,
            "main.mood",
            "guidance page `missing-page.md` does not exist",
        ),
        ("duplicate_id.toml", 14, "main.mood", "duplicate step id (first in 20-main.toml)"),
        ("unreachable_step.toml", 15, "main.orphan", "no path reaches this step"),
        ("never_ends.toml", 7, "main.mood", "no path from this step reaches the end"),
        (
            "condition_unknown_step.toml",
            12,
            "main.mood",
            "condition on unknown step `main.weather`",
        ),
        ("condition_bad_value.toml", 20, "main.why", "condition value `awful` is not a choice"),
        (
            "condition_unknown_sector.toml",
            15,
            "main.mood",
            "condition sector `church` is not one of the dialog's sectors",
        ),
        (
            "condition_sector_not_partners.toml",
            20,
            "main.why",
            "a sector test on `main.mood`, which is not a partners step",
        ),
        ("wrong_phase_prefix.toml", 7, "other.mood", "step id must start with its phase, `main.`"),
        ("no_source_page.toml", 11, "main.mood", "does not name its source"),
        (
            "prefill_not_a_choice.toml",
            16,
            "main.mood",
            "prefill value `great` is not one of the step's choices",
        ),
        ("check_unknown_step.toml", 15, "main.mood", "condition on unknown step `main.weather`"),
        ("records_wrong_kind.toml", 6, "main.mood", "needs a `text` or `long-text` step"),
        ("rule_without_quote.toml", 25, None, "rule.0.source: must quote the source's words"),
        ("form_without_fields.toml", 6, "main.mood", "a `form` step needs `fields`"),
        ("form_field_bad_key.toml", 12, "main.mood", "fields.0.key: String should match"),
        (
            "branch_loops.toml",
            20,
            "main.again",
            "leads back to `main.mood` (main.mood -> main.again -> main.mood): "
            "a dialog must not loop",
        ),
        ("empty_phase.toml", 2, None, "phase `main` has no steps"),
        (
            "markup_in_text.toml",
            10,
            "main.mood",
            "step.prompt: `[b]` looks like markup, but text is shown as written",
        ),
        ("markup_in_text.toml", 11, "main.mood", "step.hint: `[@click=app.quit]` looks like"),
        (
            "markup_in_text.toml",
            13,
            "main.mood",
            "step.choices.label: `[link='https://example.org']` looks like markup",
        ),
        (
            "level_without_rules.toml",
            16,
            "main.level",
            "uses the formality level, but no file has a `[[rule]]`: is the rules file missing?",
        ),
        (
            "nested_too_deep.toml",
            None,
            None,
            "not valid TOML: arrays or tables are nested too deep",
        ),
    ],
)
def test_each_kind_of_error_names_file_line_and_step(
    minimal_dir: Path, fixture: str, line: int | None, step: str | None, message: str
) -> None:
    problems = problems_with(minimal_dir, fixture)
    assert any(
        name == "20-main.toml" and at == line and where == step and message in text
        for name, at, where, text in problems
    ), problems


def test_a_phase_missing_from_the_contents_is_reported_both_ways(minimal_dir: Path) -> None:
    problems = problems_with(minimal_dir, "phase_not_listed.toml")
    messages = [text for _, _, _, text in problems]
    assert "phase `main` is listed but no file declares it" in messages
    assert "phase `extra` is not listed in `[dialog] phases`" in messages


def test_every_problem_is_reported_not_just_the_first(minimal_dir: Path) -> None:
    problems = problems_with(minimal_dir, "several_problems.toml")
    messages = " | ".join(text for _, _, _, text in problems)
    assert "duplicate step id" in messages
    assert "leads to unknown step `main.nowhere`" in messages
    assert "guidance page `missing-page.md` does not exist" in messages


def test_load_dialog_raises_one_error_carrying_every_problem(minimal_dir: Path) -> None:
    shutil.copy(INVALID / "several_problems.toml", minimal_dir / "dialogs" / "20-main.toml")
    with pytest.raises(DialogError) as caught:
        load_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    assert len(caught.value.problems) >= 3
    assert "20-main.toml:" in str(caught.value)


def test_a_missing_folder_and_an_empty_folder_are_problems_not_crashes(tmp_path: Path) -> None:
    _, missing = check_dialog(tmp_path / "nope", tmp_path)
    assert [p.message for p in missing] == ["no such folder"]
    _, empty = check_dialog(tmp_path, tmp_path)
    assert [p.message for p in empty] == ["no dialog files (*.toml) in this folder"]


def test_a_file_that_is_not_utf8_is_a_problem(minimal_dir: Path) -> None:
    (minimal_dir / "dialogs" / "20-main.toml").write_bytes(b"\xff\xfe[phase]\n")
    _, problems = check_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    assert any("cannot be read" in p.message for p in problems)


def test_plain_brackets_are_not_taken_for_markup(minimal_dir: Path) -> None:
    problems = problems_with(minimal_dir, "markup_in_text.toml")
    assert not any("[sic]" in text for _, _, _, text in problems), problems


def test_a_dialog_nested_100000_deep_is_a_problem_not_a_traceback(minimal_dir: Path) -> None:
    deep = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"
    (minimal_dir / "dialogs" / "20-main.toml").write_text(deep, encoding="utf-8")
    with pytest.raises(DialogError) as caught:
        load_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    assert [(p.file.name, p.message) for p in caught.value.problems][0] == (
        "20-main.toml",
        "not valid TOML: arrays or tables are nested too deep",
    )


def test_a_dialog_file_that_is_a_fifo_or_huge_is_a_problem(minimal_dir: Path) -> None:
    main = minimal_dir / "dialogs" / "20-main.toml"
    main.unlink()
    os.mkfifo(main)  # reading it would hang
    (minimal_dir / "dialogs" / "30-huge.toml").write_text("# padding\n" * 200_000, encoding="utf-8")
    _, problems = check_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    found = {p.file.name: p.message for p in problems}
    assert found["20-main.toml"] == "cannot be read: it is not a regular file"
    assert found["30-huge.toml"].startswith(
        "cannot be read: it is 2,000,000 bytes, more than the 1,000,000 allowed"
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda page: os.mkfifo(page), "guidance page `page.md` is not a regular file"),
        (
            lambda page: page.write_text("Source: x\n" + "a" * MAX_PAGE_BYTES, encoding="utf-8"),
            f"guidance page `page.md` is {MAX_PAGE_BYTES + 10:,} bytes, more than the",
        ),
        (
            lambda page: page.write_bytes(b"Source: \xff\n"),
            "guidance page `page.md` is not UTF-8 text",
        ),
        (lambda page: page.symlink_to(page), "guidance page `page.md` cannot be read"),
    ],
    ids=["fifo", "huge", "not-utf8", "symlink-loop"],
)
def test_a_guidance_page_that_cannot_be_shown_is_a_problem(
    minimal_dir: Path, make: Callable[[Path], None], message: str
) -> None:
    page = minimal_dir / "content" / "page.md"
    page.unlink()
    make(page)
    _, problems = check_dialog(minimal_dir / "dialogs", minimal_dir / "content")
    assert problems and all(message in p.message for p in problems), problems
