"""The SQL of applying other counters' changes: rows found by record UUID, written as the origin
wrote them, the received and held changes, conflicts and flags (tables of step m014)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

from desktop_app.store.migrations import SYNCED_TABLES
from desktop_app.store.migrations.m012_change_log import fields
from desktop_app.store.records import now_iso

if TYPE_CHECKING:
    from sqlite3 import Connection

    from desktop_app.store.database import Database

LIVE_BOOKING = ("provisional", "confirmed", "staying", "completed")


@cache
def _references(path: str, table: str, connection: Connection) -> dict[str, str]:
    return {row[3]: row[2] for row in connection.execute(f"PRAGMA foreign_key_list({table})")
            if row[2] in SYNCED_TABLES}


def references(db: Database, table: str) -> dict[str, str]:
    """The table's fields holding another synced record's row id, with that record's table."""
    return _references(str(db.path), table, db.connection)


@cache
def _blobs(path: str, table: str, connection: Connection) -> frozenset[str]:
    return frozenset(name for name, blob in fields(connection, table) if blob)


def blob_fields(db: Database, table: str) -> frozenset[str]:
    return _blobs(str(db.path), table, db.connection)


def _check_table(table: str) -> None:
    if table not in SYNCED_TABLES:
        raise ValueError(f"not a synced table: {table}")


