"""Pre-work on the command line: `prework` makes a file per partner (or fills one in the
advisor, with `--fill`), and `merge` brings the files into the session.

Only `prework --fill` loads Textual: it opens the advisor. `merge` takes the session's
lock, as a window does, and changes nothing unless every file can be merged.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..program import command
from ..terminal import safe
from .common import UsageError, dialog_folders, load, sessions_dir
from .sessions import export_session_folder

if TYPE_CHECKING:
    from ..dialog import Dialog
    from ..engine.conversation import Conversation
    from ..engine.prework_divergence import Divergence
    from ..engine.prework_merge import MergePlan


def cmd_prework(args: argparse.Namespace) -> int:
    """Make the partners' pre-work files from a session, or fill one in (`--fill`)."""
    if args.fill is not None:
        if args.session is not None or args.out is not None:
            raise UsageError("--fill FILE takes no SESSION and no --out: it fills in that file")
        return _fill(args)
    if args.session is None:
        raise UsageError(
            "name a session (SESSION --out DIR) to make the pre-work files, or a file to "
            "fill in (--fill FILE)"
        )
    if args.out is None:
        raise UsageError("--out DIR is needed: the folder for the partners' pre-work files")
    return _make(args)


def _resumed(dialog: Dialog, folder: Path) -> Conversation:
    """The session in `folder`, read only (nothing is written)."""
    from ..engine.conversation import Conversation
    from ..store import load_session

    conversation, _ = Conversation.resume(dialog, load_session(folder, dialog))
    return conversation


def _make(args: argparse.Namespace) -> int:
    from ..engine.prework import form_for
    from ..store import own_file_refusal
    from ..store.prework import file_name, page_reader, prework_text, write_prework

    dialog = load(args)
    folder = export_session_folder(args)
    conversation = _resumed(dialog, folder)
    partners = conversation.partners
    if not partners:
        raise UsageError(
            f"the session in {folder} names no partners yet: name them first (the partner "
            "organizations question), then make their pre-work files"
        )
    out: Path = args.out.expanduser()
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is not a folder: --out names the folder for the files")
    pages = page_reader(dialog_folders(args)[1])
    taken: set[str] = set()
    files = []
    for partner in partners:
        name = file_name(partner.name, partner.id, taken)
        path = out / name
        refusal = own_file_refusal(path, sessions_dir(args))
        if refusal is not None:
            raise UsageError(refusal)
        if os.path.lexists(path) and not args.force:
            raise UsageError(
                f"{path} exists (a partner may have filled it in): add --force to replace it, "
                "or choose another --out. No file was written"
            )
        text = prework_text(dialog, form_for(conversation, partner), pages, name)
        files.append((partner.name, path, text))
    for _, path, text in files:
        write_prework(path, text)
    print(safe(f"Pre-work files for the {len(files)} partners, in {out}:"))
    for name, path, _ in files:
        print(safe(f"  {path}  ({name})"))
    print(
        "Send each partner its file. They fill it in with a text editor, or with "
        "`srs-advisor prework --fill FILE`; bring the files back in with "
        f"`{command('merge', conversation.session.id)} FILE...`."
    )
    return 0


def _fill(args: argparse.Namespace) -> int:
    from ..store.prework import PreworkFileError, read_prework

    content = dialog_folders(args)[1]
    dialog = load(args)
    path: Path = args.fill.expanduser()
    try:
        form = read_prework(path, dialog)
    except PreworkFileError as error:
        raise UsageError(f"cannot fill in {error.path}: {error.reason}") from error
    from ..tui.prework_fill import run_fill  # Textual only loads here

    return run_fill(dialog, content, path, form, presenter=args.presenter)


def cmd_merge(args: argparse.Namespace) -> int:
    """Bring the partners' pre-work files into a session; exit 2 with nothing merged when
    a file cannot be merged, or when it would replace an answer and no choice was given."""
    from ..store import SessionError, SessionLock, SessionLocked
    from ..store.keeper import keep, kept
    from ..store.prework import plan_files

    dialog = load(args)
    folder = export_session_folder(args)
    lock = SessionLock(folder)
    try:
        lock.acquire()
    except SessionLocked as error:
        raise SessionError(
            f"{error} Merge from that window (F9, then 'Bring in pre-work files'), or close it "
            "and merge again. Nothing was merged."
        ) from error
    try:
        conversation = _resumed(dialog, folder)
        plan = plan_files(conversation, [p.expanduser() for p in args.files])
        if plan.refusals:
            for refusal in plan.refusals:
                print(safe(f"not merged: {refusal.source}: {refusal.reason}."), file=sys.stderr)
            print(
                "Nothing was merged: the session and every file are as they were.",
                file=sys.stderr,
            )
            return 2
        if plan.conflicts and not (args.replace or args.keep):
            print(
                f"These answers would replace what the session holds ({len(plan.conflicts)}):",
                file=sys.stderr,
            )
            for conflict in plan.conflicts:
                print(safe(f"  {conflict.sentence()}"), file=sys.stderr)
            print(
                "Nothing was merged. Add --replace to take the files' answers there, or --keep "
                "to keep the session's answers there and merge the rest.",
                file=sys.stderr,
            )
            return 2
        kept(keep(conversation, folder)).lock = lock  # it saves as a window would
        say_merged(conversation, plan, replace=args.replace)
        return 0
    finally:
        lock.release()


def _label(found: Divergence, value: str) -> str:
    from ..dialog.model import choices_of

    return next((c.label for c in choices_of(found.step) if c.value == value), value)


def say_merged(conversation: Conversation, plan: MergePlan, *, replace: bool) -> None:
    """Merge (the plan holds no refusal) and say what was merged and where partners differ."""
    from ..engine.prework import CAUTION_NOTE
    from ..engine.prework_divergence import divergences
    from ..engine.prework_merge import apply_merge

    files = {source: Path(source).name for source in plan.partners}
    now = datetime.now(UTC).replace(microsecond=0)
    apply_merge(conversation, plan, files, replace=replace, now=now)
    conflicting = plan.conflicting
    for source, partner in plan.partners.items():
        mine = [e for e in plan.entries if e.source == source]
        kept = sum(1 for e in mine if (e.step, e.partner) in conflicting) if not replace else 0
        renamed = plan.renamed.get(source)
        was = f", named {renamed} in the file" if renamed else ""
        also = f"; the session's answer kept for {kept} more" if kept else ""
        taken = len(mine) - kept
        count = f"{taken} answer{'' if taken == 1 else 's'}"
        print(safe(f"Merged {source}: {partner}{was} ({count}{also})."))
    found = divergences(conversation)
    differ = [d for d in found if d.differ]
    if differ:
        print("Where the partners' answers differ (the meeting settles these):")
        for item in differ:
            held = conversation.answer_of(item.step.id)
            settled = (
                f" (the session's answer: {_label(item, held)})"
                if isinstance(held, str)
                else f" (the meeting's answer will start at {_label(item, item.cautious)})"
            )
            print(safe(f"  {item.sentence()}{settled}"))
        print(
            "Where the meeting has yet to answer, the advisor starts it at the most cautious "
            f"of the partners' answers. {CAUTION_NOTE}"
        )
    agreed = [d for d in found if not d.differ and len(d.said) > 1]
    if agreed:
        same = "; ".join(f"{d.step.title} ({d.said[0].label})" for d in agreed)
        print(safe(f"The same answer from every partner: {same}."))
