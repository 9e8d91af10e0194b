"""The 同期 page's four tables as a clerk reads them: records by name, fields in the town's words,
values and times in the office's date style, writers as a counter and a clerk."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.domain.audit_details import shown_value
from desktop_app.domain.dates import format_date
from desktop_app.domain.sync_fields import RECORD_KINDS, field_label
from desktop_app.i18n import N_, _
from desktop_app.ui.return_register import when


def table(headers: int) -> QTableWidget:
    shown = QTableWidget(0, headers)
    shown.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    shown.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    shown.verticalHeader().hide()
    shown.setWordWrap(True)
    shown.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    shown.horizontalHeader().setStretchLastSection(True)
    return shown


def fill(shown: QTableWidget, rows: list[list[str]]) -> None:
    shown.setRowCount(len(rows))
    for row, texts in enumerate(rows):
        for column, text in enumerate(texts):
            shown.setItem(row, column, QTableWidgetItem(text))
    shown.resizeRowsToContents()


def buttons(shown: QTableWidget, row: int, actions: list[tuple[str, Callable[[], None]]]) -> None:
    """Buttons in the row's last cell, each doing its action."""
    cell = QWidget()
    line = QHBoxLayout(cell)
    line.setContentsMargins(2, 0, 2, 0)
    for text, action in actions:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False, act=action: act())  # not the flag
        line.addWidget(button)
    line.addStretch(1)
    shown.setCellWidget(row, shown.columnCount() - 1, cell)


def counter(number: int | None) -> str:
    return _("Counter {counter}").format(counter=number) if number is not None else _("unknown")


def record(found: dict, style: str) -> str:
    """A record as the clerk knows it: a person by number and name, a booking by facility and
    nights, a voucher by serial."""
    kind = _(RECORD_KINDS.get(found["entity"], found["entity"]))
    if found.get("id") is None:
        return _("{kind} (no longer on file)").format(kind=kind)
    person = " ".join(p for p in (found.get("registrant_no") or "", found.get("name", "")) if p)
    if found["entity"] == "bookings":
        return _("{facility} {first}–{last}, {person}").format(
            facility=found["facility"], first=format_date(found["check_in"], style),
            last=format_date(found["check_out"], style), person=person)
    if found["entity"] == "vouchers":
        return _("Voucher {serial}").format(serial=found["serial"])
    return f"{kind} {person}".strip() if person else kind


def value(entity: str, field: str, shown: object, style: str) -> str:
    """A field's value without stored codes: dates in the office's style, labels for kinds."""
    return shown_value(entity, field, shown, style)


def conflict_row(conflict: dict, style: str) -> list[str]:
    field = conflict["field"]
    return [record(conflict["record"], style), _(field_label(field)),
            value(conflict["entity"], field, conflict["mine"], style),
            _writer(conflict, "mine", style),
            value(conflict["entity"], field, conflict["theirs"], style),
            _writer(conflict, "theirs", style), ""]


def _writer(conflict: dict, side: str, style: str) -> str:
    return _("{counter}, {clerk}\n{at}").format(
        counter=counter(conflict[f"{side}_counter"]), clerk=conflict[f"{side}_by"],
        at=when(conflict[f"{side}_at"], style))


def held_row(held: dict, style: str) -> list[str]:
    why = (_("waiting for the change before it from the same counter")
           if held["held_because"] == "predecessor"
           else _("waiting for a record it refers to"))
    return [counter(held["counter"]), str(held["sequence"]), record(held["record"], style), why]


FLAG_KINDS = {
    "parallel_edit": N_("Parallel edit"), "booking_conflict": N_("Booking conflict"),
    "double_redemption": N_("Double redemption"),
    "duplicate_person": N_("Possibly the same person"),
}


def flag_row(flag: dict, style: str) -> list[str]:
    detail, named = flag["detail"], [record(r, style) for r in flag["named"]]
    if flag["kind"] == "parallel_edit":
        text = _("Counter {counter} changed {fields} at the same time; both changes stand.").format(
            counter=counter(flag.get("counter")),
            fields=_(", ").join(_(field_label(f)) for f in detail["fields"]))
    elif flag["kind"] == "booking_conflict":
        text = _("Set aside (cancelled) as it overlaps {kept}, made first: move it to other "
                 "nights or leave it cancelled.").format(kept=_(", ").join(named))
    elif flag["kind"] == "double_redemption":
        text = _("Redeemed on two counters, for {bookings}; the first redemption stands.").format(
            bookings=_(" and ").join(named))
    else:
        text = _("May be the same person as {other}: merge them, or mark this as looked "
                 "at.").format(other=_(", ").join(named))
    return [_(FLAG_KINDS[flag["kind"]]), record(flag["record"], style), text,
            when(flag["found_at"], style), ""]
