"""Anonymising people removed from the register (抹消) once the town's retention period is over.

Names, contact details (the emergency contact too), the card photo and free-text notes go;
what the town's figures need stays (kind, tier, status, municipality, prefecture and city,
birth year, involvement counts and amounts). The
registrant number stays so that reports already sent upward still add up. The details of the
audit rows about them go too (who did what, and when, stays; see store.audit.chained_fields).
One audited supervisor action covers the whole batch, and its audit row lists ids only, never
names: the people's and the audit rows'.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.policy import ERASED_RETENTION_DAYS
from desktop_app.domain.registry_search import registrant_keys
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.services.policy import setting
from desktop_app.services.session import Session
from desktop_app.store.audit import ANONYMISE_ACTION, REDACTED_KEY
from desktop_app.store.personal_data import ANONYMISED_CARD_PREFIX

ANONYMOUS_NAME = "匿名"
ANONYMOUS_KANA = "トクメイ"


def _anonymous(record: dict) -> dict:
    return {
        "family_name": ANONYMOUS_NAME, "given_name": "",
        "family_kana": ANONYMOUS_KANA, "given_kana": "",
        "birth_date": record["birth_date"][:4] + "-01-01",
        "postal_code": "", "address": "", "phone": "", "email": "", "local_address": "",
        "status_reason": "",
        "card_code": f"{ANONYMISED_CARD_PREFIX}{record['id']}",
        "identity_document": "", "identity_checked_by": "",
        "emergency_name": "", "emergency_relation": "", "emergency_phone": "",
    }


def due_for_anonymising(session: Session, older_than_days: int | None = None,
                        now: datetime | None = None) -> list[int]:
    """Ids of 抹消 people past the retention period, not yet anonymised."""
    session.require(Permission.ANONYMISE)
    days = setting(session.db, ERASED_RETENTION_DAYS) if older_than_days is None \
        else older_than_days
    if days < 0:
        raise RuleRefused(N_("The number of days cannot be negative."), field=N_("Days"))
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    return session.db.personal_data.erased_before(cutoff.replace(microsecond=0).isoformat())


def anonymise_erased(session: Session, older_than_days: int | None = None,
                     now: datetime | None = None) -> list[int]:
    """Anonymise every 抹消 person erased more than `older_than_days` ago (default: the town's
    retention setting). Returns their ids; an empty batch writes nothing."""
    ids = due_for_anonymising(session, older_than_days, now)
    if not ids:
        return []
    db = session.db
    stamp = session.changed_record()
    with session.write(ANONYMISE_ACTION, "registrant") as change:
        cleared, photos, redacted = 0, 0, []
        for registrant_id in ids:
            record = db.registrants.get(registrant_id)
            values = _anonymous(record)
            keys = registrant_keys({**record, **values})  # search keys follow the new values
            changed = {**values, **{k: v for k, v in keys.items() if v != record.get(k)}}
            db.registrants.update(registrant_id, changed, stamp)
            cleared += db.personal_data.clear_free_text(registrant_id)
            db.personal_data.redact_changes(record, changed)  # the photo's changes among them
            photos += db.personal_data.remove_photo(registrant_id)
            redacted += db.audit.redact_about(registrant_id)
        change.after = {"ids": ids, "count": len(ids), "notes_cleared": cleared,
                        "photos_removed": photos,
                        REDACTED_KEY: redacted,
                        "older_than_days": older_than_days if older_than_days is not None
                        else setting(db, ERASED_RETENTION_DAYS)}
    return ids
