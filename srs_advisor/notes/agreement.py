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
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dialog.model import Level, choices_of, level_name
from ..engine.session import write_atomic
from .document import BulletList, Document, Inline, ListItem, Span, emphasis, inline, strong
from .markdown import render_markdown
from .transcript import NEXT_STEP, STOP_STEP, item_spans, meeting_day

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
    "formal": "Contract or interlocal agreement: draft outline",
}

_LEVEL_WORDS: dict[str, str] = {
    "informal": (
        "The partners chose an informal (handshake) arrangement, which the tip sheet describes as "
        '"Typically best for quick, small scale-collaboration". A short written '
        "confirmation records who does what, and when."
    ),
    "semi-formal": (
        'The partners chose a semi-formal agreement, which the tip sheet describes as "Useful '
        'when roles or expectations need definition": e-mails, a shared work plan or a '
        "memorandum of understanding (MOU)."
    ),
    "formal": (
        'The partners chose a formal agreement, which the tip sheet describes as "Appropriate '
        'when sharing involves resources, funding, data, or legal responsibility": a '
        "contract or an interlocal agreement, and a data use agreement where data is shared."
    ),
}

# The data use agreement checklist: the tip sheet names data use agreements but not
# their contents, so these are the advisor's own prompts, said as such in the outline.
_DATA_USE_CHECKLIST = (
    "Which data are shared, from which partner to which, and in what form",
    "The purpose the data may be used for, and uses that are not allowed",
    "Who may see the data, and how access is given and taken away",
    "How the data are kept secure, in storage and in transit",
    "Which privacy laws and rules apply to each partner (counsel to confirm)",
    "What happens if data are lost or seen by someone not allowed to (notice and steps)",
    "How long the data are kept, and how they are returned or destroyed at the end",
    "Whether data may be shared further or published, and in what form",
    "Who at each partner is responsible for the data",
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

    def todo(self, text: str, step_id: str | None = None) -> Inline:
        parked = step_id is not None and step_id in self.conversation.session.parked
        where = " (on the meeting's parking lot)" if parked else ""
        return (Span(" "), strong("To be agreed" + where + ":"), Span(" " + text))

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

    def items(
        self, step_ids: tuple[str, ...], label: str = "Agreed in the meeting"
    ) -> list[ListItem]:
        """The action items of these formalization steps, under one label (none: [])."""
        found = [i for i in self.conversation.action_items() if i.step in step_ids]
        if not found:
            return []
        nested = BulletList(tuple(ListItem(item_spans(i)) for i in found))
        return [ListItem((strong(label + ":"),), nested)]


def build_agreement(conversation: Conversation, zone: tzinfo | None = None) -> Document:
    """The draft agreement outline for `conversation`, as a document.

    It follows the level the partners chose; before they choose, the recommended one;
    with neither, the formal outline (the most complete), and it says so.
    """
    level = agreement_level(conversation) or "formal"
    chosen = conversation.session.chosen_level
    outline = _Outline(conversation)
    doc = Document(_TITLES[level])
    sectors = {s.value: s.label for s in conversation.dialog.meta.sectors}
    partners = conversation.partners
    doc.note(
        strong("A starting point, not legal advice."),
        " This outline is drafted from the answers given in the planning meeting of "
        f"{meeting_day(conversation.session.created, zone)}, for the partners and their "
        "counsel to complete, change and check. Parts marked ",
        strong("To be agreed"),
        " were not settled in the meeting: the partners fill them in. Nothing in it has "
        "been reviewed by a lawyer.",
    )
    if chosen is not None:
        doc.paragraph(_LEVEL_WORDS[level])
    elif conversation.level is not None:
        doc.paragraph(
            _LEVEL_WORDS[level].replace("The partners chose", "The advisor recommended"),
            " The partners have not yet chosen a level: this outline follows the recommended "
            "one until they do.",
        )
    elif conversation.session.answers.get(STOP_STEP) == "stop":
        doc.paragraph(
            "The partners stopped planning: sharing may not be the answer for now. This "
            "outline is here in case they take it up again; it follows the formal level, the "
            "most complete, as no level was discussed."
        )
    else:
        doc.paragraph(
            "The level of formality is not yet known (a formality factor is not yet "
            "answered), so this outline follows the formal level, the most complete; drop "
            "what the chosen level does not need."
        )

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

    doc.heading(2, "1. Purpose")
    doc.bullets(
        [
            outline.item("The arrangement", "welcome.idea", "what is shared, and with what aim."),
            outline.item("The problem it addresses", "purpose.problem", "the issue to address."),
            _what_and_why(outline),
            outline.per_partner("Each partner's goals", "purpose.goals", "its goals."),
            outline.per_partner("What success looks like", "scope.success", "its success."),
        ]
    )

    doc.heading(2, "2. Roles and responsibilities")
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
                "how services stay accessible across communities.",
            ),
            outline.item(
                "Staff preparedness",
                "scope.preparedness",
                "how staff are prepared to serve diverse groups well.",
            ),
        ]
    doc.bullets(roles)

    doc.heading(2, "3. Decision-making")
    doc.bullets(
        [outline.item("How decisions are made", "scope.decisions", "who decides what, and how.")]
    )

    doc.heading(2, "4. Communication plan")
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

    doc.heading(2, "5. Timeline")
    timeline = [
        outline.item("How long it runs", "formality.duration", "a start date and an end date."),
        ListItem(
            (strong("Start and end dates:"), *outline.todo("the dates the arrangement runs."))
        ),
    ]
    # Every step agreed, a missing owner or date called out: an undated step is still
    # part of who does what (for a handshake, the only place it appears).
    agreed = conversation.action_items()
    if agreed:
        timeline.append(
            ListItem(
                (strong("Steps agreed in the meeting:"),),
                BulletList(tuple(ListItem(item_spans(i)) for i in agreed)),
            )
        )
    if outline.given(NEXT_STEP):  # when the partners meet next, as the meeting said
        timeline.append(outline.item("Next meeting", NEXT_STEP, ""))
    doc.bullets(timeline)

    doc.heading(2, "6. Resource commitments")
    # Above informal, money has its own line in section 9: said once.
    money = [outline.item("Money", "formality.money", "whether money changes hands.")]
    doc.bullets(
        [
            outline.item(
                "What is shared",
                "purpose.resources",
                "the staff, space, expertise, data or funding each partner gives.",
            ),
            *(money if level == "informal" else []),
            ListItem(
                (
                    strong("What each partner gives:"),
                    *outline.todo("each partner's commitment, in hours, space, funds or data."),
                )
            ),
        ]
    )

    doc.heading(2, "7. Conflict resolution")
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
        doc.heading(2, "8. Monitoring and review")
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
                *outline.items(("formalization.monitoring",)),
            ]
        )

    if level == "formal":
        _fiscal_and_legal(doc, outline)
    elif level == "semi-formal":
        doc.heading(2, "9. Costs, data and reporting")
        doc.bullets(
            [
                outline.item("Money", "formality.money", "how any costs are shared."),
                outline.item("Data", "formality.data", "what data is shared, and who owns it."),
                ListItem(
                    (strong("Reporting:"), *outline.todo("what is reported, to whom, and when."))
                ),
                *outline.items(("formalization.fiscal_legal",)),
            ]
        )

    doc.heading(2, "Agreed by" if level != "informal" else "Confirmed by")
    doc.bullets(
        [
            *(
                ListItem(
                    (strong(p.name + ":"), *outline.todo("name, title, signature and date."))
                    if level == "formal"
                    else (strong(p.name + ":"), *outline.todo("name and date of confirmation."))
                )
                for p in partners
            ),
            *outline.items(("formalization.leadership",), "Approvals planned in the meeting"),
        ]
    )

    doc.note(
        "Source: the elements of this outline are the tip sheet's: ",
        emphasis(SOURCE),
        '. Which answer goes under which heading, and the prompts under "To be agreed", '
        "are the advisor's own reading.",
    )
    doc.footer = inline(
        f"Draft from session {conversation.session.id} · {level_name(level)} level · "
        "written by srs-advisor"
    )
    return doc


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


