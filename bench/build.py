"""Demo databases under bench/out/, made with the `futasato` commands a town would run, and reused
while they still match (size, seed, schema)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from desktop_app.services.demo_accounts import DEMO_ADMIN_LOGIN, DEMO_ADMIN_PASSWORD
from desktop_app.store.migrations import LATEST_VERSION

OUT = Path(__file__).resolve().parent / "out"
SEED = 1


def _futasato(db: Path, *arguments: str) -> float:
    """Run one command; the seconds it took from process start to exit."""
    env = {**os.environ, "FUTASATO_CLERK": DEMO_ADMIN_LOGIN,
           "FUTASATO_PASSWORD": DEMO_ADMIN_PASSWORD, "FUTASATO_LANG": "en"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(db), *arguments],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _remove(db: Path) -> None:
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)


def demo_database(name: str, registrants: int, *, rebuild: bool = False) -> tuple[Path, dict]:
    """The path of a demo database with `registrants` people, and how it was made."""
    OUT.mkdir(exist_ok=True)
    db = OUT / f"{name}.sqlite"
    marker = OUT / f"{name}.json"
    wanted = {"registrants": registrants, "seed": SEED, "schema_version": LATEST_VERSION}
    if not rebuild and db.exists() and marker.exists():
        made = json.loads(marker.read_text(encoding="utf-8"))
        if all(made.get(key) == value for key, value in wanted.items()):
            return db, {**made, "reused": True}
    _remove(db)
    init_seconds = _futasato(db, "init", "--municipality-code", "042021", "--office",
                             "石巻市役所 二地域居住推進室 (bench)", "--admin", DEMO_ADMIN_LOGIN)
    demo_seconds = _futasato(db, "demo", "--registrants", str(registrants), "--seed", str(SEED))
    made = {**wanted, "init_seconds": round(init_seconds, 2),
            "demo_seconds": round(demo_seconds, 2), "file_mb": round(db.stat().st_size / 2**20),
            "built_at": datetime.now().isoformat(timespec="seconds")}
    marker.write_text(json.dumps(made, indent=2), encoding="utf-8")
    return db, {**made, "reused": False}
