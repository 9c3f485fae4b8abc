"""Redraw the flow diagram in README.md from the dialog files (`srs-advisor graph`).

    python scripts/readme_graph.py

The diagram sits between `<!-- graph:start -->` and `<!-- graph:end -->`; a test fails
when it differs from what `srs-advisor graph` draws.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from srs_advisor.dialog import Dialog, load_dialog
from srs_advisor.dialog.graph import phase_diagram
from srs_advisor.resources import content_dir, dialogs_dir

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- graph:start -->\n```mermaid\n).*?(```\n<!-- graph:end -->)", re.S)


def update(readme: Path, dialog: Dialog) -> bool:
    """Rewrite the diagram block of `readme`; True if it changed."""
    before = readme.read_text(encoding="utf-8")
    if not BLOCK.search(before):
        raise SystemExit(f"{readme} has no <!-- graph:start --> ... <!-- graph:end --> block")
    after = BLOCK.sub(lambda m: m.group(1) + phase_diagram(dialog) + m.group(2), before)
    if after == before:
        return False
    readme.write_text(after, encoding="utf-8")
    return True


def main() -> int:
    changed = update(README, load_dialog(dialogs_dir(), content_dir()))
    print(f"{README}: {'redrawn' if changed else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
