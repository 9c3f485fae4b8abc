"""Answers are checked and tidied before the engine records them."""

from __future__ import annotations

import pytest

from srs_advisor.dialog import Dialog
from srs_advisor.engine.answers import (
    MAX_ACTION_ITEMS,
    MAX_LINE,
    MAX_PARTNERS,
    MAX_TEXT,
    AnswerError,
    Partner,
    clean_text,
    parse_answer,
)


def test_text_is_trimmed_and_control_characters_dropped(dialog: Dialog) -> None:
    step = dialog.step("welcome.idea")
    assert parse_answer(step, "  share\x00 a\x1b[31m nurse\nplease ", dialog.meta) == (
        "share a[31m nurse please"
    )


def test_long_text_keeps_its_lines(dialog: Dialog) -> None:
    step = dialog.step("purpose.problem")
    assert parse_answer(step, "one\r\ntwo  \n\nthree", dialog.meta) == "one\ntwo\n\nthree"


def test_empty_and_oversized_text_are_refused_with_a_reason(dialog: Dialog) -> None:
    step = dialog.step("welcome.idea")
    with pytest.raises(AnswerError, match="or skip the question"):
        parse_answer(step, "   ", dialog.meta)
    with pytest.raises(AnswerError, match=f"the limit is {MAX_LINE:,}"):
        parse_answer(step, "x" * (MAX_LINE + 1), dialog.meta)
    with pytest.raises(AnswerError, match="as text"):
        parse_answer(step, 42, dialog.meta)


def test_choices_must_be_one_of_the_values(dialog: Dialog) -> None:
    step = dialog.step("formality.risk")
    assert parse_answer(step, "high", dialog.meta) == "high"
    with pytest.raises(
        AnswerError, match="'extreme' is not one of the choices: low, moderate, high"
    ):
        parse_answer(step, "extreme", dialog.meta)


@pytest.mark.parametrize("step_id", ["purpose.shared_capacity", "formality.accountability"])
def test_yes_no_takes_booleans_too(dialog: Dialog, step_id: str) -> None:
    # A yes-no step, and a choice step whose values are yes and no (with their own labels).
    step = dialog.step(step_id)
    assert parse_answer(step, True, dialog.meta) == "yes"
    assert parse_answer(step, False, dialog.meta) == "no"
    assert parse_answer(step, "no", dialog.meta) == "no"


def test_multi_choice_keeps_the_dialog_order_and_allows_none(dialog: Dialog) -> None:
    step = dialog.step("purpose.resources")
    assert parse_answer(step, ["data", "staff", "data"], dialog.meta) == ["staff", "data"]
    assert parse_answer(step, [], dialog.meta) == []
    with pytest.raises(AnswerError, match="'money' is not one of the choices"):
        parse_answer(step, ["money"], dialog.meta)


def test_partners_need_a_name_a_known_sector_and_no_repeats(dialog: Dialog) -> None:
    step = dialog.step("welcome.partners")
    with pytest.raises(AnswerError, match="sector must be one of"):
        parse_answer(step, [{"name": "A", "sector": "army"}], dialog.meta)
    with pytest.raises(AnswerError, match="listed twice"):
        parse_answer(
            step,
            [{"name": "A", "sector": "school"}, {"name": "a ", "sector": "other"}],
            dialog.meta,
        )
    with pytest.raises(AnswerError, match="the partner's name"):
        parse_answer(step, [{"name": " ", "sector": "school"}], dialog.meta)


def test_per_partner_answers_follow_the_partner_order(dialog: Dialog) -> None:
    step = dialog.step("purpose.goals")
    partners = [Partner(name="A", sector="school"), Partner(name="B", sector="other")]
    assert parse_answer(step, {"b": "two", "A": "one"}, dialog.meta, partners) == {
        "A": "one",
        "B": "two",
    }
    with pytest.raises(AnswerError, match="partner organizations first"):
        parse_answer(step, {"A": "one"}, dialog.meta, [])


