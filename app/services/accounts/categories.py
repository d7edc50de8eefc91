"""費目: income and expense categories, ordered, renamed, retired (never deleted while in use)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.domain.kana import normalize_text
from app.domain.validation import Problem, ValidationError
from app.services.accounts.books import resolve_book
from app.services.accounts.common import (
    CARRY_FORWARD,
    DIRECTION_LABELS,
    DIRECTIONS,
    EXPENSE,
    INCOME,
    category_key,
)
from app.services.changes import CATEGORIES, Changes, Result
from app.services.records import (
    check_fields_as_left,
    check_version,
    existing,
    gone,
    put_back_at,
    refusing_lost_races,
)
from app.storage.database import Database
from app.storage.models import BudgetLine, Category, LedgerEntry

NAME_MAX = 60
MAX_DEPTH = 3  # 款 → 項 → 目


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    kind: str  # "income" | "expense"
    name: str
    sort_order: int
    retired: bool
    role: str = ""
    in_use: bool = False
    book_id: int = 0
    parent_id: int | None = None
    heading: bool = False  # 款 or 項: groups the 目 under it, takes no entries or budget
    depth: int = 1  # 1 款, 2 項 (or a 目 directly under its 款), 3 目
    version: int | None = None  # the row's version when read (a rename names it: another PC's save since is refused)

    @property
    def kind_label(self) -> str:
        return DIRECTION_LABELS[self.kind]

    @property
    def level_label(self) -> str:
        return ("款" if self.depth == 1 else "項") if self.heading else "目"

    @property
    def tree_name(self) -> str:
        """The name indented by its level, as the tree shows it."""
        return "　" * (self.depth - 1) + self.name

    @property
    def status_label(self) -> str:
        return "廃止" if self.retired else ("使用中" if self.in_use else "")

    @property
    def is_carry_forward(self) -> bool:
        return self.role == CARRY_FORWARD


def under_headings(tree: list[CategoryInfo], shown: Iterable[int]) -> list[tuple[CategoryInfo, tuple[int, ...]]]:
    """Pure: the 目 of `shown` (ids) with their 款・項 before them, in `tree`'s pre-order (as
    list_categories(include_headings=True) gives it). Each line comes with the ids of the 目 it sums: a 目
    itself, a 款・項 every shown 目 below it — so a subtotal counts each 目 once and totals take only 目.
    款・項 with no shown 目 below them are left out."""
    wanted = set(shown)
    parent = {c.id: c.parent_id for c in tree}
    below: dict[int, list[int]] = {}
    for c in tree:
        if c.heading or c.id not in wanted:
            continue
        p = c.parent_id
        while p is not None and p in parent:
            below.setdefault(p, []).append(c.id)
            p = parent[p]
    out: list[tuple[CategoryInfo, tuple[int, ...]]] = []
    for c in tree:
        if c.heading and below.get(c.id):
            out.append((c, tuple(below[c.id])))
        elif not c.heading and c.id in wanted:
            out.append((c, (c.id,)))
    return out


def _in_use(session: Session, category_id: int) -> bool:
    return bool(
        session.scalar(select(exists().where(LedgerEntry.category_id == category_id)))
        or session.scalar(select(exists().where(BudgetLine.category_id == category_id)))
    )


def _depths(session: Session, book_id: int) -> dict[int, int]:
    parents: dict[int, int | None] = {
        cid: parent for cid, parent in session.execute(select(Category.id, Category.parent_id)
                                                       .where(Category.book_id == book_id))}

    def depth(cid: int) -> int:
        n, parent = 1, parents.get(cid)
        while parent is not None and n <= MAX_DEPTH + 1:
            parent, n = parents.get(parent), n + 1
        return n

    return {cid: depth(cid) for cid in parents}



def _info(session: Session, c: Category, with_use: bool = True) -> CategoryInfo:
    return CategoryInfo(c.id, c.kind, c.name, c.sort_order, c.retired, c.role,
                        _in_use(session, c.id) if with_use else False, c.book_id, c.parent_id, c.heading,
                        _depths(session, c.book_id).get(c.id, 1), c.version)


def _done(session: Session, c: Category) -> Result[CategoryInfo]:
    # the cash book and budgets show category names: they read CATEGORIES too
    return Result(_info(session, c), Changes.of(CATEGORIES, c.id))


def _tree_order(categories: list[Category]) -> list[tuple[Category, int]]:
    """Income then expense; each 款 followed by its 項 and 目 in the staff's order (pre-order)."""
    children: dict[int | None, list[Category]] = {}
    for c in categories:
        children.setdefault(c.parent_id, []).append(c)
    for group in children.values():
        group.sort(key=lambda c: (c.sort_order, c.id))
    known = {c.id for c in categories}
    out: list[tuple[Category, int]] = []

    def walk(c: Category, depth: int) -> None:
        out.append((c, depth))
        for child in children.get(c.id, []):
            walk(child, depth + 1)

    roots = [c for c in categories if c.parent_id is None or c.parent_id not in known]
    for kind in (INCOME, EXPENSE):
        for root in sorted((c for c in roots if c.kind == kind), key=lambda c: (c.sort_order, c.id)):
            walk(root, 1)
    return out


