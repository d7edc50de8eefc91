"""The Office: the one object that opens an office's data (see office.py).

The window (app/ui) and the command line (app/commands) reach the database only through here:
`Office`, the `Database` type services take, the errors opening raises, and who holds a file.
"""

from app.services.office.failures import crash_log_path, failure_message
from app.services.office.office import IfHeld, Office, OfficeOpenError, restore_file, sqlite_path
from app.services.office.sqlite_file import HEARTBEAT_SECONDS, DatabaseInUse, LockInfo, read_lock
from app.storage.database import Database

__all__ = [
    "HEARTBEAT_SECONDS",
    "Database",
    "DatabaseInUse",
    "IfHeld",
    "LockInfo",
    "Office",
    "OfficeOpenError",
    "crash_log_path",
    "failure_message",
    "read_lock",
    "restore_file",
    "sqlite_path",
]
