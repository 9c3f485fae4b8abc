"""A draft agreement outline at the chosen level, pre-filled from the meeting's answers.

The answers already hold most of an agreement: who the partners are, why they share,
who leads what, how they decide and keep in touch. The tip sheet's third step to
formalizing ("Draft the agreement (at the appropriate level)") lists what to include:
purpose, roles, decision-making, communication plans, timeline, resource commitments
and conflict resolution; its fourth adds the fiscal and legal considerations. This
module lays those out at the level the partners chose (a short written confirmation,
a memorandum of understanding or work plan, or a contract or interlocal agreement)
and fills in what was said. What was not settled is marked "To be agreed", never
invented. It is a starting point for the partners and their counsel, not legal advice.
"""

from __future__ import annotations

import hashlib
import re
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dialog.model import Level, choices_of, level_name
from ..engine.session import write_atomic
from .document import (
    BulletList,
    Document,
    Inline,
    ListItem,
    Span,
    emphasis,
    inline,
    placeholder,
    strong,
)
from .markdown import render_markdown
from .transcript import NEXT_STEP, STOP_STEP, meeting_day

if TYPE_CHECKING:
    from ..engine.conversation import Conversation

AGREEMENT_FILE = "agreement.md"
"""The draft agreement's file, beside `session.json`."""
EDITED_AGREEMENT_FILE = "agreement.advisor.md"
"""Where the draft goes while `agreement.md` holds a draft someone else changed."""
DIGEST_FILE = ".agreement.sha256"
"""The digest of the draft the advisor last wrote to `agreement.md`."""

SOURCE = (
    "Service & Resource Sharing: A Tip Sheet for Cross-Sector Partnerships (PHAB, February "
    '2025), "Steps to Formalizing the Arrangement" and "Levels of Partnership Formality"'
)

_TITLES: dict[str, str] = {
    "informal": "Written confirmation of a handshake arrangement",
    "semi-formal": "Memorandum of understanding or shared work plan: draft outline",
}

_LEVEL_WORDS: dict[str, str] = {
    "informal": (
        "An informal (handshake) arrangement: the tip sheet calls it "
        '"Typically best for quick, small scale-collaboration". A short written '
        "confirmation records who does what, and when."
    ),
    "semi-formal": (
        'A semi-formal agreement: the tip sheet calls it "Useful when roles or '
        'expectations need definition". It can be e-mails, a shared work plan or a '
        "memorandum of understanding (MOU)."
    ),
    "formal": (
        'A formal agreement: the tip sheet calls it "Appropriate when sharing involves '
        'resources, funding, data, or legal responsibility". It is a contract or, when '
        "every partner is a government body, an interlocal agreement."
    ),
}

OFF_TABLE_STEP = "readiness.off_table"
PARTIES_STEP = "formality.parties"
IDENTIFIABLE = ("records", "linked")
"""The `formality.data` answers that mean data about people who can be identified."""

# Words that tie a line of what is off the table to a part of the plan, and the answers
# that plan it: a line that names one while the plan does it is flagged for the partners
# to check. The advisor matches words only: a flag is a question, not a finding.
_OFF_TABLE_TIES: tuple[tuple[tuple[str, ...], str, tuple[str, ...], str], ...] = (
    (
        ("record", "data", "information", "chart", "file"),
        "formality.data",
        IDENTIFIABLE,
        "the plan shares data about people who can be identified",
    ),
    (
        ("employ", "supervis", "hire", "payroll"),
        "formality.operations",
        ("core",),
        "the plan changes who employs or supervises staff, a budget or governance",
    ),
    (
        ("money", "fund", "pay", "cost", "budget"),
        "formality.money",
        ("payment",),
        "the plan has money changing hands",
    ),
)


def render_agreement(conversation: Conversation, zone: tzinfo | None = None) -> str:
    """The draft agreement outline, as GitHub-flavored Markdown."""
    return render_markdown(build_agreement(conversation, zone))


