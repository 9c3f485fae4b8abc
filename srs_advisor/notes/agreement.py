"""A draft agreement outline at the chosen level, pre-filled from the meeting's answers.

The answers already hold most of an agreement: who the partners are, why they share,
who leads what, how they decide and keep in touch. The tip sheet's third step to
formalizing ("Draft the agreement (at the appropriate level)") lists what to include:
purpose, roles, decision-making, communication plans, timeline, resource commitments
and conflict resolution; its fourth adds the fiscal and legal considerations. This
module lays those out at the level the partners chose, names the instrument from the
level and the partners (a short written confirmation, a memorandum of understanding or
work plan, a contract, or an interlocal agreement when every partner is a government
body), says which level was recommended and which chosen, and fills in what was said.
The terms counsel adds are in `terms.py`. What was not settled is a placeholder,
"[To be agreed: ...]", never invented. It is a starting point for the partners and
their counsel, not legal advice.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from ..dialog.model import Level, level_name
from . import terms
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
from .outline import IDENTIFIABLE, Outline
from .transcript import NEXT_STEP, STOP_STEP, meeting_day

if TYPE_CHECKING:
    from ..engine.conversation import Conversation

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

PARTIES_STEP = "formality.parties"


def render_agreement(conversation: Conversation, zone: tzinfo | None = None) -> str:
    """The draft agreement outline, as GitHub-flavored Markdown."""
    return render_markdown(build_agreement(conversation, zone))


def wants_agreement(conversation: Conversation) -> bool:
    """Whether the draft is written beside the session: a level is chosen, or the end is
    reached with a level recommended (a conversation stopped at its purpose has none)."""
    if conversation.session.chosen_level is not None:
        return True
    return conversation.complete and conversation.level is not None


def agreement_level(conversation: Conversation) -> Level | None:
    """The level the outline follows: the partners' choice, else the recommended one."""
    return conversation.level


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
    outline = Outline(conversation)
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
                [terms.money(outline, "whether money changes hands.", "Money")]
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
        terms.fiscal_and_legal(doc, outline, numbers.next())
    elif level == "semi-formal":
        doc.heading(2, "Costs and reporting", number=numbers.next())
        doc.bullets(
            [
                terms.money(outline, "how any costs are shared."),
                terms.liability(outline),
                ListItem(
                    (strong("Reporting:"), *outline.todo("what is reported, to whom, and when."))
                ),
            ]
        )
    if outline.given("formality.data") in IDENTIFIABLE:
        terms.data_protection(doc, outline, numbers.next())
    terms.standard_terms(doc, conversation, outline, level, numbers.next())
    terms.off_the_table(doc, outline)
    _steps_agreed(doc, conversation)
    terms.signatures(doc, conversation, level)

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
    doc: Document, conversation: Conversation, outline: Outline, level: Level
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


def _what_and_why(outline: Outline) -> ListItem:
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


def _how_long(outline: Outline) -> ListItem:
    """How long it runs, in the meeting's words where it gave dates, not a choice label."""
    kind = outline.short("formality.duration")
    said = f" {kind[:1].upper() + kind[1:]}." if kind else ""
    todo = (
        "the date or dates."
        if outline.given("formality.duration") == "one-time"
        else "the start date and the end date, or how it is renewed."
    )
    return ListItem((strong("How long it runs:"), Span(said), *outline.todo(todo)))


def _what_is_shared(outline: Outline) -> ListItem:
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
