"""Load a dialog folder, check it, and report every problem at once.

The schema (pydantic) catches malformed files; the checks here catch what a schema
cannot: references to steps or guidance pages that do not exist, duplicate ids,
steps that no path reaches and paths that never reach the end. Each problem names
the file, the line where one can be had, and the step. Loading never raises
anything but `DialogError`, which carries the whole list.
"""

from __future__ import annotations

import re
import tomllib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .flow import exits
from .locate import TomlLocator
from .model import (
    CHOICE_KINDS,
    END,
    Condition,
    Dialog,
    DialogFile,
    DialogMeta,
    FormalityRule,
    Phase,
    Step,
    choices_of,
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dialog folder."""

    file: Path
    message: str
    line: int | None = None
    step: str | None = None

    def __str__(self) -> str:
        try:
            shown = self.file.resolve().relative_to(Path.cwd())
        except ValueError:
            shown = self.file
        where = f"{shown}:{self.line}" if self.line else str(shown)
        return f"{where}: [{self.step}] {self.message}" if self.step else f"{where}: {self.message}"


class DialogError(Exception):
    """The dialog folder could not be loaded; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class _Source:
    """A loaded file, kept to locate problems in it."""

    path: Path
    locator: TomlLocator
    parsed: DialogFile


@dataclass
class _Collector:
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        source: _Source | Path,
        message: str,
        loc: tuple[str | int, ...] = (),
        step: str | None = None,
    ) -> None:
        if isinstance(source, Path):
            self.problems.append(Problem(source, message, None, step))
        else:
            line = source.locator.line_of(loc) if loc else None
            self.problems.append(Problem(source.path, message, line, step))


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
    out = _Collector()
    if not dialog_dir.is_dir():
        out.add(dialog_dir, "no such folder")
        return None, out.problems
    files = sorted(dialog_dir.glob("*.toml"))
    if not files:
        out.add(dialog_dir, "no dialog files (*.toml) in this folder")
        return None, out.problems
    sources = [s for s in (_read(path, out) for path in files) if s is not None]
    dialog = _assemble(sources, out)
    if dialog is not None:
        _check_references(dialog, sources, content_dir, out)
        if not out.problems:  # paths mean little while ids clash or targets are missing
            _check_paths(dialog, sources, out)
    problems = sorted(out.problems, key=lambda p: (str(p.file), p.line or 0))
    return (dialog if not problems else None), problems


def _read(path: Path, out: _Collector) -> _Source | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        out.add(path, f"cannot be read: {error}")
        return None
    try:
        data = tomllib.loads(text)
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
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            step = _step_id_at(data, loc)
            out.problems.append(
                Problem(path, _describe(loc, item["msg"], item["type"]), locator.line_of(loc), step)
            )
        return None
    return _Source(path, locator, parsed)


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


def _assemble(sources: list[_Source], out: _Collector) -> Dialog | None:
    metas = [(s, s.parsed.dialog) for s in sources if s.parsed.dialog is not None]
    if not metas:
        out.add(sources[0].path.parent if sources else Path("."), "no file declares `[dialog]`")
    for source, _ in metas[1:]:
        out.add(
            source, f"`[dialog]` is declared again (first in {metas[0][0].path.name})", ("dialog",)
        )
    phases: dict[str, tuple[_Source, Phase]] = {}
    seen_steps: dict[str, _Source] = {}
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
    meta_source: _Source,
    phases: dict[str, tuple[_Source, Phase]],
    out: _Collector,
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


def _step_loc(sources: list[_Source], step_id: str) -> tuple[_Source, tuple[str | int, ...]]:
    for source in sources:
        for index, step in enumerate(source.parsed.step):
            if step.id == step_id:
                return source, ("step", index)
    raise KeyError(step_id)


