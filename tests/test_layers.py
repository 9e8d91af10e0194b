"""The layers stay apart: no Qt, SQL or outside imports in the domain; Qt only in ui/."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "desktop_app"
QT_ALLOWED = {PACKAGE / "app.py"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(folder: Path):
    return sorted(folder.rglob("*.py"))


def test_domain_imports_no_qt_no_sqlite_nothing_of_ours_outside_domain():
    offenders = []
    for path in _modules(PACKAGE / "domain"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in {"PySide6", "sqlite3", "sqlite_utils"} or (
                top == "desktop_app" and not name.startswith("desktop_app.domain")
            ):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_exchange_holds_formats_only():
    """exchange/ reads and writes package files: the standard library, cryptography and the
    domain, never the store, services, GUI or any other outside package."""
    offenders = []
    for path in _modules(PACKAGE / "exchange"):
        for name in _imports(path):
            top = name.split(".")[0]
            ours = name.startswith(("desktop_app.domain", "desktop_app.exchange"))
            if (top == "desktop_app" and not ours) or (
                    top not in sys.stdlib_module_names | {"cryptography", "desktop_app"}):
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []


def test_only_the_gui_imports_qt():
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules(PACKAGE)
        if "ui" not in path.relative_to(PACKAGE).parts and path not in QT_ALLOWED
        for name in _imports(path)
        if name.split(".")[0] == "PySide6"
    ]
    assert offenders == []


def test_only_the_store_imports_sqlite():
    """sqlite3 and sqlite-utils stay behind store/: services see repositories and our errors.
    (bench/ is outside the package and may use them.)"""
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules(PACKAGE)
        if path.relative_to(PACKAGE).parts[0] != "store"
        for name in _imports(path)
        if name.split(".")[0] in {"sqlite3", "sqlite_utils"}
    ]
    assert offenders == []


def test_the_gui_runs_no_sql():
    offenders = []
    for path in _modules(PACKAGE / "ui"):
        text = path.read_text(encoding="utf-8")
        names = _imports(path)
        if {"sqlite3", "sqlite_utils"} & {n.split(".")[0] for n in names} or ".execute(" in text:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_the_command_line_never_loads_qt():
    import subprocess
    import sys

    code = ("import sys, desktop_app.cli as c; c.main(['--version']) if False else None;"
            "import desktop_app.commands.common;"
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _runtime_imports(path: Path) -> set[str]:
    """Modules imported for use at run time: everything but the `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
        and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
        for statement in block.body for node in ast.walk(statement)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_gui_reaches_the_store_only_for_types():
    """ui/ opens no Database itself and calls no repository directly: it goes through services
    (a store type in an annotation, under `if TYPE_CHECKING:`, is allowed)."""
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules(PACKAGE / "ui")
        for name in _runtime_imports(path)
        if name == "desktop_app.store" or name.startswith("desktop_app.store.")
    ]
    assert offenders == []


def test_the_store_rule_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "view.py"
    module.write_text("from typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n    from desktop_app.store.database import Database\n"
                      "def f():\n    from desktop_app.store.database import Database\n",
                      encoding="utf-8")
    assert "desktop_app.store.database" in _runtime_imports(module)
    module.write_text("from typing import TYPE_CHECKING\n"
                      "if TYPE_CHECKING:\n    from desktop_app.store.database import Database\n",
                      encoding="utf-8")
    assert _runtime_imports(module) == {"typing", "typing.TYPE_CHECKING"}
    module.write_text("from desktop_app import store\n", encoding="utf-8")
    assert "desktop_app.store" in _runtime_imports(module)
