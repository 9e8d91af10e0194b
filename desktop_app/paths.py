"""Where the app finds its shipped files and keeps the user's data."""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "Futasato"


def _candidates(name: str) -> list[Path]:
    here = Path(__file__).resolve().parent
    roots = []
    if getattr(sys, "frozen", False):  # a PyInstaller bundle unpacks data beside the code
        roots.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)))
    roots.append(here.parent)  # a clone or an editable install
    roots.append(Path(sys.prefix) / "share" / "futasato")  # an installed wheel's data files
    return [root / name for root in roots]


def shipped(name: str) -> Path:
    """The shipped folder `resources` or `i18n`, wherever this copy of the app was installed."""
    for path in _candidates(name):
        if path.exists():
            return path
    raise FileNotFoundError(f"{name} not found in: {', '.join(map(str, _candidates(name)))}")


def resource(*parts: str) -> Path:
    return shipped("resources").joinpath(*parts)


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def default_database() -> Path:
    return user_data_dir() / "futasato.sqlite"


def demo_database() -> Path:
    return user_data_dir() / "futasato-demo.sqlite"


def log_dir() -> Path:
    """Where error logs go (on Windows under %LOCALAPPDATA%, on Linux under ~/.local/state)."""
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False, ensure_exists=True)
