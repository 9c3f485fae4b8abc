"""Markup in a dialog's text: a user reads it as typed, so `[b]` would show as is.

`markup_in` says whether a text holds a Rich or Textual tag; `check_markup` reports
every such text of a dialog file, at its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel

from .problems import Collector, Source

_STYLE_WORDS = frozenset(
    "b bold i italic u underline s strike d dim r reverse blink blink2 conceal frame "
    "encircle overline not on link default "
    "black red green yellow blue magenta cyan white grey gray purple orange pink".split()
)
"""Words that open a Rich or Textual style tag: `[bold red]`, `[on blue]`, `[i]`."""

_TAG = re.compile(r"\[([^\[\]\n]{0,80})\]")


def markup_in(text: str) -> str | None:
    """The first Rich or Textual markup tag in `text`, or None if there is none.

    Text is shown as typed (never as markup), so a dialog author's `[b]Note[/b]`
    would show its brackets. A tag is markup when it closes (`[/b]`, `[/]`), runs an
    action or a variable (`[@click=...]`, `[$accent]`), links (`[link=...]`), or its
    words are styles or colors (`[bold red]`, `[#ff0000]`). `[sic]` and
    `[Partner name]` are plain text.
    """
    for match in _TAG.finditer(text):
        inside = match.group(1).strip()
        if not inside:
            continue
        if inside[0] in "/@$" or inside.startswith(("link=", "link ")):
            return match.group(0)
        words = inside.lower().replace("=", " ").split()
        if all(
            w in _STYLE_WORDS
            or w.startswith(("bright_", "color(", "rgb("))
            or (w.startswith("#") and len(w) in (4, 7))
            for w in words
        ):
            return match.group(0)
    return None


_SHOWN_FIELDS = frozenset(
    {
        "title",
        "summary",
        "prompt",
        "hint",
        "label",
        "message",
        "because",
        "advice",
        "factor",
        "reason",
        "source",
        "inference",
        "why",
        "baseline_reason",
        "baseline_source",
        "informal",
        "semi-formal",
        "formal",
        "items",
    }
)
"""The fields of a dialog file whose text a user reads (suggestions are lists of it)."""


def _shown_texts(
    node: object, loc: tuple[str | int, ...] = ()
) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Every text of a dialog file that a user reads, with where it is."""
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            key = info.alias or name
            value = getattr(node, name)
            if key in _SHOWN_FIELDS and isinstance(value, str):
                yield (*loc, key), value
            elif key in _SHOWN_FIELDS and isinstance(value, list):
                for n, item in enumerate(value):
                    if isinstance(item, str):
                        yield (*loc, key, n), item
                    else:
                        yield from _shown_texts(item, (*loc, key, n))
            elif isinstance(value, list):
                for n, item in enumerate(value):
                    yield from _shown_texts(item, (*loc, key, n))
            else:
                yield from _shown_texts(value, (*loc, key))


def check_markup(source: Source, out: Collector) -> None:
    """Report markup in any text a user reads: it would show as typed, brackets and all."""
    for loc, text in _shown_texts(source.parsed):
        tag = markup_in(text)
        if tag is not None:
            step = None
            if len(loc) >= 2 and loc[0] == "step" and isinstance(loc[1], int):
                step = source.parsed.step[loc[1]].id
            where = ".".join(str(part) for part in loc if not isinstance(part, int))
            out.add(
                source,
                f"{where}: `{tag}` looks like markup, but text is shown as written, "
                "brackets and all: write plain text",
                loc,
                step,
            )
