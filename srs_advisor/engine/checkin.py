"""Check-ins: a finished arrangement revisited, as a session of its own.

The success factors ask that objectives, once agreed, be reviewed "often with all
partners to verify that they remain valid", and the tip sheet's last step is to plan
how progress will be tracked and the arrangement revised. A check-in does that: it
starts a new session from a finished one, keeps every earlier answer, and asks again
only what should be reviewed:

- where each action item stands (done, still open, late with a new date, dropped),
  and any new ones;
- who is in the room and the meeting's details (this meeting's, not the last one's);
- the objectives, what is off the table, trust and each partner's goals;
- the decision to go on, where it was asked; the formality factors and the level;
- the next meeting, and every question the earlier meeting left on the parking lot.

Each question asked again shows the earlier answer (in its hint, and as the input's
starting value: answering keeps it). The steps in between are passed by, as after a
changed answer; a page or question that applies only now (advice a changed answer
brought on, a question a changed answer opened) is stopped at. The earlier session is
read, never written: the check-in keeps what it needs in its own `session.json`
(`engine.earlier.Earlier`), and so links to it, and through it to the whole chain.

The action items' questions are steps of a "Check-in" phase built for each check-in
from the earlier items (`checkin_dialog`): so they are asked, skipped, parked, saved,
resumed and reviewed like any other question.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..dialog.flow import all_hold
from ..dialog.model import (
    Choice,
    Condition,
    Dialog,
    DialogMeta,
    Phase,
    Step,
    choices_of,
    level_name,
)
from ..program import command
from .answers import ActionItem
from .conversation import Conversation
from .derived import readiness_gaps
from .duedates import long_date, read_due
from .earlier import Earlier, Meeting
from .machine import chosen_level
from .recommendation import recommend
from .resume import ResumeReport
from .session import Session, new_session_id, now_utc

PHASE = "checkin"
"""The id of the check-in's own phase, first in a check-in's dialog."""
INTRO = "checkin.intro"
NEW_ITEMS = "checkin.new_items"
INTRO_PAGE = "checkin.md"
"""The guidance beside the check-in's first page (in `content/`)."""
ITEMS_PAGE = "formalization-monitoring.md"
"""The guidance beside the action items' questions: the tip sheet's step 5."""

STATUSES: tuple[Choice, ...] = (
    Choice(value="done", label="Done"),
    Choice(value="open", label="Open: not done yet, and not late"),
    Choice(value="late", label="Late: not done by its date (a new date is asked next)"),
    Choice(value="dropped", label="Dropped: the partners no longer plan to do it"),
)
"""Where an action item stands at a check-in."""

REVIEWED = (
    "welcome.participants",
    "welcome.meeting",
    "readiness.objectives",
    "readiness.off_table",
    "readiness.trust",
    "purpose.goals",
    "purpose.not_sharing",
    "summary.next_steps",
)
"""Steps asked again at every check-in (where the dialog has them), besides the formality
phase and the earlier parking lot: this meeting's people and details, the objectives and
what is off the table, trust ("built slowly but can be lost swiftly"), each partner's
goals, the decision to go on, and the next meeting."""


class CheckInRefused(Exception):
    """A check-in cannot follow this session; the message says why and what to do."""


def item_step(number: int) -> str:
    """The id of the question about action item `number` (from 1)."""
    return f"{PHASE}.item_{number}"


def date_step(number: int) -> str:
    """The id of the question asking a late action item's new date."""
    return f"{PHASE}.item_{number}_date"


def local_day(moment: datetime) -> date:
    """The day of `moment` in this computer's time zone (the reader's, as the notes')."""
    return moment.astimezone().date()


def base_dialog(dialog: Dialog) -> Dialog:
    """`dialog` without a check-in phase: the conversation as the dialog files hold it."""
    if PHASE not in dialog.meta.phases:
        return dialog
    meta = dialog.meta.model_copy(update={"phases": [p for p in dialog.meta.phases if p != PHASE]})
    phases = [p for p in dialog.phases if p.id != PHASE]
    return Dialog(meta=meta, phases=phases, rules=dialog.rules)


def checkin_dialog(dialog: Dialog, earlier: Earlier) -> Dialog:
    """The dialog of a check-in: the check-in's own phase first, then the dialog's."""
    base = base_dialog(dialog)
    phase = Phase(
        id=PHASE,
        title="Check-in",
        summary="Where the action items stand, and any new ones.",
        steps=_checkin_steps(base, earlier),
    )
    meta: DialogMeta = base.meta.model_copy(update={"phases": [PHASE, *base.meta.phases]})
    return Dialog(meta=meta, phases=[phase, *base.phases], rules=base.rules)


