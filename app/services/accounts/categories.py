"""費目: income and expense categories, ordered, renamed, retired (never deleted while in use)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.accounts.common import CARRY_FORWARD, DIRECTION_LABELS, DIRECTIONS, category_key
from app.services.changes import CATEGORIES, Changes, Result
from app.storage.database import Database
from app.storage.models import BudgetLine, Category, LedgerEntry

NAME_MAX = 60


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    kind: str  # "income" | "expense"
    name: str
    sort_order: int
    retired: bool
    role: str = ""
    in_use: bool = False

    @property
    def kind_label(self) -> str:
        return DIRECTION_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return "廃止" if self.retired else ("使用中" if self.in_use else "")

    @property
    def is_carry_forward(self) -> bool:
        return self.role == CARRY_FORWARD


def _in_use(session: Session, category_id: int) -> bool:
    return bool(
        session.scalar(select(exists().where(LedgerEntry.category_id == category_id)))
        or session.scalar(select(exists().where(BudgetLine.category_id == category_id)))
    )


def _info(session: Session, c: Category, with_use: bool = True) -> CategoryInfo:
    return CategoryInfo(c.id, c.kind, c.name, c.sort_order, c.retired, c.role,
                        _in_use(session, c.id) if with_use else False)


def _done(session: Session, c: Category) -> Result[CategoryInfo]:
    # the cash book and budgets show category names: they read CATEGORIES too
    return Result(_info(session, c), Changes.of(CATEGORIES, c.id))


def list_categories(db: Database, kind: str | None = None, *, include_retired: bool = True) -> list[CategoryInfo]:
    """Income first, then expense, each in the order staff set."""
    with db.session() as session:
        used = set(session.scalars(select(LedgerEntry.category_id).distinct())) | set(
            session.scalars(select(BudgetLine.category_id).distinct())
        )
        query = select(Category).order_by(Category.kind.desc(), Category.sort_order, Category.id)
        if kind is not None:
            query = query.where(Category.kind == kind)
        if not include_retired:
            query = query.where(Category.retired.is_(False))
        return [
            CategoryInfo(c.id, c.kind, c.name, c.sort_order, c.retired, c.role, c.id in used)
            for c in session.scalars(query)
        ]


def _clean_name(session: Session, name: str, exclude_id: int | None = None) -> str:
    clean = normalize_text(name)
    if not clean:
        raise ValidationError(Problem("name", "費目名を入力してください"))
    if len(clean) > NAME_MAX:
        raise ValidationError(Problem("name", f"費目名は{NAME_MAX}文字以内で入力してください"))
    key = category_key(clean)
    for other in session.scalars(select(Category)):
        if other.id != exclude_id and category_key(other.name) == key:
            raise ValidationError(Problem("name", f"費目「{other.name}」は既にあります"))
    return clean


def add_category(db: Database, kind: str, name: str) -> Result[CategoryInfo]:
    if kind not in DIRECTIONS:
        raise ValidationError(Problem("kind", "区分は収入か支出を選んでください"))
    with db.session.begin() as session:
        clean = _clean_name(session, name)
        last = session.scalar(select(func.max(Category.sort_order)).where(Category.kind == kind)) or 0
        category = Category(kind=kind, name=clean, sort_order=last + 10, retired=False, role="")
        session.add(category)
        session.flush()
        return _done(session, category)


def _get(session: Session, category_id: int) -> Category:
    category = session.get(Category, category_id)
    if category is None:
        raise ValidationError("その費目は見つかりません（削除されたか、別の画面で変更されました）")
    return category


def rename_category(db: Database, category_id: int, name: str) -> Result[CategoryInfo]:
    with db.session.begin() as session:
        category = _get(session, category_id)
        category.name = _clean_name(session, name, exclude_id=category_id)
        return _done(session, category)


def set_category_retired(db: Database, category_id: int, retired: bool) -> Result[CategoryInfo]:
    """A retired category keeps its history but is no longer offered for new entries and budgets."""
    with db.session.begin() as session:
        category = _get(session, category_id)
        if retired and category.role == CARRY_FORWARD:
            raise ValidationError("前年度繰越金は年度の締めで使うため、廃止できません")
        category.retired = retired
        return _done(session, category)


def move_category(db: Database, category_id: int, offset: int) -> Changes:
    """Move up (offset −1) or down (+1) among the categories of the same kind."""
    with db.session.begin() as session:
        category = _get(session, category_id)
        siblings = list(
            session.scalars(
                select(Category).where(Category.kind == category.kind).order_by(Category.sort_order, Category.id)
            )
        )
        i = siblings.index(category)
        j = max(0, min(len(siblings) - 1, i + offset))
        siblings.insert(j, siblings.pop(i))
        for n, c in enumerate(siblings, 1):
            c.sort_order = n * 10
        return Changes.of(CATEGORIES, *(c.id for c in siblings))


def delete_category(db: Database, category_id: int) -> Result[CategoryInfo]:
    """Only a category nothing refers to can be deleted; one in use must be retired instead."""
    with db.session.begin() as session:
        category = _get(session, category_id)
        info = _info(session, category)
        if category.role == CARRY_FORWARD:
            raise ValidationError("前年度繰越金は年度の締めで使うため、削除できません")
        if info.in_use:
            raise ValidationError(
                f"費目「{category.name}」は出納簿または予算で使われているため削除できません。代わりに「廃止」にしてください。"
            )
        session.delete(category)
        return Result(info, Changes.of(CATEGORIES, info.id))


def restore_category(db: Database, info: CategoryInfo) -> Result[CategoryInfo]:
    """Put back a deleted category with its id (undo of delete)."""
    with db.session.begin() as session:
        category = Category(id=info.id, kind=info.kind, name=info.name, sort_order=info.sort_order,
                            retired=info.retired, role=info.role)
        session.add(category)
        session.flush()
        return _done(session, category)