def wants_agreement(conversation: Conversation) -> bool:
    """Whether the draft is written beside the session: a level is chosen, or the end is
    reached with a level recommended (a conversation stopped at its purpose has none)."""
    if conversation.session.chosen_level is not None:
        return True
    return conversation.finished and conversation.level is not None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_agreement(folder: Path, text: str) -> Path:
    """Write the draft into `folder`, never over a draft that someone else changed.

    It goes to `agreement.md`, unless that file differs from what the advisor last
    wrote there (the partners started editing it): then beside it, to
    `agreement.advisor.md`. Returns the path written.

    Raises:
        SessionError: it could not be written.
    """
    path = folder / AGREEMENT_FILE
    try:
        on_disk: bytes | None = path.read_bytes()
    except OSError:
        on_disk = None
    if on_disk is not None:
        try:
            last = (folder / DIGEST_FILE).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            last = ""
        if _digest(on_disk) != last:
            path = folder / EDITED_AGREEMENT_FILE
    if path.name == AGREEMENT_FILE:
        # The digest first: a kill between the two writes then leaves a draft that is
        # taken as edited (kept), never an edited draft taken as ours (overwritten).
        write_atomic(folder / DIGEST_FILE, _digest(text.encode("utf-8")) + "\n")
    write_atomic(path, text)
    return path


def agreement_level(conversation: Conversation) -> Level | None:
    """The level the outline follows: the partners' choice, else the recommended one."""
    return conversation.level


class _Outline:
    """Fills the outline's sections from the answers."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.dialog = conversation.dialog
        self.answers = conversation.session.answers

    def given(self, step_id: str) -> Any:
        if not self.dialog.has_step(step_id):
            return None
        return self.answers.get(step_id)

    def label(self, step_id: str) -> str | None:
        """A choice answer as its label, or None."""
        value = self.given(step_id)
        if value is None:
            return None
        labels = {c.value: c.label for c in choices_of(self.dialog.step(step_id))}
        if isinstance(value, list):
            # "Staff, space, data": a list in a sentence; a label in capitals ("IT") stays.
            shown = [str(labels.get(v, v)) for v in value]
            shown[1:] = [t[:1].lower() + t[1:] if t[1:].islower() else t for t in shown[1:]]
            return ", ".join(shown) or None
        label = labels.get(value, str(value))
        # "Liability: No: each partner keeps its own..." reads as "no liability": a yes or
        # no that the rest of the label explains is left to the explanation.
        for lead in ("Yes: ", "No: "):
            if label.startswith(lead) and len(label) > len(lead):
                rest = label[len(lead) :]
                return rest[0].upper() + rest[1:]
        return label

    def item(self, label: str, step_id: str, todo: str) -> ListItem:
        """One line of the outline: the answer to `step_id`, or what is left to agree."""
        value = self.given(step_id)
        lead = strong(label + ":")
        if isinstance(value, str) and value.strip():
            step = self.dialog.step(step_id)
            shown = self.label(step_id) if step.kind in ("choice", "yes-no", "level") else value
            return ListItem((lead, Span(" " + (shown or value))))
        if isinstance(value, list) and value:
            return ListItem((lead, Span(" " + (self.label(step_id) or ""))))
        return ListItem((lead, *self.todo(todo, step_id)))

    def short(self, step_id: str) -> str | None:
        """A choice answer in a word or two ("ongoing", "payment"): its label's lead."""
        value = self.given(step_id)
        if not isinstance(value, str):
            return None
        full = {c.value: c.label for c in choices_of(self.dialog.step(step_id))}.get(value, value)
        lead = full.split(":", 1)[0].strip()
        return lead[:1].lower() + lead[1:] if lead[1:].islower() else lead

    def todo(self, text: str, step_id: str | None = None) -> Inline:
        """What the partners must still fill in, in brackets and highlighted."""
        parked = step_id is not None and step_id in self.conversation.session.parked
        where = " (on the meeting's parking lot)" if parked else ""
        said = text.rstrip(".")
        return (Span(" "), placeholder(f"To be agreed{where}: {said}" if said else "To be agreed"))

    def per_partner(self, label: str, step_id: str, todo: str) -> ListItem:
        """A per-partner answer as a nested list, a partner with no answer marked."""
        given = self.given(step_id)
        given = given if isinstance(given, dict) else {}
        children = []
        for partner in self.conversation.partners:
            answer = given.get(partner.name)
            spans: Inline = (
                (strong(partner.name + ":"), Span(" " + answer))
                if answer
                else (strong(partner.name + ":"), *self.todo(todo))
            )
            children.append(ListItem(spans))
        if not children:
            return ListItem((strong(label + ":"), *self.todo(todo, step_id)))
        return ListItem((strong(label + ":"),), BulletList(tuple(children)))


