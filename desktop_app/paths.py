"""Where the app finds its shipped files and keeps the user's data.

Portable mode: a file named `portable` beside the bundle's executable keeps the database (and
with it the settings and the default backup folder) and the logs in a `data` folder beside it,
for a PC the town may not install on (a USB stick, a locked-down laptop). Otherwise the data
goes where the platform keeps it (platformdirs).
"""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_path, user_log_path

APP_NAME = "Futasato"
PORTABLE_MARKER = "portable"
PORTABLE_DATA = "data"


def is_frozen() -> bool:
    """True in a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def executable_dir() -> Path:
    return Path(sys.executable).resolve().parent


def _candidates(name: str) -> list[Path]:
    if is_frozen():  # a bundle reads only its own copy, never a stray one on the PC
        return [Path(getattr(sys, "_MEIPASS", executable_dir())) / name]
    here = Path(__file__).resolve().parent
    return [here.parent / name,  # a clone or an editable install
            Path(sys.prefix) / "share" / "futasato" / name]  # an installed wheel's data files


def shipped(name: str) -> Path:
    """The shipped folder `resources` or `i18n`, wherever this copy of the app was installed."""
    for path in _candidates(name):
        if path.exists():
            return path
    raise FileNotFoundError(f"{name} not found in: {', '.join(map(str, _candidates(name)))}")


def resource(*parts: str) -> Path:
    return shipped("resources").joinpath(*parts)


def portable_dir() -> Path | None:
    """The `data` folder beside a bundle marked portable, or None."""
    if not is_frozen() or not (executable_dir() / PORTABLE_MARKER).is_file():
        return None
    folder = executable_dir() / PORTABLE_DATA
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def user_data_dir() -> Path:
    return portable_dir() or user_data_path(APP_NAME, appauthor=False, ensure_exists=True)


def default_database() -> Path:
    return user_data_dir() / "futasato.sqlite"


def demo_database() -> Path:
    return user_data_dir() / "futasato-demo.sqlite"


def log_dir() -> Path:
    """Where error logs go (on Windows under %LOCALAPPDATA%, on Linux under ~/.local/state)."""
    portable = portable_dir()
    if portable is not None:
        folder = portable / "logs"
        folder.mkdir(exist_ok=True)
        return folder
    return user_log_path(APP_NAME, appauthor=False, ensure_exists=True)
