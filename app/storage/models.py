"""All models, imported in one place so that `Base.metadata` is complete for Alembic.

Each area of the application keeps its models in its own module; add its import here.
"""

from app.storage.base import Base
from app.storage.models_accounts import BudgetLine, BudgetVersion, Category, LedgerEntry, YearClosingEvent
from app.storage.models_books import (
    Book,
    BudgetMove,
    Equipment,
    MoneyAccount,
    PassbookCheck,
    SettlementNote,
    Transfer,
)
from app.storage.models_core import Body, FiscalYearRecord, Setting
from app.storage.models_facility import Booking, ClosedDay, FacilityUser, FacilityYearNote, Room
from app.storage.models_members import (
    Committee,
    CommitteeMember,
    MemberKind,
    MemberOrganisation,
    OfficePost,
    OfficerTerm,
    Person,
)
from app.storage.models_plans import BudgetDraftLine, MeetingMotion, OfficerProposal, YearPlan
from app.storage.models_projects import (
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationGrade,
    Meeting,
    Project,
    RollingTarget,
)
from app.storage.models_safety import ChangeLog, TrashItem
from app.storage.models_submission import Submission, SubmissionFile

# the names other modules import from here (mypy --strict does not re-export implicitly)
__all__ = [
    "Base",
    "Body",
    "Book",
    "Booking",
    "BudgetDraftLine",
    "BudgetLine",
    "BudgetMove",
    "BudgetVersion",
    "Category",
    "ChangeLog",
    "ClosedDay",
    "Committee",
    "CommitteeMember",
    "CriteriaSet",
    "Criterion",
    "Equipment",
    "Evaluation",
    "EvaluationGrade",
    "FacilityUser",
    "FacilityYearNote",
    "FiscalYearRecord",
    "LedgerEntry",
    "Meeting",
    "MeetingMotion",
    "MemberKind",
    "MemberOrganisation",
    "MoneyAccount",
    "OfficePost",
    "OfficerProposal",
    "OfficerTerm",
    "PassbookCheck",
    "Person",
    "Project",
    "RollingTarget",
    "Room",
    "Setting",
    "SettlementNote",
    "Submission",
    "SubmissionFile",
    "Transfer",
    "TrashItem",
    "YearClosingEvent",
    "YearPlan",
]
