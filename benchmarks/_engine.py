"""Child process of `benchmarks/run.py`: the engine's figures for one synthetic dialog.

    python benchmarks/_engine.py size STEPS
    python benchmarks/_engine.py resume ANSWERS PARKED

Prints one line of JSON. Run alone, in a process of its own, so that its peak memory
is its own.
"""

from __future__ import annotations

import gc
import json
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import answers_for, write_synthetic  # noqa: E402

from srs_advisor.cli.replay import replay_moves  # noqa: E402
from srs_advisor.dialog import load_dialog  # noqa: E402
from srs_advisor.engine.conversation import Conversation  # noqa: E402
from srs_advisor.store import load_session  # noqa: E402
from srs_advisor.store.keeper import keep, resume_in


def rss_mib() -> float:
    """The peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def size(steps: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        dialog = load_dialog(*write_synthetic(Path(folder), steps))
        load_ms = (time.perf_counter() - start) * 1000
    answers = answers_for(dialog)
    gc.collect()
    rss_loaded = rss_mib()
    tracemalloc.start()
    Conversation(dialog)
    _, build_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    builds = []
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        Conversation(dialog)
        builds.append((time.perf_counter() - start) * 1000)
    conversation = Conversation(dialog)
    moves = replay_moves(conversation, answers, [])
    times = []
    while True:
        start = time.perf_counter()
        if next(moves, None) is None:
            break
        times.append((time.perf_counter() - start) * 1000)
    return {
        "steps": len(dialog.steps),
        "load_ms": load_ms,
        "build_ms": statistics.median(builds),
        "build_mib": build_peak / 2**20,
        "answer_ms": statistics.median(times),
        "answer_p95_ms": p95(times),
        "moves": len(times),
        "rss_mib": rss_mib(),
        "rss_loaded_mib": rss_loaded,
    }


def resume(answered: int, parked: int) -> dict[str, Any]:
    """Resume a saved session with `answered` answers and `parked` parked questions."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        # Enough steps for both; the replay answers the first ones and parks the next.
        dialog = load_dialog(*write_synthetic(root / "dialog", 2 * (answered + parked)))
        every = answers_for(dialog)
        conversation = keep(Conversation(dialog), None)
        given = 0
        parked_ids: list[str] = []
        while (step := conversation.current) is not None and given < answered + parked:
            if step.kind == "info":
                conversation.answer()
            elif given < answered and step.id in every:
                conversation.answer(every[step.id])
                given += 1
            elif step.id in every:
                conversation.park()
                parked_ids.append(step.id)
                given += 1
            else:
                conversation.skip()
        session_dir = root / "session"
        keep(conversation, session_dir)
        conversation.save()
        assert len(conversation.session.answers) >= answered
        assert len(conversation.session.parked) == parked
        times: list[float] = []
        began = time.monotonic()
        while len(times) < 15 and (len(times) < 3 or time.monotonic() - began < 60):
            gc.collect()
            start = time.perf_counter()
            resume_in(dialog, load_session(session_dir), session_dir)
            times.append((time.perf_counter() - start) * 1000)
        return {
            "steps": len(dialog.steps),
            "answers": len(conversation.session.answers),
            "parked": len(conversation.session.parked),
            "resume_ms": statistics.median(times),
            "resume_p95_ms": p95(times),
        }


def main() -> int:
    if sys.argv[1] == "size":
        result = size(int(sys.argv[2]))
    else:
        result = resume(int(sys.argv[2]), int(sys.argv[3]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
