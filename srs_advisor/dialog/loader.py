"""Load a dialog folder, check it, and report every problem at once.

The schema (pydantic) catches malformed files; the checks here catch what a schema
cannot: references to steps or guidance pages that do not exist, duplicate ids,
steps that no path reaches, paths that never reach the end, loops, phases with no
steps, a `level` step with no rules, and markup in text (all text is shown as typed,
so `[b]` would show as is). Each problem names the file, the line where one can be
had, and the step. Loading never raises anything but `DialogError`, which carries
the whole list: a file nested too deep, too large, or not a regular file is a
problem like any other.
"""

from __future__ import annotations

import re
import tomllib
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..files import UnreadableFile, read_text
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

MAX_DIALOG_FILE_BYTES = 1_000_000
"""The largest dialog file read; the shipped ones are under 10 kB."""

MAX_PAGE_BYTES = 200_000
"""The largest guidance page read; a page is read aloud at a meeting, not skimmed."""

_STYLE_WORDS = frozenset(
    "b bold i italic u underline s strike d dim r reverse blink blink2 conceal frame "
    "encircle overline not on link default "
    "black red green yellow blue magenta cyan white grey gray purple orange pink".split()
)
"""Words that open a Rich or Textual style tag: `[bold red]`, `[on blue]`, `[i]`."""

_TAG = re.compile(r"\[([^\[\]\n]{0,80})\]")


def markup_in(text: str) -> str | None:
    """The first Rich or Textual markup tag in `text`, or None if there is none.

    Text is shown as typed (never as markup), so a dialog author's `[b]Note[/b]`
    would show its brackets. A tag is markup when it closes (`[/b]`, `[/]`), runs an
    action or a variable (`[@click=...]`, `[$accent]`), links (`[link=...]`), or its
    words are styles or colors (`[bold red]`, `[#ff0000]`). `[sic]` and
    `[Partner name]` are plain text.
    """
    for match in _TAG.finditer(text):
        inside = match.group(1).strip()
        if not inside:
            continue
        if inside[0] in "/@$" or inside.startswith(("link=", "link ")):
            return match.group(0)
        words = inside.lower().replace("=", " ").split()
        if all(
            w in _STYLE_WORDS
            or w.startswith(("bright_", "color(", "rgb("))
            or (w.startswith("#") and len(w) in (4, 7))
            for w in words
        ):
            return match.group(0)
    return None


_SHOWN_FIELDS = frozenset(
    {
        "title",
        "summary",
        "prompt",
        "hint",
        "label",
        "message",
        "because",
        "advice",
        "factor",
        "reason",
        "source",
        "inference",
        "why",
        "baseline_reason",
        "baseline_source",
        "informal",
        "semi-formal",
        "formal",
        "items",
    }
)
"""The fields of a dialog file whose text a user reads (suggestions are lists of it)."""


