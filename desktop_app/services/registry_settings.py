"""The registry's rule numbers as this town has set them (defaults in domain.policy)."""

from __future__ import annotations

from desktop_app.domain.policy import (
    REGISTRY_DUAL_CANDIDATE_NIGHTS,
    REGISTRY_DUAL_CANDIDATE_SCORE,
    REGISTRY_PREMIUM_ACTIVITIES,
    REGISTRY_RENEWAL_MONTHS,
    REGISTRY_SCORE_WEIGHTS,
    REGISTRY_SCORE_WINDOW_DAYS,
)
from desktop_app.domain.registry_rules import RegistryRules
from desktop_app.services.policy import setting
from desktop_app.store.database import Database


def registry_rules(db: Database) -> RegistryRules:
    return RegistryRules(
        renewal_months=int(setting(db, REGISTRY_RENEWAL_MONTHS)),
        premium_activities_per_year=int(setting(db, REGISTRY_PREMIUM_ACTIVITIES)),
        score_window_days=int(setting(db, REGISTRY_SCORE_WINDOW_DAYS)),
        dual_candidate_score=int(setting(db, REGISTRY_DUAL_CANDIDATE_SCORE)),
        dual_candidate_nights=int(setting(db, REGISTRY_DUAL_CANDIDATE_NIGHTS)),
        score_weights={kind: int(setting(db, key)) for kind, key in REGISTRY_SCORE_WEIGHTS.items()},
    )
