"""A person's card photo: taken from a picture file, cropped and re-encoded, kept on file, and
printed on the card only while the person's consent to a photo on the card is recorded."""

from __future__ import annotations

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.registrant import Status
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_
from desktop_app.printing.card_photo import card_photo
from desktop_app.services.registrant_lookup import find_registrant
from desktop_app.services.session import Session
from desktop_app.store.database import Database

LARGEST_FILE = 30_000_000  # bytes of a picture file read for a photo


def set_photo(session: Session, registrant: int | str, picture: bytes,
              box: tuple[int, int, int, int] | None = None) -> dict:
    """Crop `picture` to the card (the centre, or `box`), store it for the person; returns
    the stored photo's size. One audit row, which names the size, never the bytes."""
    session.require(Permission.REGISTER)
    person = find_registrant(session.db, registrant)
    if person["status"] == Status.ERASED.value:
        raise RuleRefused(N_("An erased record cannot be changed."))
    if len(picture) > LARGEST_FILE:
        raise RuleRefused(N_("The picture file is larger than 30 MB."), field=N_("Photo"))
    photo = card_photo(picture, box)
    values = {"jpeg": photo.jpeg, "width": photo.width, "height": photo.height}
    shown = {"bytes": len(photo.jpeg), "width": photo.width, "height": photo.height}
    with session.write("registrant.photo", "registrant") as change:
        had = session.db.photos.of(person["id"]) is not None
        session.db.photos.put(person["id"], values, session.new_record(),
                              session.changed_record())
        change.entity_id = person["id"]
        change.before = {"photo": had}
        change.after = {"photo": shown}
    return shown


def remove_photo(session: Session, registrant: int | str) -> bool:
    """Take the person's photo off file; False (and nothing written) when there was none."""
    session.require(Permission.REGISTER)
    person = find_registrant(session.db, registrant)
    if session.db.photos.of(person["id"]) is None:
        return False
    with session.write("registrant.photo_remove", "registrant") as change:
        session.db.photos.delete(person["id"])
        change.entity_id = person["id"]
        change.before = {"photo": True}
        change.after = {"photo": False}
    return True


def printed_photo(db: Database, person: dict) -> bytes | None:
    """The photo to print on the person's card: theirs, and only with their consent."""
    if not person.get("consent_photo"):
        return None
    return db.photos.jpeg_of(person["id"])


def photo_of(db: Database, registrant_id: int) -> bytes | None:
    """The person's photo on file, for their file's photo tab (consent or not)."""
    return db.photos.jpeg_of(registrant_id)
