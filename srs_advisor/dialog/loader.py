"""Load a dialog folder, check it, and report every problem at once.

The schema (pydantic, `model.py`) catches malformed files; `checks.py` catches what a
schema cannot: references to steps or guidance pages that do not exist, duplicate ids,
steps that no path reaches, paths that never reach the end, loops, phases with no
steps, a `level` step with no rules; `markup.py` catches markup in text (all text is
shown as typed, so `[b]` would show as is). Each problem names the file, the line where
one can be had, and the step. Loading never raises anything but `DialogError`, which
carries the whole list: a file nested too deep, too large, or not a regular file is a
problem like any other.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..files import UnreadableFile, read_text
from .checks import MAX_PAGE_BYTES, check_loops, check_paths, check_references, check_rules
from .locate import TomlLocator
from .markup import check_markup, markup_in
from .model import Dialog, DialogFile, DialogMeta, FormalityRule, Phase
from .problems import Collector, DialogError, Problem, Source

__all__ = [
    "MAX_DIALOG_FILE_BYTES",
    "MAX_PAGE_BYTES",
    "DialogError",
    "Problem",
    "check_dialog",
    "load_dialog",
    "markup_in",
]

MAX_DIALOG_FILE_BYTES = 1_000_000
"""The largest dialog file read; the shipped ones are under 10 kB."""


def load_dialog(dialog_dir: Path, content_dir: Path) -> Dialog:
    """Load and check the dialog in `dialog_dir`, with guidance pages in `content_dir`.

    Raises:
        DialogError: with every problem found, if there is any.
    """
    dialog, problems = check_dialog(dialog_dir, content_dir)
    if problems or dialog is None:
        raise DialogError(problems)
    return dialog


def check_dialog(dialog_dir: Path, content_dir: Path) -> tuple[Dialog | None, list[Problem]]:
    """Load the dialog in `dialog_dir` and return it (if it could be built) and its problems."""
    out = Collector()
    if not dialog_dir.is_dir():
        out.add(dialog_dir, "no such folder")
        return None, out.problems
    files = sorted(dialog_dir.glob("*.toml"))
    if not files:
        out.add(dialog_dir, "no dialog files (*.toml) in this folder")
        return None, out.problems
    sources = [s for s in (_read(path, out) for path in files) if s is not None]
    for source in sources:
        check_markup(source, out)
    dialog = _assemble(sources, out)
    if dialog is not None:
        check_references(dialog, sources, content_dir, out)
        check_rules(dialog, sources, out)
        if not out.problems:  # paths mean little while ids clash or targets are missing
            check_paths(dialog, sources, out)
            check_loops(dialog, sources, out)
    problems = sorted(out.problems, key=lambda p: (str(p.file), p.line or 0))
    return (dialog if not problems else None), problems


def _read(path: Path, out: Collector) -> Source | None:
    try:
        text = read_text(path, MAX_DIALOG_FILE_BYTES)
    except UnreadableFile as error:
        reason = error.reason
        out.add(path, reason if reason.startswith("cannot") else f"cannot be read: it {reason}")
        return None
    except OSError as error:
        out.add(path, f"cannot be read: {error.strerror or error}")
        return None
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib parses nested arrays and tables by recursion
        out.add(path, "not valid TOML: arrays or tables are nested too deep")
        return None
    except tomllib.TOMLDecodeError as error:
        # Python 3.11 gives the position only inside the message: "... (at line 8, column 15)".
        found = re.search(r"\(at line (\d+), column \d+\)$", str(error))
        message = str(error)[: found.start()].strip() if found else str(error)
        line = int(found.group(1)) if found else None
        out.problems.append(Problem(path, f"not valid TOML: {message}", line))
        return None
    locator = TomlLocator(text)
    try:
        parsed = DialogFile.model_validate(data)
    except RecursionError:
        out.add(path, "arrays or tables are nested too deep")
        return None
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            step = _step_id_at(data, loc)
            out.problems.append(
                Problem(path, _describe(loc, item["msg"], item["type"]), locator.line_of(loc), step)
            )
        return None
    return Source(path, locator, parsed)


def _step_id_at(data: dict[str, Any], loc: tuple[str | int, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "step" and isinstance(loc[1], int):
        steps = data.get("step")
        if isinstance(steps, list) and loc[1] < len(steps) and isinstance(steps[loc[1]], dict):
            step_id = steps[loc[1]].get("id")
            return step_id if isinstance(step_id, str) else None
    return None


def _describe(loc: tuple[str | int, ...], message: str, kind: str) -> str:
    where = ".".join(str(part) for part in loc if not str(part).startswith("function-after"))
    if kind == "extra_forbidden":
        return f"unknown key `{loc[-1]}`"
    if kind == "missing":
        return f"`{loc[-1]}` is missing" if loc else "a required key is missing"
    message = message.removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def _assemble(sources: list[Source], out: Collector) -> Dialog | None:
    metas = [(s, s.parsed.dialog) for s in sources if s.parsed.dialog is not None]
    if not metas:
        out.add(sources[0].path.parent if sources else Path("."), "no file declares `[dialog]`")
    for source, _ in metas[1:]:
        out.add(
            source, f"`[dialog]` is declared again (first in {metas[0][0].path.name})", ("dialog",)
        )
    phases: dict[str, tuple[Source, Phase]] = {}
    seen_steps: dict[str, Source] = {}
    rules: list[FormalityRule] = []
    for source in sources:
        parsed = source.parsed
        rules.extend(parsed.rule)
        if parsed.phase is None:
            if parsed.step:
                out.add(source, "steps need a `[phase]` in the same file", ("step", 0))
            continue
        if parsed.phase.id in phases:
            out.add(source, f"phase `{parsed.phase.id}` is declared twice", ("phase", "id"))
            continue
        for index, step in enumerate(parsed.step):
            if step.id in seen_steps:
                out.add(
                    source,
                    f"duplicate step id (first in {seen_steps[step.id].path.name})",
                    ("step", index, "id"),
                    step.id,
                )
            seen_steps[step.id] = source
            if step.phase != parsed.phase.id:
                out.add(
                    source,
                    f"step id must start with its phase, `{parsed.phase.id}.`",
                    ("step", index, "id"),
                    step.id,
                )
        if not parsed.step:
            out.add(
                source,
                f"phase `{parsed.phase.id}` has no steps: add a `[[step]]` or remove the phase",
                ("phase", "id"),
            )
        phase = Phase(**parsed.phase.model_dump(), steps=list(parsed.step))
        phases[phase.id] = (source, phase)
    if not metas:
        return None
    meta_source, meta = metas[0]
    assert meta is not None
    ordered = _order_phases(meta, meta_source, phases, out)
    if not ordered or not any(p.steps for p in ordered):
        out.add(meta_source, "the dialog has no steps", ("dialog", "phases"))
        return None
    return Dialog(meta=meta, phases=ordered, rules=rules)


def _order_phases(
    meta: DialogMeta,
    meta_source: Source,
    phases: dict[str, tuple[Source, Phase]],
    out: Collector,
) -> list[Phase]:
    for phase_id in meta.phases:
        if phase_id not in phases:
            out.add(
                meta_source,
                f"phase `{phase_id}` is listed but no file declares it",
                ("dialog", "phases"),
            )
    for phase_id, (source, _) in phases.items():
        if phase_id not in meta.phases:
            out.add(
                source, f"phase `{phase_id}` is not listed in `[dialog] phases`", ("phase", "id")
            )
    return [phases[p][1] for p in meta.phases if p in phases]
