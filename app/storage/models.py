"""All models, imported in one place so that `Base.metadata` is complete for Alembic.

Each area of the application keeps its models in its own module; add the import here.
"""

from app.storage.base import Base
from app.storage.models_core import Body, FiscalYearRecord, Setting
from app.storage.models_members import (
    Committee,
    CommitteeMember,
    MemberKind,
    MemberOrganisation,
    OfficePost,
    OfficerTerm,
    Person,
)

__all__ = [
    "Base",
    "Body",
    "Committee",
    "CommitteeMember",
    "FiscalYearRecord",
    "MemberKind",
    "MemberOrganisation",
    "OfficePost",
    "OfficerTerm",
    "Person",
    "Setting",
]
