"""The documents as GitHub-flavored Markdown, with what a user typed shown exactly as typed.

An answer may hold `#`, `|`, backticks, `*`, `<b>`, a line that starts with `- `,
a web address or an e-mail address; written into Markdown as it is, any of these
would turn into a heading, a table cell, code, emphasis, HTML, a list or a link.
CommonMark lets a backslash make any ASCII punctuation literal, so we escape the
characters that can start structure. GitHub's renderer (cmark-gfm) also turns bare
web and e-mail addresses into links (its "extended autolinks"): a backslash before
the `:` of `http://` or the `.` of `www.` stops the first two, as those are found
while the line is read; e-mail addresses are found afterwards, in the text with its
escapes already undone, so nothing typed inside one can stop it: an address is
written as code (`dana@example.org`), which shows the same characters and is never
linked. Checked with cmark-gfm and markdown-it by the tests.
"""

from __future__ import annotations

import re

from .document import (
    BulletList,
    Document,
    Heading,
    Inline,
    Note,
    Paragraph,
    Span,
    Table,
    clean,
)

_ALWAYS = re.compile(r"([\\`*_\[\]<>|#~$]|&(?=#?[A-Za-z0-9]+;))")
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
_SCHEME = re.compile(r":(?=//)")
_WWW = re.compile(r"(?i)(www)\.")
# What cmark-gfm could take for an e-mail address lies in a run of these characters (its
# local part and domain characters, `@` and `/`): a run holding an `@` with a dot after it
# is written as code whole, wider rather than narrower. Finding runs reads a line once,
# however long (a regular expression for the address itself backtracks on `x@x@x@...`).
_RUN = re.compile(r"[A-Za-z0-9.+\-_@/]+")


def _email_runs(line: str) -> list[tuple[int, int]]:
    """Where `line` holds text that cmark-gfm might link as an e-mail address."""
    found = []
    for run in _RUN.finditer(line):
        text = run.group()
        # An `@` that begins the run has no local part before it, but a later one may:
        # "@dana@county.gov" holds the address dana@county.gov.
        at = text.find("@", 1)
        if at > 0 and "." in text[at + 1 :]:
            found.append(run.span())
    return found


# Anything that any of the escapes below would change: most lines hold none of it.
_NEEDS_WORK = re.compile(r"[\\`*_\[\]<>|#~$&@]|:(?=//)|(?i:www)\.")


def _escape_words(text: str) -> str:
    escaped = _ALWAYS.sub(r"\\\1", text)
    escaped = _SCHEME.sub(r"\\:", escaped)
    return _WWW.sub(r"\1\\.", escaped)


def _escape_one(line: str, *, line_start: bool = True) -> str:
    """One line of user text, stripped, with nothing in it read as Markdown.

    With `line_start` (the default) the line may begin a Markdown line, so a leading
    `-`, `+`, `=` or `1.` is escaped too; a heading's or a table cell's text need not.
    """
    line = line.strip()
    if _NEEDS_WORK.search(line):
        out: list[str] = []
        start = 0
        for begin, end in _email_runs(line):
            out.append(_escape_words(line[start:begin]))
            out.append(f"`{line[begin:end]}`")  # no backtick can be in it: see _RUN
            start = end
        out.append(_escape_words(line[start:]))
        escaped = "".join(out)
    else:
        escaped = line
    lead = _LINE_START.match(escaped) if line_start else None
    if lead:
        if lead.group(1).isdigit():
            # "1. item" would start a list: escape the dot or bracket after the number.
            end = lead.end()
            escaped = escaped[:end] + "\\" + escaped[end:]
        else:
            escaped = "\\" + escaped
    return escaped


def _lines(text: str) -> list[str]:
    return [line for line in clean(text).split("\n") if line.strip()]


def escape_line(text: str, *, line_start: bool = True) -> str:
    """User text as one line, safe anywhere inline (a paragraph, a list item, a table cell).

    Args:
        text: the text.
        line_start: False where the text cannot begin a Markdown line (after `## `, in a
            table cell), so a leading `1.` or `-` needs no escape.
    """
    return _escape_one(" ".join(_lines(text)), line_start=line_start)


def escape_block(text: str) -> str:
    """User text kept as lines (joined by hard line breaks), safe as a paragraph."""
    return "\\\n".join(_escape_one(line) for line in _lines(text))


def _span(span: Span, *, one_line: bool, line_start: bool = True) -> str:
    if one_line:
        text = escape_line(span.text, line_start=line_start)
    else:
        text = escape_block(span.text)
    # Spaces around a span separate it from the next: kept, outside any emphasis.
    lead = " " if span.text[:1].isspace() else ""
    trail = " " if span.text[-1:].isspace() else ""
    if not text:
        return lead or trail
    if span.style == "strong":
        text = f"**{text}**"
    elif span.style in ("emphasis", "muted"):
        text = f"*{text}*"
    elif span.style == "placeholder":
        text = f"\\[{text}\\]"  # literal brackets: Markdown has no highlight
    return lead + text + trail


def inline_markdown(spans: Inline, *, one_line: bool = False, line_start: bool = True) -> str:
    """A line of spans as Markdown (with hard line breaks unless `one_line`)."""
    return "".join(_span(s, one_line=one_line, line_start=line_start) for s in spans)


def _indented(text: str, indent: str) -> str:
    return text.replace("\n", "\n" + indent)


def _bullets(items: BulletList, depth: int = 0, marker: str = "-") -> list[str]:
    out: list[str] = []
    pad = "  " * depth
    for item in items.items:
        out.append(pad + f"{marker} " + _indented(inline_markdown(item.spans), pad + "  "))
        if item.children is not None:
            out += _bullets(item.children, depth + 1)
    return out


def _cell(spans: Inline) -> str:
    return inline_markdown(spans, one_line=True, line_start=False) or " "


def render_markdown(document: Document) -> str:
    """The document as GitHub-flavored Markdown text."""
    out = [f"# {escape_line(document.title, line_start=False)}", ""]
    previous: object = None
    marker_was = "*"
    for block in document.blocks:
        if isinstance(block, Heading):
            level = max(2, min(block.level, 6))
            text = inline_markdown(block.spans, one_line=True, line_start=False)
            if block.number:
                text = f"{block.number}. {text}"
            out += ["#" * level + " " + text, ""]
        elif isinstance(block, Paragraph):
            out += [inline_markdown(block.spans), ""]
        elif isinstance(block, BulletList):
            # A list right after another would join it: a new bullet character starts a new one.
            marker = "*" if isinstance(previous, BulletList) and marker_was == "-" else "-"
            marker_was = marker
            out += [*_bullets(block, marker=marker), ""]
        elif isinstance(block, Table):
            out.append(
                "| " + " | ".join(escape_line(h, line_start=False) for h in block.header) + " |"
            )
            out.append("|" + " --- |" * len(block.header))
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
        elif isinstance(block, Note):
            out += ["> " + _indented(inline_markdown(block.spans), "> "), ""]
        previous = block
    if document.footer:
        out += ["---", "", inline_markdown(document.footer, one_line=True), ""]
    return "\n".join(out).rstrip("\n") + "\n"