def _checkin_steps(dialog: Dialog, earlier: Earlier) -> list[Step]:
    held = long_date(local_day(earlier.date))
    which = "the meeting" if earlier.number == 1 else f"check-in {earlier.number - 1}"
    count = len(earlier.items)
    items = (
        f" First, the {count} action item{'s' if count != 1 else ''} it left to do, one by one."
        if count
        else " It left no action items to ask about."
    )
    steps = [
        Step(
            id=INTRO,
            title="About this check-in",
            kind="info",
            prompt=(
                f"This is check-in {earlier.number}: a follow-up of {which} held on "
                f"{held}, as a session of its own. Its answers are kept; the advisor asks "
                "again what should be reviewed, and shows the earlier answer with each "
                "question: answer to keep it, or change it." + items + " The earlier "
                "session is not changed."
            ),
            guidance=INTRO_PAGE,
        )
    ]
    for number, item in enumerate(earlier.items, start=1):
        who = item.who.strip() or "no owner named"
        when = item.when.strip() or "no date set"
        due = read_due(item.when, earlier.item_set_on(number - 1))
        steps.append(
            Step(
                id=item_step(number),
                title=f"Action item {number}",
                kind="choice",
                prompt=(
                    f"Action item {number} of {count}: {item.what} (who: {who}; by when: "
                    f"{when}). Where does it stand?"
                ),
                hint=_due_hint(due.text, due.day, due.inferred),
                guidance=ITEMS_PAGE,
                choices=list(STATUSES),
            )
        )
        steps.append(
            Step(
                id=date_step(number),
                title=f"Action item {number}: new date",
                kind="text",
                prompt=f"Action item {number} is late: {item.what}. By when will it be done now?",
                hint=(
                    f"It was due {when}. Give a date the advisor can read, such as "
                    f"{_example_date(date.today())}, so that the next check-in can tell "
                    "whether it is overdue."
                ),
                guidance=ITEMS_PAGE,
                when=[Condition(step=item_step(number), equals="late")],
            )
        )
    steps.append(
        Step(
            id=NEW_ITEMS,
            title="New action items",
            kind="action-items",
            prompt=(
                "Any new action items from this check-in? What will you do, who will do it, "
                "and by when?"
            ),
            hint="None? Skip the question (F4).",
            guidance=ITEMS_PAGE,
        )
    )
    return steps


def _due_hint(text: str, day: date | None, inferred: bool) -> str:
    if not text.strip():
        return "No date was set for it."
    if day is None:
        return (
            f'The advisor cannot read "{text.strip()}" as a date, so it cannot tell whether '
            "it is late."
        )
    read = f" (read as {long_date(day)})" if inferred else ""
    return f"It was due {text.strip()}{read}."


def _example_date(since: date) -> str:
    later = since.replace(day=1)
    month = later.month % 12 + 1
    year = later.year + (1 if later.month == 12 else 0)
    return long_date(later.replace(year=year, month=month, day=15))


def reviewed_steps(dialog: Dialog, earlier: Earlier) -> frozenset[str]:
    """The steps of `dialog` a check-in asks again (its own phase's steps aside)."""
    found = {s for s in REVIEWED if dialog.has_step(s)}
    for step in dialog.steps:
        if step.kind == "level":
            found.update(s.id for s in dialog.phase(step.phase).steps if s.kind != "info")
    found.update(s for s in earlier.parked if dialog.has_step(s))
    return frozenset(found - {s.id for s in dialog.steps if s.phase == PHASE})


def refusal(dialog: Dialog, session: Session, where: str) -> str | None:
    """Why a check-in cannot follow `session` (read from `where`), or None if it can."""
    name = f"{session.id} ({where})"
    meta = base_dialog(dialog).meta
    if session.dialog_id != meta.id:
        return (
            f"{name} was answered with another conversation ({session.dialog_id!r}, not "
            f"{meta.id!r}), so this advisor cannot check in on it. It was left as it is."
        )
    if session.dialog_version != meta.version:
        return (
            f"{name} was answered with version {session.dialog_version} of the questions; "
            f"this advisor asks version {meta.version}. A check-in compares answers "
            "question by question, so it needs the same version. Open it once with "
            f"`{command('resume', where)}` to bring it up to date (its old "
            "answers are kept), then check in on it. It was left as it is."
        )
    if not (session.finished or session.complete):  # complete: left at a last page
        step = session.current
        title = dialog.step(step).title if dialog.has_step(step) else step
        return (
            f"{name} is not finished: it stopped at '{title}'. A check-in follows up a "
            f"finished meeting: finish it first (`{command('resume', where)}` "
            "opens it where it stopped), then check in on it. Nothing was started, and it "
            "was left as it is."
        )
    return None


