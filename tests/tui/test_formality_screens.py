"""The formality screens: where a factor starts, contradictions, the recommendation, the reason."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from keys import chat_says, type_text, until
from textual.widgets import OptionList
from walk import walk_to

from srs_advisor.dialog import Dialog
from srs_advisor.engine.conversation import Conversation
from srs_advisor.resources import content_dir
from srs_advisor.store.keeper import keep
from srs_advisor.tui.app import AdvisorApp
from srs_advisor.tui.widgets.recommendation import RecommendationView

PARTNERS = [{"name": "County Health", "sector": "public-health"}]
HANDSHAKE = tomllib.loads(
    (Path(__file__).parent.parent / "data" / "handshake.toml").read_text(encoding="utf-8")
)


def app_at(dialog: Dialog, folder: Path, step_id: str, answers: dict[str, Any]) -> AdvisorApp:
    given = {"welcome.partners": PARTNERS, **HANDSHAKE, **answers}
    conversation = walk_to(keep(Conversation(dialog), folder), step_id, given)
    return AdvisorApp(dialog, content_dir(), folder, conversation)


def text_of(app: AdvisorApp, selector: str) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(selector))


async def ready(pilot: Any) -> None:
    await until(pilot, lambda: isinstance(pilot.app.focused, OptionList))


async def test_a_factor_starts_from_the_earlier_answer_and_says_so(
    dialog: Dialog, tmp_path: Path
) -> None:
    app = app_at(dialog, tmp_path, "formality.money", {"purpose.resources": ["funding"]})
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.highlighted_option is not None
        assert choices.highlighted_option.id == "payment"
        assert "funding would be shared" in text_of(app, "#hint")
        await pilot.press("enter")  # taking the starting answer is one key
        await pilot.pause()
    saved = json.loads((tmp_path / "session.json").read_text())
    assert saved["answers"]["formality.money"] == "payment"


async def test_a_contradiction_shows_in_the_chat_and_on_the_recommendation(
    dialog: Dialog, tmp_path: Path
) -> None:
    app = app_at(dialog, tmp_path, "formality.data", {"purpose.resources": ["data"]})
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("home", "enter")  # "None: no data is shared"
        notes = lambda: "\n".join(chat_says(app, "stale"))  # noqa: E731
        await until(pilot, lambda: "Check: In purpose you said data" in notes())
        await until(pilot, lambda: "legal duties" in text_of(app, "#prompt"))
        await pilot.press("end", "enter")  # legal duties: no
        await until(pilot, lambda: "change the way" in text_of(app, "#prompt"))
        await pilot.press("home", "enter")  # operations: none
        await until(pilot, lambda: "government body" in text_of(app, "#prompt"))
        assert "every partner is a public health agency" in text_of(app, "#hint")
        await pilot.press("enter")  # parties: government, as the partner list settles it
        await until(pilot, lambda: bool(app.screen.query(RecommendationView)))
        shown = text_of(app, "RecommendationView Static")
        assert "Answers to check:" in shown
        assert "In purpose you said data would be shared" in shown


async def test_the_recommendation_shows_reasons_sources_and_what_would_lower_it(
    dialog: Dialog, tmp_path: Path
) -> None:
    app = app_at(dialog, tmp_path, "formality.level", {"formality.operations": "coordination"})
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        shown = text_of(app, "RecommendationView Static")
        assert "Recommended: Semi-formal, because:" in shown
        assert "• The partners will coordinate schedules, referrals or procedures" in shown
        assert 'The tip sheet calls semi-formal agreements "Useful when roles or' in shown
        assert "the advisor's own inference" in shown
        assert (
            "Between Informal and Semi-formal: Semi-formal, or Informal if Operations: none "
            "instead of coordination." in " ".join(shown.split())
        )
        assert "It would come down to Informal if this answer changed:" in shown
        assert "• Operations: none instead of coordination" in shown


async def test_choosing_another_level_asks_why_and_saves_the_reason(
    dialog: Dialog, tmp_path: Path
) -> None:
    app = app_at(dialog, tmp_path, "formality.level", {})
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("end", "enter")  # Formal, where Informal is recommended
        await until(pilot, lambda: "Why?" in text_of(app, "#prompt"))
        await type_text(pilot, "Our board [policy] asks for contracts.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Step 1" in text_of(app, "#prompt"))
    saved = json.loads((tmp_path / "session.json").read_text())
    assert saved["chosen_level"] == "formal"
    assert saved["level_reason"] == "Our board [policy] asks for contracts."
    assert saved["recommendation"]["level"] == "informal"


async def test_a_parked_factor_offers_the_way_to_it(dialog: Dialog, tmp_path: Path) -> None:
    given = {"welcome.partners": PARTNERS, **HANDSHAKE}
    conversation = keep(Conversation(dialog), tmp_path)
    walk_to(conversation, "formality.trust", given)
    conversation.park()
    walk_to(conversation, "formality.level", given)
    app = AdvisorApp(dialog, content_dir(), tmp_path, conversation)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        shown = text_of(app, "RecommendationView Static")
        assert (
            "Informal from the answers given; trust can only raise it, up to Semi-formal." in shown
        )
        assert "The full recommendation, with its reasons, comes once trust is answered." in shown
        button = app.screen.query_one("RecommendationView Button")
        await until(pilot, lambda: button.region.area > 0 and app.screen.is_active)
        await pilot.pause()
        await pilot.click("RecommendationView Button")
        await until(pilot, lambda: "already established" in text_of(app, "#prompt"))
        assert conversation.current is not None and conversation.current.id == "formality.trust"
        await pilot.press("home", "enter")  # established: then back to the choice
        await until(pilot, lambda: bool(app.screen.query(RecommendationView)))
        assert "Recommended: Informal" in text_of(app, "RecommendationView Static")
