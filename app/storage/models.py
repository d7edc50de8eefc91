"""All models, imported in one place so that `Base.metadata` is complete for Alembic.

Each area of the application keeps its models in its own module; add its import here.
"""

# ruff: noqa: F401  (re-exported names)
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
