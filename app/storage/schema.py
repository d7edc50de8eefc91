"""The schema revisions this version of the program knows, oldest first.

Kept as a constant so that opening an up-to-date database does not import Alembic;
a test checks it against the migration scripts in db/versions.
"""

KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_foundation",
    "0002_members",
    "0003_accounts",
    "0004_projects",
    "0005_safety",
    "0006_submission",
    "0008_links",
    "0010_facility",
    "0011_plans",
    "0012_row_versions",
    "0013_estimated_readings",
    "0014_books",
    "0015_representative_consent",
    "0016_closing_per_book",
    "0017_book_order_index",
    "0018_meeting_place",
    "0019_more_row_versions",
    "0020_equipment_move_versions",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]

# PRAGMA application_id marks a file as ours ("KYOD").
APPLICATION_ID = 0x4B594F44
