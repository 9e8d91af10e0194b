"""Card photos: taken from a picture, cropped and stripped, capped, printed only with consent,
disclosed to the person, removed by anonymising, carried by the change log."""

from __future__ import annotations

import base64
import dataclasses
import io
import shutil
import sqlite3
import subprocess

import pytest
from PIL import Image

from desktop_app.domain.errors import RuleRefused
from desktop_app.printing.card_photo import PHOTO_MAX_BYTES, SIZE, centre_crop
from desktop_app.services import printing, registry_status
from desktop_app.services.anonymise import anonymise_erased
from desktop_app.services.disclosure import disclosure_record
from desktop_app.services.photos import remove_photo, set_photo
from desktop_app.services.registration import application_from_record, update_details
from tests.printing_helpers import register_people, supervisor_of
from tests.sync_helpers import apply, counters, own_changes

needs_pdfimages = pytest.mark.skipif(not shutil.which("pdfimages"), reason="needs poppler-utils")
GPS_IFD, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112


def camera_picture(width: int = 1600, height: int = 1200) -> bytes:
    """A JPEG as a phone writes it: camera make, GPS position and orientation in its EXIF."""
    picture = Image.effect_noise((width, height), 60).convert("RGB")
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (38.0, 25.0, 0.0)})
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def supervisor(admin):
    return supervisor_of(admin)


@pytest.fixture
def person(clerk, supervisor) -> int:
    return register_people(clerk, supervisor, count=1)[0]


def consent(session, registrant_id: int, given: bool) -> None:
    record = session.db.registrants.get(registrant_id)
    update_details(session, registrant_id,
                   dataclasses.replace(application_from_record(record), consent_photo=given))


def pdf_images(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True,
                             text=True).stdout.splitlines()[2:]  # two header lines
    return [line for line in listing if line.split()[2] == "image"]


def test_a_photo_is_cropped_to_the_card_stripped_of_its_camera_data_and_capped(clerk, person):
    original = camera_picture()
    assert Image.open(io.BytesIO(original)).getexif()[MAKE] == "PhoneMaker"
    shown = set_photo(clerk, person, original)
    jpeg = clerk.db.photos.jpeg_of(person)
    stored = Image.open(io.BytesIO(jpeg))
    assert stored.format == "JPEG" and stored.size == SIZE == (228, 288)
    assert not stored.getexif() and "exif" not in stored.info
    assert b"PhoneMaker" not in jpeg and b"Exif" not in jpeg
    assert shown["bytes"] == len(jpeg) <= PHOTO_MAX_BYTES
    row = clerk.db.audit.recent(1)[0]
    assert row["action"] == "registrant.photo" and "jpeg" not in (row["after_json"] or "")


def test_the_database_refuses_a_photo_over_the_cap(clerk, person):
    set_photo(clerk, person, camera_picture(400, 500))
    with pytest.raises(sqlite3.IntegrityError):
        clerk.db.execute("UPDATE registrant_photos SET jpeg = ? WHERE registrant_id = ?",
                         (b"\xff" * (PHOTO_MAX_BYTES + 1), person))


def test_the_centre_crop_keeps_the_card_aspect_and_a_turned_photo_stands_up(clerk, person):
    assert centre_crop(3000, 2000) == (708, 0, 2291, 2000)  # 1583 × 2000 = 19:24
    assert centre_crop(1900, 4800) == (0, 1200, 1900, 3600)
    # Stored on its side (left half white), to be turned 90° clockwise (EXIF orientation 6):
    # upright, the white half is on top.
    sideways = Image.new("RGB", (3000, 2000), "black")
    sideways.paste((255, 255, 255), (0, 0, 1500, 2000))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    out = io.BytesIO()
    sideways.save(out, "JPEG", exif=exif.tobytes())
    set_photo(clerk, person, out.getvalue())
    stored = Image.open(io.BytesIO(clerk.db.photos.jpeg_of(person))).convert("L")
    assert stored.getpixel((SIZE[0] // 2, 10)) > 200 and stored.getpixel((SIZE[0] // 2,
                                                                           SIZE[1] - 10)) < 50


