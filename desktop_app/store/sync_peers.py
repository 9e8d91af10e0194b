"""The paired counters, what each terminal's changes this file holds, open invitations."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.store.rows import insert_row

if TYPE_CHECKING:
    from desktop_app.store.database import Database


def _peer(row) -> dict:
    peer = dict(row)
    peer["acknowledged"] = json.loads(peer["acknowledged"])
    return peer


class SyncPeerRepository:
    def __init__(self, db: Database):
        self.db = db

    def all(self) -> list[dict]:
        return [_peer(row) for row in self.db.execute(
            "SELECT * FROM sync_peers ORDER BY counter")]

    def get(self, terminal: str) -> dict | None:
        row = self.db.execute("SELECT * FROM sync_peers WHERE terminal = ?",
                              (terminal,)).fetchone()
        return _peer(row) if row else None

    def by_counter(self, counter: int) -> dict | None:
        row = self.db.execute("SELECT * FROM sync_peers WHERE counter = ?",
                              (counter,)).fetchone()
        return _peer(row) if row else None

    def add(self, record: dict) -> None:
        insert_row(self.db, "sync_peers", {
            **record, "acknowledged": json.dumps(record.get("acknowledged", {}))})

    def acknowledge(self, terminal: str, acknowledged: dict[str, int]) -> None:
        """Raise what the peer holds of each terminal (never lowered: an older package's word
        is stale)."""
        peer = self.get(terminal)
        merged = dict(peer["acknowledged"])
        for other, sequence in acknowledged.items():
            merged[other] = max(merged.get(other, 0), sequence)
        self.db.execute("UPDATE sync_peers SET acknowledged = ? WHERE terminal = ?",
                        (json.dumps(merged, sort_keys=True), terminal))

    def sent(self, terminal: str, number: int, at: str) -> None:
        self.db.execute("UPDATE sync_peers SET last_sent = ?, last_export_at = ?"
                        " WHERE terminal = ?", (number, at, terminal))

    def received(self, terminal: str, number: int, sha256: str, at: str) -> None:
        self.db.execute("UPDATE sync_peers SET last_received = ?, last_received_sha256 = ?,"
                        " last_import_at = ? WHERE terminal = ?", (number, sha256, at, terminal))

    def register_copy(self, emptied: tuple[str, ...]) -> bytes:
        """The file as of now (SQLite's online backup: one consistent moment) with the `emptied`
        tables emptied and the free pages dropped: what an invitation carries."""
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "register.sqlite"
            self.db.backup_to(copy)
            connection = sqlite3.connect(copy, isolation_level=None)
            try:
                for table in emptied:
                    connection.execute(f"DELETE FROM {table}")
                connection.execute("VACUUM")
            finally:
                connection.close()
            return copy.read_bytes()

    def become_counter(self, terminal: str, counter: int) -> None:
        """A joined copy becomes its own counter: a new terminal, whose changes the triggers
        now number from 1; the inviter's sequence stays as what this file holds of it."""
        self.db.execute("UPDATE office SET terminal_id = ?, counter = ? WHERE id = 1",
                        (terminal, counter))
        self.db.execute("UPDATE change_sequences SET local = 0 WHERE local = 1")
        self.db.execute("INSERT INTO change_sequences (terminal, last, local) VALUES (?, 0, 1)",
                        (terminal,))

    # What this file holds of each other terminal's changes (sent as acknowledgements).
    def holdings(self) -> dict[str, int]:
        return {row[0]: row[1] for row in self.db.execute(
            "SELECT terminal, sequence FROM sync_received ORDER BY terminal")}

    def hold(self, holdings: dict[str, int]) -> None:
        for terminal, sequence in holdings.items():
            self.db.execute(
                "INSERT INTO sync_received (terminal, sequence) VALUES (?, ?)"
                " ON CONFLICT (terminal) DO UPDATE SET sequence = max(sequence, excluded.sequence)",
                (terminal, sequence))

    # Invitations written here, until the new counter's reply comes back.
    def add_invitation(self, record: dict) -> None:
        insert_row(self.db, "sync_invitations", {
            **record, "holdings": json.dumps(record["holdings"], sort_keys=True)})

    def invitation(self, invitation_id: str) -> dict | None:
        row = self.db.execute("SELECT * FROM sync_invitations WHERE id = ?",
                              (invitation_id,)).fetchone()
        if row is None:
            return None
        found = dict(row)
        found["holdings"] = json.loads(found["holdings"])
        return found

    def invitation_joined(self, invitation_id: str, at: str) -> None:
        self.db.execute("UPDATE sync_invitations SET joined_at = ? WHERE id = ?",
                        (at, invitation_id))
