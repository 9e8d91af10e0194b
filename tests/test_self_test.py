"""`futasato --self-test` in a plain install, and on a copy of the app with a file left out."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.services.self_test import CHECKS, pdf_fonts

ROOT = Path(__file__).resolve().parent.parent


def test_plain_install_passes_every_check(capsys):
    assert cli.main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.count("[OK]") == len(CHECKS)
    assert "セルフテストに合格" in out


def _broken_copy(tmp_path: Path, left_out: str) -> Path:
    """The shipped folders as a bundle holds them, with one file left out."""
    bundle = tmp_path / "bundle"
    for folder in ("resources", "i18n"):
        shutil.copytree(ROOT / folder, bundle / folder,
                        ignore=shutil.ignore_patterns("*.po", "*.pot", "*.py", "samples"))
    (bundle / left_out).unlink()
    return bundle


def _self_test_in(bundle: Path) -> subprocess.CompletedProcess:
    """Run as a bundle at `bundle` would: frozen, reading only its own folder."""
    code = (f"import sys; sys.frozen = True; sys._MEIPASS = {str(bundle)!r}; "
            "from desktop_app.cli import main; sys.exit(main(['--self-test']))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=bundle, timeout=120)


@pytest.mark.parametrize(("left_out", "named"), [
    ("resources/fonts/ipaexg.ttf", "ipaexg.ttf"),
    ("resources/municipalities.csv", "municipalities.csv"),
])
def test_a_missing_resource_is_named(tmp_path, left_out, named):
    done = _self_test_in(_broken_copy(tmp_path, left_out))
    assert done.returncode == 1
    shipped_line = next(line for line in done.stdout.splitlines() if "[NG]" in line)
    assert named in shipped_line
    assert "[OK]" in done.stdout  # the checks that do not need it still ran


def test_a_missing_japanese_catalog_is_named(tmp_path):
    done = _self_test_in(_broken_copy(tmp_path, "i18n/ja/LC_MESSAGES/messages.mo"))
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if "[NG]" in line]
    assert any("ja/LC_MESSAGES/messages.mo" in line for line in failed)
    assert "Self-test failed" in done.stderr  # no catalog: the report is in English


def test_font_check_tells_embedded_from_named_only():
    embedded = (b"1 0 obj\n<< /BaseFont /AAAAAA+IPAexGothic /FontDescriptor 2 0 R "
                b"/Subtype /TrueType /Type /Font >>\nendobj\n"
                b"2 0 obj\n<< /FontFile2 3 0 R /FontName /AAAAAA+IPAexGothic "
                b"/Type /FontDescriptor >>\nendobj\n"
                b"4 0 obj\n<< /BaseFont /MS-Gothic /FontDescriptor 5 0 R /Subtype /TrueType "
                b"/Type /Font >>\nendobj\n"
                b"5 0 obj\n<< /FontName /MS-Gothic /Type /FontDescriptor >>\nendobj\n")
    assert pdf_fonts(embedded) == {"AAAAAA+IPAexGothic": True, "MS-Gothic": False}
