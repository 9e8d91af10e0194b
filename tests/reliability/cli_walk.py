"""Every leaf command of `futasato`, found by walking the argparse tree, with an argv that parses.

The walk is what keeps the access campaign complete: a new command is tried as soon as it is
registered, without anyone adding it to a list.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from desktop_app.cli import _parser
from desktop_app.services import passwords

# Values tried, in order, for an argument the command requires: the first its type accepts.
_CANDIDATES = ("1", "2026-04-01", "2025Q1", "x")


def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its smallest cost for the walks, which check hundreds of passwords: what
    they test is who is refused, not the hash's strength (still real Argon2id, verified the
    same way)."""
    monkeypatch.setattr(passwords, "_HASHER",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def leaf_commands() -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield from _leaves(_parser(), ())


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...]):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for action in subs:
        for name, sub in action.choices.items():
            yield from _leaves(sub, (*path, name))


def parsing_argv(path: tuple[str, ...], parser: argparse.ArgumentParser, folder: Path) -> list[str]:
    """The command with a value for each required argument, files named inside `folder`."""
    argv = list(path)
    for action in parser._actions:
        if not action.required:
            continue
        value = _value(action, folder)
        values = [value] * (action.nargs if isinstance(action.nargs, int) else 1)
        argv += ([action.option_strings[0]] if action.option_strings else []) + values
    for group in parser._mutually_exclusive_groups:  # one of them must be given: a flag if any
        if group.required:
            flags = [action for action in group._group_actions if action.nargs == 0]
            chosen = (flags or group._group_actions)[0]
            argv += [chosen.option_strings[0]] + ([] if chosen.nargs == 0
                                                  else [_value(chosen, folder)])
    return argv


# Arguments whose text must have a shape before the command gets as far as signing in.
_BY_NAME = {"date": "2026-04-01", "first": "2026-04-01", "check_in": "2026-04-01",
            "check_out": "2026-04-03", "expires": "2027-03-31", "quarter": "2025Q1",
            "municipality_code": "042021"}
# Files a command reads: made (empty) so that a missing file is not what refuses it.
_READ_FILES = ("file", "files")


def _value(action: argparse.Action, folder: Path) -> str:
    if action.dest in _BY_NAME:
        return _BY_NAME[action.dest]
    if action.dest in _READ_FILES:
        path = folder / f"{action.dest}.zip"
        path.touch()
        return str(path)
    if action.choices:
        return str(next(iter(action.choices)))
    kind = action.type
    if kind is Path or action.dest in ("out", "file", "files", "csv"):
        return str(folder / f"{action.dest}.bin")
    for candidate in _CANDIDATES:
        try:
            if kind is None or kind(candidate) is not None:
                return candidate
        except (ValueError, TypeError, argparse.ArgumentTypeError, Exception):
            continue
    return "x"
