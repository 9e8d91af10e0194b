"""Accounts as a town office has them in use: made by an administrator, then each clerk signs in
once with the password they were given and chooses their own."""

from __future__ import annotations

from desktop_app.domain.roles import Role
from desktop_app.services import accounts
from desktop_app.services.session import Session
from desktop_app.services.sign_in import sign_in

GIVEN_PASSWORD = "given-by-admin-1"


def add_account(admin: Session, login: str, role: Role | str, password: str,
                display_name: str = "") -> None:
    """Create `login` and let its clerk replace the administrator's password with `password`."""
    accounts.create_clerk(admin, login=login, display_name=display_name, role=role,
                          password=GIVEN_PASSWORD)
    first = sign_in(admin.db, login, GIVEN_PASSWORD)
    accounts.change_own_password(first, GIVEN_PASSWORD, password)