def instrument(conversation: Conversation, level: Level) -> str:
    """The kind of agreement, named from the level and who the partners are.

    Only government bodies can sign an interlocal (intergovernmental) agreement: with a
    church or a nonprofit hospital among the partners, a formal agreement is a contract.
    """
    if level != "formal":
        return _TITLES[level]
    parties = conversation.answer_of(PARTIES_STEP) if _has(conversation, PARTIES_STEP) else None
    if parties == "government":
        return "Interlocal agreement: draft outline"
    if parties == "mixed":
        return "Contract: draft outline"
    return "Contract or interlocal agreement: draft outline"


def _has(conversation: Conversation, step_id: str) -> bool:
    return conversation.dialog.has_step(step_id) and step_id in conversation.session.answers


class _Numbers:
    """The outline's section numbers, in order: a section left out leaves no gap."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> str:
        self.last += 1
        return str(self.last)


def build_agreement(conversation: Conversation, zone: tzinfo | None = None) -> Document:
    """The draft agreement outline for `conversation`, as a document.

    It follows the level the partners chose; before they choose, the recommended one;
    with neither, the formal outline (the most complete), and it says so. The data
    terms follow the data, not the level: whenever data about identifiable people is
    shared, the draft has a section on protecting it.
    """
    level = agreement_level(conversation) or "formal"
    outline = _Outline(conversation)
    doc = Document(instrument(conversation, level))
    sectors = {s.value: s.label for s in conversation.dialog.meta.sectors}
    partners = conversation.partners
    doc.note(
        strong("A starting point, not legal advice."),
        " This outline is drafted from the answers given in the planning meeting of "
        f"{meeting_day(conversation.session.created, zone)}, for the partners and their "
        "counsel to complete, change and check. Parts in brackets, ",
        placeholder("To be agreed"),
        ", were not settled in the meeting: the partners fill them in. Nothing in it has "
        "been reviewed by a lawyer.",
    )
    _level_of_formality(doc, conversation, outline, level)

    doc.heading(2, "The partners")
    contacts = outline.given("scope.contacts")
    contacts = contacts if isinstance(contacts, dict) else {}
    if partners:
        doc.bullets(
            ListItem(
                inline(f"{p.name} ({sectors.get(p.sector, p.sector)})"),
                BulletList(
                    (
                        ListItem(
                            (strong("Point of contact:"), Span(" " + contacts[p.name]))
                            if contacts.get(p.name)
                            else (strong("Point of contact:"), *outline.todo("a name."))
                        ),
                    )
                ),
            )
            for p in partners
        )
    else:
        doc.paragraph(*outline.todo("the partner organizations, by name."))

    numbers = _Numbers()
    doc.heading(2, "Purpose", number=numbers.next())
    doc.bullets(
        [
            outline.item("The arrangement", "welcome.idea", "what is shared, and with what aim."),
            outline.item("The problem it addresses", "purpose.problem", "the issue to address."),
            _what_and_why(outline),
            outline.per_partner("Each partner's goals", "purpose.goals", "its goals."),
            outline.per_partner("What success looks like", "scope.success", "its success."),
        ]
    )

    doc.heading(2, "Roles and responsibilities", number=numbers.next())
    roles = [
        outline.item("Who leads what", "scope.leadership", "which partner leads each activity."),
        outline.item(
            "Shared and own responsibilities",
            "scope.responsibilities",
            "which duties are shared and which belong to one partner.",
        ),
        outline.item("Scope of work", "scope.work", "the tasks, where they happen, and for whom."),
    ]
    if level != "informal":
        roles += [
            outline.item(
                "Serving the community",
                "scope.accessibility",
                "how services stay open to every community.",
            ),
            outline.item(
                "Staff preparedness",
                "scope.preparedness",
                "how staff are prepared to serve diverse groups well.",
            ),
        ]
    doc.bullets(roles)

    doc.heading(2, "Decision-making", number=numbers.next())
    doc.bullets(
        [outline.item("How decisions are made", "scope.decisions", "who decides what, and how.")]
    )

    doc.heading(2, "Communication plan", number=numbers.next())
    communication = [
        outline.item("How the partners keep in touch", "scope.methods", "how and how often.")
    ]
    if level != "informal":
        communication.append(
            outline.item(
                "Orienting new partners and staff",
                "scope.orientation",
                "how new partners and staff learn the arrangement.",
            )
        )
    doc.bullets(communication)

    doc.heading(2, "Timeline", number=numbers.next())
    timeline = [_how_long(outline)]
    if outline.given(NEXT_STEP):  # when the partners meet next, as the meeting said
        timeline.append(outline.item("Next meeting", NEXT_STEP, ""))
    timeline.append(
        ListItem((strong("Steps and dates:"), Span(" see Steps agreed in the meeting, below.")))
        if conversation.action_items()
        else ListItem((strong("Steps and dates:"), *outline.todo("who does what, by when.")))
    )
    doc.bullets(timeline)

    doc.heading(2, "Resource commitments", number=numbers.next())
    doc.bullets(
        [
            _what_is_shared(outline),
            # Above informal, money has its own line under costs: said once.
            *(
                [_money(outline, "whether money changes hands.", "Money")]
                if level == "informal"
                else []
            ),
            ListItem(
                (
                    strong("What each partner gives:"),
                    *outline.todo("each partner's commitment, in hours, space, funds or data."),
                )
            ),
        ]
    )

    doc.heading(2, "Conflict resolution", number=numbers.next())
    doc.bullets(
        [
            ListItem(
                (
                    strong("Settling disagreements:"),
                    *outline.todo(
                        "how the partners raise and settle a disagreement, and who decides "
                        "when they cannot agree. The meeting did not discuss it."
                    ),
                )
            )
        ]
    )

    if level in ("semi-formal", "formal"):
        doc.heading(2, "Monitoring and review", number=numbers.next())
        doc.bullets(
            [
                outline.item("Measuring performance", "scope.measures", "what is measured."),
                outline.item(
                    "Monitoring and adjusting", "scope.monitoring", "how progress is reviewed."
                ),
                ListItem(
                    (
                        strong("Reviewing this agreement:"),
                        *outline.todo("when the partners review and revise it."),
                    )
                ),
            ]
        )

    if level == "formal":
        _fiscal_and_legal(doc, outline, numbers.next())
    elif level == "semi-formal":
        doc.heading(2, "Costs and reporting", number=numbers.next())
        doc.bullets(
            [
                _money(outline, "how any costs are shared."),
                _liability(outline),
                ListItem(
                    (strong("Reporting:"), *outline.todo("what is reported, to whom, and when."))
                ),
            ]
        )
    if outline.given("formality.data") in IDENTIFIABLE:
        _data_protection(doc, outline, numbers.next())
    _standard_terms(doc, conversation, outline, level, numbers.next())
    _off_the_table(doc, outline)
    _steps_agreed(doc, conversation)
    _signatures(doc, conversation, level)

    doc.note(
        "Source: the elements of this outline are the tip sheet's: ",
        emphasis(SOURCE),
        ". Which answer goes under which heading, the standard terms and the data terms, "
        "and the prompts in brackets are the advisor's own reading.",
    )
    doc.footer = inline(
        f"Draft from session {conversation.session.id} · {level_name(level)} level · "
        "written by srs-advisor"
    )
    return doc


def _level_of_formality(
    doc: Document, conversation: Conversation, outline: _Outline, level: Level
) -> None:
    """Which level the advisor recommended (with its range), which one the partners
    chose, and why: counsel reads a lighter draft knowing it was chosen so."""
    session = conversation.session
    recommendation = conversation.recommendation
    chosen = session.chosen_level
    doc.heading(2, "Level of formality")
    lines: list[Inline] = []
    if recommendation is not None:
        said = f" {level_name(recommendation.level)}."
        if recommendation.close_call:
            said += " " + recommendation.close_call
        lines.append((strong("Recommended by the advisor:"), Span(said)))
    if chosen is not None:
        lines.append((strong("Chosen by the partners:"), Span(f" {level_name(chosen)}.")))
        if recommendation is not None and chosen != recommendation.level:
            why = session.level_reason
            lines.append(
                (strong("The partners' reason:"), Span(" " + why))
                if why
                else (strong("The partners' reason:"), *outline.todo("why they chose it."))
            )
    doc.bullets(lines)
    if chosen is not None:
        doc.paragraph(_LEVEL_WORDS[level])
    elif recommendation is not None:
        doc.paragraph(
            _LEVEL_WORDS[level],
            " The partners have not yet chosen a level: this outline follows the recommended "
            "one until they do.",
        )
    elif session.answers.get(STOP_STEP) == "stop":
        doc.paragraph(
            "The partners stopped planning: sharing may not be the answer for now. This "
            "outline is here in case they take it up again; it follows the formal level, the "
            "most complete, as no level was discussed."
        )
    else:
        doc.paragraph(
            "The level of formality is not yet known: a formality factor is not yet "
            "answered. So this outline follows the formal level, the most complete. Drop "
            "what the chosen level does not need."
        )
    if level == "formal" and not _has(conversation, PARTIES_STEP):
        doc.paragraph(
            strong("Contract or interlocal agreement:"),
            *outline.todo(
                "which one. Only government bodies can sign an interlocal agreement: with "
                "any other partner, it is a contract.",
                PARTIES_STEP,
            ),
        )


def _what_and_why(outline: _Outline) -> ListItem:
    """What is shared and why; failing that, what would be shared, the why left open."""
    if outline.given("scope.what_and_why") or not outline.given("purpose.resources"):
        return outline.item("What will be shared, and why", "scope.what_and_why", "what is shared.")
    return ListItem(
        (
            strong("What will be shared, and why:"),
            Span(" " + (outline.label("purpose.resources") or "") + "."),
            *outline.todo("why each is shared.", "scope.what_and_why"),
        )
    )


def _how_long(outline: _Outline) -> ListItem:
    """How long it runs, in the meeting's words where it gave dates, not a choice label."""
    kind = outline.short("formality.duration")
    said = f" {kind[:1].upper() + kind[1:]}." if kind else ""
    todo = (
        "the date or dates."
        if outline.given("formality.duration") == "one-time"
        else "the start date and the end date, or how it is renewed."
    )
    return ListItem((strong("How long it runs:"), Span(said), *outline.todo(todo)))


