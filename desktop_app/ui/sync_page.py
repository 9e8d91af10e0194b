"""The 同期 page: the paired counters, changes held until their turn, conflicts resolved field by
field (take mine / take theirs: the choice travels as a change, like `sync resolve`), the flags a
clerk looks at (a duplicate person opens the merge dialog), and change sets exported for a
counter and imported from one.

Everything is read and written on the worker (services/sync_overview.py, sync_resolve.py,
sync_transfer.py); the page shows what arrives. The same roles as on the command line hold:
the services refuse, the page says so.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.roles import GRANTS, ROLE_LABELS, Permission
from desktop_app.domain.sync_fields import field_label
from desktop_app.i18n import _
from desktop_app.services import preferences
from desktop_app.services.session import Session
from desktop_app.services.sync_overview import SyncOverview, overview
from desktop_app.services.sync_resolve import clear_flag, resolve
from desktop_app.services.sync_transfer import export_changes, import_package
from desktop_app.ui import sync_tables
from desktop_app.ui.background import BackgroundTask, run_in_background
from desktop_app.ui.error_label import error_text, show_status
from desktop_app.ui.registrant_merge_dialog import RegistrantMergeDialog
from desktop_app.ui.return_register import when
from desktop_app.ui.shown_refresh import ShownRefresh
from desktop_app.ui.sync_dialogs import ChangeSetExportDialog, ask_change_set

# What a sync import or a resolution may change, and so what makes the page read again.
SYNCED = ("registrant", "involvement", "consultation", "certificate", "booking", "facility",
          "voucher", "house", "event")


class SyncPage(QWidget):
    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.style_name = preferences.date_style(session.db)
        grants = GRANTS[session.role]
        self.may_view = Permission.VIEW_PERSONAL_DATA in grants
        self.may_settle = Permission.REGISTER in grants
        self.may_export = Permission.EXPORT in grants
        self.loaded: SyncOverview | None = None
        self.noted: frozenset[int] = frozenset()  # people shown and noted in the trail
        self.task: BackgroundTask | None = None
        self.merge_dialog: RegistrantMergeDialog | None = None
        self.counter, self.message = QLabel(), QLabel()
        self.message.setWordWrap(True)
        self.export_button, self.import_button = QPushButton(), QPushButton()
        self.export_button.clicked.connect(self.export_change_set)
        self.import_button.clicked.connect(self.import_change_set)
        self.export_button.setEnabled(self.may_export)
        self.import_button.setEnabled(self.may_settle)
        self.headings = [QLabel() for _ in range(4)]
        self.peers, self.held = sync_tables.table(6), sync_tables.table(4)
        self.conflicts, self.flags = sync_tables.table(7), sync_tables.table(5)
        self._lay_out()
        self.shown_refresh = ShownRefresh(self, SYNCED, self.refresh)
        self.retranslate()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.counter, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.import_button)
        side = QHBoxLayout()
        for heading, shown in ((self.headings[0], self.peers), (self.headings[1], self.held)):
            column = QVBoxLayout()
            column.addWidget(heading)
            column.addWidget(shown)
            side.addLayout(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(side, 1)
        for heading, shown, stretch in ((self.headings[2], self.conflicts, 3),
                                        (self.headings[3], self.flags, 2)):
            layout.addWidget(heading)
            layout.addWidget(shown, stretch)

    # Reading ----------------------------------------------------------------------------------

    def refresh(self) -> BackgroundTask | None:
        """Read the page again; the audit trail notes the people it shows once (a redraw after
        a change adds a row only when it brings someone not shown before)."""
        if not self.may_view:
            return None
        noted = self.noted
        self.task = run_in_background(
            lambda worker, _progress, _cancel: overview(worker, noted=noted),
            title=_("Reading…"),
            session=self.session, parent=self, on_done=self.show_overview, on_error=self._failed)
        return self.task

    def show_overview(self, loaded: SyncOverview) -> None:
        self.loaded, style = loaded, self.style_name
        self.noted |= loaded.people
        never = _("never")
        self.counter.setText(_("This is counter {counter}.").format(counter=loaded.counter))
        sync_tables.fill(self.peers, [[
            sync_tables.counter(p["counter"]), p["office"], str(p["applied_here"]),
            str(p["acknowledged_ours"]), when(p["last_export_at"], style) or never,
            when(p["last_import_at"], style) or never] for p in loaded.peers])
        sync_tables.fill(self.held, [sync_tables.held_row(h, style) for h in loaded.held])
        sync_tables.fill(self.conflicts, [sync_tables.conflict_row(c, style)
                                          for c in loaded.conflicts])
        for row, conflict in enumerate(loaded.conflicts):
            if self.may_settle:
                sync_tables.buttons(self.conflicts, row, [
                    (_("Take mine"), lambda c=conflict["id"]: self.take(c, "mine")),
                    (_("Take theirs"), lambda c=conflict["id"]: self.take(c, "theirs"))])
        sync_tables.fill(self.flags, [sync_tables.flag_row(f, style) for f in loaded.flags])
        for row, flag in enumerate(loaded.flags):
            actions = [(_("Looked at"), lambda f=flag["id"]: self.clear(f))]
            if flag["kind"] == "duplicate_person" and flag["named"][0]["id"]:
                actions.insert(0, (_("Merge…"), lambda f=flag: self.merge(f)))
            if self.may_settle:
                sync_tables.buttons(self.flags, row, actions)

    # Acting -----------------------------------------------------------------------------------

    def take(self, conflict_id: int, take: str) -> BackgroundTask:
        self.task = run_in_background(
            lambda worker, _progress, _cancel: resolve(worker, conflict_id, take),
            title=_("Saving…"), session=self.session, writes=SYNCED, parent=self,
            on_done=lambda settled: self._resolved(settled, take), on_error=self._failed)
        return self.task

    def _resolved(self, settled: dict, take: str) -> None:
        self.show_message(_("Resolved: {field} kept as {value}.").format(
            field=_(field_label(settled["field"])),
            value=sync_tables.value(settled["entity"], settled["field"], settled[take],
                                   self.style_name)))

    def clear(self, flag_id: int) -> BackgroundTask:
        self.task = run_in_background(
            lambda worker, _progress, _cancel: clear_flag(worker, flag_id), title=_("Saving…"),
            session=self.session, writes=("registrant",), parent=self,
            on_done=lambda _flag: self.show_message(_("Marked as looked at.")),
            on_error=self._failed)
        return self.task

    def merge(self, flag: dict) -> RegistrantMergeDialog:
        """The record already here survives; the newcomer from the other counter merges in."""
        self.merge_dialog = RegistrantMergeDialog(self.session, flag["named"][0]["id"],
                                                  flag["record"]["id"], self)
        self.merge_dialog.accepted.connect(lambda: self.clear(flag["id"]))
        self.merge_dialog.open()
        return self.merge_dialog

    def export_change_set(self) -> BackgroundTask | None:
        peers = self.loaded.peers if self.loaded else []
        if not peers:
            self.show_message(_("No counter is paired with this one."), error=True)
            return None
        choice = ChangeSetExportDialog.ask(self, peers)
        if choice is None:
            return None
        self.task = run_in_background(
            lambda worker, _progress, _cancel: export_changes(
                worker, choice.password, choice.peer, choice.folder),
            title=_("Writing the change set…"), session=self.session, writes=("package",),
            parent=self, on_done=lambda done: self.show_message(_(
                "{count} changes written: {path} (and its .sig beside it).").format(
                count=done.changes, path=done.path)), on_error=self._failed)
        return self.task

    def import_change_set(self) -> BackgroundTask | None:
        path = ask_change_set(self)
        if path is None:
            return None
        self.task = run_in_background(
            lambda worker, _progress, _cancel: import_package(worker, path),
            title=_("Importing the change set…"), session=self.session, writes=SYNCED,
            parent=self, on_done=self._imported, on_error=self._failed)
        return self.task

    def _imported(self, outcome) -> None:
        peer = outcome.peer
        if outcome.kind == "counter-joined":
            self.show_message(_("Counter {counter} {office} is paired with this one.").format(
                counter=peer["counter"], office=peer["office"]))
            return
        self.show_message(_(
            "From counter {counter}: {changes} changes; applied {applied}, already had "
            "{already_had}, held {held}, conflicts {conflicts}.").format(
            counter=peer["counter"], changes=outcome.changes, applied=outcome.applied,
            already_had=outcome.already_had, held=outcome.held, conflicts=outcome.conflicts))

    # Text -------------------------------------------------------------------------------------

    def _failed(self, error: Exception) -> None:
        self.show_message(error_text(error), error=True)

    def show_message(self, text: str, *, error: bool = False) -> None:
        show_status(self.message, text, error=error)

    def retranslate(self) -> None:
        self.export_button.setText(_("E&xport a change set…"))
        self.import_button.setText(_("&Import a change set…"))
        if not self.may_view:
            self.counter.setText(_("The sync page shows personal data; you are signed in as "
                                   "{role}.").format(role=_(ROLE_LABELS[self.session.role])))
        for heading, text in zip(self.headings, (
                _("Paired counters"), _("Held changes (applied when their turn comes)"),
                _("Conflicts: the same field changed on two counters"),
                _("Flags to look at")), strict=True):
            heading.setText(f"<b>{text}</b>")
        for shown, headers in (
                (self.peers, (_("Counter"), _("Office"), _("Theirs applied here"),
                              _("Ours acknowledged"), _("Last export"), _("Last import"))),
                (self.held, (_("From counter"), _("Change no."), _("Record"), _("Why held"))),
                (self.conflicts, (_("Record"), _("Field"), _("Mine"), _("Mine: by, when"),
                                  _("Theirs"), _("Theirs: by, when"), "")),
                (self.flags, (_("Flag"), _("Record"), _("What happened"), _("Found"), ""))):
            shown.setHorizontalHeaderLabels(list(headers))
        if self.loaded is not None:
            self.show_overview(self.loaded)
