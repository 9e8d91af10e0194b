"""Two counters of one demo town through the `futasato` command as a clerk runs it: real
processes, real files. Paired, edited on both sides, change sets carried both ways, then the
register and every synced table compared row by row; and what a counter must refuse."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.store.database import Database
from tests.sync_helpers import synced_rows

PASSWORD = "counter-pass-1"
# Per-counter tables, not compared: the change log's own bookkeeping (`changes`,
# `change_writes`, `change_sequences`), the pairing (`sync_peers`, `sync_holdings`,
# `sync_invitations`), and `office`/`clerks`/keys, which stay local. Compared: SYNCED_TABLES.


def futasato(*args, secret: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "FUTASATO_PASSWORD": PASSWORD, "FUTASATO_CLERK": "admin",
           "FUTASATO_LANG": "en"}
    if secret:
        env["FUTASATO_INVITE_SECRET"] = secret
    return subprocess.run([sys.executable, "-m", "desktop_app", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


def ok(*args, secret: str | None = None) -> str:
    result = futasato(*args, secret=secret)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def town(path: Path, people: int) -> Path:
    ok("--db", path, "init", "--municipality-code", "042021", "--office", "石巻市役所",
       "--admin", "admin")
    ok("--db", path, "demo", "--registrants", people)
    return path


def rows(path: Path) -> dict[str, list[tuple]]:
    db = Database(path)
    try:
        return synced_rows(db)
    finally:
        db.close()


def export(source: Path, peer: int, stick: Path) -> Path:
    out = ok("--db", source, "sync", "export", "--to", peer, "--out", stick)
    return Path(re.search(r"(\S+changes-\S+\.zip)", out).group(1))


def refused(target: Path, package: Path, reason: str) -> None:
    before = rows(target)  # not the file's bytes: signing in writes its own audit rows
    result = futasato("--db", target, "sync", "import", package)
    assert result.returncode == 4, result.stdout + result.stderr
    assert re.search(reason, result.stdout + result.stderr, re.IGNORECASE), result.stderr
    assert rows(target) == before


def pair(inviter: Path, new_counter: Path, stick: Path) -> None:
    out = ok("--db", inviter, "sync", "invite", "--out", stick)
    secret = re.search(r"([A-Z2-7]{4}(?:-[A-Z2-7]{4}){5})", out).group(1)
    out = ok("--db", new_counter, "sync", "join", out.splitlines()[0], "--counter", "1",
             secret=secret)
    reply = re.search(r"(\S+joined-\S+\.zip)", out).group(1)
    assert "paired" in ok("--db", inviter, "sync", "import", reply)


@pytest.fixture(scope="module")
def counters(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e")
    stick = folder / "stick"
    stick.mkdir()
    main_office = town(folder / "town.sqlite", 30)
    branch = folder / "branch.sqlite"
    pair(main_office, branch, stick)
    return main_office, branch, stick, folder


def test_edits_on_both_counters_carried_both_ways_leave_equal_registers(counters):
    main_office, branch, stick, _ = counters
    ok("--db", main_office, "registrants", "edit", "1", "--phone", "0225-11-1111")
    ok("--db", main_office, "registrants", "edit", "2", "--email", "two@example.jp")
    ok("--db", branch, "registrants", "edit", "3", "--phone", "0225-33-3333")
    ok("--db", branch, "registrants", "edit", "1", "--email", "one@example.jp")
    to_branch, to_main = export(main_office, 1, stick), export(branch, 0, stick)
    ok("--db", branch, "sync", "import", to_branch)
    ok("--db", main_office, "sync", "import", to_main)
    mine, theirs = rows(main_office), rows(branch)
    assert len(mine["registrants"]) == 30
    for table in mine:
        assert mine[table] == theirs[table], table
    edited = [dict(r) for r in mine["registrants"] if dict(r)["phone"] == "0225-11-1111"]
    assert [r["email"] for r in edited] == ["one@example.jp"]  # different fields: both stand


def test_a_truncated_a_foreign_and_a_replayed_change_set_are_refused(counters):
    main_office, branch, stick, folder = counters
    older = export(main_office, 1, stick)
    ok("--db", main_office, "registrants", "edit", "4", "--phone", "0225-44-4444")
    newer = export(main_office, 1, stick)

    cut = folder / "cut" / newer.name
    cut.parent.mkdir()
    cut.write_bytes(newer.read_bytes()[:-200])
    Path(f"{cut}.sig").write_bytes(Path(f"{newer}.sig").read_bytes())
    refused(branch, cut, r"signature|truncated|damaged")

    # Another town, made apart (a town paired with nothing cannot write a change set at all:
    # it is paired with its own branch), writing for its counter 1.
    other = town(folder / "other.sqlite", 3)
    strange = folder / "strange"
    strange.mkdir()
    pair(other, folder / "other-branch.sqlite", strange)
    ok("--db", other, "registrants", "edit", "1", "--phone", "0225-99-9999")
    refused(branch, export(other, 1, strange), r"paired")

    ok("--db", branch, "sync", "import", newer)
    refused(branch, older, r"replay|older|already")
