"""Importing Excel ledgers: the town's sample files, encodings, mapping, all-or-nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import Workbook

from desktop_app.domain.application import Application
from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.ledger_columns import LedgerField, check_mapping, suggest_mapping
from desktop_app.domain.ledger_rows import split_name
from desktop_app.services import ledger_import
from desktop_app.services.ledger_import import (
    ImportRefused,
    commit_import,
    initial_mapping,
    plan_import,
    read_ledger,
)
from desktop_app.services.registration import register
from tests.ledger_helpers import (
    SAMPLE_CSV,
    SAMPLE_XLSX,
    registrant_count,
    template_row,
    write_csv,
    write_template_csv,
)

TODAY = date(2026, 4, 1)
F = LedgerField


def _plan(db, path):
    table = read_ledger(path)
    mapping, _source = initial_mapping(db, table)
    return table, mapping, plan_import(db, table, mapping, today=TODAY)


@pytest.mark.parametrize(("path", "offset", "encoding", "header_row"),
                         [(SAMPLE_CSV, 0, "cp932", 1), (SAMPLE_XLSX, 2, "", 3)])
def test_sample_ledger_reports_exactly_its_four_faults(db, path, offset, encoding, header_row):
    table, mapping, plan = _plan(db, path)
    assert table.encoding == encoding
    assert table.header_row == header_row
    assert mapping["氏名"] is F.FULL_NAME and mapping["ﾌﾘｶﾞﾅ"] is F.FULL_KANA
    assert mapping["住所1"] is F.ADDRESS and mapping["住所2"] is F.ADDRESS
    assert mapping["備考"] is None
    found = [(p.row, p.column, p.field, p.duplicate) for p in plan.problems]
    assert found == [
        (19 + offset, "生年月日", F.BIRTH_DATE, False),  # H31.5.3: 平成 ended on 4月30日
        (44 + offset, "〒", F.POSTAL_CODE, False),  # 123-456
        (90 + offset, "氏名", F.GIVEN_NAME, False),  # 小野寺 with kana ｻｲﾄｳ ﾕﾐ
        (122 + offset, "氏名", F.FAMILY_NAME, True),  # 木村 蓮 again
    ]
    assert "H31.5.3" in plan.problems[0].message
    assert str(5 + offset) in plan.problems[3].message
    assert len(plan.ready) == 196
    assert registrant_count(db) == 0  # the dry run changed nothing


@pytest.mark.parametrize("path", [SAMPLE_CSV, SAMPLE_XLSX])
def test_sample_ledger_imports_exactly_the_good_rows_when_asked(admin, path):
    db = admin.db
    table, mapping, _ = _plan(db, path)
    audit_before = db.audit.count()
    result = commit_import(admin, table, mapping, skip_bad_rows=True, today=TODAY)
    assert result.imported == 196 == registrant_count(db)
    assert db.audit.count() == audit_before + 1
    first = db.execute("SELECT * FROM registrants WHERE registrant_no = 'R5-0001'").fetchone()
    assert (first["family_name"], first["given_name"]) == ("髙橋", "恵子")
    assert (first["family_kana"], first["given_kana"]) == ("タカハシ", "ケイコ")
    assert first["birth_date"] == "1987-11-07"  # S62.11.7
    assert (first["prefecture"], first["city"], first["address"]) == (
        "宮城県", "仙台市青葉区", "一番町2-3-4")
    assert first["phone_digits"] == "08070827154"
    assert first["status"] == "registered"
    no_number = db.execute(
        "SELECT status, kind FROM registrants WHERE family_name = '鈴木' AND given_name = '結衣'"
    ).fetchone()
    assert tuple(no_number) == ("applied", "furusato")
    kinds = dict(db.execute("SELECT kind, count(*) FROM registrants GROUP BY kind").fetchall())
    assert sum(kinds.values()) == 196 and set(kinds) == {"furusato", "dual"}
    names = {r[0] for r in db.execute("SELECT family_name FROM registrants")}
    assert "小野寺" in names  # other 小野寺 rows came in; row 90 did not
    assert db.execute("SELECT count(*) FROM registrants WHERE postal_code = '123-456'"
                      ).fetchone()[0] == 0


def test_one_bad_row_saves_nothing_and_names_row_and_field(admin, tmp_path):
    db = admin.db
    path = write_template_csv(tmp_path / "in.csv", [
        template_row(),
        template_row(氏="鈴木", 氏カナ="スズキ", 生年月日="R7.2.30"),
        template_row(氏="田中", 氏カナ="タナカ"),
    ])
    table, mapping, _ = _plan(db, path)
    audit_before = db.audit.count()
    with pytest.raises(ImportRefused) as refused:
        commit_import(admin, table, mapping, today=TODAY)
    assert refused.value.exit_code == 3
    assert [(p.row, p.column) for p in refused.value.plan.problems] == [(3, "生年月日")]
    assert registrant_count(db) == 0 and db.audit.count() == audit_before


def test_commit_is_one_transaction_with_one_audit_row(admin, tmp_path):
    db = admin.db
    path = write_template_csv(tmp_path / "good.csv", [
        template_row(), template_row(氏="田中", 氏カナ="タナカ")])
    table, mapping, _ = _plan(db, path)
    commit_import(admin, table, mapping, today=TODAY)
    assert registrant_count(db) == 2
    row = db.audit.recent(1)[0]
    assert row["action"] == "registrant.import"
    after = json.loads(row["after_json"])
    assert after["file"] == "good.csv" and after["rows"] == 2
    assert after["sha256"] == table.sha256 and len(after["sha256"]) == 64


# With few people on file the register is read whole; with many, looked up by key: same result.
@pytest.mark.parametrize("others", [0, 6])
def test_rows_repeating_people_on_the_register_are_listed_not_merged(admin, tmp_path, others):
    db = admin.db
    register(admin, Application(family_name="佐藤", given_name="花子", family_kana="さとう",
                                given_kana="はなこ", birth_date="S55.4.1", kind="furusato",
                                prefecture="宮城県", city="仙台市青葉区", address="一番町1"),
             today=TODAY)
    before = db.execute("SELECT * FROM registrants").fetchone()
    for number in range(others):
        register(admin, Application(family_name="林", given_name=f"{number}郎",
                                    family_kana="はやし", given_kana="いちろう",
                                    birth_date=f"1990-01-{number + 1:02d}", kind="dual"),
                 today=TODAY)
    path = write_template_csv(tmp_path / "in.csv", [
        template_row(),  # 佐藤 花子, 1980-04-01: the same person, written another way
        template_row(氏="田中", 氏カナ="タナカ"),
        template_row(氏="田中", 氏カナ="タナカ"),  # and the same person twice in the file
    ])
    table, mapping, plan = _plan(db, path)
    assert [(p.row, p.duplicate) for p in plan.problems] == [(2, True), (4, True)]
    assert "3" in plan.problems[1].message
    result = commit_import(admin, table, mapping, skip_bad_rows=True, today=TODAY)
    assert result.imported == 1
    assert dict(db.execute("SELECT * FROM registrants WHERE id = ?", (before["id"],)).fetchone()
                ) == dict(before)


def test_registrant_numbers_may_not_repeat(admin, tmp_path):
    path = write_template_csv(tmp_path / "in.csv", [
        template_row(登録番号="R7-000005"),
        template_row(氏="田中", 氏カナ="タナカ", 登録番号="R7-000005"),
    ])
    table, mapping, plan = _plan(admin.db, path)
    assert [p.row for p in plan.problems] == [3]
    write_template_csv(tmp_path / "ok.csv", [template_row(登録番号="r7-000005", 状態="登録")])
    table, mapping, plan = _plan(admin.db, tmp_path / "ok.csv")
    commit_import(admin, table, mapping, today=TODAY)
    last = admin.db.execute("SELECT last FROM numbering WHERE series = 'registrant:R7'"
                            ).fetchone()
    assert last[0] == 5  # approval will hand out R7-000006 next, never 5 again


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_encodings_are_detected(db, tmp_path, encoding):
    row = template_row(氏="髙橋", 住所="宮城県仙台市青葉区一番町～")
    path = write_template_csv(tmp_path / "in.csv", [row], encoding=encoding)
    table = read_ledger(path)
    assert table.encoding == encoding
    assert table.headers[0] == "氏"
    assert table.rows[0][1][0] == "髙橋"


def test_utf8_is_tried_strictly_first(db, tmp_path):
    # These UTF-8 bytes also decode as CP932 (to mojibake); UTF-8 must win.
    path = tmp_path / "in.csv"
    path.write_bytes("氏,名\n宮城,花子\n".encode())
    assert read_ledger(path).encoding == "utf-8"
    path.write_bytes(b"\x81\x39\xff,\xfe\n")
    with pytest.raises(RuleRefused):
        read_ledger(path)


def test_non_bmp_names_survive_utf8(admin, tmp_path):
    path = write_template_csv(tmp_path / "in.csv", [template_row(氏="𠮷田", 名="𩸽子")])
    table, mapping, _ = _plan(admin.db, path)
    commit_import(admin, table, mapping, today=TODAY)
    row = admin.db.execute("SELECT family_name, given_name FROM registrants").fetchone()
    assert tuple(row) == ("𠮷田", "𩸽子")


def test_saved_mapping_is_reused_for_the_same_layout(admin, tmp_path):
    headers = ["お客様", "よみ", "誕生", "区分", "メモ"]
    rows = [["佐藤 花子", "サトウ ハナコ", "1980-04-01", "ふるさと", "x"]]
    first = read_ledger(write_csv(tmp_path / "a.csv", headers, rows))
    mapping, source = initial_mapping(admin.db, first)
    assert source == "suggested" and mapping["お客様"] is None
    with pytest.raises(RuleRefused):
        check_mapping(mapping)
    chosen = {**mapping, "お客様": F.FULL_NAME, "よみ": F.FULL_KANA, "誕生": F.BIRTH_DATE}
    commit_import(admin, first, chosen, today=TODAY)
    second = read_ledger(write_csv(tmp_path / "b.csv", headers,
                                   [["田中 一郎", "タナカ イチロウ", "1970-01-01", "二地域", ""]]))
    again, source = initial_mapping(admin.db, second)
    assert source == "saved" and again == chosen


def test_template_needs_no_mapping(db, tmp_path):
    table = read_ledger(write_template_csv(tmp_path / "t.csv", [template_row()]))
    mapping, source = initial_mapping(db, table)
    assert source == "template"
    assert mapping["氏"] is F.FAMILY_NAME and mapping["状態"] is F.STATUS


def test_aliases_are_suggested():
    mapping = suggest_mapping(["登録No", "氏名", "ﾌﾘｶﾞﾅ", "〒", "TEL", "E-mail", "住所１",
                               "住所２", "区分", "生年月日"])
    assert mapping == {"登録No": F.REGISTRANT_NO, "氏名": F.FULL_NAME, "ﾌﾘｶﾞﾅ": F.FULL_KANA,
                       "〒": F.POSTAL_CODE, "TEL": F.PHONE, "E-mail": F.EMAIL,
                       "住所１": F.ADDRESS, "住所２": F.ADDRESS, "区分": F.KIND,
                       "生年月日": F.BIRTH_DATE}


@pytest.mark.parametrize("text", ["髙橋　恵子", "髙橋 恵子", " 髙橋  恵子 "])
def test_names_split_at_full_or_half_width_space(text):
    assert split_name(text) == ("髙橋", "恵子")


@pytest.mark.parametrize(("written", "kind"), [
    ("ふるさと住民", "furusato"), ("ふるさと", "furusato"), ("二地域", "dual"),
    ("二地域居住", "dual"), ("二地域居住者", "dual")])
def test_kinds_written_several_ways(admin, tmp_path, written, kind):
    path = write_template_csv(tmp_path / "in.csv", [template_row(区分=written)])
    _, _, plan = _plan(admin.db, path)
    assert not plan.problems
    assert plan.ready[0].values["kind"] == kind


def test_every_problem_of_a_row_is_listed(db, tmp_path):
    path = write_template_csv(tmp_path / "in.csv", [template_row(
        生年月日="1980-02-30", 郵便番号="12", 電話番号="12", メールアドレス="nope", 区分="町民")])
    _, _, plan = _plan(db, path)
    assert {p.column for p in plan.problems} == {"生年月日", "郵便番号", "電話番号",
                                                 "メールアドレス", "区分"}
    assert {p.row for p in plan.problems} == {2}


def test_workbook_number_cells_keep_their_leading_zeros(db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["名簿"])
    sheet.append([])
    sheet.append(["氏名", "フリガナ", "生年月日", "郵便番号", "電話", "区分"])
    sheet.append(["佐藤 花子", "サトウ ハナコ", date(1980, 4, 1), 600001, 312345678, "ふるさと"])
    book.save(tmp_path / "in.xlsx")
    table, _, plan = _plan(db, tmp_path / "in.xlsx")
    assert table.header_row == 3 and not plan.problems
    values = plan.ready[0].values
    assert (values["postal_code"], values["phone_digits"]) == ("060-0001", "0312345678")
    assert values["birth_date"] == "1980-04-01"


def test_commit_reuses_the_dry_run_but_looks_at_the_register_again(admin, tmp_path):
    path = write_template_csv(tmp_path / "in.csv", [template_row(), template_row(
        氏="田中", 氏カナ="タナカ")])
    table, mapping, plan = _plan(admin.db, path)
    assert not plan.problems
    register(admin, Application(family_name="田中", given_name="花子", family_kana="タナカ",
                                given_kana="ハナコ", birth_date="1980-04-01", kind="furusato",
                                prefecture="宮城県", city="仙台市青葉区"), today=TODAY)
    with pytest.raises(ImportRefused) as refused:
        commit_import(admin, table, mapping, today=TODAY, checked=plan)
    assert [p.row for p in refused.value.plan.problems] == [3]
    assert registrant_count(admin.db) == 1


def test_an_imported_person_is_stored_exactly_like_one_typed_in(admin, tmp_path):
    path = write_template_csv(tmp_path / "in.csv", [template_row(
        氏="ｻﾄｳ", 名="花子", 氏カナ="さとう", 名カナ="ﾊﾅｺ", 電話番号="０９０（1234）5678")])
    table, mapping, plan = _plan(admin.db, path)
    commit_import(admin, table, mapping, today=TODAY, checked=plan)
    # The same person as a clerk types them at the counter, with the address in its three parts.
    typed_id = register(admin, Application(
        family_name="ｻﾄｳ", given_name="花子", family_kana="さとう", given_kana="ﾊﾅｺ",
        birth_date="1980-04-01", kind="furusato", tier="basic", sex="female",
        postal_code="980-0811", prefecture="宮城県", city="仙台市青葉区", address="一番町2-3-4",
        phone="０９０（1234）5678", email="hanako@example.jp"), today=TODAY)
    imported, typed = (dict(row) for row in admin.db.execute(
        "SELECT * FROM registrants ORDER BY id = ?", (typed_id,)))
    bookkeeping = {"id", "card_code", "uuid", "created_at", "updated_at"}
    assert {k: v for k, v in imported.items() if k not in bookkeeping} == {
        k: v for k, v in typed.items() if k not in bookkeeping}
    assert imported["kana_key"] == "サトウハナコ" and imported["phone_digits"] == "09012345678"


def test_a_large_import_rebuilds_the_same_indexes(admin, tmp_path, monkeypatch):
    monkeypatch.setattr(ledger_import, "DEFER_INDEXES_FROM", 2)
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    before = admin.db.execute(indexes).fetchall()
    path = write_template_csv(tmp_path / "in.csv", [
        template_row(), template_row(氏="田中", 氏カナ="タナカ"),
        template_row(氏="林", 氏カナ="ハヤシ")])
    table, mapping, _ = _plan(admin.db, path)
    assert commit_import(admin, table, mapping, today=TODAY).imported == 3
    assert [tuple(row) for row in admin.db.execute(indexes)] == [tuple(row) for row in before]
    assert admin.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    found = admin.db.execute("SELECT family_name FROM registrants INDEXED BY registrants_kana"
                             " WHERE kana_key = 'タナカハナコ'").fetchall()
    assert [row[0] for row in found] == ["田中"]
