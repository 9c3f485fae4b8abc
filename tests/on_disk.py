"""What a running app has saved, read while it runs (for tests that drive the real app)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def saved(sessions: Path) -> dict[str, Any]:
    """The one session saved under `sessions`, or {} while there is none."""
    found = list(sessions.glob("*/session.json"))
    if not found:
        return {}
    try:
        data: dict[str, Any] = json.loads(found[0].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # caught between two saves: look again
    return data
