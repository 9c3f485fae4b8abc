"""The path the conversation takes with the answers given so far, kept up to date cheaply.

The path is the walk from the first step, each step's answer seen as the walk passes
it, to the end. Walking it anew on every answer costs a step's guards per step: a
session would cost the square of its length. `PathCache` keeps the last path and, when
answers change, walks again only where a change can matter:

- the walk up to a changed step is the same (the walk has not seen it yet), and a
  changed answer to a step off the path changes nothing;
- from the first changed step on, a step's exits are asked again only if they test an
  answer that now differs along the way (`Flow.readers`), or the working level while
  an answer it depends on differs (`Flow.level_inputs`); elsewhere the walk follows
  the old path. Where the new walk leaves the old path, the steps it passes or skips
  count as differing too, until it joins the old path again.

The result is the same as a full walk (the tests compare the two after random moves).
Answers are compared by value: an answer is replaced, never changed in place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..dialog.model import END, Level
from .machine import Flow

_MISSING = object()


class _Seen(Mapping[str, Any]):
    """The answers the walk has seen: those of the steps on the path so far."""

    def __init__(self, pool: Mapping[str, Any], passed: set[str]) -> None:
        self._pool = pool
        self._passed = passed

    def __getitem__(self, key: str) -> Any:
        if key not in self._passed:
            raise KeyError(key)
        return self._pool[key]

    def __contains__(self, key: object) -> bool:
        return key in self._passed and key in self._pool

    def __iter__(self) -> Iterator[str]:
        return (key for key in self._pool if key in self._passed)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class PathCache:
    """The conversation's path, recomputed only from what a change can affect."""

    def __init__(self, flow: Flow) -> None:
        self._flow = flow
        self._first = next(iter(flow.exits))
        self._path: list[str] = []
        self._position: dict[str, int] = {}
        self._pool: dict[str, Any] | None = None
        self._level_key: dict[str, Any] | None = None
        self._level: tuple[Level | None, bool] = (None, False)

    def path(self, pool: dict[str, Any], touched: Iterable[str] = ()) -> list[str]:
        """The path with every answer in `pool` (the answers, and those set aside).

        Args:
            pool: every answer; not to be changed afterwards (the next call compares
                against it).
            touched: the steps whose answers may have changed since the last call, if
                known: then only a check that nothing else changed is made (a fast
                comparison of the two pools), not a comparison answer by answer.
        """
        old = self._pool
        if old is None:
            self._store(self._walk(pool, [], set(), self._first, None, set()), pool, 0)
            return list(self._path)
        position = self._position
        touched = set(touched)
        for key in touched:  # `old` is ours (the last call's pool): brought up to date
            if key in pool:
                old[key] = pool[key]
            else:
                old.pop(key, None)
        changed = {key for key in touched if key in position}
        if old != pool:  # changed by someone who did not say: compare answer by answer
            changed.update(
                key
                for key, value in pool.items()
                if key in position and old.get(key, _MISSING) != value
            )
            changed.update(key for key in old if key in position and key not in pool)
        if changed:
            start = min(position[key] for key in changed)
            prefix = self._path[:start]
            here = self._path[start]
            self._store(self._walk(pool, prefix, set(prefix), here, start, changed), pool, start)
        else:
            self._pool = pool
        return list(self._path)

    def _store(self, path: list[str], pool: dict[str, Any], start: int) -> None:
        """Keep `path`, the same as the last one before `start`."""
        if path != self._path:
            position = self._position
            for step in self._path[start:]:
                if position.get(step, -1) >= start:
                    del position[step]
            for n in range(start, len(path)):
                position[path[n]] = n
            self._path = path
        self._pool = pool

    def _level_for(self, pool: Mapping[str, Any], passed: set[str]) -> tuple[Level | None, bool]:
        key = {s: pool[s] for s in self._flow.level_inputs if s in passed and s in pool}
        if key != self._level_key:
            self._level_key = key
            self._level = self._flow.level_of(key)
        return self._level

    def _walk(
        self,
        pool: dict[str, Any],
        path: list[str],
        passed: set[str],
        here: str,
        aligned: int | None,
        differ: set[str],
    ) -> list[str]:
        """Walk on from `here` (at `path`'s end), following the old path where it can.

        Args:
            pool: every answer.
            path: the path so far (extended in place), `passed` the same as a set.
            here: the step the walk has reached (not yet on `path`).
            aligned: `here`'s position on the old path, or None if it is off it.
            differ: the steps whose seen answers may differ from the old walk's.
        """
        flow = self._flow
        old = self._path
        position = self._position
        seen = _Seen(pool, passed)

        def level() -> tuple[Level | None, bool]:
            return self._level_for(pool, passed)

        asked: list[int] = []  # positions on the old path whose exits must be asked again

        def recount() -> None:
            if not old:
                return  # the first walk: no old path to follow
            readers: set[str] = set()
            for step in differ:
                readers |= flow.readers.get(step, set())
            if not flow.level_inputs.isdisjoint(differ):
                readers |= flow.level_readers
            asked[:] = sorted(position[s] for s in readers if s in position)

        recount()
        last = len(old) - 1
        behind = -1 if aligned is None else aligned - 1  # the old path followed up to here
        while True:
            if aligned is not None:
                # Follow the old path up to the next step whose exits must be asked again
                # (the old path's last step too: why it ended may have changed).
                at = bisect_left(asked, aligned)
                stop = asked[at] if at < len(asked) else last
                stretch = old[aligned : stop + 1]
                if not passed.isdisjoint(stretch):  # it comes back to a step already passed
                    for step in stretch:
                        if step in passed:
                            return path
                        path.append(step)
                        passed.add(step)
                    raise AssertionError("unreachable")  # pragma: no cover
                path.extend(stretch)
                passed.update(stretch)
                here, aligned = old[stop], stop
            else:
                path.append(here)
                passed.add(here)
            dest = flow.next_step(here, seen, level)
            if dest is None or dest == END or dest in passed:
                return path
            if aligned is not None and aligned < last and dest == old[aligned + 1]:
                aligned += 1
                continue
            if aligned is not None:
                behind = aligned
            back_on = position.get(dest)
            if back_on is not None and back_on > behind:
                differ.update(old[behind + 1 : back_on])  # seen by the old walk, not this one
                aligned = back_on
            else:
                differ.add(dest)  # seen by this walk, not the old one
                aligned = None
            recount()
            here = dest
