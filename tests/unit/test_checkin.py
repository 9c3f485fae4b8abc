"""Check-ins in the engine: a finished session followed up, what is asked again, what changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from checkins import CHECKED, HELD, example_meeting, start, walk

from srs_advisor.dialog import Dialog
from srs_advisor.engine.changes import changes_since
from srs_advisor.engine.checkin import (
    INTRO,
    NEW_ITEMS,
    PHASE,
    CheckIn,
    CheckInRefused,
    begin,
    date_step,
    item_step,
    resume_conversation,
)
from srs_advisor.engine.conversation import Conversation
from srs_advisor.engine.session import Session

FACTORS = [
    "formality.duration",
    "formality.scope",
    "formality.trust",
    "formality.risk",
    "formality.accountability",
    "formality.money",
    "formality.data",
    "formality.authority",
    "formality.operations",
    "formality.parties",
]


def test_a_checkin_asks_what_should_be_reviewed_and_passes_the_rest(dialog: Dialog) -> None:
    checkin = start(dialog)
    asked = walk(checkin, {})
    items = [item_step(n) for n in range(1, 7)]
    assert asked == [
        INTRO,
        *items,
        NEW_ITEMS,
        "welcome.participants",
        "welcome.meeting",
        "readiness.objectives",
        "readiness.off_table",
        "readiness.objectives_review",  # on the last meeting's parking lot
        "readiness.trust",
        "purpose.goals",
        "scope.orientation",  # on the last meeting's parking lot
        *FACTORS,
        "formality.level",
        "summary.next_steps",
    ]
    assert checkin.finished
    # Everything else is carried over as the earlier meeting left it.
    earlier = checkin.earlier
    for step_id, value in earlier.answers.items():
        assert checkin.session.answers[step_id] == value, step_id


def test_each_question_asked_again_shows_and_starts_from_the_earlier_answer(
    dialog: Dialog,
) -> None:
    checkin = start(dialog)
    walk(checkin, {}, to="readiness.trust")
    step = dialog.step("readiness.trust")
    said = checkin.asked_again(step)
    assert said is not None
    assert "At the last meeting (November 20, 2026): Yes, in place." in said
    assert checkin.tentative_of("readiness.trust") == "in-place"  # the input starts there
    assert checkin.prefill(step) is None  # the earlier answer, not a new start
    assert checkin.status("readiness.trust") == "open"
    # A text asked again, before it is reached, starts from the earlier text too.
    fresh = start(dialog)
    off_table = fresh.earlier.answers["readiness.off_table"]
    assert fresh.tentative_of("readiness.off_table") == off_table
    said = fresh.asked_again(dialog.step("readiness.off_table"))
    assert said is not None and "the answer filled in below" in said


def test_the_parking_lot_and_a_skipped_question_say_so(dialog: Dialog) -> None:
    checkin = start(dialog)
    said = checkin.asked_again(dialog.step("scope.orientation"))
    assert said is not None and "on the parking lot" in said
    walk(checkin, {"summary.next_steps": None})  # skipped this time
    checkin2 = begin(dialog, checkin, "/meetings/checkin-1", CHECKED)
    said = checkin2.asked_again(dialog.step("summary.next_steps"))
    assert said is not None and "not discussed" in said


def test_keeping_every_answer_changes_nothing(dialog: Dialog) -> None:
    checkin = start(dialog)
    walk(checkin, {})
    found = changes_since(checkin)
    assert found.decisions == [] and found.meeting == []
    assert found.level is not None and not found.level.moved and found.level.changes == []
    assert found.new_gaps == [] and found.closed_gaps == []
    assert "readiness.objectives" in found.unchanged and "summary.next_steps" in found.unchanged


def test_a_factor_that_moves_the_recommendation_is_named(dialog: Dialog) -> None:
    checkin = start(dialog)
    walk(
        checkin,
        {
            "formality.risk": "low",  # moves Formal down to Semi-formal
            "formality.trust": "building",  # changes, moves nothing on its own
            "formality.level": "semi-formal",
        },
    )
    level = changes_since(checkin).level
    assert level is not None
    assert (level.recommended_before, level.recommended_now) == ("formal", "semi-formal")
    assert level.moved
    assert [c.step for c in level.moved_by] == ["formality.risk"]
    assert {c.step for c in level.changes} == {
        "formality.risk",
        "formality.trust",
        "formality.level",
    }
    assert (level.chosen_before, level.chosen_now) == ("formal", "semi-formal")


def test_the_action_items_left_to_do_follow_their_status(dialog: Dialog) -> None:
    checkin = start(dialog)
    new = [{"what": "Call the [board]", "who": "Rev. Cruz", "when": "May 1"}]
    walk(
        checkin,
        {
            item_step(2): "late",
            date_step(2): "April 30, 2027",
            item_step(3): "dropped",
            item_step(5): "open",
            item_step(6): None,  # not reviewed
            NEW_ITEMS: new,
        },
    )
    earlier = checkin.earlier.items
    left = checkin.action_items()
    assert [i.what for i in left] == [
        earlier[1].what,
        earlier[4].what,
        earlier[5].what,
        "Call the [board]",
    ]
    assert left[0].when == "April 30, 2027"  # the late item's new date
    assert checkin.session.action_items == left  # what session.json records


def test_overdue_is_judged_against_the_checkin_date(dialog: Dialog) -> None:
    earlier = example_meeting(dialog)
    # One date the advisor cannot read, and one item with none.
    monitoring = earlier.session.answers["formalization.monitoring"]
    earlier.session.answers["formalization.monitoring"] = [
        {**monitoring[0], "when": "end of Q2"},
        {"what": "Pick a name", "who": "", "when": ""},
    ]
    checkin = start(dialog, earlier)
    walk(
        checkin,
        {
            item_step(1): "done",  # due January 15, 2027: done
            item_step(2): "open",  # due January 31, 2027: passed by March 20
            item_step(3): "late",  # due February 28, 2027
            date_step(3): "May 15",
            item_step(4): "dropped",
            item_step(5): "open",  # due March 15, 2027: passed
            item_step(6): "open",  # end of Q2: cannot be read
            item_step(7): "open",  # no date
        },
    )
    found = changes_since(checkin)
    assert found.on == CHECKED.date()
    assert [i.number for i in found.overdue] == [2, 3, 5]
    assert [i.number for i in found.late] == [3]
    assert [i.number for i in found.unjudged] == [6, 7]
    late = found.items[2]
    assert late.new_date is not None and late.new_date.day == datetime(2027, 5, 15).date()
    assert found.items[0].due.inferred  # "January 15" had no year: read as 2027's


def test_a_changed_readiness_answer_is_a_new_gap(dialog: Dialog) -> None:
    checkin = start(dialog)
    asked = walk(checkin, {"readiness.trust": "partly", "readiness.objectives": "not-yet"})
    # The page naming the prerequisites missing now names others than before: it is shown.
    assert "readiness.address_first" in asked
    found = changes_since(checkin)
    assert [g.factor for g in found.new_gaps] == ["Clarify your objectives", "Build trust"]
    assert {c.step for c in found.decisions} >= {"readiness.trust", "readiness.objectives"}


def test_the_earlier_conversation_is_only_read(dialog: Dialog) -> None:
    earlier = example_meeting(dialog)
    before = earlier.session.model_dump_json()
    checkin = start(dialog, earlier)
    walk(checkin, {"formality.risk": "high", "readiness.off_table": "Nothing."})
    assert earlier.session.model_dump_json() == before
    assert checkin.session.id != earlier.session.id
    assert checkin.earlier.session == earlier.session.id


def test_a_chain_of_checkins_is_linked_in_order(dialog: Dialog) -> None:
    first = example_meeting(dialog)
    one = start(dialog, first)
    walk(one, {item_step(1): "late", date_step(1): "June 1, 2027", NEW_ITEMS: [{"what": "X"}]})
    two = begin(dialog, one, "/meetings/checkin-1", datetime(2027, 6, 20, tzinfo=UTC))
    assert two.number == 2
    assert [m.session for m in two.meetings] == [first.session.id, one.session.id, two.session.id]
    assert [m.checkin for m in two.meetings] == [0, 1, 2]
    assert [m.date for m in two.meetings][:2] == [HELD, CHECKED]
    # The second check-in asks about what the first left to do: its late item and the new one.
    assert [i.what for i in two.earlier.items] == [one.earlier.items[0].what, "X"]
    assert two.earlier.items[0].when == "June 1, 2027"
    # The first check-in's own questions are not carried into the second.
    assert not any(s.startswith(f"{PHASE}.") for s in two.earlier.answers)


def test_a_saved_checkin_resumes_as_a_checkin(dialog: Dialog) -> None:
    checkin = start(dialog)
    for _ in range(4):
        step = checkin.current
        assert step is not None
        checkin.answer() if step.kind == "info" else checkin.answer("done")
    text = checkin.session.model_dump_json()
    session = Session.model_validate(json.loads(text))
    resumed, report = resume_conversation(dialog, session)
    assert isinstance(resumed, CheckIn)
    assert report.retired == {}  # its own questions are the check-in dialog's
    assert resumed.current is not None and resumed.current.id == item_step(4)
    walk(resumed, {})
    assert resumed.finished
    # A session that is no check-in is written as before: no `checkin` key at all.
    assert "checkin" not in json.loads(example_meeting(dialog).session.model_dump_json())
    assert "checkin" in json.loads(text)


@pytest.mark.parametrize("problem", ["unfinished", "older", "other"])
def test_a_checkin_follows_only_a_finished_session_of_these_questions(
    dialog: Dialog, problem: str
) -> None:
    earlier = example_meeting(dialog)
    if problem == "unfinished":
        earlier = Conversation(dialog)
    elif problem == "older":
        earlier.session.dialog_version = "2.0"
    else:
        earlier.session.dialog_id = "another-dialog"
    with pytest.raises(CheckInRefused) as refused:
        begin(dialog, earlier, "/meetings/first")
    message = str(refused.value)
    assert earlier.session.id in message and "/meetings/first" in message
    assert {"unfinished": "not finished", "older": "version 2.0", "other": "another"}[
        problem
    ] in message


def test_a_date_without_a_year_is_read_from_the_meeting_that_set_it(dialog: Dialog) -> None:
    first = example_meeting(dialog)  # held November 20, 2026; item 5 due "March 15"
    one = begin(dialog, first, "/meetings/first", datetime(2027, 4, 20, tzinfo=UTC))
    walk(one, {item_step(2): "late", date_step(2): "May 30", item_step(5): "open"})
    two = begin(dialog, one, "/meetings/checkin-1", datetime(2027, 6, 20, tzinfo=UTC))
    walk(two, {item_step(n): "open" for n in range(1, 4)})
    items = {r.item.what: r for r in changes_since(two).items}
    cover = items["Check liability cover for home visits"]
    # Set at the first meeting: March 15, 2027, long passed; not the March after check-in 1.
    assert cover.due.day == datetime(2027, 3, 15).date() and cover.overdue
    board = items["Brief the hospital board and the board of health"]
    # Its new date was set at check-in 1 (April 20, 2027): May 30, 2027, passed by June 20.
    assert board.due.day == datetime(2027, 5, 30).date() and board.overdue


def test_a_finished_meeting_reopened_and_left_at_its_last_page_can_be_followed_up(
    dialog: Dialog,
) -> None:
    """Nothing left to answer is finished for a check-in too, as lists of sessions say."""
    earlier = example_meeting(dialog)
    earlier.back()  # reopened, and left at the wrap-up page
    assert not earlier.finished and earlier.complete and earlier.session.complete
    checkin = begin(dialog, earlier, "/meetings/first")
    assert checkin.current is not None and checkin.current.id.startswith("checkin.")
