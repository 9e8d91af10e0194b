"""`futasato registrants template|import|export` end to end."""

from __future__ import annotations

import json

from desktop_app.cli import main
from tests.conftest import ADMIN_PASSWORD
from tests.ledger_helpers import SAMPLE_CSV, registrant_count


def test_template_dry_run_import_and_export(admin, db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FUTASATO_CLERK", "admin")
    monkeypatch.setenv("FUTASATO_PASSWORD", ADMIN_PASSWORD)
    base = ["--db", str(db_path), "--lang", "en", "registrants"]
    assert main([*base, "template", "--out", str(tmp_path / "t.csv")]) == 0
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf\xe6\xb0\x8f,")
    capsys.readouterr()
    assert main([*base, "import", str(SAMPLE_CSV), "--dry-run", "--json"]) == 3
    report = json.loads(capsys.readouterr().out)
    assert report["bad_rows"] == [19, 44, 90, 122] and report["imported"] == 0
    assert main([*base, "import", str(SAMPLE_CSV)]) == 3
    assert "row 44, 〒" in capsys.readouterr().out
    assert registrant_count(admin.db) == 0
    assert main([*base, "import", str(SAMPLE_CSV), "--skip-bad-rows"]) == 0
    assert registrant_count(admin.db) == 196
    admin.db.execute("UPDATE registrants SET family_name = '𠮷田' WHERE id = 3")
    assert main([*base, "export", "--out", str(tmp_path / "e.csv"), "--encoding", "cp932"]) == 3
    assert "row 4, 氏" in capsys.readouterr().err
    assert not (tmp_path / "e.csv").exists()
    assert main([*base, "export", "--out", str(tmp_path / "e.xlsx")]) == 0
    assert (tmp_path / "e.xlsx").exists()
