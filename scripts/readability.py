"""Print the Flesch-Kincaid grade of every guidance page (aim: 9 or lower)."""

from __future__ import annotations

import sys
from pathlib import Path

from srs_advisor.dialog.readability import measure
from srs_advisor.resources import content_dir


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else content_dir()
    for page in sorted(folder.glob("*.md")):
        r = measure(page.read_text(encoding="utf-8"))
        print(f"{r.grade:5.1f}  {r.words:4d} words  {page.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
