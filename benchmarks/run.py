"""Measure srs-advisor beside its baselines and print every figure of issues 10 and 18.

    python benchmarks/run.py            # 11 rounds of the process figures (a few minutes)
    python benchmarks/run.py --quick    # 3 rounds, one session per size (about a minute)

Each figure is a median over repeated runs (and a 95th percentile where the goal names
one), measured interleaved with its baseline in the same run, so that the load of the
machine weighs on both alike: the ratio is what the goals are about. Every process
figure is a whole process (start to exit); the app runs headless (Textual's test
driver). The large dialogs are generated into a temporary folder (`synthetic.py`).
Figures only: nothing here fails because something is slow.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "answers.toml"
PYTHON = sys.executable
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The children's environment: they keep their compiled modules, as an installed app does."""
TREE = ROOT
"""The checkout whose `srs_advisor` the children run (`--tree`): this one by default."""
MEMORY_LIMIT = 6 * 2**30
"""Address space allowed to a synthetic-dialog child: a runaway build stops there."""


@dataclass
class Row:
    """One line of the table: a figure, its baseline, and the goal."""

    figure: str
    value: str
    baseline: str
    ratio: str
    goal: str
    met: bool | None


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def med(values: list[float]) -> float:
    return statistics.median(values)


def run_process(
    command: list[str], *, limit: int | None = None, timeout: float = 600
) -> tuple[float, float, str]:
    """Run `command`; return its wall time (ms), its peak memory (MiB) and its stdout."""

    def cap() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=out, stderr=err, cwd=TREE, preexec_fn=cap, env=ENVIRONMENT
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise RuntimeError(f"did not finish in {timeout:.0f} s")
            time.sleep(0.002)
        elapsed = (time.perf_counter() - start) * 1000
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode()
        if process.returncode != 0:
            tail = err.read().decode().strip().splitlines()[-1:] or [
                f"exit status {process.returncode} (out of memory?)"
            ]
            raise RuntimeError(f"{' '.join(command[1:])} failed: {tail[0]}")
    return elapsed, usage.ru_maxrss / 1024, stdout


def growth(runs: list[list[float]], span: int = 10) -> float:
    """The median of the last `span` values of the runs over the median of the first."""
    first = [t for run in runs for t in run[:span]]
    last = [t for run in runs for t in run[-span:]]
    return med(last) / med(first)


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.2f} ms"


def pages_on_the_path() -> list[str]:
    """The guidance page of every question the example session draws after the first."""
    sys.path.insert(0, str(ROOT))
    from srs_advisor.cli.replay import read_answer_file, replay_moves
    from srs_advisor.dialog import load_dialog
    from srs_advisor.engine.conversation import Conversation
    from srs_advisor.resources import content_dir, dialogs_dir

    dialog = load_dialog(dialogs_dir(), content_dir())
    answers, parked = read_answer_file(EXAMPLE, dialog)
    conversation = Conversation(dialog)
    pages = []
    for _ in replay_moves(conversation, answers, parked):
        if conversation.current is not None:
            pages.append(str(content_dir() / conversation.guidance_page(conversation.current)))
    first = conversation.dialog.steps[0]
    return [str(content_dir() / first.guidance), *pages]


def start_figures(rounds: int, first_page: str) -> list[Row]:
    advisor_ms, bare_ms, advisor_mib, bare_mib = [], [], [], []
    run_process([PYTHON, str(HERE / "_tui.py"), "first", "advisor"])  # compiles the modules
    for _ in range(rounds):
        elapsed, mib, _ = run_process([PYTHON, str(HERE / "_tui.py"), "first", "advisor"])
        advisor_ms.append(elapsed)
        advisor_mib.append(mib)
        elapsed, mib, _ = run_process([PYTHON, str(HERE / "_tui.py"), "first", "bare", first_page])
        bare_ms.append(elapsed)
        bare_mib.append(mib)
    a, b = med(advisor_ms), med(bare_ms)
    am, bm = med(advisor_mib), med(bare_mib)
    return [
        Row(
            "start to first question (new session), whole process",
            ms(a),
            f"bare Textual app (Header, Markdown, Input, Footer) {ms(b)}",
            f"{a / b:.2f}x",
            "≤ 1.10x",
            a / b <= 1.10,
        ),
        Row(
            "peak memory at first question",
            f"{am:.1f} MiB",
            f"bare app {bm:.1f} MiB",
            f"{am / bm:.2f}x",
            "-",
            None,
        ),
    ]


