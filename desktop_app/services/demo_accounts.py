"""The demo file's sign-in accounts, apart from the demo fill itself: signing in to a demo file
(`futasato --demo`, the benchmarks) needs these names, not the sample data and worker process
machinery of `services.demo`."""

from __future__ import annotations

from desktop_app.domain.roles import Role

DEMO_ADMIN_LOGIN = "admin"
DEMO_ADMIN_PASSWORD = "demo-admin-2026"
# Further demo accounts, to try what each role may do: (login, display name, role, password).
DEMO_ACCOUNTS = (
    ("supervisor", "監督 花子", Role.SUPERVISOR, "demo-supervisor-2026"),
    ("clerk", "窓口 一郎", Role.CLERK, "demo-clerk-2026"),
)
