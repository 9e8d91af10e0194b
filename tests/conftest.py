"""Each test gets a fresh SQLite file; most get an office already set up with an administrator."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app import i18n
from desktop_app.domain.roles import Role
from desktop_app.services.office_setup import set_up_office
from desktop_app.services.session import Session
from desktop_app.store.database import Database

# Fixtures shared beyond this file, registered for every test module (a module that defines a
# fixture of the same name uses its own).
pytest_plugins = ("tests.gui_fixtures", "tests.stays_helpers", "tests.exchange_helpers",
                  "tests.prefecture_helpers")

ADMIN_PASSWORD = "counter-pass-1"


@pytest.fixture(autouse=True)
def japanese_messages():
    """Every test starts in the app's default language and leaves it that way."""
    i18n.set_language("ja")
    yield
    i18n.set_language("ja")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "futasato.sqlite"


@pytest.fixture
def empty_db(db_path):
    db = Database(db_path)
    yield db
    db.close()


@pytest.fixture
def admin(empty_db) -> Session:
    """An office in 石巻市 with its first administrator signed in."""
    return set_up_office(empty_db, municipality_code="042021", office_name="石巻市役所 本庁",
                         admin_login="admin", admin_password=ADMIN_PASSWORD,
                         admin_name="管理 太郎")


@pytest.fixture
def db(admin) -> Database:
    return admin.db


@pytest.fixture
def clerk(admin) -> Session:
    """A counter clerk of the same office (created directly: accounts are their own feature)."""
    return Session(admin.db, clerk="clerk1", role=Role.CLERK, terminal=admin.terminal)
