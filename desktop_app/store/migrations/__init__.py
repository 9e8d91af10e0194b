"""Numbered schema steps. A new file runs every step from 1, so upgrades are always exercised.

Never edit a released step: add the next one. `PRAGMA user_version` is the only version source.
"""

from __future__ import annotations

from collections.abc import Callable
from sqlite3 import Connection

from desktop_app.store.migrations import (
    m001_core,
    m002_houses_stays,
    m003_houses_vouchers,
    m004_printing,
    m005_registry,
    m006_list_filters,
    m007_audit_details,
    m008_password_change,
    m009_exchange_keys,
    m010_quarter_returns,
    m011_prefecture_returns,
    m012_change_log,
    m013_sync_peers,
    m014_sync_apply,
    m015_emergency_photos,
)

MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: m001_core.upgrade,
    2: m002_houses_stays.upgrade,
    3: m003_houses_vouchers.upgrade,
    4: m004_printing.upgrade,
    5: m005_registry.upgrade,
    6: m006_list_filters.upgrade,
    7: m007_audit_details.upgrade,
    8: m008_password_change.upgrade,
    9: m009_exchange_keys.upgrade,
    10: m010_quarter_returns.upgrade,
    11: m011_prefecture_returns.upgrade,
    12: m012_change_log.upgrade,
    13: m013_sync_peers.upgrade,
    14: m014_sync_apply.upgrade,
    15: m015_emergency_photos.upgrade,
}
LATEST_VERSION = max(MIGRATIONS)
# The tables whose writes travel between counters now: step 12's and those later steps added.
SYNCED_TABLES = (*m012_change_log.SYNCED_TABLES, m015_emergency_photos.PHOTO_TABLE)
