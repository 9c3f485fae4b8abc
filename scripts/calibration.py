"""How the formality recommendation scores on the development set, beside two baselines.

The development set (`tests/data/formality_cases.json`, a copy of
`shared/cases/formality_cases.json`) holds the tip sheet's ten examples and nineteen
published arrangements, each with the ten factor answers and the level the partners
actually used. This prints, for each kind, how many cases the recommendation matches,
how many always-formal and always-semi-formal would match, and every case missed.

It also scores a second set, `tests/data/formality_cases_outside.json`: eleven published
arrangements that are not in the development set (school nursing agreements, a study
with a health information network, county inspection and sewage-permit interlocal
agreements, a city-county board of health, a pooled preparedness fund), translated into
the ten answers from their published facts in the same way, each with its source. It
was gathered after the rules were fitted on the development set, as a check of how they
generalize. It showed one rule that did not (a partner acting for another on a
continuing basis had called only for a written agreement: the three interlocal
agreements of that kind were missed, 4 of 11 matched), and that rule was revised, so
this set is no longer fully held out: a fresh set would measure the rules anew.

    python scripts/calibration.py [CASES.json ...]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _pytest.stash import StashKey

from srs_advisor.dialog import Dialog, load_dialog
from srs_advisor.dialog.model import LEVELS
from srs_advisor.engine.recommendation import recommend
from srs_advisor.resources import content_dir, dialogs_dir

SCORE_LINES: StashKey[list[str]] = StashKey()
"""Where a test run keeps the score lines, for its terminal summary (tests/conftest.py)."""

CASES = Path(__file__).parent.parent / "tests" / "data" / "formality_cases.json"
OUTSIDE = CASES.with_name("formality_cases_outside.json")
"""Published arrangements outside the development set (see the module's docstring)."""
KINDS = {
    "tipsheet": "tip sheet examples",
    "real": "published arrangements",
    "outside": "published arrangements outside the development set",
}


@dataclass
class Score:
    """The score on one kind of case."""

    kind: str
    cases: int = 0
    matched: int = 0
    always_formal: int = 0
    always_semi_formal: int = 0
    two_off: int = 0
    missed: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The score as one line."""
        return (
            f"{KINDS.get(self.kind, self.kind)}: {self.matched}/{self.cases} "
            f"(always formal {self.always_formal}/{self.cases}, "
            f"always semi-formal {self.always_semi_formal}/{self.cases}; "
            f"two levels off: {self.two_off})"
        )


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    """The cases of a development-set file."""
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return cases


def score(dialog: Dialog, cases: list[dict[str, Any]]) -> dict[str, Score]:
    """The recommendation's score on `cases`, by kind."""
    scores: dict[str, Score] = {}
    for case in cases:
        found = scores.setdefault(case["kind"], Score(case["kind"]))
        actual = case["actual_level"]
        recommendation = recommend(dialog, case["answers"])
        assert recommendation is not None, f"{case['id']}: a factor is missing"
        found.cases += 1
        found.always_formal += actual == "formal"
        found.always_semi_formal += actual == "semi-formal"
        if recommendation.level == actual:
            found.matched += 1
            continue
        off = abs(LEVELS.index(recommendation.level) - LEVELS.index(actual))
        found.two_off += off > 1
        found.missed.append(
            f"{case['id']}: recommended {recommendation.level}, the partners used {actual}"
        )
    return scores


def report(scores: dict[str, Score]) -> list[str]:
    """The lines to print: each kind's score, then the cases missed."""
    lines = [scores[kind].line() for kind in KINDS if kind in scores]
    for kind in KINDS:
        for miss in scores.get(kind, Score(kind)).missed:
            lines.append(f"  missed: {miss}")
    return lines


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [CASES, OUTSIDE]
    dialog = load_dialog(dialogs_dir(), content_dir())
    cases = [case for path in paths for case in load_cases(path)]
    print("\n".join(report(score(dialog, cases))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
