"""The conversation's flow as a Mermaid state diagram, for people to read.

Drawn from the same exits (`dialog.flow.exits`) and conditions the state machine is
built from, so the picture cannot drift from what the engine does. States are labeled
with the phases' and steps' titles; conditions are worded with the steps' titles and
the choices' labels. A character that Mermaid would read as syntax (a quote, a
semicolon, an angle bracket, an ampersand) is drawn as a look-alike, so a title can
neither break the diagram nor put markup in it. Checked by rendering with Mermaid 11.
"""

from __future__ import annotations

import json

from .flow import exit_conditions, exits
from .model import END, Condition, Dialog, choices_of

_LOOK_ALIKES = {
    '"': "”",  # would end a state's quoted label
    ";": "﹔",  # would end the statement
    "<": "＜",  # would start HTML, which Mermaid strips or renders
    ">": "＞",
    "&": "＆",  # would be shown escaped (&amp;)
}
"""Characters Mermaid reads as syntax in a label, and the look-alikes drawn instead.

Mermaid's `#…;` entity codes are not decoded in state diagram labels (Mermaid 11 draws
them as placeholders), so a look-alike is the way to show the character as text."""


def text(value: str) -> str:
    """`value` as Mermaid label text: on one line, with no character read as syntax."""
    flat = " ".join(value.split())
    return "".join(_LOOK_ALIKES.get(char, char) for char in flat)


def state_id(step_or_phase: str) -> str:
    """A Mermaid state id for a step or phase id: no dots or dashes (`formality__risk`)."""
    return step_or_phase.replace(".", "__").replace("-", "_")


def _choice(dialog: Dialog, step_id: str, value: str) -> str:
    step = dialog.step(step_id)
    label = next((c.label for c in choices_of(step) if c.value == value), value)
    return label.split(":", 1)[0].strip()  # the label's head: "Stop here", not the sentence


def condition_text(dialog: Dialog, condition: Condition) -> str:
    """A condition in words, with the step's title and the choices' labels."""
    if condition.level is not None:
        return "level is " + " or ".join(condition.level)
    if condition.chosen_differs is not None:
        relation = "differs from" if condition.chosen_differs else "is"
        return f"chosen level {relation} the recommended"
    if condition.any is not None:
        return "(" + " or ".join(condition_text(dialog, c) for c in condition.any) + ")"
    assert condition.step is not None  # the model guarantees a subject
    title = dialog.step(condition.step).title
    if condition.equals is not None:
        return f"{title} = {_choice(dialog, condition.step, condition.equals)}"
    if condition.not_equals is not None:
        return f"{title} ≠ {_choice(dialog, condition.step, condition.not_equals)}"
    if condition.any_of is not None:
        values = "/".join(_choice(dialog, condition.step, v) for v in condition.any_of)
        return f"{title} = {values}"
    if condition.includes is not None:
        return f"{title} includes {_choice(dialog, condition.step, condition.includes)}"
    return f"{title} {'answered' if condition.answered else 'not answered'}"


def _head(dialog: Dialog) -> list[str]:
    title = json.dumps(f"{dialog.meta.title} {dialog.meta.version}", ensure_ascii=False)
    return ["---", f"title: {title}", "---", "stateDiagram-v2"]


def _arrow(source: str, dest: str, label: str = "") -> str:
    return f"  {source} --> {dest}" + (f": {text(label)}" if label else "")


def phase_diagram(dialog: Dialog) -> str:
    """The phases as states, and every way from one phase to another.

    A move within the conversation's order is drawn plain; a branch (a step that
    leads elsewhere when its conditions hold, such as stopping early) is drawn with
    its conditions.
    """
    lines = _head(dialog)
    phase_of = {step.id: step.phase for step in dialog.steps}
    for phase in dialog.phases:
        lines.append(f'  state "{text(phase.title)}" as {state_id(phase.id)}')
    lines.append(f"  [*] --> {state_id(phase_of[dialog.steps[0].id])}")
    edges: list[tuple[str, str, str]] = []
    for step in dialog.steps:
        for exit_ in exits(dialog, step):
            source = step.phase
            dest = phase_of.get(exit_.dest, END)
            if dest == source:
                continue
            label = " and ".join(condition_text(dialog, c) for c in exit_.when)
            edge = (source, dest, label)
            if edge not in edges:
                edges.append(edge)
    for source, dest, label in edges:
        target = "[*]" if dest == END else state_id(dest)
        lines.append(_arrow(state_id(source), target, label))
    return "\n".join(lines) + "\n"


def step_diagram(dialog: Dialog) -> str:
    """Every step as a state labeled with its title, and every exit with its conditions.

    An exit to a step that applies only under conditions carries them.
    """
    lines = _head(dialog)
    for step in dialog.steps:
        lines.append(f'  state "{text(step.title)}" as {state_id(step.id)}')
    lines.append(f"  [*] --> {state_id(dialog.steps[0].id)}")
    for step in dialog.steps:
        for exit_ in exits(dialog, step):
            conditions = exit_conditions(dialog, exit_)
            label = " and ".join(condition_text(dialog, c) for c in conditions)
            target = "[*]" if exit_.dest == END else state_id(exit_.dest)
            lines.append(_arrow(state_id(step.id), target, label))
    return "\n".join(lines) + "\n"
