"""Sessions listed as chains: each check-in under the meeting it follows, in order.

A check-in (`engine.checkin`) is a session of its own, in a folder of its own. A list
of sessions shows each check-in under the meeting it follows, in the order they were
held, so that a chain reads from its first meeting down.
"""

from __future__ import annotations

from datetime import datetime

from .sessions import SessionSummary


def in_chains(found: list[SessionSummary]) -> list[tuple[SessionSummary, int]]:
    """`found` (newest first) with each check-in under the session it follows, and its depth.

    Chains come newest first (by their latest save); within a chain, each meeting's
    check-ins follow it in the order they were held. A check-in whose earlier session
    is not among `found` starts a chain of its own.
    """
    ids = {s.id for s in found}
    followers: dict[str, list[SessionSummary]] = {}
    roots: list[SessionSummary] = []
    for summary in found:
        if summary.follows is not None and summary.follows in ids and summary.follows != summary.id:
            followers.setdefault(summary.follows, []).append(summary)
        else:
            roots.append(summary)

    def held(summary: SessionSummary) -> datetime:
        return summary.created or summary.updated

    for listed in followers.values():
        listed.sort(key=held)

    def latest(summary: SessionSummary, seen: frozenset[str] = frozenset()) -> datetime:
        newest = summary.updated
        for follower in followers.get(summary.id, []):
            if follower.id not in seen:
                newest = max(newest, latest(follower, seen | {summary.id}))
        return newest

    ordered: list[tuple[SessionSummary, int]] = []
    placed: set[str] = set()

    def place(summary: SessionSummary, depth: int) -> None:
        if summary.id in placed:
            return  # a chain that loops (files edited by hand): each session once
        placed.add(summary.id)
        ordered.append((summary, depth))
        for follower in followers.get(summary.id, []):
            place(follower, depth + 1)

    for root in sorted(roots, key=latest, reverse=True):
        place(root, 0)
    for summary in found:  # in a loop of check-ins that follow each other: still listed
        place(summary, 0)
    return ordered


def chain_label(summary: SessionSummary, depth: int, ids: set[str]) -> str:
    """How a list names a session's place in its chain: "" for a first meeting."""
    if summary.follows is None:
        return ""
    if depth > 0:
        return f"check-in {summary.checkin}"
    where = "" if summary.follows in ids else ", not in this folder"
    return f"check-in {summary.checkin} of {summary.follows}{where}"
