"""Resuming a session against a dialog that may have changed since it was saved.

Answers to questions the dialog no longer has, answers that no longer fit their
question, and answers to questions that changed in a newer version (`[[dialog.reask]]`)
are set aside in `session.retired`, never dropped; the report says what and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dialog.model import END, Dialog, Reask, version_key
from .answers import AnswerError, parse_answer, partners_from
from .session import Session


@dataclass
class ResumeReport:
    """What resuming a session against the current dialog changed."""

    dialog_changed: bool = False
    retired: dict[str, str] = field(default_factory=dict)
    """Answers set aside for good (in `session.retired`), by step id, with the reason."""
    no_longer_apply: list[str] = field(default_factory=list)
    """Answers kept in `session.inactive` because the path no longer passes their steps."""
    reasked: list[str] = field(default_factory=list)
    """Steps whose questions changed, asked again: their old answers are in `retired`."""

    def messages(self, version: str) -> list[str]:
        """What to tell the user, one line each; `version` is the dialog's current version."""
        lines = []
        if self.dialog_changed:
            lines.append(f"The questions changed since this session was saved (now {version}).")
        by_reason: dict[str, list[str]] = {}
        for step_id, why in self.retired.items():
            by_reason.setdefault(why, []).append(step_id)
        for why, steps in by_reason.items():
            if len(steps) == 1:
                lines.append(f"Set aside the answer to {steps[0]}: {why}.")
            else:
                lines.append(f"Set aside the answers to {', '.join(steps)}: {why}.")
        if self.reasked:
            lines.append("The old answers are kept in the notes, under 'Answers set aside'.")
        if self.no_longer_apply:
            lines.append("No longer asked, kept in the notes: " + ", ".join(self.no_longer_apply))
        return lines


def retire_what_changed(dialog: Dialog, session: Session) -> ResumeReport:
    """Set aside in `session` what no longer fits `dialog`; the report of what was."""
    report = ResumeReport(dialog_changed=session.dialog_version != dialog.meta.version)
    known = {s.id for s in dialog.steps}
    for step_id, reask in _reasked(dialog, session.dialog_version).items():
        why = reask.why
        had = False
        for store in (session.answers, session.inactive):
            if step_id in store and reask.applies_to(store[step_id]):
                session.retired[step_id] = store.pop(step_id)
                had = True
        for items in (session.parked, session.skipped):
            if step_id in items and not reask.values:
                items.remove(step_id)
                had = True
        if had:
            report.retired[step_id] = why
            report.reasked.append(step_id)
    for step_id in list(session.answers):
        reason = None
        if step_id not in known:
            reason = "the question is no longer in the dialog"
        else:
            partners = partners_from(session.answers, dialog.steps)
            try:
                # What the file holds is kept, however long: the limits are for typing.
                session.answers[step_id] = parse_answer(
                    dialog.step(step_id),
                    session.answers[step_id],
                    dialog.meta,
                    partners,
                    limited=False,
                )
            except AnswerError as error:
                reason = f"the answer no longer fits the question: {error}"
        if reason:
            session.retired[step_id] = session.answers.pop(step_id)
            report.retired[step_id] = reason
    for store in (session.inactive, session.tentative):
        for step_id in [s for s in store if s not in known]:
            session.retired[step_id] = store.pop(step_id)
            report.retired[step_id] = "the question is no longer in the dialog"
    session.skipped = [s for s in session.skipped if s in known]
    session.parked = [s for s in session.parked if s in known]
    session.history = [s for s in session.history if s in known]
    if session.current != END and session.current not in known:
        session.current = session.history.pop() if session.history else dialog.steps[0].id
    session.dialog_version = dialog.meta.version
    return report


def _reasked(dialog: Dialog, version: str) -> dict[str, Reask]:
    """The steps to ask again for a session answered against dialog `version`, with why."""
    seen = version_key(version)
    found: dict[str, Reask] = {}
    for reask in dialog.meta.reask:
        before = version_key(reask.before)
        if seen is None or before is None or seen < before:
            found.update({s: reask for s in reask.steps if s not in found})
    return found


def asked_again(dialog: Dialog, step_id: str, retired: object) -> str | None:
    """What to show at `step_id` when it is asked again, its old answer `retired` set aside.

    None when the step is not one a newer dialog asks again for that answer.
    """
    for reask in dialog.meta.reask:
        if step_id in reask.steps and reask.values and reask.applies_to(retired):
            return f"Asked again: the earlier answer was {str(retired)!r}. {reask.why}."
    return None


def read_old_value(dialog: Dialog, step_id: str, value: object) -> tuple[object, str | None]:
    """An answer-file `value` for `step_id` as the current dialog reads it, and a note if changed.

    An answer file has no version: a value an older dialog had (a reask's `values`) is read
    as the reask's `read_as`, where it names one.
    """
    for reask in dialog.meta.reask:
        if step_id in reask.steps and reask.read_as is not None and value in reask.values:
            return reask.read_as, (
                f"{step_id}: {str(value)!r} is no longer a choice; it is read as "
                f"{reask.read_as!r}. {reask.why}."
            )
    return value, None
