"""Shared by the reliability campaigns: the real `futasato` CLI in a subprocess, the campaign's
size (short in the normal suite, `FUTASATO_CAMPAIGN=full` for the recorded run), checks, and the
hypothesis profiles of the same two sizes."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

FULL = os.environ.get("FUTASATO_CAMPAIGN") == "full"
ROOT = Path(__file__).resolve().parents[2]

CAMPAIGN_PROFILE_SHORT = "futasato-short"
CAMPAIGN_PROFILE_FULL = "futasato-full"

settings.register_profile(CAMPAIGN_PROFILE_SHORT, max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile(CAMPAIGN_PROFILE_FULL, max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile(CAMPAIGN_PROFILE_FULL if FULL else CAMPAIGN_PROFILE_SHORT)
