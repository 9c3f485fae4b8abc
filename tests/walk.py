"""Walk a conversation with the engine, as a test's starting point."""

from __future__ import annotations

from typing import Any

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
