"""The conversation: where the user is, what was said, and what follows from it.

It runs on the state machine of `engine.machine`. Two models share the one machine:
the *live* walker, which is where the user is, and a *scout*, which walks ahead from
the start with the answers given so far to find the path the conversation now takes.
The scout is how the engine knows which answers still apply after an earlier answer
changes. Resuming against a changed dialog is `engine.resume`'s work.

Every change is handed at once to the conversation's keeper, when it has one: the
store (`srs_advisor.store`) writes the session's files. The engine knows answers and
moves, never files.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..dialog.model import END, Dialog, Level, Prefill, Step
from .answers import ActionItem, Partner, follow_partners, parse_answer, partners_from, renamed
from .derived import (
    Contradiction,
    action_items,
    contradictions,
    guidance_page,
    partner_answers,
    prefill,
    readiness_gaps,
    suggestions,
)
from .drafts import fitting_draft
from .machine import (
    PROCEED,
    Flow,
    FlowMachine,
    Walker,
    chosen_level,
    machine_config,
    walk,
    working_level,
)
from .path import PathCache
from .prework import prework_steps
from .prework_divergence import prework_prefill
from .progress import PhaseProgress, phase_progress
from .recommendation import Pending, Recommendation, pending, recommend
from .resume import ResumeReport, asked_again, retire_what_changed
from .session import Gap, Readiness, Session, new_session_id, now_utc


class EngineError(Exception):
    """A move the conversation cannot make; the message says why, in plain words."""


class Keeper(Protocol):
    """Whatever keeps a conversation (the store, `srs_advisor.store`)."""

    def keep(self, conversation: Conversation) -> None:
        """Keep the conversation as it now is, after a change.

        Raises:
            Exception: whatever the keeper raises when it could not keep it; the
                conversation in memory is unchanged by that.
        """


class Conversation:
    """One planning conversation: where it is, what was said, and what follows.

    Args:
        dialog: the checked dialog.
        session: a session to continue; a new one is started if None.
    """

    def __init__(self, dialog: Dialog, session: Session | None = None) -> None:
        self.dialog = dialog
        self.started_here = session is None
        """Whether this conversation started the session (rather than continuing one)."""
        first = dialog.steps[0].id
        if session is None:
            now = now_utc()
            session = Session(
                id=new_session_id(now),
                dialog_id=dialog.meta.id,
                dialog_version=dialog.meta.version,
                created=now,
                updated=now,
                current=first,
            )
        self.session = session
        flow = Flow(dialog)
        self._machine = FlowMachine(model=None, **machine_config(dialog, flow=flow))
        self._live = Walker(dialog, lambda: self.session.answers)
        self._machine.add_model(self._live, initial=session.current)
        self._paths = PathCache(flow)
        self._touched: set[str] = set()
        """Steps whose answers this conversation changed since the path was last asked."""
        self._step_index = {step.id: n for n, step in enumerate(dialog.steps)}
        # What `save` derives on every move reads only a few steps: find them once.
        steps = dialog.steps
        self._with_readiness = [s for s in steps if s.readiness is not None]
        self._with_checks = [s for s in steps if s.checks]
        self._reason_steps = [s for s in steps if s.records == "level_reason"]
        self.keeper: Keeper | None = None
        """Told after every change (`save`): the store, which writes the files."""
        self._return_to: str | None = None
        """Where the user was before going back to change an answer, until they return."""
        self._seen_before: set[str] = set()
        """The steps passed on the way there: pages read then need not be read again."""

    # -- where we are -----------------------------------------------------------------

    @property
    def current(self) -> Step | None:
        """The step being asked, or None when the conversation has reached its end."""
        state = self._live.state
        return None if state == END else self.dialog.step(state)

    @property
    def finished(self) -> bool:
        """Whether the conversation reached its end."""
        return self._live.state == END

    @property
    def complete(self) -> bool:
        """Whether nothing is left to answer: the end is reached, or every question on the
        path is dealt with (answered, parked or not discussed) and only pages to read
        remain, as when a finished session is reopened and left at its wrap-up page.

        The notes and the lists of sessions call such a session finished: going back to
        the last page changes no answer.
        """
        if self.finished:
            return True
        step = self.dialog.step
        path = self.path()
        here = self._live.state
        # Saved after every move: look where an open question is likeliest first, the
        # steps from here on (mid-session, the next one), so a move costs the same early
        # and late in a long dialog.
        at = path.index(here) if here in path else 0
        return all(
            step(s).kind == "info" or self.status(s) != "open" for s in (*path[at:], *path[:at])
        )

    @property
    def history(self) -> list[str]:
        """The steps visited before the current one, oldest first."""
        return list(self.session.history)

    def path(self) -> list[str]:
        """Every step the conversation takes with the answers given so far, start to end.

        Steps not yet answered are taken as unanswered; so the path beyond the
        current step is the one the conversation would take if nothing changed.
        Answers set aside (no longer applying) count too, so that a change back brings
        them back. Walked again only from what changed since the last call
        (`engine.path`); the same as `walk_path`.
        """
        path = self._paths.path({**self.session.inactive, **self.session.answers}, self._touched)
        self._touched.clear()
        return path

    def walk_path(self) -> list[str]:
        """`path`, walked from the start by a scout on the state machine, without a cache.

        The reference that `path` must equal; slow on long dialogs (every step's
        exits are asked).
        """
        return walk(self._machine, self.dialog, {**self.session.inactive, **self.session.answers})

    def status(self, step_id: str) -> str:
        """`answered`, `skipped`, `parked` or `open` for a step."""
        if step_id in self.session.answers:
            return "answered"
        if step_id in self.session.parked:
            return "parked"
        if step_id in self.session.skipped:
            return "skipped"
        return "open"

    def answer_of(self, step_id: str) -> Any:
        """The stored answer to a step, or None."""
        return self.session.answers.get(step_id)

    def tentative_of(self, step_id: str) -> Any:
        """The answer a parked step had before it was parked, or None."""
        if step_id not in self.session.parked:
            return None
        return self.session.tentative.get(step_id)

    def carried(self, step_id: str) -> bool:
        """Whether a step holds an earlier meeting's record, passed by unasked (a check-in's,
        `engine.checkin`); never in a conversation of its own."""
        return False

    def draft_of(self, step_id: str) -> Any:
        """What was typed into the step but not yet answered (`engine.drafts`), or None."""
        if not self.dialog.has_step(step_id):
            return None
        return fitting_draft(self.dialog.step(step_id), self.session.drafts.get(step_id))

    def keep_draft(self, step_id: str, value: Any) -> None:
        """Keep `value` as the current step's draft (None clears it), and save.

        Raises:
            Exception: whatever the keeper raises when it cannot keep it (the draft is
                kept in memory).
        """
        step = self.current
        if step is None or step.id != step_id:
            return  # answered meanwhile: an answer clears the draft, nothing brings it back
        draft = None if value is None else fitting_draft(step, value)
        if draft == self.session.drafts.get(step_id):
            return
        if draft is None:
            self.session.drafts.pop(step_id, None)
        else:
            self.session.drafts[step_id] = draft
        self.save()

    @property
    def partners(self) -> list[Partner]:
        """The partner organizations named so far."""
        return partners_from(self.session.answers, list(self.dialog.steps_of_kind("partners")))

    @property
    def recommendation(self) -> Recommendation | None:
        """The formality recommendation, once every factor it reads is answered."""
        return recommend(self.dialog, self.session.answers)

    @property
    def pending(self) -> Pending | None:
        """While some factors are open: what the answers given already decide of the level."""
        return pending(self.dialog, self.session.answers)

    @property
    def level(self) -> Level | None:
        """The working level: the partners' choice, or else the recommendation."""
        return working_level(self.dialog, self.session.answers)

    def guidance_page(self, step: Step) -> str:
        """The guidance page to show for `step`, given the answers and the working level."""
        return guidance_page(self.dialog, step, self.session.answers)

    def prefill(self, step: Step) -> Prefill | None:
        """Where a choice starts when the step has no answer yet, drawn from earlier answers."""
        if self.asked_again(step) is not None:
            return None  # asked again: the earlier answer is shown, not a new start
        # The dialog's own prefill first; else the partners' pre-work (`engine.prework`).
        return prefill(step, self.session.answers) or prework_prefill(self, step)

    def asked_again(self, step: Step) -> str | None:
        """Said at a step asked again since the dialog changed: the earlier answer, and why."""
        if step.id in self.session.answers or step.id not in self.session.retired:
            return None
        return asked_again(self.dialog, step.id, self.session.retired[step.id])

    def contradictions(self, step_ids: list[str] | None = None) -> list[Contradiction]:
        """Answers that contradict earlier ones, in the order of the steps.

        Args:
            step_ids: the steps to look at; every step with an answer if None.
        """
        return contradictions(self._with_checks, self.session.answers, step_ids)

    def suggestions(self, step: Step) -> list[str]:
        """The action items offered for `step` at the working level.

        With no level yet (a formality factor parked), the formal items are offered:
        the careful default, as the formal guidance page is the default page.
        """
        return suggestions(step, self.session.answers, self.level)

    def progress(self) -> list[PhaseProgress]:
        """Each phase with how many of its questions on the current path are done."""
        current = self.current
        return phase_progress(
            self.dialog, set(self.path()), self.status, current.phase if current else None
        )

    # -- moves --------------------------------------------------------------------------

    def answer(self, value: Any = None) -> list[str]:
        """Record the answer to the current step and move on.

        Returns:
            The steps whose answers no longer apply because of this answer.

        Raises:
            AnswerError: the value does not fit the step (nothing changed).
            EngineError: the conversation is already at its end.
        """
        step = self._require_current()
        parsed = parse_answer(step, value, self.dialog.meta, self.partners)
        if step.kind == "partners":
            self._follow_partners(self.partners, [Partner(**p) for p in parsed])
        if step.kind != "info":
            self._touched.add(step.id)
            self.session.answers[step.id] = parsed
            self.session.tentative.pop(step.id, None)
            self._forget(step.id, self.session.parked, self.session.skipped)
        stale = self._reconcile()
        self._proceed()
        return stale

    def take_answers(self, given: dict[str, Any]) -> list[str]:
        """Record answers given apart from the conversation (a partner's pre-work), and save.

        The conversation stays where it is; each answer is checked as one typed here
        would be (without the size limits: a merge brings what was checked already).
        A step answered so is no longer parked or skipped.

        Returns:
            The steps whose answers no longer apply because of these answers.

        Raises:
            AnswerError: an answer does not fit its step (nothing changed).
        """
        partners = self.partners
        parsed = {
            step_id: parse_answer(
                self.dialog.step(step_id), value, self.dialog.meta, partners, limited=False
            )
            for step_id, value in given.items()
        }
        for step_id, value in parsed.items():
            self._touched.add(step_id)
            self.session.answers[step_id] = value
            for store in (self.session.tentative, self.session.inactive):
                store.pop(step_id, None)
            self._forget(step_id, self.session.parked, self.session.skipped)
        stale = self._reconcile()
        self.save()
        return stale

    def skip(self) -> None:
        """Pass the current step without an answer: it is recorded as not discussed.

        An answer given to it before is kept.

        Raises:
            EngineError: the step is required.
        """
        step = self._require_current()
        if step.required:
            raise EngineError(
                f"This question is needed to go on, so it cannot be skipped: {step.prompt}"
            )
        if step.kind != "info" and step.id not in self.session.answers:
            self._forget(step.id, self.session.parked)
            if step.id not in self.session.skipped:
                self.session.skipped.append(step.id)
        self._proceed()

    def park(self) -> list[str]:
        """Answer "unsure, discuss later": the step goes on the parking lot, and we move on.

        An answer given to the step before is kept as its tentative answer: shown in
        the input and the notes, but not used (by the recommendation, say) until the
        step is answered again.

        Returns:
            The steps whose answers no longer apply because this one is now open.

        Any step with something to answer can be parked, required ones too: being
        unsure is an honest answer. What needs a parked answer waits for it (the
        recommendation, for a parked formality factor).

        Raises:
            EngineError: the step has nothing to answer.
        """
        step = self._require_current()
        if step.kind == "info":
            raise EngineError("There is nothing to answer here; just go on.")
        if step.id in self.session.answers:
            self._touched.add(step.id)
            self.session.tentative[step.id] = self.session.answers.pop(step.id)
        self._forget(step.id, self.session.skipped)
        if step.id not in self.session.parked:
            self.session.parked.append(step.id)
        stale = self._reconcile()
        self._proceed()
        return stale

    def back(self) -> Step:
        """Go back one step. Returns the step now current.

        Raises:
            EngineError: already at the first step.
        """
        if not self.session.history:
            raise EngineError("This is the first question: there is nothing before it.")
        previous = self.session.history.pop()
        self._move_to(previous)
        return self.dialog.step(previous)

    def go_to(self, step_id: str) -> Step:
        """Go back to an earlier step of this conversation. Returns it.

        Raises:
            EngineError: the step was not visited before the current one.
        """
        if step_id not in self.session.history:
            if self.dialog.has_step(step_id):
                raise EngineError(
                    "That question has not been reached yet; answer the ones before it first."
                )
            raise EngineError(f"There is no question '{step_id}'.")
        cut = self.session.history.index(step_id)
        if self._return_to is None:
            self._return_to = self._live.state
        self._seen_before |= {*self.session.history[cut:], self._live.state}
        del self.session.history[cut:]
        self._move_to(step_id)
        return self.dialog.step(step_id)

    @property
    def returning(self) -> bool:
        """Whether the user went back to change an answer and has not yet returned."""
        return self._return_to is not None

    def forward(self) -> Step | None:
        """Move on past every step already dealt with, toward where the user was.

        Used after changing an earlier answer. Answered, skipped and parked steps are
        passed, and so are pages read before; it stops at where the user was, at a
        question still open, or at a page that applies only now (advice the change
        brought on). Until it reaches where the user was, `returning` stays true.
        """
        while (step := self.current) is not None and step.id != self._return_to:
            seen_page = step.kind == "info" and (not step.when or step.id in self._seen_before)
            if self.status(step.id) == "open" and not seen_page:
                break
            self._proceed(save=False)
        if self.current is None or self._live.state == self._return_to:
            self._return_to = None
            self._seen_before = set()
        self.save()
        return self.current

    # -- the record ---------------------------------------------------------------------

    def readiness_gaps(self) -> list[Gap]:
        """Every success factor answered as missing or weak, with the advice for it."""
        return readiness_gaps(self._with_readiness, self.session.answers)

    def gaps_named(self, step: Step) -> list[Gap]:
        """The readiness gaps `step` names (its `names_gaps` category), with their advice."""
        if step.names_gaps is None:
            return []
        return [gap for gap in self.readiness_gaps() if gap.category == step.names_gaps]

    def action_items(self) -> list[ActionItem]:
        """Every action item given, in the order of the steps."""
        return action_items(self.dialog, self.session.answers)

    def save(self) -> None:
        """Refresh what is derived from the answers, and hand the session to its keeper.

        Raises:
            Exception: whatever the keeper raises (the store: `SessionError`). The
                conversation in memory is unchanged, so saving again later loses nothing.
        """
        session = self.session
        session.current = self._live.state
        session.complete = self.complete
        session.recommendation = self.recommendation
        session.chosen_level = chosen_level(self.dialog, session.answers)
        session.level_reason = next(
            (session.answers[s.id] for s in self._reason_steps if s.id in session.answers),
            None,
        )
        session.readiness = Readiness(gaps=self.readiness_gaps())
        session.action_items = self.action_items()
        session.updated = now_utc()
        if self.keeper is not None:
            self.keeper.keep(self)

    # -- inside -------------------------------------------------------------------------

    def _require_current(self) -> Step:
        step = self.current
        if step is None:
            raise EngineError("The conversation is finished; go back to change an answer.")
        return step

    def _proceed(self, *, save: bool = True) -> None:
        self.session.drafts.pop(self._live.state, None)  # answered, skipped or parked
        self.session.history.append(self._live.state)
        self._live.trigger(PROCEED)
        if save:
            self.save()

    def _move_to(self, step_id: str) -> None:
        self._machine.set_state(step_id, model=self._live)
        self.save()

    def _follow_partners(self, old: list[Partner], new: list[Partner]) -> None:
        """Per-partner answers follow a renamed partner; a removed partner's are set aside."""
        session = self.session
        steps = [step.id for step in self.dialog.steps if step.kind == "per-partner"]
        stores = (session.answers, session.inactive, session.tentative)
        if follow_partners(steps, stores, old, new, session.retired):
            self._touched.update(steps)  # the path cache looks at them again
        # The partners' pre-work answers follow a renamed partner too.
        asked = [step.id for step in prework_steps(self.dialog)]
        follow_partners(asked, (session.prework.answers,), old, new, session.retired)
        renames, _ = renamed(old, new)
        for merged in session.prework.merged:
            merged.partner = renames.get(merged.partner, merged.partner)

    def partner_answers(self, name: str) -> list[str]:
        """The per-partner steps that hold an answer from partner `name`."""
        return partner_answers(self.dialog, self.session.answers, name)

    @staticmethod
    def _forget(step_id: str, *lists: list[str]) -> None:
        for items in lists:
            while step_id in items:
                items.remove(step_id)

    def _reconcile(self) -> list[str]:
        """Set aside answers that no longer apply, and restore those that apply again.

        Returns:
            The steps whose answers were set aside by this change.
        """
        on_path = set(self.path())
        session = self.session
        stale = [s for s in session.answers if s not in on_path]
        for step_id in stale:
            session.inactive[step_id] = session.answers.pop(step_id)
        for step_id in [s for s in session.inactive if s in on_path]:
            session.answers[step_id] = session.inactive.pop(step_id)
        for items in (session.skipped, session.parked):
            stranded = [s for s in items if s not in on_path]
            stale.extend(s for s in stranded if s not in stale)
            items[:] = [s for s in items if s in on_path]
        return sorted(stale, key=self._step_index.__getitem__)

    @classmethod
    def resume(cls, dialog: Dialog, session: Session) -> tuple[Conversation, ResumeReport]:
        """Continue a saved session against `dialog`, which may have changed since.

        Answers to steps that no longer exist, or that no longer fit their step, are
        moved to `session.retired` and listed in the report; the rest are kept.
        """
        report = retire_what_changed(dialog, session)
        conversation = cls(dialog, session)
        report.no_longer_apply = conversation._reconcile()
        if session.current != END and session.current not in set(conversation.path()):
            conversation._move_to(session.history.pop() if session.history else dialog.steps[0].id)
        conversation._back_to_first_of(set(report.reasked))
        return conversation, report

    def _back_to_first_of(self, steps: set[str]) -> None:
        """Go back to the first of `steps` on the path before the current step, if any."""
        path = self.path()
        here = path.index(self._live.state) if self._live.state in path else len(path)
        behind = [s for s in path[:here] if s in steps]
        if not behind:
            return
        cut = path.index(behind[0])
        position = {s: n for n, s in enumerate(path)}
        self.session.history = [s for s in self.session.history if position.get(s, cut) < cut]
        self._move_to(behind[0])
