"""Shared by the reliability campaigns: the real `futasato` CLI in a subprocess, the campaign's
size (short in the normal suite, `FUTASATO_CAMPAIGN=full` for the recorded run), checks, and the
hypothesis profiles of the same two sizes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

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