def begin(
    dialog: Dialog, earlier: Conversation, where: str, now: datetime | None = None
) -> CheckIn:
    """A new check-in on the finished conversation `earlier`, read from the folder `where`.

    The earlier conversation is only read. The check-in is not yet kept anywhere:
    whoever starts it gives it to the store.

    Raises:
        CheckInRefused: `earlier` is not finished, or was answered with other questions.
    """
    problem = refusal(dialog, earlier.session, where)
    if problem is not None:
        raise CheckInRefused(problem)
    base = base_dialog(dialog)
    before = earlier.session
    chain = before.checkin.meetings if before.checkin is not None else []
    number = before.checkin.number if before.checkin is not None else 0
    if isinstance(earlier, CheckIn):
        dated = earlier.dated_items()
    else:
        dated = [(item, local_day(before.created)) for item in earlier.action_items()]
    known = {s.id for s in base.steps}
    recommendation = recommend(base, before.answers)
    record = Earlier(
        session=before.id,
        folder=where,
        meetings=[*chain, Meeting(session=before.id, date=before.created, checkin=number)],
        answers={k: v for k, v in before.answers.items() if k in known},
        skipped=[s for s in before.skipped if s in known],
        parked=[s for s in before.parked if s in known],
        tentative={k: v for k, v in before.tentative.items() if k in known},
        recommended=recommendation.level if recommendation else None,
        chosen=chosen_level(base, before.answers),
        items=[item for item, _ in dated],
        set_on=[day for _, day in dated],
    )
    asked = reviewed_steps(base, record)
    now = now or now_utc()
    session = Session(
        id=new_session_id(now),
        dialog_id=base.meta.id,
        dialog_version=base.meta.version,
        created=now,
        updated=now,
        current=INTRO,
        answers={k: v for k, v in record.answers.items() if k not in asked},
        inactive={k: v for k, v in before.inactive.items() if k in known and k not in asked},
        skipped=[s for s in record.skipped if s not in asked],
        checkin=record,
    )
    conversation, _ = CheckIn.resume(checkin_dialog(base, record), session)
    assert isinstance(conversation, CheckIn)
    conversation.started_here = True  # a new session: no file of its own yet
    return conversation


def resume_conversation(dialog: Dialog, session: Session) -> tuple[Conversation, ResumeReport]:
    """Continue a saved session: a check-in as a check-in, any other as `Conversation.resume`."""
    if session.checkin is None:
        return Conversation.resume(base_dialog(dialog), session)
    return CheckIn.resume(checkin_dialog(dialog, session.checkin), session)