def test_what_is_not_a_picture_is_refused_and_nothing_is_stored(clerk, person):
    with pytest.raises(RuleRefused) as refused:
        set_photo(clerk, person, b"%PDF-1.4 not a picture")
    assert refused.value.field == "Photo"
    assert clerk.db.photos.of(person) is None


@needs_pdfimages
def test_the_card_carries_the_photo_only_while_consent_is_recorded(clerk, person, tmp_path):
    set_photo(clerk, person, camera_picture())
    assert pdf_images(printing.print_card(clerk, person), tmp_path) == []  # no consent yet
    consent(clerk, person, True)
    images = pdf_images(printing.print_card(clerk, person), tmp_path)
    assert len(images) == 1 and images[0].split()[3:5] == ["228", "288"]
    consent(clerk, person, False)
    assert pdf_images(printing.print_card(clerk, person), tmp_path) == []
    consent(clerk, person, True)
    assert remove_photo(clerk, person) and not remove_photo(clerk, person)
    assert pdf_images(printing.print_card(clerk, person), tmp_path) == []


def test_a_disclosure_holds_the_photo_as_stored(clerk, supervisor, person):
    set_photo(clerk, person, camera_picture(800, 800))
    record = disclosure_record(supervisor, person)
    (photo,) = record["records"]["registrant_photos"]
    assert base64.b64decode(photo["jpeg_base64"]) == clerk.db.photos.jpeg_of(person)
    assert "jpeg" not in photo


def test_anonymising_removes_the_photo_and_every_copy_in_the_change_log(clerk, supervisor,
                                                                       person):
    set_photo(clerk, person, camera_picture(800, 800))
    set_photo(clerk, person, camera_picture(900, 700))  # a second photo over the first
    uuid = clerk.db.photos.of(person)["uuid"]
    jpeg_hex = clerk.db.photos.jpeg_of(person).hex().upper()[:64]
    logged = clerk.db.changes.of_record("registrant_photos", uuid)
    assert [c["operation"] for c in logged] == ["insert", "update"]  # the photo travels
    assert jpeg_hex in logged[-1]["new_values"]["jpeg"].upper()
    registry_status.erase(supervisor, person, "本人の申出")
    assert anonymise_erased(supervisor, 0) == [person]
    assert clerk.db.photos.of(person) is None
    logged = clerk.db.changes.of_record("registrant_photos", uuid)
    assert [c["operation"] for c in logged] == ["insert", "update", "delete"]
    assert all(c["redacted"] for c in logged)
    held = " ".join(f"{r[0]} {r[1]}" for r in clerk.db.execute(
        "SELECT old_values, new_values FROM changes WHERE entity = 'registrant_photos'"))
    assert jpeg_hex not in held.upper()


def test_futasato_registrants_photo_takes_a_file_and_removes_it(run, person, tmp_path):
    picture = tmp_path / "顔写真.jpg"
    picture.write_bytes(camera_picture(1200, 1600))
    code, out, _err = run("--json", "registrants", "photo", str(person), "--file", str(picture))
    assert code == 0 and '"width": 228' in out
    assert run("registrants", "photo", str(person), "--remove")[0] == 0
    code, _out, err = run("registrants", "photo", str(person), "--file", str(tmp_path))
    assert code == 2 and str(tmp_path) in err


def test_a_photo_taken_at_one_counter_reaches_another_and_so_does_its_removal(
        admin, person, tmp_path):
    main, branch = counters(admin.db, tmp_path, 2)
    set_photo(main, person, camera_picture(600, 800))
    result = apply(branch, own_changes(main))
    assert result.applied == 1 and result.held == 0
    assert branch.db.photos.jpeg_of(person) == main.db.photos.jpeg_of(person)
    remove_photo(main, person)
    apply(branch, own_changes(main))
    assert branch.db.photos.of(person) is None
