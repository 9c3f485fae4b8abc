"""The cached path (`engine.path`) is always the path a full walk of the machine finds.

Random moves (answers with random choices, back, going back to an earlier question,
parking, skipping, moving forward again) on the shipped dialog and on a synthetic one
with branches, follow-ups and pages that apply only at one level; after each move,
and after several at once, `Conversation.path()` must equal `Conversation.walk_path()`.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from synthetic import answers_for, write_synthetic

from srs_advisor.dialog import Dialog, load_dialog
from srs_advisor.dialog.model import Step, choices_of
from srs_advisor.engine.answers import AnswerError
from srs_advisor.engine.conversation import Conversation, EngineError


def random_answer(rng: random.Random, step: Step, known: dict[str, Any]) -> Any:
    """A value that fits `step`: a random choice, or the answer the files give."""
    choices = [c.value for c in choices_of(step)]
    if step.kind in ("choice", "yes-no", "level"):
        return rng.choice(choices)
    if step.kind == "multi-choice":
        return rng.sample(choices, rng.randint(1, len(choices)))
    if step.id in known:
        return known[step.id]
    if step.kind in ("text", "long-text"):
        return rng.choice(["yes", "Some words.", "Other words."])
    return None


def random_moves(dialog: Dialog, known: dict[str, Any], seed: int, moves: int) -> None:
    rng = random.Random(seed)
    conversation = Conversation(dialog)
    for n in range(moves):
        step = conversation.current
        roll = rng.random()
        try:
            if step is None or roll < 0.08:
                if conversation.history:
                    conversation.go_to(rng.choice(conversation.history))
            elif roll < 0.14:
                if conversation.history:
                    conversation.back()
            elif roll < 0.22 and step.kind != "info":
                conversation.park()
            elif roll < 0.30 and not step.required:
                conversation.skip()
            elif roll < 0.36 and conversation.returning:
                conversation.forward()
            elif roll < 0.40 and conversation.session.answers:
                # Changed behind the conversation's back (as a test or a tool might).
                changed = rng.choice(sorted(conversation.session.answers))
                value = random_answer(rng, dialog.step(changed), known)
                if value is not None:
                    conversation.session.answers[changed] = value
            else:
                value = random_answer(rng, step, known)
                if step.kind != "info" and value is None:
                    conversation.skip()
                else:
                    conversation.answer(value)
        except (AnswerError, EngineError):
            continue
        if rng.random() < 0.7 or n == moves - 1:  # else several changes pile up first
            assert conversation.path() == conversation.walk_path(), (seed, n)


@pytest.mark.parametrize("seed", range(12))
def test_the_cached_path_is_a_full_walk_on_the_shipped_dialog(
    dialog: Dialog, example_answers: dict[str, Any], seed: int
) -> None:
    random_moves(dialog, example_answers, seed, moves=150)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Dialog:
    folder: Path = tmp_path_factory.mktemp("synthetic")
    return load_dialog(*write_synthetic(folder, 120))


@pytest.mark.parametrize("seed", range(12))
def test_the_cached_path_is_a_full_walk_on_a_synthetic_dialog(synthetic: Dialog, seed: int) -> None:
    random_moves(synthetic, answers_for(synthetic), seed, moves=250)


def test_changing_a_formality_factor_changes_the_pages_that_depend_on_the_level(
    synthetic: Dialog,
) -> None:
    conversation = Conversation(synthetic)
    answers = answers_for(synthetic, formal=True)
    while (step := conversation.current) is not None:
        conversation.answer(answers.get(step.id))
    formal_pages = [s for s in conversation.path() if s.endswith(("s5", "s13"))]
    assert formal_pages == ["p000.s5", "p000.s13"]
    conversation.go_to("p000.factor0")
    conversation.answer("low")  # the level comes down: the formal pages leave the path
    path = conversation.path()
    assert path == conversation.walk_path()
    assert not [s for s in path if synthetic.step(s).when and "Formal" in synthetic.step(s).title]