def list_categories(db: Database, kind: str | None = None, *, include_retired: bool = True,
                    book_id: int | None = None, include_headings: bool = False) -> list[CategoryInfo]:
    """The 会計's 費目, income first, in tree order (each 款, its 項, their 目). Without
    `include_headings` only the 目 (what entries and budgets use), as a flat list."""
    with db.session() as session:
        book = resolve_book(session, book_id)
        used = set(session.scalars(select(LedgerEntry.category_id).distinct())) | set(
            session.scalars(select(BudgetLine.category_id).distinct())
        )
        categories = list(session.scalars(select(Category).where(Category.book_id == book.id)))
        result = []
        for c, depth in _tree_order(categories):
            if (kind is not None and c.kind != kind) or (c.retired and not include_retired):
                continue
            if c.heading and not include_headings:
                continue
            result.append(CategoryInfo(c.id, c.kind, c.name, c.sort_order, c.retired, c.role, c.id in used,
                                       c.book_id, c.parent_id, c.heading, depth, c.version))
        return result


def _clean_name(session: Session, name: str, book_id: int, heading: bool, exclude_id: int | None = None) -> str:
    """目 names are unique among the 会計's 目 (entries and imports find them by name), 款・項 names
    among its 款・項; a 目 may share its 項's name (款 会費 / 目 会費 is common)."""
    clean = normalize_text(name)
    if not clean:
        raise ValidationError(Problem("name", "費目名を入力してください"))
    if len(clean) > NAME_MAX:
        raise ValidationError(Problem("name", f"費目名は{NAME_MAX}文字以内で入力してください"))
    key = category_key(clean)
    for other in session.scalars(select(Category).where(Category.book_id == book_id)):
        if other.id != exclude_id and other.heading == heading and category_key(other.name) == key:
            raise ValidationError(Problem("name", f"費目「{other.name}」は既にあります"))
    return clean


def _check_parent(session: Session, book_id: int, kind: str, parent_id: int | None, heading: bool,
                  subtree_height: int = 0) -> int:
    """The depth the category will have under `parent_id`; a Japanese message when it may not go there."""
    if parent_id is None:
        if not heading:
            raise ValidationError(Problem("parent_id", "目は款（または項）の下に置いてください"))
        return 1
    parent = session.get(Category, parent_id)
    if parent is None:
        raise ValidationError(Problem("parent_id", str(gone(Category, parent_id, "上位の款・項"))))
    if parent.book_id != book_id:
        raise ValidationError(Problem("parent_id", f"「{parent.name}」はこの会計の款・項ではありません"))
    if not parent.heading:
        raise ValidationError(Problem("parent_id", f"「{parent.name}」は目です。目の下には置けません（款・項の下に置いてください）"))
    if parent.kind != kind:
        raise ValidationError(Problem("parent_id", f"「{parent.name}」は{DIRECTION_LABELS[parent.kind]}の款・項です"))
    depth = _depths(session, book_id)[parent.id] + 1
    if depth + subtree_height > MAX_DEPTH or (heading and depth >= MAX_DEPTH):
        raise ValidationError(Problem("parent_id", "費目は款・項・目の3段までです。これより深くはできません"))
    return depth


def first_root(session: Session, book_id: int, kind: str) -> int | None:
    """The 会計's first 款 of that side: where a 目 goes when nobody says otherwise."""
    return session.scalar(select(Category.id).where(Category.book_id == book_id, Category.kind == kind,
                                                    Category.heading, Category.parent_id.is_(None))
                          .order_by(Category.sort_order, Category.id).limit(1))


def add_category(db: Database, kind: str, name: str, *, parent_id: int | None = None, heading: bool = False,
                 book_id: int | None = None, role: str = "") -> Result[CategoryInfo]:
    """A 目 (under `parent_id`, by default the 会計's first 款 of that side) or, with `heading`, a 款
    (no parent) or 項 (under a 款)."""
    if kind not in DIRECTIONS:
        raise ValidationError(Problem("kind", "区分は収入か支出を選んでください"))
    with db.session.begin() as session:
        if parent_id is not None:
            parent = session.get(Category, parent_id)
            book = resolve_book(session, parent.book_id if parent else book_id)
        else:
            book = resolve_book(session, book_id)
            if not heading:
                parent_id = first_root(session, book.id, kind)
                if parent_id is None:
                    raise ValidationError(Problem("parent_id", f"{DIRECTION_LABELS[kind]}の款がありません。先に款を登録してください"))
        clean = _clean_name(session, name, book.id, heading)
        _check_parent(session, book.id, kind, parent_id, heading)
        last = session.scalar(select(func.max(Category.sort_order)).where(
            Category.book_id == book.id, Category.kind == kind)) or 0
        category = Category(book_id=book.id, parent_id=parent_id, heading=heading, kind=kind, name=clean,
                            sort_order=last + 10, retired=False, role=role)
        session.add(category)
        session.flush()
        return _done(session, category)


def _subtree(session: Session, category: Category) -> list[Category]:
    out, todo = [], [category]
    while todo:
        c = todo.pop()
        out.append(c)
        todo += list(session.scalars(select(Category).where(Category.parent_id == c.id)))
    return out


