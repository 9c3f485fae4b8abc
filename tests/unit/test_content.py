"""The guidance content: every source point reaches the user, in plain words, with its source."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

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
    """The pages the dialog's steps show, and those a check-in's own steps show."""
    from datetime import UTC, datetime

    from srs_advisor.engine.answers import ActionItem
    from srs_advisor.engine.checkin import checkin_dialog
    from srs_advisor.engine.earlier import Earlier, Meeting

    meeting = Meeting(session="s", date=datetime(2026, 1, 5, tzinfo=UTC))
    item = ActionItem(what="Draft the MOU", who="Dana", when="March 1")
    steps = checkin_dialog(
        dialog, Earlier(session="s", folder="f", meetings=[meeting], items=[item])
    ).steps
    pages = {s.guidance for s in steps} | {v.page for s in steps for v in s.guidance_variants}
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


# -- where the advisor goes beyond its sources ---------------------------------------------

ALL_PAGES = sorted(p.name for p in content_dir().glob("*.md"))
OWN = re.compile(r"advisor's own")
NOT_SOURCE = {
    "tip": "not the tip sheet's",
    "factors": "not the success factors document's",
}


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


def _in_italics(html: str, at: int) -> bool:
    return html.rfind("<em>", 0, at) > html.rfind("</em>", 0, at)


@pytest.mark.parametrize("page", ALL_PAGES)
def test_the_advisors_own_claims_are_marked_in_the_agreed_words(page: str) -> None:
    """Each "the advisor's own" is in italics and says, in the same sentence, which source
    it is not from: one the page names on its `Source:` line."""
    text = (content_dir() / page).read_text(encoding="utf-8")
    source = next(line for line in text.splitlines() if line.startswith("Source:"))
    cited = [NOT_SOURCE[key] for key, title in SOURCES.items() if title in source]
    html = MarkdownIt("commonmark").render(text)
    for found in OWN.finditer(html):
        assert _in_italics(html, found.start()), f"{page}: not in italics near {found.start()}"
    for sentence in _sentences(normal(text)):
        if "advisor's own" in sentence:
            assert any(n in sentence for n in cited), f"{page}: {sentence!r} names no source"


def test_every_formalization_page_says_its_tailoring_is_the_advisors_own(dialog: Dialog) -> None:
    """The tip sheet gives the five steps once; fitting them to each level is the advisor's."""
    pages = {s.guidance for s in dialog.steps if s.id.startswith("formalization.")} | {
        v.page
        for s in dialog.steps
        if s.id.startswith("formalization.")
        for v in s.guidance_variants
    }
    assert len(pages) >= 5
    for page in sorted(pages):
        text = normal((content_dir() / page).read_text(encoding="utf-8"))
        assert "advisor's own" in text and "level" in text, page


@pytest.mark.parametrize("page", ALL_PAGES)
def test_no_page_still_speaks_of_confidential_data(page: str) -> None:
    """Version 3.0 split `confidential` into records and linked data: no page may still
    tell a reader that "confidential" data decides the level or the agreement."""
    assert "confidential" not in (content_dir() / page).read_text(encoding="utf-8").lower()


def test_the_factors_page_explains_every_factor_the_dialog_asks(dialog: Dialog) -> None:
    page = "formality-factors.md"
    text = (content_dir() / page).read_text(encoding="utf-8")
    factors = [s for s in dialog.steps if s.guidance == page]
    assert len(factors) >= 9
    missing = [s.title for s in factors if f"**{s.title}**" not in text]
    assert not missing, f"{page} does not explain: {missing}"
    # ... and every value each factor offers, by the word its choice starts with.
    heads = [(s.title, c.label.split(":")[0]) for s in factors for c in s.choices]
    unexplained = [f"{title}: {head}" for title, head in heads if f"*{head}*:" not in text]
    assert not unexplained, f"{page} does not explain: {unexplained}"