def test_action_items_need_what_and_may_leave_who_and_when_open(dialog: Dialog) -> None:
    step = dialog.step("formalization.draft")
    assert parse_answer(step, ["Send the e-mail"], dialog.meta) == [
        {"what": "Send the e-mail", "who": "", "when": ""}
    ]
    with pytest.raises(AnswerError, match="Action item 1: give what, who and when"):
        parse_answer(step, [{"what": "x", "why": "y"}], dialog.meta)


def test_clean_text_turns_newlines_into_spaces_on_one_line() -> None:
    assert clean_text("a\nb\u2028c", multiline=False) == "a bc"


def test_a_form_keeps_its_fields_in_order_and_leaves_blank_ones_out(dialog: Dialog) -> None:
    step = dialog.step("welcome.meeting")
    meta = dialog.meta
    given = {"note_taker": " Sam\x1b[31m ", "place": "Room [2]\nEast", "facilitator": "  "}
    assert parse_answer(step, given, meta) == {"place": "Room [2] East", "note_taker": "Sam[31m"}
    assert parse_answer(step, {}, meta) == {}
    with pytest.raises(AnswerError, match="is not one of this question's fields: place"):
        parse_answer(step, {"venue": "x"}, meta)
    with pytest.raises(AnswerError, match="Please give the fields by name"):
        parse_answer(step, "Room 2", meta)
    with pytest.raises(AnswerError, match="Place: Please type the answer as text"):
        parse_answer(step, {"place": 2}, meta)


def test_each_field_has_a_limit_and_the_refusal_names_the_field(dialog: Dialog) -> None:
    meta = dialog.meta
    partners = dialog.step("welcome.partners")
    long_name = "N" * (MAX_LINE + 1)
    with pytest.raises(AnswerError) as caught:
        parse_answer(
            partners,
            [{"name": "Acme", "sector": "public-health"}, {"name": long_name, "sector": "other"}],
            meta,
        )
    assert str(caught.value).startswith(
        f"Partner 2's name is {MAX_LINE + 1:,} characters long; the limit is {MAX_LINE:,}."
    )
    many = [{"name": f"P{n}", "sector": "other"} for n in range(MAX_PARTNERS + 1)]
    with pytest.raises(AnswerError, match=f"at most {MAX_PARTNERS}"):
        parse_answer(partners, many, meta)
    items = next(s for s in dialog.steps if s.kind == "action-items")
    with pytest.raises(AnswerError, match="Action item 1's who is 2,001 characters long"):
        parse_answer(items, [{"what": "Draft", "who": "w" * (MAX_LINE + 1)}], meta)
    with pytest.raises(AnswerError, match=f"at most {MAX_ACTION_ITEMS}"):
        parse_answer(items, ["Draft"] * (MAX_ACTION_ITEMS + 1), meta)
    per_partner = next(s for s in dialog.steps if s.kind == "per-partner")
    acme = [Partner(name="Acme", sector="other", id="p1")]
    with pytest.raises(AnswerError, match="The answer for 'Acme' is 20,001 characters"):
        parse_answer(per_partner, {"Acme": "a" * (MAX_TEXT + 1)}, meta, acme)
    long_text = dialog.step("purpose.problem")
    assert parse_answer(long_text, "a" * MAX_TEXT, meta) == "a" * MAX_TEXT
    with pytest.raises(AnswerError, match=f"50,000,000 characters long; the limit is {MAX_TEXT:,}"):
        parse_answer(long_text, "a" * 50_000_000, meta)


def test_a_resumed_file_keeps_what_it_holds_however_long(dialog: Dialog) -> None:
    partners = dialog.step("welcome.partners")
    huge = [{"name": "N" * 1_000_000, "sector": "other", "id": "p1"}]
    assert parse_answer(partners, huge, dialog.meta, limited=False) == huge
    text = dialog.step("purpose.problem")
    assert parse_answer(text, "x" * 1_000_000, dialog.meta, limited=False) == "x" * 1_000_000


def test_cleaning_drops_c1_controls_and_keeps_bidi_marks_and_unicode_spaces(
    dialog: Dialog,
) -> None:
    step = dialog.step("purpose.problem")
    typed = "a\x85b\x9b31m\u202eevil\u2066\u00a0x\u3000 \nnext\u2028line"
    assert parse_answer(step, typed, dialog.meta) == "ab31m\u202eevil\u2066\u00a0x\nnextline"