def session_figures(rounds: int, pages: list[str]) -> list[Row]:
    rows: list[Row] = []
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as plan:
        json.dump(pages, plan)
    try:
        for width, height in ((80, 24), (120, 40)):
            advisor: list[dict[str, Any]] = []
            bare: list[dict[str, Any]] = []
            for _ in range(rounds):
                for who, into in (("advisor", advisor), ("bare", bare)):
                    command = [PYTHON, str(HERE / "_tui.py"), "session", who, str(width)]
                    _, _, out = run_process([*command, str(height), plan.name])
                    into.append(json.loads(out))
            steps = [t for run in advisor for t in run["times"]]
            markdown = [t for run in bare for t in run["markdown"]]
            static = [t for run in bare for t in run["static"]]
            a, a95 = med(steps), p95(steps)
            m, m95, s = med(markdown), p95(markdown), med(static)
            rows.append(
                Row(
                    f"answer to next question fully drawn, {width}x{height} "
                    f"({len(steps) // rounds} steps)",
                    f"{ms(a)} (p95 {ms(a95)})",
                    f"bare `Markdown.update()` {ms(m)} (p95 {ms(m95)}); "
                    f"`Static.update(rich Markdown)` {ms(s)}",
                    f"{a / m:.2f}x (p95 {a95 / m95:.2f}x); {a / s:.1f}x",
                    "< 1x both; ≤ 3x Static",
                    a < m and a95 < m95 and a <= 3 * s,
                )
            )
            # Growth: the last ten moves of a session against its first ten, each run's
            # moves pooled; the baseline's pages in the same order.
            grows = growth([run["times"] for run in advisor])
            base_grows = growth([run["markdown"] for run in bare])
            rows.append(
                Row(
                    f"growth of a move through the session, {width}x{height} "
                    "(median of the last 10 / of the first 10)",
                    f"{grows:.2f}x",
                    f"bare `Markdown.update()` {base_grows:.2f}x",
                    f"{grows / base_grows:.2f}x",
                    "≤ the baseline's growth",
                    grows <= base_grows,
                )
            )
            if width == 80:
                am = med([r["rss_mib"] for r in advisor])
                bm = med([r["rss_mib"] for r in bare])
                rows.append(
                    Row(
                        "peak memory through a complete session",
                        f"{am:.1f} MiB",
                        f"bare app, {len(markdown) // rounds} `Markdown.update()`s {bm:.1f} MiB",
                        f"{am / bm:.2f}x",
                        "≤ 1.15x",
                        am / bm <= 1.15,
                    )
                )
                shown = med([r["notes_ms"] for r in advisor])
                again = med([r["reopen_ms"] for r in advisor])
                rows.append(
                    Row(
                        "last answer to the notes shown / reopened",
                        f"{ms(shown)} / {ms(again)}",
                        "-",
                        f"{again / shown:.2f}x",
                        "< 300 ms, reopening no slower",
                        shown < 300 and again < 300 and again <= shown * 1.1,
                    )
                )
    finally:
        os.unlink(plan.name)
    return rows


CLI = {
    "replay": ["replay", str(EXAMPLE), "--out", "{out}"],
    "check": ["check"],
    "questions": ["questions"],
    "graph": ["graph"],
    "export --format docx": ["export", "{session}", "--format", "docx", "--out", "{out}"],
}
"""The subcommands timed, as whole processes (`{out}` a fresh folder, `{session}` the
example session replayed once)."""

FLOORS = {
    "pydantic, transitions": [PYTHON, "-c", "import pydantic, transitions"],
    "docx": [PYTHON, "-c", "import docx"],
}
"""What each subcommand is measured against: the imports it cannot do without."""

