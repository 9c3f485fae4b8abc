"""The TUI tests drive the app with Textual's pilot; `keys` holds the typing helpers."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