def _what_is_shared(outline: _Outline) -> ListItem:
    """What is shared, money and data among it where the answers say they are."""
    shared = outline.label("purpose.resources")
    parts = [shared] if shared else []
    money = outline.given("formality.money")
    resources = outline.given("purpose.resources") or []
    if money == "payment" and "funding" not in resources:
        parts.append("money (one partner pays another, costs are split, or funds are pooled)")
    data = outline.given("formality.data")
    if data in IDENTIFIABLE and "data" not in resources:
        parts.append("data about people who can be identified")
    if not parts:
        return ListItem(
            (
                strong("What is shared:"),
                *outline.todo("the staff, space, expertise, data or funding each partner gives."),
            )
        )
    text = "; ".join(parts)
    return ListItem((strong("What is shared:"), Span(" " + text[:1].upper() + text[1:] + ".")))


def _money(outline: _Outline, todo: str, label: str = "Cost sharing") -> ListItem:
    kind = outline.given("formality.money")
    if kind == "payment":
        said = (
            " Money changes hands: one partner pays another, costs are split, or funds are pooled."
        )
    elif kind == "in-kind":
        said = " In kind: staff time, space, equipment or materials, given without payment."
    elif kind == "none":
        said = " Nothing of value changes hands beyond goodwill or information."
    else:
        return ListItem((strong(label + ":"), *outline.todo(todo, "formality.money")))
    if kind != "payment":  # nothing to share out
        return ListItem((strong(label + ":"), Span(said)))
    return ListItem((strong(label + ":"), Span(said), *outline.todo(todo)))


