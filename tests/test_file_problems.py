"""The OS's errors about a file become refusals in the clerk's language, naming the folder."""

from __future__ import annotations

import errno
import os

import pytest

from desktop_app.domain.file_problems import naming, unusable_file


@pytest.mark.parametrize(("code", "japanese"), [
    (errno.ENOSPC, "空き容量がありません"),
    (errno.EROFS, "読み取り専用"),
    (errno.EACCES, "権限"),
])
def test_a_full_read_only_or_forbidden_stick_is_told_in_japanese_naming_the_folder(
        code, japanese):
    refusal = unusable_file(OSError(code, os.strerror(code), "/media/stick/ledger.csv"))
    assert japanese in refusal.message
    assert "/media/stick" in refusal.message and "ledger.csv" in refusal.message
    assert os.strerror(code) not in refusal.message  # not the OS's English
    assert refusal.exit_code == 3


def test_a_write_that_names_no_file_or_only_its_part_file_names_the_target():
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert naming(full, "/media/stick/a.zip").filename == "/media/stick/a.zip"
    on_part = OSError(errno.EROFS, os.strerror(errno.EROFS), "/media/stick/a.zip.part")
    assert naming(on_part, "/media/stick/a.zip", "/media/stick/a.zip.part").filename == (
        "/media/stick/a.zip")
    elsewhere = OSError(errno.EACCES, os.strerror(errno.EACCES), "/media/other/b")
    assert naming(elsewhere, "/media/stick/a.zip", "/media/stick/a.zip.part") is elsewhere
