"""Where the program finds its resources, migrations and default database.

Works from a source checkout, an editable install and a PyInstaller bundle (sys._MEIPASS).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_DIR_NAME = "KyodoDesk"


def install_root() -> Path:
    """The folder that holds app/, resources/ and db/."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def font_path() -> Path:
    return resources_dir() / "fonts" / "ipaexg.ttf"


def migrations_dir() -> Path:
    return install_root() / "db"


def user_data_dir() -> Path:
    from platformdirs import user_data_dir as _user_data_dir

    return Path(_user_data_dir(APP_DIR_NAME, appauthor=False))


def default_database_path() -> Path:
    return user_data_dir() / "kyodo.sqlite"
