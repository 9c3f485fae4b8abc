"""The guidance content: every source point reaches the user, in plain words, with its source."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from srs_advisor.dialog import Dialog, choices_of
from srs_advisor.dialog.readability import measure, syllables
from srs_advisor.resources import content_dir

POINTS = tomllib.loads((Path(__file__).parent.parent / "data" / "source_points.toml").read_text())[
    "point"
]
SOURCES = {
    "tip": "Service & Resource Sharing: A Tip Sheet for Cross-Sector Partnerships",
    "factors": "Factors that Contribute to a Successful Service and Resource Sharing Arrangement",
}
MAX_GRADE = 9.0


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).lower()


def shown_at(dialog: Dialog, where: str) -> str:
    """What the user reads at a step (prompt, hint, choices) or on a guidance page."""
    if where.endswith(".md"):
        return (content_dir() / where).read_text(encoding="utf-8")
    step = dialog.step(where)
    parts = [step.prompt, step.hint or ""] + [c.label for c in choices_of(step)]
    if step.kind == "partners":
        parts += [s.label for s in dialog.meta.sectors]
    return " ".join(parts)


@pytest.mark.parametrize("point", POINTS, ids=[p["text"][:60] for p in POINTS])
def test_every_source_point_reaches_the_user(dialog: Dialog, point: dict[str, object]) -> None:
    where = point["where"]
    assert isinstance(where, list)
    text = normal(" ".join(shown_at(dialog, w) for w in where))
    phrases = point["phrases"]
    assert isinstance(phrases, list)
    missing = [p for p in phrases if normal(p) not in text]
    assert not missing, f"not shown at {where}: {missing}"


def test_every_step_and_page_of_the_points_exists(dialog: Dialog) -> None:
    for point in POINTS:
        for where in point["where"]:
            assert (
                where.endswith(".md")
                and (content_dir() / where).is_file()
                or dialog.has_step(where)
            ), where


def guidance_pages(dialog: Dialog) -> list[str]:
    pages = {s.guidance for s in dialog.steps} | {
        v.page for s in dialog.steps for v in s.guidance_variants
    }
    return sorted(pages)


def test_every_page_names_a_source_document(dialog: Dialog) -> None:
    for page in guidance_pages(dialog):
        text = (content_dir() / page).read_text(encoding="utf-8")
        source = [line for line in text.splitlines() if line.startswith("Source:")]
        assert source and any(title in source[0] for title in SOURCES.values()), page


def test_every_page_is_used_by_some_step(dialog: Dialog) -> None:
    on_disk = sorted(p.name for p in content_dir().glob("*.md"))
    assert on_disk == guidance_pages(dialog)


@pytest.mark.parametrize("page", sorted(p.name for p in content_dir().glob("*.md")))
def test_every_page_reads_at_grade_nine_or_lower(page: str) -> None:
    grade = measure((content_dir() / page).read_text(encoding="utf-8")).grade
    assert grade <= MAX_GRADE, f"{page} reads at grade {grade:.1f}"


def test_the_readability_measure_tells_plain_from_dense() -> None:
    plain = "We share staff. It saves money. Everyone gains."
    dense = (
        "Organizational interdependencies necessitate comprehensive intergovernmental "
        "coordination mechanisms, particularly regarding administrative accountability."
    )
    assert measure(plain).grade < 3 < 15 < measure(dense).grade
    assert [syllables(w) for w in ("share", "staff", "agreement", "community")] == [1, 1, 3, 4]
