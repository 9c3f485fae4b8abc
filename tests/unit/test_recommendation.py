"""The formality recommendation, for every example in the tip sheet and for combinations."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from srs_advisor.dialog import Dialog
from srs_advisor.engine.recommendation import recommend

HANDSHAKE = tomllib.loads(
    (Path(__file__).parent.parent / "data" / "handshake.toml").read_text(encoding="utf-8")
)


def factors(**changes: Any) -> dict[str, Any]:
    """The handshake factors with some changed (`formality_` prefix dropped)."""
    return {**HANDSHAKE, **{f"formality.{k}": v for k, v in changes.items()}}


# Each example of the tip sheet's three levels, with the answers partners would give.
EXAMPLES = [
    ("one-time health education support", factors(), "informal"),
    ("equipment lending", factors(), "informal"),
    ("sharing outreach materials", factors(), "informal"),
    ("shared staff time", factors(duration="ongoing", accountability="yes"), "semi-formal"),
    ("joint training", factors(duration="ongoing", accountability="yes"), "semi-formal"),
    (
        "coordinated referral processes",
        factors(duration="ongoing", accountability="yes", scope="broad"),
        "semi-formal",
    ),
    (
        "joint programs",
        factors(duration="ongoing", scope="broad", involves=["funding"], affects=["operations"]),
        "formal",
    ),
    ("cost sharing", factors(involves=["funding"], affects=["funding"]), "formal"),
    (
        "shared epidemiology capacity",
        factors(duration="ongoing", involves=["data"], affects=["operations", "reporting"]),
        "formal",
    ),
    (
        "integrated data systems",
        factors(involves=["data", "legal-responsibility"], affects=["operations", "liability"]),
        "formal",
    ),
]


@pytest.mark.parametrize(("example", "answers", "level"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_each_tip_sheet_example_gets_its_level(
    dialog: Dialog, example: str, answers: dict[str, Any], level: str
) -> None:
    recommendation = recommend(dialog, answers)
    assert recommendation is not None
    assert recommendation.level == level


def test_a_handshake_gives_the_baseline_reason_and_nothing_to_lower(dialog: Dialog) -> None:
    recommendation = recommend(dialog, HANDSHAKE)
    assert recommendation is not None
    assert recommendation.reasons == [dialog.meta.baseline_reason]
    assert recommendation.would_lower == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"risk": "moderate"}, "The risk is moderate; a handshake fits only when risk is low."),
        ({"scope": "broad"}, "The scope is broad; a handshake fits only a narrow scope."),
        ({"trust": "building"}, "Trust is still being built"),
        ({"duration": "ongoing"}, "The activities are ongoing."),
        ({"accountability": "yes"}, "Partner accountability is important."),
    ],
)
def test_each_semi_formal_condition_names_itself(
    dialog: Dialog, change: dict[str, Any], reason: str
) -> None:
    recommendation = recommend(dialog, factors(**change))
    assert recommendation is not None
    assert recommendation.level == "semi-formal"
    assert len(recommendation.reasons) == 1 and recommendation.reasons[0].startswith(reason)
    assert recommendation.lower_level == "informal"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"risk": "high"}, "The risk is high"),
        ({"involves": ["funding"]}, "The sharing involves funding"),
        ({"involves": ["data"]}, "The sharing involves data."),
        ({"involves": ["legal-responsibility"]}, "The sharing involves legal responsibility."),
        ({"affects": ["operations"]}, "The services affect a partner's operations."),
        ({"affects": ["funding"]}, "The services affect a partner's funding."),
        ({"affects": ["liability"]}, "The services affect a partner's liability."),
        ({"affects": ["reporting"]}, "The services affect a partner's reporting."),
    ],
)
def test_each_formal_condition_names_itself(
    dialog: Dialog, change: dict[str, Any], reason: str
) -> None:
    recommendation = recommend(dialog, factors(**change))
    assert recommendation is not None
    assert recommendation.level == "formal"
    assert [r[: len(reason)] for r in recommendation.reasons] == [reason]


def test_the_strictest_level_wins_and_says_what_would_lower_it(dialog: Dialog) -> None:
    answers = factors(
        duration="ongoing", accountability="yes", involves=["data"], affects=["reporting"]
    )
    recommendation = recommend(dialog, answers)
    assert recommendation is not None
    assert recommendation.level == "formal"
    assert recommendation.reasons == [
        "The sharing involves data.",
        "The services affect a partner's reporting.",
    ]
    assert recommendation.also == [
        "The activities are ongoing.",
        "Partner accountability is important.",
    ]
    assert recommendation.would_lower == [
        "the sharing did not involve data",
        "the services did not affect reporting",
    ]
    # Taking those away does lower it, to the level promised.
    lowered = recommend(dialog, {**answers, "formality.involves": [], "formality.affects": []})
    assert lowered is not None and lowered.level == recommendation.lower_level == "semi-formal"


def test_no_recommendation_until_every_factor_is_answered(dialog: Dialog) -> None:
    partial = dict(HANDSHAKE)
    del partial["formality.affects"]
    assert recommend(dialog, partial) is None
