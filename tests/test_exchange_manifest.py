"""manifest.json: written and read back exactly; anything this format does not define refused
with the field it concerns."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from desktop_app.exchange.errors import PackageRefused
from desktop_app.exchange.manifest import AuditHead, Manifest, ManifestMember
from tests.exchange_helpers import AUDIT_HASH, return_manifest

pytestmark = pytest.mark.usefixtures("english_messages")

MEMBER = ManifestMember(name="figures.json", size=25, rows=1, sha256="0" * 64)


def document() -> dict:
    return json.loads(replace(return_manifest(), members=(MEMBER,)).to_bytes())


def parse(data: dict | bytes) -> Manifest:
    return Manifest.parse(data if isinstance(data, bytes) else json.dumps(data).encode())


def test_round_trip_and_shape():
    manifest = replace(return_manifest(version=2, supersedes=1), members=(MEMBER,))
    data = manifest.to_bytes()
    assert Manifest.parse(data) == manifest
    assert list(json.loads(data)) == [
        "format_version", "kind", "municipality_code", "office", "terminal", "period",
        "version", "supersedes", "created", "signed_off_by", "audit_head", "members"]
    assert "石巻市役所" in data.decode("utf-8")  # UTF-8 as it is, not \\u escapes
    assert json.loads(data)["audit_head"] == {"row": 42, "hash": AUDIT_HASH}


@pytest.mark.parametrize(("change", "reason"), [
    (lambda d: d.update(format_version=2), "format version 2"),
    (lambda d: d.pop("format_version"), "format version null"),
    (lambda d: d.update(format_version="1"), r'format version "1"'),
    (lambda d: d.update(format_version=True), "format version true"),
    (lambda d: d.pop("signed_off_by"), "manifest lacks signed_off_by"),
    (lambda d: d.update(colour="red"), "does not define: colour"),
    (lambda d: d.update(kind="change-set"), "kind has a value"),
    (lambda d: d.update(municipality_code="042022"), "municipality_code has a value"),
    (lambda d: d.update(municipality_code=42021), "municipality_code should be of type string"),
    (lambda d: d.update(period="2025-Q1"), "period has a value"),
    (lambda d: d.update(version="1"), "version should be of type integer"),
    (lambda d: d.update(version=0), "version has a value"),
    (lambda d: d.update(version=2), "supersedes has a value"),
    (lambda d: d.update(supersedes=1), "supersedes has a value"),
    (lambda d: d.update(created="2025-07-03T10:15:00"), "created has a value"),
    (lambda d: d.update(office=" "), "office is empty"),
    (lambda d: d.update(audit_head=[42, AUDIT_HASH]), "audit_head should be of type object"),
    (lambda d: d["audit_head"].pop("hash"), "audit_head lacks hash"),
    (lambda d: d["audit_head"].update(row=True), "audit_head.row should be of type integer"),
    (lambda d: d["audit_head"].update(hash="AB" * 32), "audit_head.hash has a value"),
    (lambda d: d.update(members={}), "members should be of type list"),
    (lambda d: d["members"][0].update(size=-1), "members.size has a value"),
    (lambda d: d["members"][0].update(rows=1.5), "members.rows should be of type integer"),
    (lambda d: d["members"][0].pop("sha256"), r"members\[0\] lacks sha256"),
    (lambda d: d["members"][0].update(name="../figures.json"), "members.name has a value"),
    (lambda d: d["members"][0].update(name="manifest.json"), "members.name has a value"),
    (lambda d: d["members"].append(dict(d["members"][0])), "figures.json twice"),
])
def test_what_the_format_does_not_define_is_refused(change, reason):
    data = document()
    change(data)
    with pytest.raises(PackageRefused, match=reason):
        parse(data)


@pytest.mark.parametrize(("data", "reason"), [
    (b"\xff\xfe{}", "not UTF-8 JSON"),
    (b"{", "not UTF-8 JSON"),
    (b"[]", "manifest should be of type object"),
    (b'{"format_version": 1, "format_version": 1}', "duplicate key"),
])
def test_what_is_not_a_json_object_is_refused(data, reason):
    with pytest.raises(PackageRefused, match=reason):
        parse(data)


def test_the_writer_cannot_build_a_manifest_the_reader_would_refuse():
    with pytest.raises(PackageRefused, match="municipality_code"):
        replace(return_manifest(), municipality_code="42021")
    with pytest.raises(PackageRefused, match=r"audit_head\.hash"):
        replace(return_manifest(), audit_head=AuditHead(row=1, hash="x"))