def _liability(outline: _Outline) -> ListItem:
    """What the meeting said about legal duties, as that: a screening answer, not a clause."""
    authority = outline.given("formality.authority")
    if authority == "no":
        said = (
            " Asked in screening, the meeting said no partner takes on another's legal duties "
            "or liability. That is an answer, not an agreed clause."
        )
    elif authority == "yes":
        said = (
            " Asked in screening, the meeting said a partner will act for another, or take "
            "on its legal duties, authority or liability."
        )
    else:
        return ListItem(
            (
                strong("Liability:"),
                *outline.todo(
                    "who carries which legal duties and liability.", "formality.authority"
                ),
            )
        )
    return ListItem(
        (
            strong("Liability:"),
            Span(said),
            *outline.todo("how liability, insurance and indemnity are handled, with counsel."),
        )
    )


def _fiscal_and_legal(doc: Document, outline: _Outline, number: str) -> None:
    """The formal outline's fiscal and legal section."""
    doc.heading(2, "Fiscal and legal terms", number=number)
    doc.paragraph(
        "The tip sheet's fourth step: \"Clarify cost-sharing, liability, data use, and "
        'reporting requirements."'
    )
    doc.bullets(
        [
            _money(outline, "how costs are shared and invoiced."),
            ListItem(
                (
                    strong("Invoicing and payment:"),
                    *outline.todo("who pays whom, how much, and when."),
                )
            ),
            _liability(outline),
            _data_use(outline),
            ListItem(
                (
                    strong("Reporting:"),
                    *outline.todo("what each partner reports, to whom, and when."),
                )
            ),
        ]
    )