def _shown_texts(
    node: object, loc: tuple[str | int, ...] = ()
) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Every text of a dialog file that a user reads, with where it is."""
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            key = info.alias or name
            value = getattr(node, name)
            if key in _SHOWN_FIELDS and isinstance(value, str):
                yield (*loc, key), value
            elif key in _SHOWN_FIELDS and isinstance(value, list):
                for n, item in enumerate(value):
                    if isinstance(item, str):
                        yield (*loc, key, n), item
                    else:
                        yield from _shown_texts(item, (*loc, key, n))
            elif isinstance(value, list):
                for n, item in enumerate(value):
                    yield from _shown_texts(item, (*loc, key, n))
            else:
                yield from _shown_texts(value, (*loc, key))


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
    for source in sources:
        _check_markup(source, out)
    dialog = _assemble(sources, out)
    if dialog is not None:
        _check_references(dialog, sources, content_dir, out)
        _check_rules(dialog, sources, out)
        if not out.problems:  # paths mean little while ids clash or targets are missing
            _check_paths(dialog, sources, out)
            _check_loops(dialog, sources, out)
    problems = sorted(out.problems, key=lambda p: (str(p.file), p.line or 0))
    return (dialog if not problems else None), problems


def _read(path: Path, out: _Collector) -> _Source | None:
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
            elif reask.read_as is not None:
                choices = {c.value for c in choices_of(dialog.step(step_id))}
                if reask.read_as not in choices:
                    out.add(
                        meta_source,
                        f"reask: read_as `{reask.read_as}` is not a choice of `{step_id}`",
                        ("dialog", "reask", n, "read_as"),
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
    for n, extra in enumerate(step.suggestions.also if step.suggestions else []):
        for k, condition in enumerate(extra.when):
            yield condition, ("suggestions", "also", n, "when", k)


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
    sectors = condition.any_sector if condition.any_sector is not None else condition.every_sector
    if sectors is not None:
        if target.kind != "partners":
            report(f"a sector test on `{condition.step}`, which is not a partners step")
        known = {s.value for s in dialog.meta.sectors}
        for sector in sectors:
            if sector not in known:
                report(f"condition sector `{sector}` is not one of the dialog's sectors")
        return
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
    try:
        text = read_text(path, MAX_PAGE_BYTES)
    except FileNotFoundError:
        return f"does not exist in {content_dir}"
    except UnreadableFile as error:
        return error.reason
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
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


def _check_markup(source: _Source, out: _Collector) -> None:
    """Report markup in any text a user reads: it would show as typed, brackets and all."""
    for loc, text in _shown_texts(source.parsed):
        tag = markup_in(text)
        if tag is not None:
            step = None
            if len(loc) >= 2 and loc[0] == "step" and isinstance(loc[1], int):
                step = source.parsed.step[loc[1]].id
            where = ".".join(str(part) for part in loc if not isinstance(part, int))
            out.add(
                source,
                f"{where}: `{tag}` looks like markup, but text is shown as written, "
                "brackets and all: write plain text",
                loc,
                step,
            )


def _check_rules(dialog: Dialog, sources: list[_Source], out: _Collector) -> None:
    """A `level` step, or a condition on the level, needs formality rules to mean anything."""
    if dialog.rules:
        return
    for step in dialog.steps:
        uses = step.kind == "level" or any(
            c.level is not None or c.chosen_differs is not None for c, _ in _conditions(step)
        )
        if uses:
            source, loc = _step_loc(sources, step.id)
            out.add(
                source,
                "this step uses the formality level, but no file has a `[[rule]]`: "
                "is the rules file missing? Without rules every recommendation is informal",
                (*loc, "kind" if step.kind == "level" else "id"),
                step.id,
            )
            return


def _check_loops(dialog: Dialog, sources: list[_Source], out: _Collector) -> None:
    """Report every exit that leads back to a step already on the way to it.

    The engine takes no step twice in one walk: progress and the path stop at a
    step met again, and `replay` refuses it. A loop whose exit is never taken
    would also trap a user for good. So a dialog must not loop at all.
    """
    graph = {step.id: [e.dest for e in exits(dialog, step)] for step in dialog.steps}
    first = dialog.steps[0].id
    on_way: list[str] = [first]
    position = {first: 0}
    done: set[str] = set()
    stack: list[tuple[str, int]] = [(first, 0)]  # iterative: a dialog may be long
    while stack:
        step_id, n = stack[-1]
        dests = graph.get(step_id, [])
        if n == len(dests):
            stack.pop()
            on_way.pop()
            del position[step_id]
            done.add(step_id)
            continue
        stack[-1] = (step_id, n + 1)
        dest = dests[n]
        if dest in position:
            loop = " -> ".join([*on_way[position[dest] :], dest])
            source, loc = _step_loc(sources, step_id)
            step = dialog.step(step_id)
            branch = next((k for k, b in enumerate(step.branches) if b.to == dest), None)
            key: tuple[str | int, ...] = (
                ("branches", branch, "to")
                if branch is not None
                else ("next",)
                if step.next == dest
                else ("id",)
            )
            out.add(
                source,
                f"leads back to `{dest}` ({loop}): a dialog must not loop; the "
                "conversation would meet a step twice (progress and `replay` stop there)",
                (*loc, *key),
                step_id,
            )
        elif dest not in done and dest in graph:
            position[dest] = len(on_way)
            on_way.append(dest)
            stack.append((dest, 0))
