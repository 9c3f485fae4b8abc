"""Killed at any moment while a partner fills in its pre-work, no answer given is lost.

As `test_crash_safety` does for sessions: a forked child opens a pre-work file for
filling (`store.prework.open_for_filling`, as `prework --fill` does), answers question
after question, and writes "ACK" on a pipe only once the answer is given (and so
saved). The test kills it with SIGKILL after a few ACKs and a random few milliseconds,
or exactly inside a save (the child's own hook on `os.fsync` and `os.replace`). After
each kill the file reads as a whole pre-work file holding every acknowledged answer;
the next opening removes what a kill left half-written and goes on from the first
question left blank.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import time
import traceback
from pathlib import Path
from typing import Any

from prework_files import COUNTY, FILES, session_at_readiness

from srs_advisor.__main__ import main
from srs_advisor.dialog import Dialog, choices_of
from srs_advisor.resources import content_dir
from srs_advisor.store.prework import open_for_filling, read_prework

KILLS = 30
HOOKS = ("fsync", "replace")


def answer_for(step_id: str, kind: str, number: int, dialog: Dialog) -> str:
    if kind == "long-text":
        return f"Answer {number} [/] with [b]brackets[/b]\nand a second line"
    choices = [c.value for c in choices_of(dialog.step(step_id))]
    return choices[number % len(choices)]


def play(dialog: Dialog, path: Path, out: int, hook: str | None, after: int) -> None:
    """The child: open the file for filling, and answer until every question is."""
    pipe = os.fdopen(out, "w", buffering=1)
    if hook is not None:
        saves = {"n": 0}
        real_fsync, real_replace = os.fsync, os.replace

        def stop_here() -> None:
            if saves["n"] >= after:
                pipe.write(f"STOPPED {hook}\n")
                select.select([], [], [])  # wait for the kill, forever

        def fsync(fd: int) -> None:
            if hook == "fsync":
                stop_here()
            real_fsync(fd)

        def replace(src: Any, dst: Any) -> None:
            if hook == "replace":
                stop_here()
            real_replace(src, dst)
            saves["n"] += 1

        os.fsync = fsync  # type: ignore[assignment] - this child's own os module only
        os.replace = replace  # type: ignore[assignment]
    form = read_prework(path, dialog)
    conversation, _ = open_for_filling(dialog, content_dir(), path, form, COUNTY, "Pre-work.")
    while (step := conversation.current) is not None:
        if step.kind == "info":
            conversation.answer()
            continue
        number = len(conversation.history)
        value = answer_for(step.id, step.kind, number, dialog)
        conversation.answer(value)
        pipe.write(f"ACK {json.dumps({'step': step.id, 'answer': value})}\n")
    pipe.write("DONE\n")


def run_child(
    dialog: Dialog, path: Path, rng: random.Random, hook: str | None
) -> tuple[list[dict[str, str]], str]:
    after = rng.randint(0, 3)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        code = 0
        try:
            play(dialog, path, write, hook, after)
        except BaseException:
            os.write(write, f"ERROR {traceback.format_exc()!r}\n".encode())
            code = 1
        os._exit(code)
    os.close(write)
    acks: list[dict[str, str]] = []
    ended = "killed"
    buffer = b""
    want = rng.randint(1, 3)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([read], [], [], 1)
            if not ready:
                continue
            chunk = os.read(read, 65536)
            if not chunk:
                ended = "exited"
                break
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                kind, _, body = line.decode().partition(" ")
                assert kind != "ERROR", body
                if kind == "ACK":
                    acks.append(json.loads(body))
                elif kind == "DONE":
                    ended = "done"
                elif kind == "STOPPED":
                    ended = "killed inside a save"
            if ended != "killed" or (hook is None and len(acks) >= want):
                break
        else:
            raise AssertionError("the child neither answered nor stopped within a minute")
        if hook is None:
            time.sleep(rng.uniform(0, 0.004))
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
    return acks, ended


def test_no_answer_given_in_a_pre_work_file_is_lost_to_a_kill(
    dialog: Dialog, tmp_path: Path
) -> None:
    rng = random.Random(19)
    kills = inside = leftovers = rounds = 0
    while kills < KILLS:
        rounds += 1
        session = tmp_path / f"session-{rounds}"
        session_at_readiness(dialog, session)
        out = tmp_path / f"files-{rounds}"
        assert main(["prework", str(session), "--out", str(out)]) == 0
        path = out / FILES[COUNTY]
        acked: dict[str, str] = {}
        while True:
            hook = rng.choice(HOOKS) if rng.random() < 0.4 else None
            acks, ended = run_child(dialog, path, rng, hook)
            acked.update({a["step"]: a["answer"] for a in acks})
            form = read_prework(path, dialog)  # whole, whatever the moment of the kill
            for step_id, value in acked.items():
                assert form.answers.get(step_id) == value.strip(), step_id
            if ended == "done":
                break
            kills += 1
            inside += ended == "killed inside a save"
            leftovers += bool(list(out.glob(".*.tmp")))
        assert not list(out.glob(".*.tmp")) or ended != "done"
        assert len(read_prework(path, dialog).answers) == 14
    print(f"{kills} kills ({inside} inside a save, {leftovers} leaving a temporary file)")
    assert inside >= 5 and leftovers >= 1