class SyncState:
    def __init__(self, db: Database):
        self.db = db

    # --- records by uuid ---------------------------------------------------------------
    def row(self, table: str, record_uuid: str) -> dict | None:
        _check_table(table)
        found = self.db.execute(f"SELECT * FROM {table} WHERE uuid = ?", (record_uuid,)).fetchone()
        return dict(found) if found else None

    def id_of(self, table: str, record_uuid: str) -> int | None:
        _check_table(table)
        found = self.db.execute(f"SELECT id FROM {table} WHERE uuid = ?",
                                (record_uuid,)).fetchone()
        return found[0] if found else None

    def uuid_of(self, table: str, row_id: int) -> str | None:
        _check_table(table)
        found = self.db.execute(f"SELECT uuid FROM {table} WHERE id = ?", (row_id,)).fetchone()
        return found[0] if found else None

    def insert(self, table: str, values: dict) -> int:
        _check_table(table)
        columns = list(values)
        return self.db.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            tuple(values[c] for c in columns)).lastrowid

    def update(self, table: str, record_uuid: str, values: dict) -> None:
        _check_table(table)
        if values:
            self.db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in values)}"
                            " WHERE uuid = ?", (*values.values(), record_uuid))

    def delete(self, table: str, record_uuid: str) -> None:
        _check_table(table)
        self.db.execute(f"DELETE FROM {table} WHERE uuid = ?", (record_uuid,))

    def clashing_bookings(self, facility_id: int, check_in: str, check_out: str,
                          record_uuid: str) -> list[dict]:
        marks = ", ".join(f"'{s}'" for s in LIVE_BOOKING)
        return [dict(row) for row in self.db.execute(
            f"SELECT * FROM bookings WHERE facility_id = ? AND status IN ({marks})"
            " AND check_in < ? AND ? < check_out AND uuid <> ?",
            (facility_id, check_out, check_in, record_uuid))]

    # --- the change log, as applying needs it -------------------------------------------
    @contextmanager
    def unlogged(self) -> Iterator[None]:
        """Within the open transaction, writes that the change log does not see: the synced
        tables' change triggers dropped, and made again afterwards whatever happens. Inside the
        transaction, so no other connection ever sees the file without them (a main-schema
        trigger cannot read a per-connection flag: SQLite refuses temp tables in them)."""
        if not self.db.connection.in_transaction:
            raise RuntimeError("unlogged writes belong inside a transaction")
        triggers = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'changes\\_%'"
            " ESCAPE '\\'").fetchall()
        for name, _ in triggers:
            self.db.execute(f"DROP TRIGGER {name}")
        try:
            yield
        finally:
            for _, sql in triggers:
                self.db.execute(sql)

    def log_received(self, change: dict, old: dict | None, new: dict | None) -> None:
        """The origin's change, under its own terminal and sequence (values in this file's row
        ids), so this counter can pass it on and knows it has it."""
        self.db.execute(
            "INSERT INTO changes (change_id, terminal, sequence, at, entity, record_uuid,"
            " operation, base_version, version, old_values, new_values)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (uuid.UUID(change["change_id"]).bytes, change["terminal"], change["sequence"],
             change["at"], change["entity"], change["record_uuid"], change["operation"],
             change["base_version"], change["version"], _json(old), _json(new)))
        self.db.execute(
            "INSERT INTO change_sequences (terminal, last) VALUES (?, ?)"
            " ON CONFLICT (terminal) DO UPDATE SET last = excluded.last",
            (change["terminal"], change["sequence"]))

    def log_confirmation(self, entity: str, record_uuid: str, base_version: int, stamps: dict,
                         values: dict) -> None:
        """A change that keeps fields as they stand: a conflict resolved for the value already
        there, so the other counters close it too (no trigger fires for an unchanged field)."""
        self.db.execute("UPDATE change_sequences SET last = last + 1 WHERE local = 1")
        self.db.execute(
            "INSERT INTO changes (change_id, terminal, sequence, at, entity, record_uuid,"
            " operation, base_version, version, old_values, new_values)"
            " SELECT ?, terminal, last, ?, ?, ?, 'update', ?, ?, ?, ? FROM change_sequences"
            " WHERE local = 1",
            (uuid.uuid4().bytes, stamps["updated_at"], entity, record_uuid, base_version,
             stamps["version"], _json(values), _json(values)))

    def applied_sequence(self, terminal: str) -> int:
        return self.db.changes.last_sequence(terminal)

    def local_terminal(self) -> str | None:
        found = self.db.execute("SELECT terminal FROM change_sequences WHERE local = 1").fetchone()
        return found[0] if found else None

    def logged(self, change_id: str) -> dict | None:
        rows = self.db.execute(
            "SELECT terminal, sequence FROM changes WHERE change_id = ?",
            (uuid.UUID(change_id).bytes,)).fetchone()
        if rows is None:
            return None
        return next(self.db.changes.since(rows[0], rows[1] - 1, limit=1), None)

    def field_writers(self, table: str, record_uuid: str) -> list[dict]:
        return self.db.changes.of_record(table, record_uuid)

    # --- received and held changes -----------------------------------------------------
    def received_hash(self, change_id: str) -> str | None:
        found = self.db.execute("SELECT content_hash FROM sync_applied WHERE change_id = ?",
                                (uuid.UUID(change_id).bytes,)).fetchone()
        if found:
            return found[0]
        found = self.db.execute("SELECT content_hash FROM sync_held WHERE change_id = ?",
                                (uuid.UUID(change_id).bytes,)).fetchone()
        return found[0] if found else None

    def mark_received(self, change_id: str, content_hash: str, clerk: str | None) -> None:
        self.db.execute("INSERT INTO sync_applied (change_id, content_hash, clerk, applied_at)"
                        " VALUES (?, ?, ?, ?)",
                        (uuid.UUID(change_id).bytes, content_hash, clerk, now_iso()))

    def hold(self, change: dict, content_hash: str, reason: str) -> None:
        self.db.execute(
            "INSERT INTO sync_held (change_id, terminal, sequence, content, content_hash, reason,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (change_id)"
            " DO UPDATE SET reason = excluded.reason",
            (uuid.UUID(change["change_id"]).bytes, change["terminal"], change["sequence"],
             json.dumps(change, ensure_ascii=False), content_hash, reason, now_iso()))

    def release(self, change_id: str) -> None:
        self.db.execute("DELETE FROM sync_held WHERE change_id = ?", (uuid.UUID(change_id).bytes,))

    def held(self) -> list[dict]:
        return [{**json.loads(row[0]), "held_because": row[1]} for row in self.db.execute(
            "SELECT content, reason FROM sync_held ORDER BY terminal, sequence")]

    # --- conflicts and flags -----------------------------------------------------------
    def add_conflict(self, conflict: dict) -> int:
        conflict = {**conflict, "mine": _json(conflict["mine"]),
                    "theirs": _json(conflict["theirs"]),
                    "theirs_change": uuid.UUID(conflict["theirs_change"]).bytes,
                    "found_at": now_iso()}
        columns = list(conflict)
        return self.db.execute(
            f"INSERT INTO sync_conflicts ({', '.join(columns)})"
            f" VALUES ({', '.join('?' * len(columns))})", tuple(conflict.values())).lastrowid

    def conflicts(self, *, open_only: bool = True) -> list[dict]:
        where = " WHERE resolved_at IS NULL" if open_only else ""
        return [_conflict(row) for row in self.db.execute(
            f"SELECT * FROM sync_conflicts{where} ORDER BY id")]

    def conflict(self, conflict_id: int) -> dict | None:
        found = self.db.execute("SELECT * FROM sync_conflicts WHERE id = ?",
                                (conflict_id,)).fetchone()
        return _conflict(found) if found else None

    def close_conflicts(self, entity: str, record_uuid: str, field: str, by: str,
                        taken: str | None = None) -> None:
        self.db.execute(
            "UPDATE sync_conflicts SET resolved_at = ?, resolved_by = ?, taken = ?"
            " WHERE entity = ? AND record_uuid = ? AND field = ? AND resolved_at IS NULL",
            (now_iso(), by, taken, entity, record_uuid, field))

    def flag(self, kind: str, entity: str, record_uuid: str, detail: dict) -> None:
        self.db.execute("INSERT INTO sync_flags (kind, entity, record_uuid, detail, found_at)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (kind, entity, record_uuid, json.dumps(detail, ensure_ascii=False),
                         now_iso()))

    def flags(self, kind: str | None = None, *, open_only: bool = False) -> list[dict]:
        wheres, parameters = (["kind = ?"], (kind,)) if kind else ([], ())
        if open_only:
            wheres.append("cleared_at IS NULL")
        where = f" WHERE {' AND '.join(wheres)}" if wheres else ""
        return [_flag(row) for row in self.db.execute(
            f"SELECT * FROM sync_flags{where} ORDER BY id", parameters)]

    def flag_by_id(self, flag_id: int) -> dict | None:
        found = self.db.execute("SELECT * FROM sync_flags WHERE id = ?", (flag_id,)).fetchone()
        return _flag(found) if found else None

    def clear_flag(self, flag_id: int) -> None:
        self.db.execute("UPDATE sync_flags SET cleared_at = ? WHERE id = ?", (now_iso(), flag_id))


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _flag(row) -> dict:
    return {**dict(row), "detail": json.loads(row["detail"])}


def _conflict(row) -> dict:
    found = dict(row)
    found["mine"] = json.loads(found["mine"]) if found["mine"] is not None else None
    found["theirs"] = json.loads(found["theirs"]) if found["theirs"] is not None else None
    found["theirs_change"] = str(uuid.UUID(bytes=found["theirs_change"]))
    return found
