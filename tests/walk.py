"""Walk a conversation with the engine, as a test's starting point."""

from __future__ import annotations

from typing import Any

from srs_advisor.dialog import choices_of
from srs_advisor.engine.conversation import Conversation


def walk_to(conversation: Conversation, step_id: str, answers: dict[str, Any]) -> Conversation:
    """Answer (or skip) steps until `step_id` is current; return the conversation."""
    while (step := conversation.current) is not None and step.id != step_id:
        if step.kind == "info":
            conversation.answer()
        elif step.id in answers:
            conversation.answer(answers[step.id])
        else:
            conversation.skip()
    assert conversation.current is not None and conversation.current.id == step_id
    return conversation


def walk_past_required(
    conversation: Conversation, step_id: str, answers: dict[str, Any]
) -> Conversation:
    """`walk_to`, giving each required choice not in `answers` its first choice.

    For tests that need a step late in the dialog whatever its factors are.
    """
    while (step := conversation.current) is not None and step.id != step_id:
        if step.kind == "info":
            conversation.answer()
        elif step.id in answers:
            conversation.answer(answers[step.id])
        elif step.required and step.kind == "choice":
            conversation.answer(choices_of(step)[0].value)
        else:
            conversation.skip()
    assert conversation.current is not None and conversation.current.id == step_id
    return conversation
