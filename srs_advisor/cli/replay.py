"""Answer files, and `replay`: a whole conversation walked from one, then saved.

An answer file (TOML or JSON) holds answers keyed by step id, and the steps parked;
`replay` walks the conversation with them as the UI would, and saves the session and
its notes through the store.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dialog import Dialog
from ..files import UnreadableFile, read_text
from ..terminal import safe
from .common import UsageError, load

if TYPE_CHECKING:
    from ..engine.conversation import Conversation

MAX_ANSWER_FILE = 20 * 1024 * 1024
"""The largest answer file read, in bytes: far above any real one."""

PARKED_KEY = "parked"
"""The key of an answer file that lists the steps answered "unsure, discuss later"."""


def read_answer_file(path: Path, dialog: Dialog) -> tuple[dict[str, Any], list[str]]:
    """The answers and the parked step ids in an answer file.

    TOML tables named after a phase may hold that phase's steps by their short
    names (`[formality]` then `risk = "low"`), as well as quoted full ids.

    Raises:
        UsageError: the file cannot be read, or names a step the dialog lacks.
    """
    import json
    import tomllib

    try:
        text = read_text(path, MAX_ANSWER_FILE)
    except FileNotFoundError as error:
        raise UsageError(f"cannot read the answer file {path}: there is no such file") from error
    except UnreadableFile as error:
        raise UsageError(f"cannot read the answer file: {error}") from error
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write first
    data: Any
    kind = "TOML" if path.suffix.lower() == ".toml" else "JSON"
    try:
        data = tomllib.loads(text) if kind == "TOML" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise UsageError(f"{path} is not valid {kind}: {error}") from error
    except (RecursionError, ValueError) as error:  # nested too deep; a number too long
        raise UsageError(f"{path} cannot be used: {str(error)[:120]}") from error
    if not isinstance(data, dict):
        raise UsageError(f"{path} must hold a table of answers keyed by step id")
    parked = data.pop(PARKED_KEY, [])
    if not isinstance(parked, list) or not all(isinstance(p, str) for p in parked):
        raise UsageError(f"`{PARKED_KEY}` must be a list of step ids")
    answers: dict[str, Any] = {}
    for key, value in data.items():
        if (
            not dialog.has_step(key)
            and isinstance(value, dict)
            and key in {p.id for p in dialog.phases}
        ):
            answers.update({f"{key}.{name}": inner for name, inner in value.items()})
        else:
            answers[key] = value
    unknown = [k for k in [*answers, *parked] if not dialog.has_step(k)]
    if unknown:
        raise UsageError(f"{path} names steps the dialog does not have: {', '.join(unknown)}")
    from ..engine.resume import read_old_value

    for key, value in answers.items():
        answers[key], note = read_old_value(dialog, key, value)
        if note:
            print(safe(f"note: {note}"), file=sys.stderr)
    return answers, parked


def replay(
    dialog: Dialog, answers: dict[str, Any], parked: list[str]
) -> tuple[Conversation, list[str]]:
    """Walk the conversation with these answers, as the UI would.

    Returns:
        The finished conversation, and the steps answered in the file that the
        conversation never reached.

    Raises:
        UsageError: a required answer is missing, or an answer does not fit its step.
    """
    from ..engine.conversation import Conversation

    conversation = Conversation(dialog)
    visited = list(replay_moves(conversation, answers, parked))
    unused = [s for s in [*answers, *parked] if s not in visited]
    return conversation, unused


def replay_moves(
    conversation: Conversation, answers: dict[str, Any], parked: list[str]
) -> Iterator[str]:
    """Make the conversation's moves one at a time, as the UI would; yield each step moved from.

    Raises:
        UsageError: as `replay`.
    """
    from ..engine.answers import AnswerError
    from ..engine.conversation import EngineError

    visited: set[str] = set()
    while (step := conversation.current) is not None:
        if step.id in visited:
            raise UsageError(
                f"step {step.id}: the conversation came back here; answer files cannot loop"
            )
        visited.add(step.id)
        try:
            if step.kind == "info":
                conversation.answer()
            elif step.id in parked:
                conversation.park()
            elif step.id in answers:
                conversation.answer(answers[step.id])
            elif step.required:
                raise UsageError(f"step {step.id}: a required answer is missing ({step.prompt})")
            else:
                conversation.skip()
        except (AnswerError, EngineError) as error:
            raise UsageError(f"step {step.id}: {error}") from error
        yield step.id


def cmd_replay(args: argparse.Namespace) -> int:
    """Replay an answer file and write `session.json` and `transcript.md`."""
    dialog = load(args)
    answers, parked = read_answer_file(args.answers, dialog)
    conversation, unused = replay(dialog, answers, parked)
    for step_id in unused:
        print(
            safe(f"note: {step_id} was not asked on this path, so its answer was not used"),
            file=sys.stderr,
        )
    from ..store import SESSION_FILE
    from ..store.keeper import kept

    if os.path.lexists(args.out / SESSION_FILE) and not args.force:
        raise UsageError(
            f"{args.out} holds a session already ({args.out / SESSION_FILE}): add --force to "
            "replace it, or choose another --out"
        )
    store = kept(conversation)
    store.save_over(args.out)
    written = [args.out / "session.json", store.notes_path, store.agreement_path]
    shown = [str(p) for p in written if p is not None]
    print(safe(f"Wrote {', '.join(shown[:-1])} and {shown[-1]}"))
    recommendation = conversation.recommendation
    if recommendation is not None:
        chosen = conversation.session.chosen_level or "not chosen"
        print(f"Recommended level: {recommendation.level}; chosen: {chosen}")
    return 0
