"""The subcommands about the dialog itself: `check`, `questions` and `graph`.

They load the dialog files only: no engine, no session.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..dialog import Dialog, check_dialog, choices_of
from ..terminal import safe
from .common import dialog_folders, load


def cmd_check(args: argparse.Namespace) -> int:
    """Check a dialog folder; print every problem, or a one-line summary."""
    dialog_dir, pages = dialog_folders(args, args.dir)
    dialog, problems = check_dialog(dialog_dir, pages)
    if problems or dialog is None:
        for problem in problems:
            print(safe(str(problem)))  # a file's text: its escape sequences are not run
        print(safe(f"{_count(len(problems), 'problem')} found in {dialog_dir}."))
        return 1
    used = {s.guidance for s in dialog.steps} | {
        v.page for s in dialog.steps for v in s.guidance_variants
    }
    counts = ", ".join(
        _count(n, noun)
        for n, noun in (
            (len(dialog.phases), "phase"),
            (len(dialog.steps), "step"),
            (len(dialog.rules), "formality rule"),
            (len(used), "guidance page"),
        )
    )
    print(safe(f"OK: {dialog.meta.title} {dialog.meta.version}: {counts} ({dialog_dir})."))
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def questions_data(dialog: Dialog) -> list[dict[str, Any]]:
    """Every step as `questions --json` prints it."""
    data = []
    for step in dialog.steps:
        if step.kind == "partners":
            choices = [{"value": s.value, "label": s.label} for s in dialog.meta.sectors]
        else:
            choices = [{"value": c.value, "label": c.label} for c in choices_of(step)]
        item: dict[str, Any] = {
            "id": step.id,
            "phase": step.phase,
            "kind": step.kind,
            "title": step.title,
            "prompt": step.prompt,
            "choices": choices,
            "required": step.required,
        }
        if step.kind == "form":
            item["fields"] = [{"key": f.key, "label": f.label} for f in step.fields]
        data.append(item)
    return data


def cmd_questions(args: argparse.Namespace) -> int:
    """List the questions, as text or JSON."""
    dialog = load(args)
    data = questions_data(dialog)
    if args.json:
        import json

        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    for phase in dialog.phases:
        print(safe(f"{phase.title}: {phase.summary}"))
        for item in data:
            if item["phase"] != phase.id:
                continue
            need = ", required" if item["required"] else ""
            print(safe(f"  {item['id']} ({item['kind']}{need}): {item['prompt']}"))
            for choice in item["choices"]:
                print(safe(f"      {choice['value']}: {choice['label']}"))
            for field in item.get("fields", []):
                print(safe(f"      {field['key']}: {field['label']} (a field)"))
        print()
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    """Print the flow as a Mermaid state diagram: the phases, or every step (`--steps`)."""
    from ..dialog.graph import phase_diagram, step_diagram

    dialog = load(args)
    print(step_diagram(dialog) if args.steps else phase_diagram(dialog), end="")
    return 0