def _check_references(
    dialog: Dialog, sources: list[_Source], content_dir: Path, out: _Collector
) -> None:
    order = {step.id: n for n, step in enumerate(dialog.steps)}
    partners_at = min((order[s.id] for s in dialog.steps if s.kind == "partners"), default=None)
    pages_checked: dict[str, str | None] = {}
    for step in dialog.steps:
        source, loc = _step_loc(sources, step.id)

        def report(message: str, key: str | int, *more: str | int, _s: Step = step) -> None:
            out.add(source, message, (*loc, key, *more), _s.id)  # noqa: B023 - used at once

        for target, key in _targets(step):
            if target != END and target not in order:
                report(f"leads to unknown step `{target}`", *key)
        for condition, key in _conditions(step):
            # Branches and checks come after the step is answered: they may test the step.
            position = order[step.id] + (1 if key[0] in ("branches", "checks") else 0)
            _check_condition(dialog, condition, order, position, lambda m, k=key: report(m, *k))
        pages: list[tuple[str, tuple[str | int, ...]]] = [(step.guidance, ("guidance",))]
        pages += [
            (variant.page, ("guidance_variants", n, "page"))
            for n, variant in enumerate(step.guidance_variants)
        ]
        for page, key in pages:
            if page not in pages_checked:
                pages_checked[page] = _check_page(content_dir, page)
            if pages_checked[page]:
                report(f"guidance page `{page}` {pages_checked[page]}", *key)
        if step.kind == "per-partner" and (partners_at is None or partners_at > order[step.id]):
            report("a `per-partner` step needs a `partners` step before it", "kind")
        allowed = {c.value for c in choices_of(step)}
        for n, prefill in enumerate(step.prefill):
            if prefill.value not in allowed:
                report(
                    f"prefill value `{prefill.value}` is not one of the step's choices",
                    "prefill",
                    n,
                    "value",
                )
    recorders = [s for s in dialog.steps if s.records == "level_reason"]
    for step in recorders[1:]:
        source, loc = _step_loc(sources, step.id)
        out.add(source, "another step already records `level_reason`", (*loc, "records"), step.id)
    for n, reask in enumerate(dialog.meta.reask):
        meta_source = next(s for s in sources if s.parsed.dialog is not None)
        for k, step_id in enumerate(reask.steps):
            if step_id not in order:
                out.add(
                    meta_source,
                    f"reask: unknown step `{step_id}`",
                    ("dialog", "reask", n, "steps", k),
                )
    for source in sources:
        for index, rule in enumerate(source.parsed.rule):
            for n, condition in enumerate(rule.when):
                _check_condition(
                    dialog,
                    condition,
                    order,
                    len(order),
                    lambda m, i=index, k=n, s=source: out.add(
                        s, f"rule: {m}", ("rule", i, "when", k)
                    ),
                )


def _targets(step: Step) -> Iterable[tuple[str, tuple[str | int, ...]]]:
    for n, branch in enumerate(step.branches):
        yield branch.to, ("branches", n, "to")
    if step.next is not None:
        yield step.next, ("next",)


def _conditions(step: Step) -> Iterable[tuple[Condition, tuple[str | int, ...]]]:
    for n, condition in enumerate(step.when):
        yield condition, ("when", n)
    parts: dict[str, list[list[Condition]]] = {
        "branches": [branch.when for branch in step.branches],
        "guidance_variants": [variant.when for variant in step.guidance_variants],
        "prefill": [prefill.when for prefill in step.prefill],
        "checks": [check.when for check in step.checks],
    }
    for key, lists in parts.items():
        for n, conditions in enumerate(lists):
            for k, condition in enumerate(conditions):
                yield condition, (key, n, "when", k)


def _check_condition(
    dialog: Dialog, condition: Condition, order: dict[str, int], position: int, report: Any
) -> None:
    if condition.any is not None:
        for inner in condition.any:
            _check_condition(dialog, inner, order, position, report)
        return
    if condition.step is None:
        return
    if condition.step not in order:
        report(f"condition on unknown step `{condition.step}`")
        return
    if order[condition.step] >= position:
        report(f"condition on `{condition.step}`, which is not asked before this point")
    target = dialog.step(condition.step)
    if target.kind in CHOICE_KINDS:
        allowed = {c.value for c in choices_of(target)}
        values = [v for v in (condition.equals, condition.not_equals, condition.includes) if v]
        values += condition.any_of or []
        for value in values:
            if value not in allowed:
                report(f"condition value `{value}` is not a choice of `{condition.step}`")


def _check_page(content_dir: Path, page: str) -> str | None:
    """Why the guidance page cannot be shown, or None if it can."""
    path = content_dir / page
    if Path(page).is_absolute() or ".." in Path(page).parts:
        return "must be a file name inside the content folder"
    if not path.is_file():
        return f"does not exist in {content_dir}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot be read: {error}"
    if not any(line.startswith("Source:") for line in text.splitlines()):
        return "does not name its source (a line starting `Source:`)"
    return None


def _check_paths(dialog: Dialog, sources: list[_Source], out: _Collector) -> None:
    graph = {step.id: [e.dest for e in exits(dialog, step)] for step in dialog.steps}
    first = dialog.steps[0].id
    reached = {first}
    queue = deque([first])
    while queue:
        for dest in graph.get(queue.popleft(), []):
            if dest not in reached:
                reached.add(dest)
                queue.append(dest)
    reverse: dict[str, set[str]] = {}
    for source_id, dests in graph.items():
        for dest in dests:
            reverse.setdefault(dest, set()).add(source_id)
    finishing = {END}
    queue = deque([END])
    while queue:
        for before in reverse.get(queue.popleft(), set()):
            if before not in finishing:
                finishing.add(before)
                queue.append(before)
    for step in dialog.steps:
        source, loc = _step_loc(sources, step.id)
        if step.id not in reached:
            out.add(source, "no path reaches this step", (*loc, "id"), step.id)
        elif step.id not in finishing:
            out.add(source, "no path from this step reaches the end", (*loc, "id"), step.id)