def set_category_parent(db: Database, category_id: int, parent_id: int | None, *,
                        version: int | None = None) -> Result[CategoryInfo]:
    """Move a 費目 (with what is under it) under another 款・項. A 費目 with entries or budgets stays
    on its side (収入/支出): moving it to the other side would turn its history around. `version`:
    the 費目 as the form showed it — refused (EditConflict) when another PC saved it since."""
    with refusing_lost_races(db, Category, category_id), db.session.begin() as session:
        category = _get(session, category_id)
        check_version(session, category, version)
        target = session.get(Category, parent_id) if parent_id is not None else None
        subtree = _subtree(session, category)
        if target is not None and target.id in {c.id for c in subtree}:
            raise ValidationError(Problem("parent_id", "自分の下の項・目の下には移せません"))
        kind = target.kind if target is not None else category.kind
        if kind != category.kind:
            used = [c.name for c in subtree if _in_use(session, c.id)]
            if used:
                raise ValidationError(Problem(
                    "parent_id", f"「{'」「'.join(used)}」は出納簿または予算で使われているため、"
                                 f"{DIRECTION_LABELS[kind]}の側へは移せません"))
        depths = _depths(session, category.book_id)
        height = max(depths[c.id] for c in subtree) - depths[category.id]
        _check_parent(session, category.book_id, kind, parent_id, category.heading, height)
        category.parent_id = parent_id
        for c in subtree:
            c.kind = kind
        session.flush()
        return Result(_info(session, category), Changes.of(CATEGORIES, *(c.id for c in subtree)))


def _clean_name_for(session: Session, category: Category, name: str) -> str:
    return _clean_name(session, name, category.book_id, category.heading, exclude_id=category.id)


def _get(session: Session, category_id: int) -> Category:
    return existing(session, Category, category_id)


def rename_category(db: Database, category_id: int, name: str, *, version: int | None = None) -> Result[CategoryInfo]:
    """`version`: the 費目 as the form showed it — refused (EditConflict, who changed what and when)
    when another PC saved it since."""
    with refusing_lost_races(db, Category, category_id), db.session.begin() as session:
        category = _get(session, category_id)
        check_version(session, category, version)
        category.name = _clean_name_for(session, category, name)
        session.flush()  # the new version, for the form's next save
        return _done(session, category)


def set_category_retired(db: Database, category_id: int, retired: bool, *,
                         version: int | None = None) -> Result[CategoryInfo]:
    """A retired category keeps its history but is no longer offered for new entries and budgets.
    `version`: as for set_category_parent."""
    with refusing_lost_races(db, Category, category_id), db.session.begin() as session:
        category = _get(session, category_id)
        check_version(session, category, version)
        if retired and category.role == CARRY_FORWARD:
            raise ValidationError("前年度繰越金は年度の締めで使うため、廃止できません")
        category.retired = retired
        session.flush()  # the new version, for the next edit
        return _done(session, category)


def move_category(db: Database, category_id: int, offset: int) -> Changes:
    """Move up (offset −1) or down (+1) among the categories of the same kind."""
    with db.session.begin() as session:
        category = _get(session, category_id)
        siblings = list(
            session.scalars(
                select(Category).where(Category.book_id == category.book_id, Category.kind == category.kind,
                                       Category.parent_id.is_(None) if category.parent_id is None
                                       else Category.parent_id == category.parent_id)
                .order_by(Category.sort_order, Category.id)
            )
        )
        i = siblings.index(category)
        j = max(0, min(len(siblings) - 1, i + offset))
        siblings.insert(j, siblings.pop(i))
        for n, c in enumerate(siblings, 1):
            c.sort_order = n * 10
        return Changes.of(CATEGORIES, *(c.id for c in siblings))


# what a 費目 stores (its place in the list aside): an undo or redo that takes it away compares these
CATEGORY_FIELDS = ("book_id", "parent_id", "heading", "kind", "name", "retired", "role")


def delete_category(db: Database, category_id: int, *, expected: CategoryInfo | None = None) -> Result[CategoryInfo]:
    """Only a category nothing refers to can be deleted; one in use must be retired instead.
    `expected`: the 費目 as an undo step left it (the undo of its addition, the redo of its deletion)
    — refused, nothing changed, when another PC or window changed it since (EditConflict)."""
    with db.session.begin() as session:
        category = _get(session, category_id)
        check_fields_as_left(session, category, expected, CATEGORY_FIELDS)
        info = _info(session, category)
        if category.role == CARRY_FORWARD:
            raise ValidationError("前年度繰越金は年度の締めで使うため、削除できません")
        if session.scalar(select(exists().where(Category.parent_id == category.id))):
            raise ValidationError(f"「{category.name}」の下に項・目があるため削除できません。先に移すか削除してください。")
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
                            retired=info.retired, role=info.role, book_id=info.book_id, parent_id=info.parent_id,
                            heading=info.heading)
        session.add(category)
        session.flush()
        put_back_at(session, category, info.version)  # the undo/redo steps around it name these versions
        return _done(session, category)
