"""`futasato facilities|bookings|vouchers|houses` run against a real file, in process."""

from __future__ import annotations

import json


def test_book_overlap_cancel_and_redeem(run, admin, persons):
    code, facility, _ = run("facilities", "add", "--name", "お試し住宅 北上", "--capacity", "4",
                            "--fee", "2000")
    assert code == 0 and facility.isdigit()
    admin.db.execute("UPDATE registrants SET registrant_no = 'R8-00001' WHERE id = ?",
                     (persons[0],))
    code, first, err = run("bookings", "add", "--facility", facility, "--registrant", "R8-00001",
                           "--from", "R8.8.1", "--to", "2026-08-04")
    assert code == 0, err
    code, _, err = run("bookings", "add", "--facility", facility, "--registrant",
                       str(persons[1]), "--from", "2026-08-03", "--to", "2026-08-05")
    assert code == 3 and f"{first}" in err and "佐藤" in err
    code, turnover, err = run("bookings", "add", "--facility", facility, "--registrant",
                              str(persons[1]), "--from", "2026-08-04", "--to", "2026-08-06")
    assert code == 0, err
    code, out, _ = run("vouchers", "issue", "--count", "2", "--value", "2n",
                       "--expires", "2099-03-31", "--donor", "寄附 花子")
    serials = out.splitlines()
    assert code == 0 and len(serials) == 2
    assert run("vouchers", "redeem", serials[0], "--booking", turnover)[0] == 0
    code, _, err = run("vouchers", "redeem", serials[0], "--booking", turnover)
    assert code == 3 and ("already" in err or "使用済" in err)
    code, _, err = run("vouchers", "redeem", "2026-000999-0", "--booking", turnover)
    assert code == 3
    assert run("bookings", "cancel", first)[0] == 0
    code, _again, err = run("bookings", "add", "--facility", facility, "--registrant",
                           str(persons[2]), "--from", "2026-08-01", "--to", "2026-08-04")
    assert code == 0, err
    code, out, _ = run("--json", "facilities", "list")
    assert json.loads(out)[0]["name"] == "お試し住宅 北上"


def test_houses_need_consent_before_publication(run):
    code, number, err = run("houses", "add", "--address", "石巻市雄勝町 1", "--price", "1000000",
                            "--built", "S50", "--layout", "3DK")
    assert code == 0, err
    code, _, err = run("houses", "publish", number)
    assert code == 3
    assert run("houses", "consent", number, "--date", "R8.5.1", "--form", "同意書")[0] == 0
    assert run("houses", "publish", number)[0] == 0
    code, out, _ = run("houses", "list", "--json")
    assert json.loads(out)[0]["status"] == "published"
