"""What a schema cannot check: that the dialog's parts fit together.

References to steps or guidance pages that do not exist, conditions on steps not
yet asked or on values a step cannot have, steps that no path reaches, paths that
never reach the end, loops, and a `level` step with no rules. Each check adds to
the loader's `Collector`, naming the file, the line and the step.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..files import UnreadableFile, read_text
from .flow import exits
from .model import CHOICE_KINDS, END, Condition, Dialog, Step, choices_of
from .problems import Collector, Source

MAX_PAGE_BYTES = 200_000
"""The largest guidance page read; a page is read aloud at a meeting, not skimmed."""


def _step_loc(sources: list[Source], step_id: str) -> tuple[Source, tuple[str | int, ...]]:
    for source in sources:
        for index, step in enumerate(source.parsed.step):
            if step.id == step_id:
                return source, ("step", index)
    raise KeyError(step_id)


def check_references(
    dialog: Dialog, sources: list[Source], content_dir: Path, out: Collector
) -> None:
    """Report references to unknown steps and pages, and conditions that cannot hold."""
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
        if step.readiness is not None and step.kind in CHOICE_KINDS:
            for n, value in enumerate(step.readiness.gap_when):
                if value not in allowed:
                    report(
                        f"gap_when value `{value}` is not one of the step's choices: the gap "
                        "would never be recorded",
                        "readiness",
                        "gap_when",
                        n,
                    )
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
    never = _never_holds(condition, target)
    if never is not None:
        report(never)
        return
    if target.kind in CHOICE_KINDS:
        allowed = {c.value for c in choices_of(target)}
        values = [v for v in (condition.equals, condition.not_equals, condition.includes) if v]
        values += condition.any_of or []
        for value in values:
            if value not in allowed:
                report(f"condition value `{value}` is not a choice of `{condition.step}`")


TEXT_ANSWER_KINDS = frozenset({"text", "long-text", "choice", "yes-no", "level"})
"""The kinds of step whose answer is one piece of text, which `equals` and `any_of` test."""


def _never_holds(condition: Condition, target: Step) -> str | None:
    """Why a test on `target`'s answer can never hold (the path would silently pass it)."""
    kind = target.kind
    if condition.any_of is not None and not condition.any_of:
        return f"`any_of = []` on `{target.id}` can never hold: give at least one value"
    if condition.includes is not None and kind != "multi-choice":
        return (
            f"`includes` on `{target.id}` can never hold: it is a `{kind}` step, and only a "
            "`multi-choice` answer is a list of choices (use `equals` or `any_of`)"
        )
    for test in ("equals", "any_of"):
        if getattr(condition, test) is not None and kind not in TEXT_ANSWER_KINDS:
            hint = " (use `includes`)" if kind == "multi-choice" else ""
            return (
                f"`{test}` on `{target.id}` can never hold: a `{kind}` step's answer is not "
                f"one piece of text{hint}"
            )
    return None


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


def check_paths(dialog: Dialog, sources: list[Source], out: Collector) -> None:
    """Report the steps no path reaches and those from which no path reaches the end."""
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


def check_rules(dialog: Dialog, sources: list[Source], out: Collector) -> None:
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


def check_loops(dialog: Dialog, sources: list[Source], out: Collector) -> None:
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