def _data_use(outline: _Outline) -> ListItem:
    data = outline.given("formality.data")
    if data in IDENTIFIABLE:
        return ListItem((strong("Data use:"), Span(" See Data protection, below.")))
    if data == "general":
        said = " Only general data: public information, or counts that identify no one."
    elif data == "none":
        said = " No data is shared."
    else:
        return ListItem(
            (strong("Data use:"), *outline.todo("what data is shared.", "formality.data"))
        )
    return ListItem((strong("Data use:"), Span(said)))


def _data_protection(doc: Document, outline: _Outline, number: str) -> None:
    """The data terms, whatever the level: they follow the data."""
    linked = outline.given("formality.data") == "linked"
    doc.heading(2, "Data protection", number=number)
    kind = (
        "Data about people who can be identified will be pooled, linked or handed over in bulk."
        if linked
        else "Records about people who can be identified will be passed, case by case."
    )
    doc.paragraph(
        kind,
        " So the draft needs data terms at any level. Which law applies, and what it "
        "requires, is for counsel to say.",
    )
    what = outline.given("scope.what_and_why")
    doc.bullets(
        [
            ListItem(
                (
                    strong("What is shared:"),
                    *((Span(" The meeting said: " + what),) if what else ()),
                    *outline.todo("which data, from which partner to which, in what form."),
                )
            ),
            ListItem(
                (
                    strong("The legal basis, to check with counsel:"),
                    *outline.todo(
                        "for each disclosure, the law that allows it. As counsel advises, that "
                        "may be HIPAA (health records), FERPA (school records) or 42 CFR Part 2 "
                        "(substance use treatment records)."
                    ),
                )
            ),
            ListItem(
                (
                    strong("The kind of data agreement:"),
                    *outline.todo(
                        "a business associate agreement, a data use agreement (a HIPAA term, "
                        "for a limited data set), the person's written consent, or a purpose "
                        "the law permits. Counsel says which."
                    ),
                )
            ),
            ListItem(
                (
                    strong("Only what is needed:"),
                    *outline.todo("the least data that serves the purpose."),
                )
            ),
            ListItem(
                (
                    strong("Who may see it:"),
                    *outline.todo(
                        "who may lawfully receive the data, who at each partner may see it, "
                        "and how access is given and taken away."
                    ),
                )
            ),
            ListItem(
                (
                    strong("How it is kept:"),
                    *outline.todo(
                        "how the data are kept safe, and what happens if they are lost or "
                        "seen by someone not allowed to."
                    ),
                )
            ),
            ListItem(
                (
                    strong("How it ends:"),
                    *outline.todo(
                        "how long the data are kept, and how they are returned or destroyed."
                    ),
                )
            ),
        ]
    )
    doc.note(
        'The tip sheet says only "data". These prompts are the advisor\'s own, for counsel '
        "to check against the laws that apply."
    )


def _standard_terms(
    doc: Document, conversation: Conversation, outline: _Outline, level: Level, number: str
) -> None:
    """The terms every written agreement carries, as slots for counsel to fill."""
    doc.heading(2, "Standard terms", number=number)
    doc.paragraph(
        "The advisor's suggestion for counsel: the meeting did not discuss these. "
        "Keep the ones this agreement needs."
    )
    contacts = outline.given("scope.contacts")
    names = [v for v in contacts.values() if v] if isinstance(contacts, dict) else []
    terms: list[ListItem] = [
        ListItem((strong("Effective date and term:"), *outline.todo("when it starts and ends."))),
        ListItem(
            (
                strong("Ending it, or a partner leaving:"),
                *outline.todo("how much notice a partner gives, and in what form."),
            )
        ),
    ]
    if level != "informal":
        terms += [
            ListItem(
                (strong("Changes:"), *outline.todo("how the partners change it, in writing."))
            ),
            ListItem(
                (
                    strong("Notices:"),
                    *(
                        (Span(" To the points of contact: " + "; ".join(names) + "."),)
                        if names
                        else ()
                    ),
                    *outline.todo("where formal notices go."),
                )
            ),
            ListItem(
                (
                    strong("Legal authority and approvals:"),
                    *outline.todo(
                        "each partner's authority to sign, and any approval or filing the "
                        "law requires."
                    ),
                )
            ),
            ListItem((strong("Governing law:"), *outline.todo("which state's law applies."))),
            _shared_staff(outline),
            ListItem(
                (
                    strong("Records and public records:"),
                    *outline.todo(
                        "who keeps which records, for how long, and any public-records duty "
                        "a government partner has."
                    ),
                )
            ),
        ]
    data = outline.given("formality.data")
    if data in IDENTIFIABLE:
        privacy: Inline = (Span(" See Data protection, above."),)
    elif data in ("none", "general"):
        privacy = (
            Span(" The meeting said no data about identifiable people is shared."),
            *outline.todo("confirm with counsel."),
        )
    else:
        privacy = outline.todo(
            "which privacy laws may apply (HIPAA, FERPA, 42 CFR Part 2), as counsel advises."
        )
    terms.append(ListItem((strong("Privacy law:"), *privacy)))
    doc.bullets(terms)


