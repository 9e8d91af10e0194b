"""The Linux bundle, built as a release is and made to test itself, so that a data file left
out of the spec is caught before a release. Slow (half a minute of PyInstaller): the normal
suite deselects it (pyproject's `-m "not bundle"`); `make bundle-test` runs it once, from
`.ci/run`, after `make test`."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "futasato.spec"

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                       reason="PyInstaller is not installed (pip install -e '.[dev]')"),
]

# Qt modules the spec keeps out; any of them in the folder means the spec stopped working.
UNWANTED = ("WebEngine", "Qt6Quick", "Qt6Qml", "Qt63D", "Multimedia", "VirtualKeyboard")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                    str(SPEC)], check=True, cwd=ROOT, timeout=600)
    return work / "dist" / "futasato"


def _run(bundle: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "FUTASATO_PASSWORD": "bundle-admin-pass-1"}
    return subprocess.run([str(bundle / "futasato"), *args], capture_output=True, text=True,
                          env=env, cwd=home, timeout=120)


def test_the_bundle_passes_its_self_test(bundle, tmp_path):
    done = _run(bundle, "--self-test", home=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[NG]" not in done.stdout and done.stdout.count("[OK]") >= 6
    assert (bundle / "futasato-window").is_file()  # the launcher without a console


def test_the_bundle_leaves_out_unused_qt_modules(bundle):
    found = [path.name for path in bundle.rglob("*") if any(word in path.name
                                                            for word in UNWANTED)]
    assert found == []
    translations = {path.name for path in bundle.rglob("*.qm")}
    assert "qtbase_ja.qm" in translations


def test_a_portable_bundle_keeps_its_database_beside_it(bundle, tmp_path):
    (bundle / "portable").write_text("")
    try:
        done = _run(bundle, "init", "--municipality-code", "042021", "--office", "本庁",
                    "--admin", "admin", home=tmp_path)
        assert done.returncode == 0, done.stderr
        assert (bundle / "data" / "futasato.sqlite").is_file()
        assert not (tmp_path / "data" / "Futasato").exists()
    finally:
        (bundle / "portable").unlink()
