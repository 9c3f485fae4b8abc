"""Pre-work files: one TOML file per partner, to fill in a text editor or in the advisor.

A pre-work file is meant to be read and filled in by a person with any text editor, so
each question comes with what a person needs beside it: the question, how to answer
(the choices, for a choice), and the advisor's guidance page, all as comments. Its
`[prework]` table says whose it is, for which session and which version of the
questions, so that `merge` can match it, and refuse it when it does not fit.

Filling a file in the advisor (`prework --fill`) keeps it through `PreworkFileStore`:
the file is written again, whole and atomically, after every answer.
"""

from __future__ import annotations

import hashlib
import re
import textwrap
import tomllib
import unicodedata
from collections.abc import Callable
from pathlib import Path

from ..dialog.model import Dialog, Step, choices_of
from ..engine.conversation import Conversation
from ..engine.prework import (
    HEADER,
    PreworkError,
    PreworkForm,
    check_form,
    fill_dialog,
    fill_position,
    filled,
    is_shared,
    prework_steps,
)
from ..engine.prework_merge import MergePlan, Refusal, plan_merge
from ..engine.session import Session, now_utc
from ..files import UnreadableFile, read_text
from .disk import file_digest, write_atomic
from .errors import SessionChanged, SessionError
from .keeper import SessionStore

MAX_PREWORK_BYTES = 1024 * 1024
"""The largest pre-work file read: four answers of 20,000 characters and the comments
take a few hundred kilobytes at most."""

WIDTH = 88
"""The width the comments are wrapped to."""

_CATEGORIES = {
    "prerequisite": "a prerequisite",
    "facilitating": "a facilitating factor",
    "project": "a project characteristic",
}

PageReader = Callable[[str], str | None]
"""Gives the text of a guidance page by its file name, or None if it cannot be read."""


