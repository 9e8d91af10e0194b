"""Shared by the reliability campaigns: the real `futasato` CLI in a subprocess, the campaign's
size (short in the normal suite, `FUTASATO_CAMPAIGN=full` for the recorded run), checks, and the
hypothesis profiles of the same two sizes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from desktop_app.domain.roles import Role
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from tests.conftest import ADMIN_PASSWORD

FULL = os.environ.get("FUTASATO_CAMPAIGN") == "full"
ROOT = Path(__file__).resolve().parents[2]

CAMPAIGN_PROFILE_SHORT = "futasato-short"
CAMPAIGN_PROFILE_FULL = "futasato-full"

settings.register_profile(CAMPAIGN_PROFILE_SHORT, max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile(CAMPAIGN_PROFILE_FULL, max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile(CAMPAIGN_PROFILE_FULL if FULL else CAMPAIGN_PROFILE_SHORT)


def cli_env() -> dict[str, str]:
    env = dict(os.environ, FUTASATO_CLERK="admin", FUTASATO_PASSWORD=ADMIN_PASSWORD,
               QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return env


def cli_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "desktop_app", "--lang", "en", "--db", str(db), *args]


def run_cli(db: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(cli_command(db, *args), env=cli_env(), capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def start_cli(db: Path, *args: str) -> subprocess.Popen:
    """The CLI in its own process group, so a kill can take the whole group."""
    return subprocess.Popen(cli_command(db, *args), env=cli_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)


def assert_file_sound(db: Path) -> None:
    """`futasato check` and `audit verify` pass from a fresh process: no manual repair."""
    checked = run_cli(db, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    verified = run_cli(db, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr


@pytest.fixture(scope="session")
def office_template(tmp_path_factory) -> Path:
    """An office in 石巻市 with its administrator, set up once (hashing the password is slow)."""
    path = tmp_path_factory.mktemp("office") / "template.sqlite"
    db = Database(path)
    set_up_office(db, municipality_code="042021", office_name="石巻市役所 本庁",
                  admin_login="admin", admin_password=ADMIN_PASSWORD, admin_name="管理 太郎")
    db.close()
    return path


@pytest.fixture
def office(office_template, tmp_path) -> Session:
    """The administrator of a fresh copy of the office template, as `admin` is elsewhere."""
    path = tmp_path / "futasato.sqlite"
    shutil.copyfile(office_template, path)
    db = Database(path)
    yield Session(db, clerk="admin", role=Role.ADMIN)
    db.close()


def file_contents(db: Database) -> dict[str, list[str]]:
    """Every row of every table (the audit trail too), sorted: equal before and after means the
    database did not change."""
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {name: sorted(map(repr, map(tuple, db.execute(f"SELECT * FROM {name}"))))
            for name in names}