class CheckIn(Conversation):
    """A check-in's conversation: the earlier answers kept, the reviewed ones asked again.

    Args:
        dialog: the dialog (a check-in's, or the plain one: the check-in phase is built
            from the session's record either way).
        session: a session holding a check-in record (`session.checkin`).
    """

    def __init__(self, dialog: Dialog, session: Session | None = None) -> None:
        if session is None or session.checkin is None:
            raise ValueError("a check-in needs the session it follows (session.checkin)")
        self.earlier: Earlier = session.checkin
        """What the earlier meeting said, as it stood when the check-in began."""
        dialog = checkin_dialog(dialog, self.earlier)
        super().__init__(dialog, session)
        self.base = base_dialog(dialog)
        """The dialog without the check-in's phase."""
        self.reviewed = reviewed_steps(self.base, self.earlier)
        """The steps asked again (the check-in phase's own are asked anyway)."""

    @property
    def number(self) -> int:
        """Which check-in this is in its chain: 1 for the first after a meeting."""
        return self.earlier.number

    @property
    def meetings(self) -> list[Meeting]:
        """Every meeting of the chain, this check-in last."""
        me = Meeting(session=self.session.id, date=self.session.created, checkin=self.number)
        return [*self.earlier.meetings, me]

    @property
    def day(self) -> date:
        """The check-in's date: what an action item's date is judged against."""
        return local_day(self.session.created)

    # -- the earlier answer, beside the question --------------------------------------------

    def earlier_status(self, step_id: str) -> str:
        """`answered`, `skipped`, `parked` or `absent` (not on the earlier meeting's path)."""
        earlier = self.earlier
        if step_id in earlier.answers:
            return "answered"
        if step_id in earlier.parked:
            return "parked"
        if step_id in earlier.skipped:
            return "skipped"
        return "absent"

    def earlier_value(self, step_id: str) -> Any:
        """The earlier answer to a step (or its tentative answer, if it was parked), or None."""
        if step_id in self.earlier.answers:
            return self.earlier.answers[step_id]
        if step_id in self.earlier.parked:
            return self.earlier.tentative.get(step_id)
        return None

    def asked_again(self, step: Step) -> str | None:
        """The earlier answer, said above a question the check-in asks again."""
        if step.id not in self.reviewed or self.status(step.id) == "answered":
            return super().asked_again(step)
        status = self.earlier_status(step.id)
        when = f"At the last meeting ({long_date(local_day(self.earlier.date))})"
        if status == "absent":
            return f"{when}, this question was not asked."
        if status == "skipped":
            return f"{when}: not discussed."
        value = self.earlier_value(step.id)
        if status == "parked":
            said = f"{when}: unsure, left on the parking lot to discuss now."
            if value is not None:
                said += " Its tentative answer is filled in below."
            return said
        if step.kind == "level":
            recommended = self.earlier.recommended
            said = f"{when}: the partners chose {_label(step, value)}"
            if recommended is not None and recommended != value:
                said += f"; the advisor recommended {level_name(recommended)}"
            elif recommended is not None:
                said += ", as the advisor recommended"
            return said + ". It is highlighted below: Enter keeps it."
        if step.kind in ("choice", "yes-no"):
            return f"{when}: {_label(step, value)}. It is highlighted below: Enter keeps it."
        if step.kind == "multi-choice":
            return f"{when}: {_label(step, value)}. Ticked below: answer to keep it."
        return f"{when}, the answer filled in below. Keep it, or change it, and answer."

    def tentative_of(self, step_id: str) -> Any:
        """Also: the earlier answer to a question asked again, as its input's start."""
        if step_id in self.reviewed and self.status(step_id) == "open":
            return self.earlier_value(step_id)
        return super().tentative_of(step_id)

    def carried(self, step_id: str) -> bool:
        """Whether `step_id` holds the earlier meeting's record unchanged, passed by unasked."""
        if step_id in self.reviewed or not self.base.has_step(step_id):
            return False
        if self.base.step(step_id).kind == "info":
            return True
        status = self.status(step_id)
        if status == "answered":
            return self.earlier_status(step_id) == "answered" and (
                self.earlier.answers[step_id] == self.session.answers[step_id]
            )
        return status == self.earlier_status(step_id)

    # -- the action items ------------------------------------------------------------------

    def status_of_item(self, number: int) -> str | None:
        """Where action item `number` stands, as answered at this check-in, or None."""
        value = self.session.answers.get(item_step(number))
        return value if isinstance(value, str) else None

    def action_items(self) -> list[ActionItem]:
        """The action items still to do: the earlier ones not done or dropped (a late one
        with its new date), then the new ones."""
        return [item for item, _ in self.dated_items()]

    def dated_items(self) -> list[tuple[ActionItem, date]]:
        """`action_items`, each with the day its date was set (for a check-in that follows)."""
        today = self.day
        items: list[tuple[ActionItem, date]] = []
        for number, item in enumerate(self.earlier.items, start=1):
            status = self.status_of_item(number)
            if status in ("done", "dropped"):
                continue
            set_on = self.earlier.item_set_on(number - 1)
            new_date = self.session.answers.get(date_step(number))
            if status == "late" and isinstance(new_date, str):
                item, set_on = item.model_copy(update={"when": new_date}), today
            items.append((item, set_on))
        for given in self.session.answers.get(NEW_ITEMS, []):
            items.append((ActionItem(step=NEW_ITEMS, **given), today))
        return items

    # -- moving on --------------------------------------------------------------------------

    def _proceed(self, *, save: bool = True) -> None:
        """Move on, and past every step the check-in does not ask (see the module's doc)."""
        super()._proceed(save=False)
        if not self.returning:  # going back to where the user was: `forward` passes them
            while (step := self.current) is not None and self._passed_by(step):
                super()._proceed(save=False)
                if self.current is step:
                    break  # no exit holds (a checked dialog always has one): stay here
        if save:
            self.save()

    def _passed_by(self, step: Step) -> bool:
        if step.phase == PHASE:
            return step.kind != "info" and self.status(step.id) != "open"
        if step.kind != "info":
            return self.status(step.id) != "open"
        if not step.when:
            return True
        # A page that applies only now, or names other gaps than before, is advice the
        # change brought on: stopped at.
        earlier = self.earlier.answers
        if not all_hold(step.when, earlier):
            return False
        if step.names_gaps is None:
            return True
        now = [g.factor for g in self.gaps_named(step)]
        steps = [s for s in self.base.steps if s.readiness is not None]
        before = [g.factor for g in readiness_gaps(steps, earlier) if g.category == step.names_gaps]
        return now == before


def _label(step: Step, value: Any) -> str:
    """A choice answer by its label(s), as the user picked it."""
    labels = {c.value: c.label for c in choices_of(step)}
    if step.kind == "level" and isinstance(value, str):
        return level_name(value)
    if isinstance(value, list):
        return ", ".join(labels.get(v, str(v)) for v in value) or "none of these"
    return labels.get(value, str(value))
