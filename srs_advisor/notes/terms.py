"""The draft's terms for counsel: money, liability, data protection, the standard terms,
what the meeting put off the table, and the table to sign.

The meeting settles the arrangement; these are what counsel adds. Each says what the
meeting said, as that (a screening answer is not an agreed clause), and leaves the
rest as a placeholder marked as the advisor's suggestion. The data terms follow the
data, not the level: `agreement.py` adds them whenever identifiable data is shared.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .document import Document, Inline, ListItem, Span, inline, placeholder, strong
from .outline import IDENTIFIABLE, Outline

if TYPE_CHECKING:
    from ..dialog.model import Level
    from ..engine.conversation import Conversation

OFF_TABLE_STEP = "readiness.off_table"

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


def money(outline: Outline, todo: str, label: str = "Cost sharing") -> ListItem:
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


def liability(outline: Outline) -> ListItem:
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


def fiscal_and_legal(doc: Document, outline: Outline, number: str) -> None:
    """The formal outline's fiscal and legal section."""
    doc.heading(2, "Fiscal and legal terms", number=number)
    doc.paragraph(
        "The tip sheet's fourth step: \"Clarify cost-sharing, liability, data use, and "
        'reporting requirements."'
    )
    doc.bullets(
        [
            money(outline, "how costs are shared and invoiced."),
            ListItem(
                (
                    strong("Invoicing and payment:"),
                    *outline.todo("who pays whom, how much, and when."),
                )
            ),
            liability(outline),
            _data_use(outline),
            ListItem(
                (
                    strong("Reporting:"),
                    *outline.todo("what each partner reports, to whom, and when."),
                )
            ),
        ]
    )


def _data_use(outline: Outline) -> ListItem:
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


def data_protection(doc: Document, outline: Outline, number: str) -> None:
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


def standard_terms(
    doc: Document, conversation: Conversation, outline: Outline, level: Level, number: str
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


def _shared_staff(outline: Outline) -> ListItem:
    """Who employs and supervises shared staff, and what the meeting ruled out about it."""
    spans: list[Span] = [strong("Shared staff:")]
    if outline.given("formality.operations") == "core":
        spans.append(Span(" The meeting said the sharing changes who employs or supervises staff."))
    ruled_out = [line for line, _ in off_table_flags(outline) if "employ" in line.casefold()]
    if ruled_out:
        spans.append(Span(" Off the table, as the meeting said: " + " ".join(ruled_out)))
    spans += outline.todo("who employs and supervises any shared staff.")
    return ListItem(tuple(spans))


def off_table_flags(outline: Outline) -> list[tuple[str, str | None]]:
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


def off_the_table(doc: Document, outline: Outline) -> None:
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


def signatures(doc: Document, conversation: Conversation, level: Level) -> None:
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