FLOOR_OF = {name: "docx" if "docx" in name else "pydantic, transitions" for name in CLI}


def cli_figures(rounds: int) -> list[Row]:
    floors: dict[str, list[float]] = {name: [] for name in FLOORS}
    times: dict[str, list[float]] = {name: [] for name in CLI}
    with tempfile.TemporaryDirectory() as kept:
        session = str(Path(kept) / "example")
        # Once first: the modules get compiled, and the session to export is written.
        run_process([PYTHON, "-m", "srs_advisor", "replay", str(EXAMPLE), "--out", session])
        for n in range(rounds):
            for name, command in FLOORS.items():
                floors[name].append(run_process(command)[0])
            names = list(CLI)
            for name in names[n % len(names) :] + names[: n % len(names)]:
                with tempfile.TemporaryDirectory() as out:
                    args = [a.format(out=out, session=session) for a in CLI[name]]
                    times[name].append(run_process([PYTHON, "-m", "srs_advisor", *args])[0])
    rows = []
    for name, values in times.items():
        floor = FLOOR_OF[name]
        b = med(floors[floor])
        rows.append(
            Row(
                f"`srs-advisor {name}`, whole process",
                ms(med(values)),
                f'`python -c "import {floor}"` {ms(b)}',
                f"{med(values) / b:.2f}x",
                "≤ 1.5x",
                med(values) / b <= 1.5,
            )
        )
    return rows


