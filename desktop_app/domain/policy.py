"""The numbers a town may change, with their defaults in one place.

Values live in the settings table; code reads them through `services.policy.setting`, never
with a literal, so a town can tighten or relax a rule without a new version of the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.text import N_


@dataclass(frozen=True)
class PolicyItem:
    default: Any
    minimum: int | None = None
    maximum: int | None = None


# Keys are stable: they are stored in every town's file.
SIGN_IN_MAX_FAILURES = "sign_in.max_failures"
SIGN_IN_LOCKOUT_MINUTES = "sign_in.lockout_minutes"
IDLE_LOCK_MINUTES = "session.idle_lock_minutes"
BACKUP_AUTOMATIC = "backup.automatic"
BACKUP_FOLDER = "backup.folder"
BACKUP_KEEP = "backup.keep"
BACKUP_INTERVAL_HOURS = "backup.interval_hours"
BACKUP_PASSPHRASE = "backup.passphrase"
ERASED_RETENTION_DAYS = "retention.erased_days"
# The registry's rule numbers (ふるさと住民登録制度 has not published its own yet).
REGISTRY_RENEWAL_MONTHS = "registry.renewal_months"
REGISTRY_PREMIUM_ACTIVITIES = "registry.premium_activities_per_year"
REGISTRY_SCORE_WINDOW_DAYS = "registry.score_window_days"
REGISTRY_DUAL_CANDIDATE_SCORE = "registry.dual_candidate_score"
REGISTRY_DUAL_CANDIDATE_NIGHTS = "registry.dual_candidate_nights"
# Score weights: points per night, per 10,000 yen, per hour, per day, per event, per role.
REGISTRY_SCORE_WEIGHTS = {
    kind: f"registry.score.{kind}"
    for kind in ("stay", "donation", "volunteer", "side_job", "event", "ninaite")
}
STAY_NIGHTS_PER_YEAR = "stays.nights_per_year"

POLICY: dict[str, PolicyItem] = {
    SIGN_IN_MAX_FAILURES: PolicyItem(5, 1, 100),
    SIGN_IN_LOCKOUT_MINUTES: PolicyItem(15, 1, 24 * 60),
    # Fractions of a minute are allowed so that tests (and a strict town) can use seconds.
    IDLE_LOCK_MINUTES: PolicyItem(10, 0, 8 * 60),
    BACKUP_AUTOMATIC: PolicyItem(True),
    BACKUP_FOLDER: PolicyItem(""),  # empty: a `backups` folder beside the database file
    BACKUP_KEEP: PolicyItem(14, 1, 1000),
    BACKUP_INTERVAL_HOURS: PolicyItem(24, 1, 24 * 31),
    BACKUP_PASSPHRASE: PolicyItem(""),  # empty: automatic backups are not encrypted
    # 抹消 people are anonymised after this many days; the town sets it (5 years by default).
    ERASED_RETENTION_DAYS: PolicyItem(5 * 365, 0, 100 * 365),
    REGISTRY_RENEWAL_MONTHS: PolicyItem(12, 1, 120),
    REGISTRY_PREMIUM_ACTIVITIES: PolicyItem(3, 0, 100),
    REGISTRY_SCORE_WINDOW_DAYS: PolicyItem(365, 1, 3650),
    REGISTRY_DUAL_CANDIDATE_SCORE: PolicyItem(30, 0, 100000),
    REGISTRY_DUAL_CANDIDATE_NIGHTS: PolicyItem(14, 0, 366),
    REGISTRY_SCORE_WEIGHTS["stay"]: PolicyItem(2, 0, 1000),
    REGISTRY_SCORE_WEIGHTS["donation"]: PolicyItem(1, 0, 1000),
    REGISTRY_SCORE_WEIGHTS["volunteer"]: PolicyItem(1, 0, 1000),
    REGISTRY_SCORE_WEIGHTS["side_job"]: PolicyItem(3, 0, 1000),
    REGISTRY_SCORE_WEIGHTS["event"]: PolicyItem(2, 0, 1000),
    REGISTRY_SCORE_WEIGHTS["ninaite"]: PolicyItem(5, 0, 1000),
    # Trial-stay nights one person may book in a 年度, across all facilities; 0: no limit.
    STAY_NIGHTS_PER_YEAR: PolicyItem(30, 0, 366),
}


def check_value(key: str, value: Any) -> Any:
    """Refuse a value of the wrong type or outside the item's range; return it as stored."""
    item = POLICY.get(key)
    if item is None:
        raise RuleRefused(N_("There is no setting called {key}."), {"key": key})
    default = item.default
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise RuleRefused(N_("{key} must be true or false."), {"key": key})
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RuleRefused(N_("{key} must be a number."), {"key": key})
        if (item.minimum is not None and value < item.minimum) or (
                item.maximum is not None and value > item.maximum):
            raise RuleRefused(N_("{key} must be between {low} and {high}."),
                              {"key": key, "low": item.minimum, "high": item.maximum})
        return value
    if not isinstance(value, str):
        raise RuleRefused(N_("{key} must be text."), {"key": key})
    return value
