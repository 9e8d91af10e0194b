"""The demo file's sign-in accounts, apart from the demo fill itself: signing in to a demo file
(`futasato --demo`, the benchmarks) needs these names, not the sample data and worker process
machinery of `services.demo`."""

from __future__ import annotations

from desktop_app.domain.roles import Role
from desktop_app.services.passwords import password_matches

DEMO_OFFICE_NAME = "石巻市役所 二地域居住推進室 (demo)"

DEMO_ADMIN_LOGIN = "admin"
DEMO_ADMIN_PASSWORD = "demo-admin-2026"
# Further demo accounts, to try what each role may do: (login, display name, role, password).
DEMO_ACCOUNTS = (
    ("supervisor", "監督 花子", Role.SUPERVISOR, "demo-supervisor-2026"),
    ("clerk", "窓口 一郎", Role.CLERK, "demo-clerk-2026"),
)


def demo_sign_ins(db) -> tuple[tuple[str, str, str], ...]:
    """(login, role, password) of each demo account whose demo password still works, for the
    demo's sign-in dialog; empty for any file that is not a demo (nothing is shown there)."""
    office = db.office.get()
    if not office or office["office_name"] != DEMO_OFFICE_NAME:
        return ()
    accounts = ((DEMO_ADMIN_LOGIN, Role.ADMIN, DEMO_ADMIN_PASSWORD),
                *((login, role, password) for login, _name, role, password in DEMO_ACCOUNTS))
    shown = []
    for login, role, password in accounts:
        clerk = db.clerks.by_login(login)
        if clerk is not None and password_matches(clerk["password_hash"], password):
            shown.append((login, role.value, password))
    return tuple(shown)
