"""Bringing a town's Excel ledger onto the register: map the columns, try it, then commit it whole.

The dry run lists every row that cannot come in (row number as Excel shows it, column, field,
reason) and every row that repeats a person already on the register or earlier in the file.
The commit is one transaction with one audit row: every good row is stored, or none is.
Rows are checked by the counter's own rules, so an imported person is exactly like one typed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop_app.domain.errors import RuleRefused
from desktop_app.domain.ledger_columns import (
    TEMPLATE_COLUMNS,
    LedgerField,
    Mapping,
    check_mapping,
    is_template,
    layout_key,
    mapping_to_json,
    parse_mapping,
    suggest_mapping,
)
from desktop_app.domain.ledger_rows import (
    ImportedPerson,
    RowProblem,
    RowReader,
    numbering_floors,
)
from desktop_app.domain.progress import Progress
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import N_, Count, Nn_
from desktop_app.services.ledger_checks import RowCheck, addresses, check_rows
from desktop_app.services.ledger_files import LedgerTable, read_ledger
from desktop_app.services.registration import new_card_codes, new_uuids, office_of
from desktop_app.services.session import Session
from desktop_app.store.database import Database
from desktop_app.store.registrant_ledger import RegistrantLedger

__all__ = ["ImportPlan", "ImportRefused", "ImportResult", "commit_import", "import_file",
           "plan_import", "read_ledger"]

MAPPING_SETTING = "ledger.mapping.{layout}"
# From this many rows (and at least as many as the register holds) indexes are rebuilt at the end.
DEFER_INDEXES_FROM = 5000

class ImportRefused(RuleRefused):
    """Some rows cannot be imported; the plan lists them. Nothing was saved."""

    def __init__(self, plan: ImportPlan):
        super().__init__(N_("{rows} of {name} cannot be imported; nothing was saved."),
                         {"rows": Count(len(plan.bad_rows), Nn_("{n} row", "{n} rows")),
                          "name": plan.table.name})
        self.plan = plan


@dataclass
class ImportPlan:
    """The outcome of a dry run: who would come in, and what is wrong with the other rows."""

    table: LedgerTable
    mapping: Mapping
    people: list[ImportedPerson] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})

    @property
    def ready(self) -> list[ImportedPerson]:
        bad = set(self.bad_rows)
        return [person for person in self.people if person.row not in bad]

    def as_dict(self) -> dict:
        return {"file": self.table.name, "format": self.table.file_format,
                "encoding": self.table.encoding, "header_row": self.table.header_row,
                "rows": len(self.table.rows), "ready": len(self.ready),
                "bad_rows": self.bad_rows,
                "mapping": mapping_to_json(self.mapping),
                "problems": [problem.as_dict() for problem in self.problems]}


def saved_mapping(db: Database, table: LedgerTable) -> Mapping | None:
    """The mapping last used for files with this header row, if any."""
    saved = db.settings.get(MAPPING_SETTING.format(layout=layout_key(table.headers)))
    if not saved:
        return None
    try:
        return parse_mapping(saved.get("mapping", {}), table.headers)
    except RuleRefused:
        return None


def initial_mapping(db: Database, table: LedgerTable) -> tuple[Mapping, str]:
    """The mapping to start from and where it came from: 'template', 'saved' or 'suggested'."""
    if is_template(table.headers):
        return {header: dict(TEMPLATE_COLUMNS).get(header) for header in table.headers}, "template"
    saved = saved_mapping(db, table)
    if saved is not None:
        return saved, "saved"
    return suggest_mapping(table.headers), "suggested"


def plan_import(db: Database, table: LedgerTable, mapping: Mapping, *,
                today: date | None = None, progress: Progress | None = None) -> ImportPlan:
    """The dry run: read and check every row, and look for people already on the register.

    Changes nothing.
    """
    plan = _read_rows(db, table, mapping, today or date.today(), progress)
    _match_register(db.ledger, plan)
    return plan


@dataclass
class ImportResult:
    plan: ImportPlan
    imported: int

    def as_dict(self) -> dict:
        return {**self.plan.as_dict(), "imported": self.imported,
                "skipped_rows": self.plan.bad_rows, "sha256": self.plan.table.sha256}


def commit_import(session: Session, table: LedgerTable, mapping: Mapping, *,
                  skip_bad_rows: bool = False, today: date | None = None,
                  progress: Progress | None = None,
                  checked: ImportPlan | None = None) -> ImportResult:
    """Store every good row in one transaction with one audit row, and remember the mapping.

    Refuses (ImportRefused, nothing saved) when any row is bad, unless `skip_bad_rows` is set,
    in which case the bad rows are left out and named in the audit row.
    """
    session.require(Permission.REGISTER)
    today = today or date.today()
    db = session.db
    if checked is not None and checked.table is table and checked.mapping == mapping:
        plan = ImportPlan(table, mapping, list(checked.people),
                          [p for p in checked.problems if not _from_register(p)])
    else:
        plan = _read_rows(db, table, mapping, today, progress)
    layout = layout_key(table.headers)
    with session.write("registrant.import", "registrant_import") as change:
        _match_register(db.ledger, plan)
        if plan.bad_rows and not skip_bad_rows:
            raise ImportRefused(plan)
        people = plan.ready
        if not people:
            raise RuleRefused(N_("{name} has no row that can be imported."), {"name": table.name})
        if progress:
            progress(0.9, "")
        columns, rows = _stored_rows(people, today, session.new_record())
        bulk = db.bulk
        # Many rows into a small register: building each index once, sorted, beats 100,000
        # random inserts into twelve of them. A few rows into a big register: insert as usual.
        defer = len(people) >= DEFER_INDEXES_FROM and len(people) >= bulk.count("registrants")
        # Every value a CHECK tests (kind, tier, sex, status) was made from the domain's own
        # enums by the row checks above, so the per-row CHECKs are left out (see store/bulk.py).
        with bulk.large_cache(64), bulk.deferred_indexes(("registrants",) if defer else ()), \
                bulk.checks_left_to_the_caller():
            db.registrants.insert_many(columns, rows)
        bulk.raise_numbers(numbering_floors(p.registrant_no for p in people))
        db.settings.put(MAPPING_SETTING.format(layout=layout),
                        {"headers": table.headers, "mapping": mapping_to_json(mapping)})
        change.entity_id = table.sha256
        change.after = {"file": table.name, "sha256": table.sha256, "rows": len(people),
                        "format": table.file_format, "encoding": table.encoding,
                        "layout": layout, "skipped_rows": plan.bad_rows}
    if progress:
        progress(1.0, "")
    return ImportResult(plan, len(people))


def import_file(session: Session, path: str | Path, *, mapping: dict | None = None,
                dry_run: bool = False, skip_bad_rows: bool = False,
                today: date | None = None) -> tuple[ImportPlan, ImportResult | None]:
    """Read, map and check a file; then commit it unless this is a dry run (the CLI's path)."""
    table = read_ledger(path)
    chosen = (parse_mapping(mapping, table.headers) if mapping is not None
              else initial_mapping(session.db, table)[0])
    if dry_run:
        return plan_import(session.db, table, chosen, today=today), None
    try:
        result = commit_import(session, table, chosen, skip_bad_rows=skip_bad_rows, today=today)
    except ImportRefused as refused:
        return refused.plan, None
    return result.plan, result


_REGISTER_MSGIDS = frozenset({
    N_("Already on the register: {name}, born {birth} ({number})."),
    N_("Registrant number {number} is already used by {name}."),
})


def _from_register(problem: RowProblem) -> bool:
    """A problem found by looking at the register (redone at commit), not in the file itself."""
    return problem.msgid in _REGISTER_MSGIDS


def _read_rows(db: Database, table: LedgerTable, mapping: Mapping, today: date,
               progress: Progress | None) -> ImportPlan:
    check_mapping(mapping)
    job = RowCheck(mapping, table.headers, office_of(db), today)  # the office once, not per row
    outcomes = check_rows(job, table.rows, progress=progress, share=0.85)
    column = RowReader(mapping, addresses(), dict, table.headers).column
    plan = ImportPlan(table, mapping)
    seen: dict[tuple[str, str], int] = {}
    numbers: dict[str, int] = {}
    for (row, _values), outcome in zip(table.rows, outcomes, strict=True):
        if isinstance(outcome, list):
            plan.problems.extend(outcome)
            continue
        plan.people.append(outcome)
        by_kana, by_name = outcome.match_keys()
        earlier = seen.get(by_kana)
        if earlier is None:
            earlier = seen.get(by_name)
        if earlier is None and outcome.registrant_no:
            earlier = numbers.get(outcome.registrant_no)
        if earlier is not None:
            plan.problems.append(RowProblem(
                row, column(LedgerField.FAMILY_NAME), LedgerField.FAMILY_NAME,
                N_("The same person as row {other} ({name}, born {birth})."),
                {"other": earlier, "name": outcome.full_name,
                 "birth": outcome.values["birth_date"]}, duplicate=True))
            continue
        seen[by_kana] = seen[by_name] = row
        if outcome.registrant_no:
            numbers[outcome.registrant_no] = row
    plan.problems.sort(key=lambda problem: problem.row)
    return plan


def _match_register(ledger: RegistrantLedger, plan: ImportPlan) -> None:
    """Add a problem for each row that repeats someone already on the register."""
    bad = set(plan.bad_rows)
    people = [person for person in plan.people if person.row not in bad]
    if not people:
        return
    by_kana, by_name, numbered = ledger.people_matching(
        (person.match_keys()[0][0] for person in people),
        (person.match_keys()[1][0] for person in people), (p.registrant_no for p in people))
    by_key: dict[tuple[str, str], dict] = {}
    for found in by_kana:
        by_key.setdefault((found["kana_key"], found["birth_date"]), found)
    for found in by_name:
        by_key.setdefault((found["name_key"], found["birth_date"]), found)
    by_number = {found["registrant_no"]: found for found in numbered}
    if not by_key and not by_number:
        return  # nobody on the register is in the file (a town's first import)
    column = RowReader(plan.mapping, addresses(), dict).column
    for person in people:
        found = next((by_key[key] for key in person.match_keys() if key in by_key), None)
        if found is not None:
            plan.problems.append(RowProblem(
                person.row, column(LedgerField.FAMILY_NAME), LedgerField.FAMILY_NAME,
                N_("Already on the register: {name}, born {birth} ({number})."),
                {"name": f"{found['family_name']} {found['given_name']}".strip(),
                 "birth": found["birth_date"],
                 "number": found["registrant_no"] or f"#{found['id']}"}, duplicate=True))
        elif person.registrant_no in by_number:
            found = by_number[person.registrant_no]
            plan.problems.append(RowProblem(
                person.row, column(LedgerField.REGISTRANT_NO), LedgerField.REGISTRANT_NO,
                N_("Registrant number {number} is already used by {name}."),
                {"number": person.registrant_no,
                 "name": f"{found['family_name']} {found['given_name']}".strip()},
                duplicate=True))
    plan.problems.sort(key=lambda problem: problem.row)


def _stored_rows(people: list[ImportedPerson], today: date,
                 stamp: dict) -> tuple[tuple[str, ...], list[tuple]]:
    """The stored rows of imported people: what registration stores, plus status and number.

    `stamp` is the bookkeeping of one new record: every row shares its moment and clerk, and
    gets its own uuid. Every person's values have the same columns, in the same order.
    """
    applied_on = today.isoformat()
    shared = {column: value for column, value in stamp.items() if column != "uuid"}
    columns = ("card_code", *people[0].values, "status", "applied_on", "registrant_no", "uuid",
               *shared)
    shared_values = tuple(shared.values())
    rows = [(card_code, *person.values.values(), person.status.value, applied_on,
             person.registrant_no or None, uuid, *shared_values)
            for person, card_code, uuid in zip(people, new_card_codes(len(people)),
                                               new_uuids(len(people)), strict=True)]
    return columns, rows
