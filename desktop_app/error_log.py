"""A log file for an error nobody foresaw: the traceback goes there, one line to the clerk."""

from __future__ import annotations

import os
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from desktop_app import __version__, paths


def write_error_log(error: BaseException, command: str) -> Path:
    """A new file holding the traceback of `error`; the temp folder if the log folder fails.

    `command` names the command only (`registrants show`): its arguments may hold a person's
    name or phone number, which have no place in a log.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"error-{stamp}-{os.getpid()}.log"
    text = (f"futasato {__version__}, {datetime.now().astimezone().isoformat()}\n"
            f"command: futasato {command}\n\n"
            + "".join(traceback.format_exception(error)))
    for folder in (paths.log_dir, lambda: Path(tempfile.gettempdir())):
        try:
            path = folder() / name
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    raise error
