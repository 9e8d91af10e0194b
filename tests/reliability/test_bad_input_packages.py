"""Bad input, property-based: the readers of quarterly returns and change sets (exchange/).

A real signed package is spoiled: single-byte flips, truncations, bytes added, random bytes, in
the zip or its signature. Rule: refused with a named reason, nothing imported. Then the same
spoils signed again with the real key (a trusted writer gone wrong), and manifests with one
field given any JSON value: refused with a reason or read whole, never an unhandled exception,
and nothing kept of a refused one.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from desktop_app.domain.application import Application
from desktop_app.domain.errors import FutasatoError
from desktop_app.exchange.package import signature_path
from desktop_app.services.exchange_keys import unlock_exchange_key
from desktop_app.services.prefecture_import import import_packages
from desktop_app.services.registration import register
from desktop_app.services.sync_transfer import export_changes, import_package
from tests.conftest import ADMIN_PASSWORD
from tests.prefecture_helpers import (
    audit_actions,
    certificate,
    contents,
    town_key,
    town_package,
    trust,
)
from tests.reliability.conftest import file_contents
from tests.sync_helpers import paired_counters

ISHINOMAKI = "042021"


@st.composite
def spoiled(draw, data: bytes) -> bytes:
    """`data` with one byte flipped, cut short, lengthened, or replaced by random bytes."""
    how = draw(st.sampled_from(["flip", "flip", "truncate", "append", "random"]))
    if how == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    if how == "truncate":
        return data[:draw(st.integers(0, max(len(data) - 1, 0)))]
    if how == "append":
        return data + draw(st.binary(min_size=1, max_size=64))
    return draw(st.binary(max_size=256))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=12) | st.sampled_from([2 ** 63, 2 ** 64, -1, 0, 10 ** 30, "", " "]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=3),
    max_leaves=6)


def _replace_manifest(zip_data: bytes, change) -> bytes:
    """The zip with its manifest.json changed by `change(dict)`, members in the same order."""
    source = zipfile.ZipFile(io.BytesIO(zip_data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "manifest.json":
                manifest = json.loads(content)
                change(manifest)
                content = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            target.writestr(info, content)
    return buffer.getvalue()


@st.composite
def manifest_changes(draw, keys: list[str]):
    """A change to a manifest: one field (or one inside an object field) given any value,
    dropped, or a field added."""
    key = draw(st.sampled_from(keys))
    how = draw(st.sampled_from(["value", "value", "value", "inner", "drop", "add"]))
    value = draw(json_values)
    inner_key = draw(st.text(max_size=8))

    def change(manifest: dict) -> None:
        if how == "value":
            manifest[key] = value
        elif how == "inner" and isinstance(manifest[key], dict):
            manifest[key][next(iter(manifest[key]), inner_key)] = value
        elif how == "inner" and isinstance(manifest[key], list) and manifest[key]:
            member = manifest[key][0]
            member[draw(st.sampled_from(sorted(member)))] = value
        elif how == "drop":
            del manifest[key]
        else:
            manifest[inner_key or "extra"] = value
    return change


# Quarterly returns, read by a prefecture

@pytest.fixture
def genuine_return(prefecture, tmp_path) -> tuple[object, Path]:
    trust(prefecture, town_key(1), ISHINOMAKI)
    path = town_package(tmp_path / "genuine", town_key(1), code=ISHINOMAKI,
                        people=["佐藤 花子", "鈴木 一郎"], certificate_pem=certificate(prefecture))
    return prefecture, path


def _on_the_stick(folder: Path, name: str, zip_data: bytes, signature: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(zip_data)
    signature_path(path).write_bytes(signature)
    return path


def _import_return(prefecture, path: Path, password: str | None) -> tuple[object, bool]:
    """The outcome; True when the prefecture's tables are as before (the audit trail aside)."""
    before, actions = contents(prefecture.db.path), audit_actions(prefecture.db)
    [outcome] = import_packages(prefecture, [path], password=password)
    assert outcome.status in ("imported", "already_imported", "refused"), outcome
    if outcome.status == "refused":
        assert outcome.reason, outcome
        assert audit_actions(prefecture.db) == [*actions, "prefecture.import_refused"]
    return outcome, contents(prefecture.db.path) == before


@given(st.data())
def test_a_spoiled_return_is_refused_with_a_reason_and_nothing_kept(genuine_return, tmp_path,
                                                                     data):
    prefecture, genuine = genuine_return
    zip_data, signature = genuine.read_bytes(), signature_path(genuine).read_bytes()
    if data.draw(st.booleans(), label="spoil the signature"):
        signature = data.draw(spoiled(signature), label="signature")
    else:
        zip_data = data.draw(spoiled(zip_data), label="zip")
    if (zip_data, signature) == (genuine.read_bytes(), signature_path(genuine).read_bytes()):
        return  # a flip that changed nothing (random bytes equal to the original)
    path = _on_the_stick(tmp_path / "stick", genuine.name, zip_data, signature)
    outcome, unchanged = _import_return(prefecture, path, None)
    assert outcome.status == "refused" and unchanged


