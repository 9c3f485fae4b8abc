"""Pre-work for the tests: a session that names three partners, and their files filled in
as a partner would, in a text editor."""

from __future__ import annotations

from pathlib import Path

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.store.keeper import keep

COUNTY = "County [Health]"
HOSPITAL = "General Hospital"
CHURCH = "Grace Church"

PARTNERS = [
    {"name": COUNTY, "sector": "public-health"},
    {"name": HOSPITAL, "sector": "health-care"},
    {"name": CHURCH, "sector": "faith-based"},
]

FILES = {
    COUNTY: "prework-county-health.toml",
    HOSPITAL: "prework-general-hospital.toml",
    CHURCH: "prework-grace-church.toml",
}
"""The file each partner's pre-work is written to (`store.prework.file_name`)."""

# What each partner answers, as it would write it: values, or a choice's words.
ANSWERS = {
    COUNTY: {
        "trust": "in-place",
        "objectives": "Yes, in place",
        "balance": "partly",
        "goals": 'Fewer readmissions [in ZIPs 1 & 2]\n"Reach" families \\ sooner',
        "contacts": "Dana Lee [/]",
    },
    HOSPITAL: {
        "trust": "partly",
        "objectives": "in-place",
        "balance": "PARTLY",
        "goals": "Meet [b]quality[/b] measures",
        "success": "Readmissions down to 14%",
    },
    CHURCH: {
        "trust": "not-yet",
        "balance": "partly",
        "benefits": 'Families """supported"""',
    },
}


def session_at_readiness(dialog: Dialog, folder: Path) -> Conversation:
    """A session that names the three partners and stops before the success factors,
    saved in `folder`."""
    conversation = keep(Conversation(dialog), folder)
    while (step := conversation.current) is not None and step.id != "readiness.intro":
        if step.kind == "info":
            conversation.answer()
        elif step.kind == "partners":
            conversation.answer(PARTNERS)
        else:
            conversation.skip()
    return conversation


def fill_in(path: Path, answers: dict[str, str]) -> None:
    """Write `answers` (by short name) into a pre-work file, as an editor would."""
    text = path.read_text(encoding="utf-8")
    for name, value in answers.items():
        one_line = f'\n{name} = ""\n'
        if one_line in text:
            text = text.replace(one_line, f'\n{name} = "{value}"\n', 1)
            continue
        many = f'\n{name} = """\n"""\n'
        assert many in text, name
        body = value.replace("\\", "\\\\").replace('"""', '""\\"')
        text = text.replace(many, f'\n{name} = """\n{body}\n"""\n', 1)
    path.write_text(text, encoding="utf-8")
