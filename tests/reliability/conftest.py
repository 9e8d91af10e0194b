"""Hypothesis profiles for the reliability campaigns: short in the normal suite, full on demand.

`FUTASATO_CAMPAIGN=full pytest tests/reliability` runs the full campaign (see RESULTS.md).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

CAMPAIGN_PROFILE_SHORT = "futasato-short"
CAMPAIGN_PROFILE_FULL = "futasato-full"

settings.register_profile(CAMPAIGN_PROFILE_SHORT, max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile(CAMPAIGN_PROFILE_FULL, max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile(CAMPAIGN_PROFILE_FULL if os.environ.get("FUTASATO_CAMPAIGN") == "full"
                      else CAMPAIGN_PROFILE_SHORT)
