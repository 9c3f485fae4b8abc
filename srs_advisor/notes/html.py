"""The documents as one self-contained HTML file that reads on screen and prints well.

Partners open the notes in a browser, forward them by e-mail and print them. One file
with its stylesheet inside travels without breaking; printed, it is letter paper with
"Page N of M" at the foot of each page, a new page only where the document asks for
one (the notes' appendix), a table's header row kept with its rows and repeated on
each page the table runs onto. Every text is HTML-escaped, so what a user typed is text; the
page holds no script, and its content security policy forbids any.
"""

from __future__ import annotations

import re
from html import escape

from .document import BulletList, Document, Heading, Inline, Note, Paragraph, Span, Table, clean

_STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
  color: #1b1b1b; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.5rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #bbb; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-bottom: 0.3rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.muted { color: #555; font-style: italic; }
mark.placeholder { background: #fff3a3; color: #1b1b1b; padding: 0 0.1rem; }
ul.compact { font-size: 0.92rem; line-height: 1.35; padding-left: 1.2rem; margin: 0.2rem 0 0.6rem; }
ul.compact li { margin: 0.1rem 0; }
.note { border-left: 4px solid #5b7fa6; background: #f2f6fa; padding: 0.5rem 1rem; margin: 1rem 0; }
footer { border-top: 1px solid #bbb; margin-top: 2rem; padding-top: 0.5rem; color: #555;
  font-size: 0.9rem; }
p, li, td { overflow-wrap: break-word; }
.piece { white-space: nowrap; }
@page { size: letter; margin: 0.6in 0.7in 0.7in;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 9pt;
    color: #555; font-family: system-ui, sans-serif; } }
@media print {
  body { max-width: none; margin: 0; font-size: 10.5pt; line-height: 1.35; }
  h1 { margin-top: 0; font-size: 1.5rem; }
  h2 { margin: 1rem 0 0.4rem; font-size: 1.2rem; }
  p, ul { margin: 0.3rem 0 0.5rem; }
  th, td { padding: 0.15rem 0.4rem; }
  td.short { white-space: nowrap; }
  table.signing td { height: 0.5in; }
  h2.new-page { break-before: page; page-break-before: always; margin-top: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  /* A paragraph that introduces a table stays with it; the header with the first rows. */
  h2 + p, h3 + p { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; break-after: avoid; }
  tr, li, aside { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
  mark.placeholder { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  footer { break-before: avoid; page-break-before: avoid; margin-top: 1rem; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


_LONG = re.compile(r"\S{25,}")
"""A run without a space too long for a narrow table column (a pasted web address)."""
_PIECE = 12


def _text(text: str) -> str:
    # Words break only between words (`overflow-wrap: anywhere` broke "Prerequisite" in a
    # narrow column); a long run gets a <wbr> every few characters, so that it can wrap
    # instead of pushing its table off the printed page.
    out = []
    at = 0
    cleaned = clean(text)
    for match in _LONG.finditer(cleaned):
        out.append(escape(cleaned[at : match.start()], quote=True))
        run = match.group()
        # Each piece on one line (a hyphen in it is no place to break), a break between.
        out.append(
            "<wbr>".join(
                f'<span class="piece">{escape(run[n : n + _PIECE], quote=True)}</span>'
                for n in range(0, len(run), _PIECE)
            )
        )
        at = match.end()
    out.append(escape(cleaned[at:], quote=True))
    return "".join(out).replace("\n", "<br>\n")


def _span(span: Span) -> str:
    text = _text(span.text)
    if span.style == "strong":
        return f"<strong>{text}</strong>"
    if span.style == "emphasis":
        return f"<em>{text}</em>"
    if span.style == "muted":
        return f'<span class="muted">{text}</span>'
    if span.style == "placeholder":
        return f'<mark class="placeholder">[{text}]</mark>'
    return text


def inline_html(spans: Inline) -> str:
    """A line of spans as HTML, every text escaped."""
    return "".join(_span(span) for span in spans)


SHORT_CELL = 12
"""A cell this short ("February 28", "Dana Lee") is printed on one line, never wrapped."""


def _cell(spans: Inline) -> str:
    short = len("".join(s.text for s in spans)) <= SHORT_CELL
    return (
        f'<td class="short">{inline_html(spans)}</td>'
        if short
        else f"<td>{inline_html(spans)}</td>"
    )


def _bullets(items: BulletList) -> list[str]:
    out = ['<ul class="compact">' if items.compact else "<ul>"]
    for item in items.items:
        inner = inline_html(item.spans)
        if item.children is not None:
            inner += "\n" + "\n".join(_bullets(item.children))
        out.append(f"<li>{inner}</li>")
    return [*out, "</ul>"]


def render_html(document: Document) -> str:
    """The document as a complete HTML page."""
    title = _text(document.title)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{title}</h1>",
    ]
    for block in document.blocks:
        if isinstance(block, Heading):
            level = max(2, min(block.level, 6))
            page = ' class="new-page"' if block.new_page and level == 2 else ""
            number = f"{block.number}. " if block.number else ""
            out.append(f"<h{level}{page}>{number}{inline_html(block.spans)}</h{level}>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{inline_html(block.spans)}</p>")
        elif isinstance(block, BulletList):
            out += _bullets(block)
        elif isinstance(block, Table):
            out.append('<table class="signing">' if block.signing else "<table>")
            out.append(
                "<thead><tr>"
                + "".join(f'<th scope="col">{_text(h)}</th>' for h in block.header)
                + "</tr></thead>"
            )
            out.append("<tbody>")
            out += ["<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in block.rows]
            out.append("</tbody></table>")
        elif isinstance(block, Note):
            out.append(f'<aside class="note"><p>{inline_html(block.spans)}</p></aside>')
    out.append("</main>")
    if document.footer:
        out.append(f"<footer><p>{inline_html(document.footer)}</p></footer>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