def _shared_staff(outline: _Outline) -> ListItem:
    """Who employs and supervises shared staff, and what the meeting ruled out about it."""
    spans: list[Span] = [strong("Shared staff:")]
    if outline.given("formality.operations") == "core":
        spans.append(Span(" The meeting said the sharing changes who employs or supervises staff."))
    ruled_out = [line for line, _ in off_table_flags(outline) if "employ" in line.casefold()]
    if ruled_out:
        spans.append(Span(" Off the table, as the meeting said: " + " ".join(ruled_out)))
    spans += outline.todo("who employs and supervises any shared staff.")
    return ListItem(tuple(spans))


def off_table_flags(outline: _Outline) -> list[tuple[str, str | None]]:
    """Each line of what is off the table, with what in the plan it may contradict."""
    text = outline.given(OFF_TABLE_STEP)
    if not isinstance(text, str) or not text.strip():
        return []
    # A line or a sentence each, as typed: split, never rewritten.
    lines = [line.strip() for line in re.split(r"\n|(?<=[.!?])\s+", text) if line.strip()]
    found: list[tuple[str, str | None]] = []
    for line in lines:
        words = line.casefold()
        flag = None
        for ties, step_id, values, what in _OFF_TABLE_TIES:
            if any(t in words for t in ties) and outline.given(step_id) in values:
                flag = what
                break
        found.append((line, flag))
    return found


def _off_the_table(doc: Document, outline: _Outline) -> None:
    found = off_table_flags(outline)
    if not found:
        return
    doc.heading(2, "What is off the table")
    doc.paragraph("The meeting ruled these out. The agreement should not do them.")
    doc.bullets(
        (Span(line), strong(f" Check: {flag}."), Span(" Which is right?"))
        if flag
        else (Span(line),)
        for line, flag in found
    )
    if any(flag for _, flag in found):
        doc.note(
            "The advisor matches words only. A check is a question for the partners, not a "
            "finding: settle it before the draft goes to counsel."
        )


def _steps_agreed(doc: Document, conversation: Conversation) -> None:
    """Every action item, once: what, who, by when, and the step it belongs to."""
    items = conversation.action_items()
    if not items:
        return
    doc.heading(2, "Steps agreed in the meeting")
    doc.table(
        ["What", "Who", "By when", "Step"],
        [
            (
                inline(item.what),
                inline(item.who) if item.who.strip() else (placeholder("To be agreed: who"),),
                inline(item.when) if item.when.strip() else (placeholder("To be agreed: when"),),
                inline(conversation.dialog.step(item.step).title),
            )
            for item in items
        ],
    )


def _signatures(doc: Document, conversation: Conversation, level: Level) -> None:
    """A table to sign (formal) or to confirm (lighter levels), a row a partner."""
    partners = conversation.partners
    if level == "formal":
        doc.heading(2, "Signatures")
        header = ["Partner", "Name and title", "Signature", "Date"]
    elif level == "semi-formal":
        doc.heading(2, "Agreed by")
        header = ["Partner", "Name and title", "Date"]
    else:
        doc.heading(2, "Confirmed by")
        header = ["Partner", "Name", "Date confirmed"]
    blanks = tuple((placeholder("To be agreed"),) for _ in header[1:])
    rows = [(inline(p.name), *blanks) for p in partners] or [
        ((placeholder("To be agreed: partner"),), *blanks)
    ]
    doc.table(header, rows, signing=level == "formal")
