"""One PC editing one member organisation, for tests/storage/test_server_sharing.py (a process of its
own): read the organisation as a form would, print 「read」, wait for a line on stdin (the test
starts every PC's save at once), then save a new 備考 against the version read and print 「saved」
or 「conflict」 with the message."""

from __future__ import annotations

import sys
from dataclasses import replace

from app.services.members.organisations import get_organisation, save_organisation
from app.services.records import EditConflict
from app.storage.database import Database
from app.storage.postgres import postgres_engine


def main(url: str, organisation_id: int, note: str) -> None:
    db = Database(postgres_engine(url))
    try:
        shown = get_organisation(db, organisation_id)
        assert shown is not None
        print("read", flush=True)
        sys.stdin.readline()
        try:
            save_organisation(db, replace(shown, note=note))
            print("saved", flush=True)
        except EditConflict as conflict:
            print("conflict " + str(conflict).replace("\n", " "), flush=True)
    finally:
        db.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
