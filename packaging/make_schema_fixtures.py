"""Makes tests/fixtures/schema-N.sqlite: a small file written by the code of each released schema.

For each schema N the last commit whose migrations end at N is checked out into a temporary git
worktree, and schema_fixture_writer.py runs on that checkout's own code (PYTHONPATH) with this
venv's interpreter. Where no commit ever ended at N (steps 1 and 2 came in one commit; step 5
landed before step 4), the first commit that has step N is used and its steps run only up to N.
Each file is vacuumed into 512-byte pages (a few tens of KB instead of a 4 KB page for every table
and index) and left in rollback-journal mode, so reading it leaves no -wal beside it.

    .venv/bin/python packaging/make_schema_fixtures.py [--rewrite]

A fixture already on file is kept (it stands for its release); --rewrite makes every one again.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
WRITER = Path(__file__).with_name("schema_fixture_writer.py")
MIGRATIONS = "desktop_app/store/migrations/__init__.py"
STEP = re.compile(r"^\s+(\d+):", re.MULTILINE)


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout


def steps_by_commit() -> list[tuple[str, set[int]]]:
    """Every commit of the history, oldest first, with the schema steps its code has."""
    history = []
    for commit in git("rev-list", "--reverse", "--first-parent", "HEAD").split():
        shown = subprocess.run(["git", "show", f"{commit}:{MIGRATIONS}"], cwd=ROOT,
                               capture_output=True, text=True)
        steps = {int(n) for n in STEP.findall(shown.stdout)} if shown.returncode == 0 else set()
        history.append((commit, steps))
    return history


def commit_for(schema: int, history: list[tuple[str, set[int]]]) -> str:
    ending = [commit for commit, steps in history if steps and max(steps) == schema]
    if ending:
        return ending[-1]
    return next(commit for commit, steps in history if schema in steps)


def write(schema: int, commit: str, out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix=f"futasato-schema{schema}-") as scratch:
        checkout = Path(scratch) / "checkout"
        git("worktree", "add", "--detach", str(checkout), commit)
        try:
            out.unlink(missing_ok=True)
            subprocess.run([sys.executable, str(WRITER), str(out), str(schema)], cwd=checkout,
                           check=True, env={"PYTHONPATH": str(checkout), "HOME": scratch,
                                            "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        finally:
            git("worktree", "remove", "--force", str(checkout))
    connection = sqlite3.connect(out)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("PRAGMA page_size = 512")
    connection.execute("VACUUM")
    connection.close()


def main(rewrite: bool) -> None:
    history = steps_by_commit()
    latest = max(max(steps) for _commit, steps in history if steps)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    readme = FIXTURES / "README.md"
    # A kept file keeps its row: the commit that wrote it, not today's last one at its schema.
    rows = {int(m[1]): m[0] for m in re.finditer(r"^\| (\d+) \|.*$", readme.read_text(
        encoding="utf-8"), re.MULTILINE)} if readme.exists() else {}
    lines = []
    for schema in range(1, latest + 1):
        out = FIXTURES / f"schema-{schema}.sqlite"
        if rewrite or not out.exists() or schema not in rows:
            commit = commit_for(schema, history)
            write(schema, commit, out)
            subject = git("log", "-1", "--format=%h %<(60,trunc)%s", commit).strip()
            size = out.stat().st_size // 1024
            rows[schema] = f"| {schema} | `{out.name}` | {size} KB | {subject} |"
        lines.append(rows[schema])
        print(lines[-1])
    readme.write_text(
        "# Schema fixtures\n\n"
        "One small file per released schema, written by that release's own code (office, people "
        "with 𠮷 and 髙, and each area the schema has), made by "
        "`.venv/bin/python packaging/make_schema_fixtures.py`; `tests/test_schema_fixtures.py` "
        "upgrades a copy of each. Pages are 512 bytes and the journal is a rollback one (the "
        "app switches to WAL when it opens a file); otherwise each is as its release left it. No "
        "commit ever ended at schema 1 (steps 1 and 2 came together) or 4 (step 5 landed first): "
        "those two were written by the first commit with the step, its steps run up to N only."
        "\n\n"
        "| schema | file | size | written by the code of commit |\n|---|---|---|---|\n"
        + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main("--rewrite" in sys.argv[1:])