@given(st.data())
def test_a_return_spoiled_and_signed_again_is_refused_or_read_whole(genuine_return, tmp_path,
                                                                    data):
    prefecture, genuine = genuine_return
    zip_data = data.draw(spoiled(genuine.read_bytes()), label="zip")
    path = _on_the_stick(tmp_path / "stick", genuine.name, zip_data, town_key(1).sign(zip_data))
    outcome, unchanged = _import_return(prefecture, path, None)
    assert outcome.status != "refused" or unchanged


_RETURN_KEYS = ["format_version", "kind", "municipality_code", "office", "terminal", "period",
                "version", "supersedes", "created", "signed_off_by", "audit_head", "members"]


@given(manifest_changes(_RETURN_KEYS))
@example(lambda manifest: manifest["audit_head"].update(row=2 ** 63))  # beyond SQLite's integer
def test_a_return_with_any_manifest_field_signed_again_is_refused_or_read_whole(
        genuine_return, tmp_path, change):
    prefecture, genuine = genuine_return
    zip_data = _replace_manifest(genuine.read_bytes(), change)
    path = _on_the_stick(tmp_path / "stick", genuine.name, zip_data, town_key(1).sign(zip_data))
    outcome, unchanged = _import_return(prefecture, path, None)
    assert outcome.status != "refused" or unchanged


# Change sets, between a town's counters

@pytest.fixture
def change_set(office, tmp_path):
    """The main office, the branch's signing, and a change set from the branch (one new
    registrant)."""
    (tmp_path / "pairing").mkdir()
    main, branch = paired_counters(office, ADMIN_PASSWORD, tmp_path / "pairing")
    register(branch, Application(family_name="佐藤", family_kana="サトウ",
                                 birth_date="1980-04-01", kind="furusato",
                                 postal_code="980-0811", prefecture="宮城県", city="仙台市青葉区"))
    counter = str(main.db.office.get()["counter"])
    (tmp_path / "out").mkdir()
    path = export_changes(branch, ADMIN_PASSWORD, counter, tmp_path / "out").path
    yield main, unlock_exchange_key(branch, ADMIN_PASSWORD).sign, path
    branch.db.close()


def _import_change_set(main, path: Path) -> bool:
    """True when the change set came in; False when refused with a reason, nothing kept."""
    before = file_contents(main.db)
    try:
        import_package(main, path)
    except FutasatoError as refused:
        assert refused.message
        assert file_contents(main.db) == before
        return False
    return True


@given(st.data())
def test_a_spoiled_change_set_is_refused_with_a_reason_and_nothing_kept(change_set, tmp_path,
                                                                        data):
    main, _sign, genuine = change_set
    zip_data, signature = genuine.read_bytes(), signature_path(genuine).read_bytes()
    if data.draw(st.booleans(), label="spoil the signature"):
        signature = data.draw(spoiled(signature), label="signature")
    else:
        zip_data = data.draw(spoiled(zip_data), label="zip")
    if (zip_data, signature) == (genuine.read_bytes(), signature_path(genuine).read_bytes()):
        return
    path = _on_the_stick(tmp_path / "stick", genuine.name, zip_data, signature)
    assert not _import_change_set(main, path)


@given(st.data())
def test_a_change_set_spoiled_and_signed_again_is_refused_or_read_whole(change_set, tmp_path,
                                                                        data):
    main, sign, genuine = change_set
    zip_data = data.draw(spoiled(genuine.read_bytes()), label="zip")
    _import_change_set(main, _on_the_stick(tmp_path / "stick", genuine.name, zip_data,
                                           sign(zip_data)))


_CHANGE_SET_KEYS = ["format_version", "kind", "name", "municipality_code", "office", "terminal",
                    "counter", "created", "payload_size", "payload_sha256", "to", "number",
                    "acknowledged", "changes"]


@given(manifest_changes(_CHANGE_SET_KEYS))
@example(lambda manifest: manifest.update(number=2 ** 63))  # beyond SQLite's integer
@example(lambda manifest: manifest.update(acknowledged={"T": 2 ** 64}))
@example(lambda manifest: manifest.update(kind=["change-set"]))  # not a key of the kinds
def test_a_change_set_with_any_manifest_field_signed_again_is_refused_or_read_whole(
        change_set, tmp_path, change):
    main, sign, genuine = change_set
    zip_data = _replace_manifest(genuine.read_bytes(), change)
    _import_change_set(main, _on_the_stick(tmp_path / "stick", genuine.name, zip_data,
                                           sign(zip_data)))