def app_resume_figures(rounds: int) -> list[Row]:
    """Resume the example session (saved at its last question) in the app, to the step."""
    values: list[float] = []
    history = 0
    for width, height in ((120, 40),):
        for _ in range(max(1, rounds // 3)):
            _, _, out = run_process(
                [PYTHON, str(HERE / "_tui.py"), "resume", "advisor", str(width), str(height), "5"]
            )
            result = json.loads(out)
            values += result["times"][1:]  # the first opening also loads the screen's code
            history = result["history"]
    value = med(values)
    return [
        Row(
            f"resume in the app, from the start screen to the step drawn (the example "
            f"session, {history} steps in its chat), 120x40",
            f"{ms(value)} (p95 {ms(p95(values))})",
            "-",
            "-",
            "< 150 ms",
            value < 150,
        )
    ]


def synthetic_figures(rounds: int, sizes: list[int], timeout: float) -> list[Row]:
    results: dict[int, list[dict[str, Any]]] = {n: [] for n in sizes}
    failed: dict[int, str] = {}
    for _ in range(rounds):
        for n in sizes:
            if n in failed:
                continue
            try:
                _, _, out = run_process(
                    [PYTHON, str(HERE / "_engine.py"), "size", str(n)],
                    limit=MEMORY_LIMIT,
                    timeout=timeout,
                )
                results[n].append(json.loads(out))
            except RuntimeError as error:
                failed[n] = str(error)
    rows: list[Row] = []

    def figure(n: int, key: str) -> float:
        return med([r[key] for r in results[n]])

    small = sizes[0]
    for n in sizes:
        if n in failed:
            rows.append(Row(f"dialog of {n} steps", "failed", failed[n][:80], "-", "-", False))
            continue
        steps = results[n][0]["steps"]
        build, answer = figure(n, "build_ms"), figure(n, "answer_ms")
        mib = figure(n, "build_mib")
        rows.append(
            Row(
                f"dialog of {steps} steps: machine built",
                ms(build),
                "-",
                "-",
                "< 100 ms" if n == 640 else "-",
                build < 100 if n == 640 else None,
            )
        )
        if n == small or small in failed:
            base = "-"
            ratio = "-"
            met = None
        else:
            a0 = figure(small, "answer_ms")
            base = f"the {results[small][0]['steps']}-step dialog {ms(a0)}"
            ratio = f"{answer / a0:.2f}x"
            met = answer / a0 <= 2 if n == 640 else None
        rows.append(
            Row(
                f"dialog of {steps} steps: each answer (in memory; p95 "
                f"{ms(figure(n, 'answer_p95_ms'))})",
                ms(answer),
                base,
                ratio,
                "≤ 2x" if n == 640 else "-",
                met,
            )
        )
        per_step = mib / steps * 1024
        if n == small or small in failed:
            mratio, mmet = "-", None
        else:
            small_per = figure(small, "build_mib") / results[small][0]["steps"] * 1024
            mratio, mmet = f"{per_step / small_per:.2f}x per step", per_step <= 1.5 * small_per
        rows.append(
            Row(
                f"dialog of {steps} steps: memory of the machine (peak, traced)",
                f"{mib:.1f} MiB ({per_step:.1f} KiB a step); "
                f"process {figure(n, 'rss_mib'):.0f} MiB",
                "-" if n == small else f"per step at {results[small][0]['steps']} steps",
                mratio,
                "linear (≤ 1.5x per step)" if n != small else "-",
                mmet,
            )
        )
    return rows


def resume_figures(rounds: int, timeout: float) -> list[Row]:
    values: list[dict[str, Any]] = []
    for _ in range(rounds):
        try:
            _, _, out = run_process(
                [PYTHON, str(HERE / "_engine.py"), "resume", "500", "200"],
                limit=MEMORY_LIMIT,
                timeout=timeout,
            )
        except RuntimeError as error:
            return [
                Row("resume of 500 answers and 200 parked", "failed", str(error), "-", "-", False)
            ]
        values.append(json.loads(out))
    resume = med([v["resume_ms"] for v in values])
    first = values[0]
    return [
        Row(
            f"resume of a session with {first['answers']} answers and {first['parked']} parked "
            f"({first['steps']}-step dialog), in-process",
            f"{ms(resume)} (p95 {ms(med([v['resume_p95_ms'] for v in values]))})",
            "-",
            "-",
            "< 100 ms",
            resume < 100,
        )
    ]


def table(rows: list[Row]) -> str:
    lines = [
        "| figure | srs-advisor | baseline in the same run | ratio | goal | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        met = "-" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(
            f"| {row.figure} | {row.value} | {row.baseline} | {row.ratio} | {row.goal} | {met} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds: about a minute")
    parser.add_argument(
        "--only",
        choices=["start", "session", "app-resume", "cli", "synthetic", "resume"],
        action="append",
        help="measure only these groups (repeatable)",
    )
    parser.add_argument(
        "--sizes",
        default="64,640,3200",
        help="synthetic dialog sizes, the smallest first (default: 64,640,3200)",
    )
    parser.add_argument(
        "--tree",
        type=Path,
        help="measure the srs_advisor of another checkout (say, `git archive` of the code "
        "before a change, unpacked), with these scripts",
    )
    args = parser.parse_args()
    if args.tree is not None:
        global TREE
        TREE = args.tree.resolve()
        ENVIRONMENT["PYTHONPATH"] = str(TREE)
    rounds = 3 if args.quick else 11
    sessions = 1 if args.quick else 3
    timeout = 300 if args.quick else 900
    groups = args.only or ["start", "session", "app-resume", "cli", "synthetic", "resume"]
    load_before = os.getloadavg()
    started = time.monotonic()
    rows: list[Row] = []
    if "start" in groups or "session" in groups:
        pages = pages_on_the_path()
    if "start" in groups:
        rows += start_figures(rounds, pages[0])
    if "session" in groups:
        rows += session_figures(sessions, pages)
    if "app-resume" in groups:
        rows += app_resume_figures(rounds)
    if "cli" in groups:
        rows += cli_figures(rounds)
    if "synthetic" in groups:
        sizes = [int(n) for n in args.sizes.split(",")]
        rows += synthetic_figures(1 if args.quick else 3, sizes, timeout)
    if "resume" in groups:
        rows += resume_figures(1 if args.quick else 3, timeout)
    print(table(rows))
    load_after = os.getloadavg()
    print(
        f"\n{rounds} rounds of each process figure, {sessions} session(s) per size; "
        f"{os.cpu_count()} cores; load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after; {time.monotonic() - started:.0f} s; Python "
        f"{sys.version.split()[0]}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