class PreworkFileError(Exception):
    """A pre-work file that cannot be used: the file and the reason, for the message."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def page_reader(content_dir: Path) -> PageReader:
    """A reader of the guidance pages in `content_dir` (each read once)."""
    cache: dict[str, str | None] = {}

    def read(page: str) -> str | None:
        if page not in cache:
            try:
                cache[page] = read_text(content_dir / page, 200_000)
            except (OSError, UnreadableFile):
                cache[page] = None
        return cache[page]

    return read


# -- writing ------------------------------------------------------------------------------


def file_name(partner: str, partner_id: str, taken: set[str]) -> str:
    """A file name for a partner's pre-work: `prework-county-health.toml`.

    Only lowercase letters, digits and dashes (a browser takes the name unquoted, and
    every system can hold it); the partner's id where the name has none of them, and a
    number where two partners' names come out the same.
    """
    folded = unicodedata.normalize("NFKD", partner).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:48].strip("-")
    slug = slug or partner_id or "partner"
    name = f"prework-{slug}.toml"
    number = 2
    while name in taken:
        name = f"prework-{slug}-{number}.toml"
        number += 1
    taken.add(name)
    return name


def _comment_text(text: str) -> str:
    """Text a TOML comment may hold: no control characters but tab (the format's rule)."""
    return "".join(
        c for c in text if c == "\t" or unicodedata.category(c) not in ("Cc", "Cs", "Zl", "Zp")
    )


def _comment(text: str, indent: str = "") -> list[str]:
    """`text` as comment lines, each paragraph wrapped."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = _comment_text(paragraph)
        if not paragraph.strip():
            lines.append("#")
            continue
        lead = re.match(r"\s*(?:[-*] )?", paragraph)
        hang = " " * len(lead.group(0)) if lead else ""
        wrapped = textwrap.wrap(
            paragraph,
            WIDTH - 2 - len(indent),
            subsequent_indent=hang,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.extend(f"# {indent}{line}".rstrip() for line in wrapped or [""])
    return lines


def _plain(page: str) -> str:
    """A Markdown guidance page as plain text: no heading marks, emphasis or link syntax."""
    text = re.sub(r"^#+\s*", "", page, flags=re.MULTILINE)
    # The page is wrapped at its own width: join each paragraph's and each bullet's lines,
    # to wrap them again at the comments' width.
    blocks: list[str] = []
    for line in text.strip().split("\n"):
        if not line.strip():
            blocks.append("")
        elif blocks and blocks[-1] and not re.match(r"\s*[-*] ", line):
            blocks[-1] += " " + line.strip()
        else:
            blocks.append(line.rstrip())
    text = "\n".join(blocks)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return re.sub(r"\[([^\]]+)\]\(([^)]*)\)", r"\1", text)


def toml_string(text: str) -> str:
    """`text` as a TOML basic string on one line (every special character escaped)."""
    out = ['"']
    for char in text:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_text(text: str) -> str:
    """`text` as a TOML multi-line string, its lines as typed, between triple quotes."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char in "\n\t":
            out.append(char)
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    body = "".join(out)
    # Three quotes in a row would end the string: the third is escaped. A quote at the very
    # end is kept apart from the closing ones by the newline written before them.
    body = body.replace('"""', '""\\"')
    return f'"""\n{body}\n"""' if body else '"""\n"""'


def prework_text(dialog: Dialog, form: PreworkForm, page: PageReader, name: str) -> str:
    """The pre-work file for `form`: its questions with their help as comments, and its
    answers so far (blank where none). `name` is the file's name, for the command that
    fills it in."""
    steps = prework_steps(dialog)
    fill = f"srs-advisor prework --fill {name}"
    lines = _comment(
        f"Pre-work for {form.partner}\n"
        "\n"
        "Before the partners meet to plan their sharing arrangement, each partner answers "
        "these questions on its own, in a file of its own. At the meeting the partners see "
        "their answers side by side, and settle them together.\n"
        "\n"
        "How to fill it in with a text editor: write each answer between the quotes. For a "
        "choice, write one of the values listed above it (or its words). For a longer "
        "answer, write between the triple quotes, on as many lines as you need. Leave an "
        'answer empty ("") to skip it. Save the file as plain text (UTF-8).\n'
        "\n"
        "Or open it in the advisor, which asks the questions one at a time and saves each "
        f"answer into this file as you give it:\n    {fill}\n"
        "\n"
        "Then send the file back to the meeting's facilitator, who brings it into the "
        "session. Leave the [prework] table below as it is: it says whose answers these "
        "are, and for which meeting."
    )
    lines += [
        "",
        f"[{HEADER}]",
        f"session = {toml_string(form.session)}",
        f"dialog = {toml_string(form.dialog_id)}",
        f"dialog_version = {toml_string(form.dialog_version)}",
        f"partner = {toml_string(form.partner)}",
        f"partner_id = {toml_string(form.partner_id)}",
    ]
    pages_seen: dict[str, str] = {}
    phase_now = ""
    for step in steps:
        if step.phase != phase_now:
            phase_now = step.phase
            phase = dialog.phase(phase_now)
            lines += ["", "", "#" + "=" * (WIDTH - 1)]
            lines += _comment(f"{phase.title}: {phase.summary}")
            lines += ["#" + "=" * (WIDTH - 1), "", f"[{phase_now}]"]
        lines += ["", *_question(step, form, page, pages_seen)]
    return "\n".join(lines) + "\n"


def _question(
    step: Step, form: PreworkForm, page: PageReader, pages_seen: dict[str, str]
) -> list[str]:
    name = step.id.split(".", 1)[1]
    given = form.answers.get(step.id, "")
    if is_shared(step):
        assert step.readiness is not None
        what = f"{step.title} ({_CATEGORIES[step.readiness.category]})"
    else:
        what = f"{step.title}: {form.partner}'s own answer"
    lines = [f"# --- {_comment_text(what)} ---"]
    lines += _comment(step.prompt)
    if step.hint:
        lines += _comment(step.hint)
    lines.append("#")
    if is_shared(step):
        lines.append("# Choose one (write its value, or its words):")
        choices = choices_of(step)
        wide = max(len(c.value) for c in choices) + 4
        for choice in choices:
            label = _comment_text(choice.label)
            lines.append(f"#   {toml_string(choice.value):<{wide}}{label}")
    else:
        lines += _comment(
            f"Write {form.partner}'s answer only, between the triple quotes; the other "
            "partners answer in files of their own."
        )
    text = page(step.guidance)
    if text is not None and step.guidance not in pages_seen:
        pages_seen[step.guidance] = step.title
        lines += ["#", "# About this question (the advisor's guidance):"]
        lines += _comment(_plain(text), indent="  ")
    elif text is not None:
        under = pages_seen[step.guidance]
        lines += ["#", *_comment(f"About this question: see the guidance under {under}.")]
    value = toml_string(given) if is_shared(step) else toml_text(given)
    lines.append(f"{name} = {value}")
    return lines


def write_prework(path: Path, text: str) -> None:
    """Write a pre-work file whole (atomically): a reader sees the old file or the new one.

    Raises:
        SessionError: it could not be written.
    """
    write_atomic(path, text)


# -- reading ------------------------------------------------------------------------------


def read_prework(path: Path, dialog: Dialog) -> PreworkForm:
    """The pre-work form in the file at `path`, checked against `dialog`.

    Raises:
        PreworkFileError: the file is missing, not a regular file, too large, not UTF-8,
            not valid TOML, or its form does not fit (see `engine.prework.check_form`).
            The file is only read.
    """
    try:
        text = read_text(path, MAX_PREWORK_BYTES)
    except FileNotFoundError:
        raise PreworkFileError(path, "there is no such file") from None
    except UnreadableFile as error:
        raise PreworkFileError(path, f"it {error.reason}") from None
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write first
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PreworkFileError(
            path, f"it is damaged: not valid TOML ({error}); fix it in a text editor"
        ) from None
    except (RecursionError, ValueError) as error:  # nested too deep; a number too long
        raise PreworkFileError(path, f"it is damaged ({str(error)[:120]})") from None
    try:
        return check_form(dialog, data)
    except PreworkError as error:
        raise PreworkFileError(path, str(error)) from None


def plan_files(conversation: Conversation, files: list[Path]) -> MergePlan:
    """Read pre-work files and plan their merge into `conversation`'s session.

    A file that cannot be read, or whose form does not fit, is a refusal (named as given);
    a file named twice is read once. Nothing is changed.
    """
    forms: dict[str, PreworkForm] = {}
    refusals: list[Refusal] = []
    for path in files:
        source = str(path)
        if source in forms:
            continue
        try:
            forms[source] = read_prework(path, conversation.dialog)
        except PreworkFileError as error:
            refusals.append(Refusal(source, error.reason))
    plan = plan_merge(conversation, list(forms.items())) if forms else MergePlan()
    plan.refusals[:0] = refusals
    return plan


# -- filling a file in the advisor ---------------------------------------------------------


class PreworkFileStore(SessionStore):
    """The keeper of a pre-work file filled in the advisor: the file, written after
    every answer.

    Args:
        conversation: the pre-work's questions (`engine.prework.fill_dialog`), answered.
        path: the file, as read.
        form: the form read from it.
        render: makes the file's text for a form (`prework_text`, with the full dialog).
    """

    def __init__(
        self,
        conversation: Conversation,
        path: Path,
        form: PreworkForm,
        render: Callable[[PreworkForm], str],
    ) -> None:
        super().__init__(conversation, None)
        self.path = path
        self.form = form
        self._render = render
        self._digest = file_digest(path)
        """The digest of the file as last read or written: another change is not ours."""
        self._text: str | None = None

    def keep(self, conversation: Conversation) -> None:
        """Write the file again with the answers given, if they changed.

        Raises:
            SessionChanged: the file was changed by someone else since it was read.
            SessionError: it could not be written.
        """
        text = self._render(filled(conversation, self.form))
        if text == self._text:
            return
        try:
            if file_digest(self.path) != self._digest:
                raise SessionChanged(
                    f"{self.path} was changed outside the advisor (in a text editor?) since "
                    "it was opened here. Nothing was written over it"
                )
            write_prework(self.path, text)
        except SessionError as error:
            self.save_error = error
            self.unsaved = True
            raise
        self._text = text
        self._digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.unsaved = False
        self.save_error = None

    def save_elsewhere(self, folder: Path) -> None:
        """Write the file into `folder` from now on (its own place could not be written).

        Raises:
            SessionError: it could not be written there either, or a file of that name
                is there already (it is not replaced).
        """
        target = folder / self.path.name
        if target.exists():
            raise SessionError(f"{target} exists already, and is not replaced")
        before, digest = self.path, self._digest
        self.path, self._digest, self._text = target, None, None
        try:
            self.save()
        except SessionError:
            self.path, self._digest = before, digest
            raise


def open_for_filling(
    dialog: Dialog, content_dir: Path, path: Path, form: PreworkForm, partner: str, intro: str
) -> tuple[Conversation, PreworkFileStore]:
    """The pre-work's questions as a conversation, kept in the file at `path` from now on.

    It starts at the first question the file leaves blank (at the opening page `intro`
    when every one is blank, or every one answered). What a kill left half-written
    beside the file (a temporary file) is removed first.

    Args:
        dialog: the advisor's dialog (the file's questions, comments and guidance).
        content_dir: the guidance pages, for the file's comments.
        path: the file.
        form: the form read from it.
        partner: the partner's name as a screen shows it.
        intro: the opening page's text.
    """
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass  # not ours to remove: the file itself is whole either way
    fill = fill_dialog(dialog, partner, intro)
    current, history = fill_position(fill, form.answers)
    now = now_utc()
    session = Session(
        id=form.session,
        dialog_id=dialog.meta.id,
        dialog_version=dialog.meta.version,
        created=now,
        updated=now,
        current=current,
        history=history,
        answers=dict(form.answers),
    )
    conversation = Conversation(fill, session)
    pages = page_reader(content_dir)
    store = PreworkFileStore(
        conversation, path, form, lambda given: prework_text(dialog, given, pages, path.name)
    )
    return conversation, store