def _fiscal_and_legal(doc: Document, outline: _Outline) -> None:
    """The formal outline's fiscal and legal section, and the data use checklist."""
    doc.heading(2, "9. Fiscal and legal terms")
    doc.paragraph(
        "The tip sheet's fourth step: \"Clarify cost-sharing, liability, data use, and "
        'reporting requirements."'
    )
    doc.bullets(
        [
            outline.item("Cost sharing", "formality.money", "how costs are shared and invoiced."),
            ListItem(
                (
                    strong("Invoicing and payment:"),
                    *outline.todo("who pays whom, how much, and when."),
                )
            ),
            outline.item(
                "Liability",
                "formality.authority",
                "whether any partner takes on another's legal duties or liability.",
            ),
            ListItem(
                (
                    strong("Insurance and indemnity:"),
                    *outline.todo("each partner's cover, with counsel."),
                )
            ),
            outline.item("Data use", "formality.data", "what data is shared."),
            ListItem(
                (
                    strong("Reporting:"),
                    *outline.todo("what each partner reports, to whom, and when."),
                )
            ),
            *outline.items(("formalization.fiscal_legal", "formalization.draft")),
        ]
    )
    if outline.given("formality.data") in ("records", "linked"):
        doc.heading(2, "10. Data use agreement checklist")
        doc.paragraph(
            "Data about people who can be identified will be shared, so the partners need "
            "written data terms beside the contract, in the form counsel advises. "
            "Agree on each of these:"
        )
        doc.bullets(inline("☐ " + line) for line in _DATA_USE_CHECKLIST)
        doc.note(
            "The tip sheet names data use agreements among formal agreements but does not "
            "list what they hold: this checklist is the advisor's own, for counsel to check "
            "against the laws that apply."
        )
