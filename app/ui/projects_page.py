"""事業・会議: the year's projects, its meetings (with counts per kind) and the 実施年次指標."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.domain.wareki import format_wareki
from app.services.accounts.budget_drafts import budget_drafts, outlook_by_category
from app.services.accounts.categories import list_categories
from app.services.changes import (
    BUDGETS,
    COMMITTEES,
    EVERYTHING,
    LEDGER,
    MEETINGS,
    OFFICERS,
    PLANS,
    PROJECTS,
    TARGETS,
    YEARS,
    Changes,
)
from app.services.members.committees import list_committees
from app.services.members.officer_proposals import list_proposals
from app.services.members.officers import eligible_people, list_office_posts, list_terms
from app.services.projects import operations as ops
from app.services.projects.approval import NeedsConfirmation, approve_plan, planned_general_meeting
from app.services.projects.meetings import count_meetings, list_meetings
from app.services.projects.motions import Motion, list_motions
from app.services.projects.plans import pack_year_of, plan_status, plans_by_meeting, set_meeting
from app.services.projects.projects import ProjectData, get_project, list_projects
from app.services.projects.rolling_targets import Target, get_plan, plan_years
from app.services.records import EditConflict
from app.services.settings import BYLAWS, PACK_PARTS, Setting, read_setting
from app.services.undo import Operation
from app.ui.approved_plan import may_change_approved_plan
from app.ui.context import AppContext
from app.ui.export_dialog import ExportButton
from app.ui.history_dialog import attach_history
from app.ui.operations import perform
from app.ui.projects_forms import (
    ApprovalDialog,
    BudgetDraftDialog,
    BylawsDialog,
    FormDialog,
    MeetingDialog,
    MotionsDialog,
    OfficerProposalsDialog,
    PackPartsDialog,
    ProjectDialog,
    TargetDialog,
)
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.widgets import EmptyHint


def _figure(value: int | None, unit: str) -> str:
    return "" if value is None else f"{value:,}{unit}"


class RowList(QWidget):
    """A filterable table of plain rows with 追加 / 編集 / 削除 buttons (double-click edits)."""

    def __init__(self, name: str, columns: list[ColumnSpec], read_only: bool, empty_hint: str):
        super().__init__()
        self.model = RowTableModel(columns)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(RowTableModel.SORT_ROLE)
        self.view = QTableView()
        self.view.setObjectName(f"{name}_table")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the services' order until a header is clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.filter = QLineEdit()
        self.filter.setObjectName(f"{name}_filter")
        self.filter.setPlaceholderText("絞り込み（名前・部会・種類など）")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.add_button, self.edit_button, self.delete_button = (
            QPushButton("追加…"), QPushButton("編集…"), QPushButton("削除"))
        for button, suffix in ((self.add_button, "add"), (self.edit_button, "edit"), (self.delete_button, "delete")):
            button.setObjectName(f"{name}_{suffix}")
            button.setEnabled(not read_only)
        EmptyHint(self.view, empty_hint, guide="year")
        self.summary = QLabel()
        self.summary.setObjectName(f"{name}_summary")
        self.summary.setWordWrap(True)  # 「会議・話し合い 18回（総会 1回・役員会 4回・…）」 is long at 150%
        self.bar = QHBoxLayout()
        for w in (self.filter, self.add_button, self.edit_button, self.delete_button):
            self.bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(self.bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

    def selected(self) -> dict[str, Any] | None:
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.data(rows[0], RowTableModel.ROW_ROLE) if rows else None

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        widest = self.view.fontMetrics().horizontalAdvance("あ") * 14 + 12  # a long name must not push the
        for column in range(self.model.columnCount()):                    # other columns off the screen;
            if self.view.columnWidth(column) > widest:                       # its tooltip shows all of it
                self.view.setColumnWidth(column, widest)


class ProjectsPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("projects_page")
        self.tabs = QTabWidget()
        self.projects = RowList("projects", [
            ColumnSpec("name", "事業名"), ColumnSpec("plan", "プランの項目"), ColumnSpec("committee", "担当部会"),
            ColumnSpec("target", "数値目標"), ColumnSpec("result", "実績"), ColumnSpec("participants", "参加者数", "int"),
            ColumnSpec("budget", "予算額", "yen"), ColumnSpec("settled", "決算額", "yen"),
            ColumnSpec("cost_source", "決算額の根拠"), ColumnSpec("period", "期間"),
        ], ctx.read_only, "この年度の事業はまだありません。\n「追加…」で事業を登録してください（自己評価と提出ファイルに使います）。")
        self.meetings = RowList("meetings", [
            ColumnSpec("held_on", "開催日", "date"), ColumnSpec("kind", "種類"), ColumnSpec("committee", "部会"),
            ColumnSpec("title", "会議名"), ColumnSpec("place", "会場"), ColumnSpec("attendees", "出席者数", "int"),
            ColumnSpec("agenda", "議題"),
            ColumnSpec("decisions", "決定事項"), ColumnSpec("pack", "総会資料"),
        ], ctx.read_only, "この年度の会議・話し合いはまだ記録されていません。\n「追加…」で開催日・種類・出席者数などを記録してください。")
        self.targets = QTableView()
        self.targets.setObjectName("targets_table")
        self.targets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.targets_model = RowTableModel([])
        self.targets.setModel(self.targets_model)
        self.targets.doubleClicked.connect(self._edit_target)
        self.targets_caption = QLabel()
        self.roll_button = QPushButton("次年度へローリング")
        self.roll_button.setObjectName("targets_roll")
        self.roll_button.clicked.connect(self._roll_forward)
        targets_tab = QWidget()
        tl = QVBoxLayout(targets_tab)
        tl.addWidget(self.targets_caption)
        tl.addWidget(self.targets, 1)
        hint = QLabel("セルをダブルクリックすると指標を入力できます。ローリングは、この計画のまだ終わっていない年度から"
                      "次年度の計画を始めます。")
        hint.setWordWrap(True)
        tl.addWidget(hint)
        tl.addWidget(self.roll_button, 0, Qt.AlignmentFlag.AlignLeft)

        self._build_plan_bar()
        self.motions_button = QPushButton("議案と議決…")
        self.motions_button.setObjectName("meetings_motions")
        self.motions_button.setEnabled(not ctx.read_only)
        self.motions_button.clicked.connect(self._edit_motions)
        self.meetings.bar.addWidget(self.motions_button)
        # a 総会's record opens the 総会資料 (議案書) that was put to it
        self.meeting_pack_button = ExportButton(self.ctx, ["pack"], self, text="総会資料を印刷…",
                                                year=self._selected_meeting_pack_year)
        self.meeting_pack_button.setObjectName("meetings_pack")
        self.meeting_pack_button.setToolTip("選んだ総会の議案書（総会資料）を PDF・Excel に出力します")
        self.meeting_pack_button.setEnabled(False)
        self.meetings.bar.addWidget(self.meeting_pack_button)
        self.meetings.view.selectionModel().selectionChanged.connect(self._meeting_selected)

        self.tabs.addTab(self.projects, "事業")
        self.tabs.addTab(self.meetings, "会議・話し合い")
        self.tabs.addTab(targets_tab, "実施年次指標")
        self.heading = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.plan_bar)
        layout.addWidget(self.tabs, 1)

        self._wire(self.projects, self._add_project, self._edit_project, self._delete_project)
        self._wire(self.meetings, self._add_meeting, self._edit_meeting, self._delete_meeting)
        for rows, model, title in ((self.projects, "project", lambda r: f"事業「{r['name']}」"),
                                   (self.meetings, "meeting", lambda r: f"会議「{r['title'] or r['kind']}」")):
            rows.bar.addWidget(attach_history(rows.view, f"{rows.view.objectName()[:-6]}_history",
                                              lambda: self.ctx.db, self._history_target(rows, model, title)))
        ctx.fiscal_year_changed.connect(self.reload)
        ctx.data_changed.connect(self._other_area_changed)
        self.reload()

    @staticmethod
    def _history_target(rows: RowList, table: str, title: Callable[[dict[str, Any]], str]) -> Callable[[], Any]:
        def target() -> Any:
            row = rows.selected()
            return (table, row["id"], title(row)) if row else None
        return target

    @staticmethod
    def _wire(rows: RowList, add: Callable[[], None], edit: Callable[[], None], delete: Callable[[], None]) -> None:
        rows.add_button.clicked.connect(add)
        rows.edit_button.clicked.connect(edit)
        rows.delete_button.clicked.connect(delete)
        rows.view.doubleClicked.connect(lambda _index: edit())

    # -- loading ---------------------------------------------------------------------------------
    @property
    def year(self) -> FiscalYear:
        return self.ctx.fiscal_year

    def reload(self, *_args: Any) -> None:
        self.heading.setText(f"<h2>事業・会議 — {self.year.label_full}</h2>")
        self._load_plan()
        self._load_projects()
        self._load_meetings()
        self._load_targets()

    def _load_projects(self) -> None:
        year = self.year
        self.projects.set_rows([{
            "id": p.id, "name": p.name, "plan": p.plan_label, "committee": p.data.committee,
            "target": _figure(p.data.target_value, p.data.unit), "result": _figure(p.data.result_value, p.data.unit),
            "participants": p.data.participants, "budget": p.data.budget, "settled": p.settled_cost,
            "cost_source": p.cost_source if p.settled_cost is not None else "",
            "period": "〜".join(f"{d:%Y/%m/%d}" for d in (p.data.start_on, p.data.end_on) if d),
        } for p in list_projects(self.ctx.db, year)])
        n = self.projects.model.rowCount()
        budget = sum(r["budget"] or 0 for r in self.projects.model.rows)
        settled = sum(r["settled"] or 0 for r in self.projects.model.rows)
        self.projects.summary.setText(f"事業 {n}件　予算額 合計 {budget:,}円　決算額 合計 {settled:,}円")

    def _load_meetings(self) -> None:
        year = self.year
        approved = plans_by_meeting(self.ctx.db)
        rows = []
        for m in list_meetings(self.ctx.db, year):
            pack_year = pack_year_of(m.data.kind, m.year, approved.get(m.id))
            pack = "" if pack_year is None else f"{pack_year.label}の議案書" + (
                f"（{FiscalYear(approved[m.id]).label}の計画を承認）" if m.id in approved else "")
            rows.append({"id": m.id, **vars(m.data), "pack": pack, "pack_year": pack_year, "version": m.version})
        self.meetings.set_rows(rows)
        self.meetings.summary.setText(count_meetings(self.ctx.db, year).summary)
        self._meeting_selected()

    def _meeting_selected(self, *_args: Any) -> None:
        self.meeting_pack_button.setEnabled(self._selected_meeting_pack_year() is not None)

    def _selected_meeting_pack_year(self) -> FiscalYear | None:
        row = self.meetings.selected()
        return row["pack_year"] if row else None

    def _load_targets(self) -> None:
        plan = get_plan(self.ctx.db, self.year)
        self.targets_model.columns = [ColumnSpec("label", "プランの項目")] + [
            ColumnSpec(f"y{y}", FiscalYear(y).label) for y in plan.years]
        self.targets_model.set_rows([{"code": r.item_code, "label": r.label, "targets": r.targets,
                                      **{f"y{y}": r.targets[y].text for y in plan.years}} for r in plan.rows])
        self.targets.resizeColumnsToContents()
        state = "（まだ入力されていません）" if plan.is_empty else ""
        self.targets_caption.setText(f"{self.year.label}策定の実施年次指標（{FiscalYear(plan.years[0]).label}〜"
                                     f"{FiscalYear(plan.years[-1]).label}）{state}")
        self.roll_button.setEnabled(not self.ctx.read_only and not plan.is_empty)

    def _other_area_changed(self, changes: Changes) -> None:
        """Reload only the lists whose areas were touched."""
        if changes.touches(EVERYTHING):
            self.reload()
            return
        # linked cash-book entries make a project's 決算額; 部会 names follow the 名簿
        if changes.touches(PROJECTS, LEDGER, COMMITTEES):
            self._load_projects()
        if changes.touches(PLANS, PROJECTS, YEARS, BUDGETS, OFFICERS):
            self._load_plan()
        if changes.touches(MEETINGS, COMMITTEES, PLANS):  # a 総会 shows the plan it approved
            self._load_meetings()
        if changes.touches(TARGETS):
            self._load_targets()

    def _perform(self, operation: Operation, title: str) -> bool:
        error = perform(self.ctx, operation)
        if error is not None:
            QMessageBox.warning(self, title, str(error))
        return error is None

    def _committees(self) -> list[tuple[str, int]]:
        """The 名簿's committees, in the register's order (name, id)."""
        return [(c.name, c.id) for c in list_committees(self.ctx.db)]

    # -- projects --------------------------------------------------------------------------------
    def _add_project(self) -> None:
        if not self._may_change_approved_plan():  # asked before the form, so no typing is lost
            return
        dialog = ProjectDialog(self, self.year, self._committees(), None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._perform(ops.AddProject(self.ctx.db, self.year, dialog.result_data), "事業")

    def _edit_project(self) -> None:
        row = self.projects.selected()
        if row is None or self.ctx.read_only:
            return
        project = get_project(self.ctx.db, row["id"])
        before = project.data
        dialog = ProjectDialog(self, self.year, self._committees(), before)
        asked: list[bool] = []

        def save(after: ProjectData, version: int | None) -> ValidationError | None:
            if after == before:
                return None
            if not asked:  # an approved plan: asked once, not again after a conflict
                asked.append(self._may_change_approved_plan())
            if not asked[0]:
                return None
            return perform(self.ctx, ops.edit_project(self.ctx.db, row["id"], before, after, version))

        dialog.submit = self._against(project.version, save)
        dialog.exec()

    def _delete_project(self) -> None:
        row = self.projects.selected()
        if row is None or self.ctx.read_only:
            return
        answer = QMessageBox.question(self, "事業の削除", f"事業「{row['name']}」とその自己評価を削除しますか？\n"
                                      "（編集メニューの「元に戻す」で戻せます）")
        if answer == QMessageBox.StandardButton.Yes and self._may_change_approved_plan():
            self._perform(ops.DeleteProject(self.ctx.db, row["id"], row["name"]), "事業の削除")

    # -- the plan and the 総会 --------------------------------------------------------------------
    def _build_plan_bar(self) -> None:
        self.plan_state = QLabel()
        self.plan_state.setObjectName("plan_state")
        self.plan_state.setWordWrap(True)
        self.plan_next_button = QPushButton("次年度の計画を作る")
        self.plan_next_button.setObjectName("plan_next")
        self.plan_next_button.setToolTip("この年度の事業と予算から、次の年度の事業計画（案）・予算（案）・役員改選（案）を作ります")
        self.plan_next_button.clicked.connect(self._make_next_plan)
        self.approve_button = QPushButton("総会で承認…")
        self.approve_button.setObjectName("plan_approve")
        self.approve_button.clicked.connect(self._approve_plan)
        self.budget_draft_button = QPushButton("予算（案）…")
        self.budget_draft_button.setObjectName("plan_budget")
        self.budget_draft_button.clicked.connect(self._edit_budget_draft)
        self.officers_button = QPushButton("役員改選（案）…")
        self.officers_button.setObjectName("plan_officers")
        self.officers_button.clicked.connect(self._edit_officer_proposals)
        self.parts_button = QPushButton("議案の順と題…")
        self.parts_button.setObjectName("pack_parts")
        self.parts_button.setEnabled(not self.ctx.read_only)
        self.parts_button.clicked.connect(self._edit_pack_parts)
        self.bylaws_button = QPushButton("規約…")
        self.bylaws_button.setObjectName("pack_bylaws")
        self.bylaws_button.setEnabled(not self.ctx.read_only)
        self.bylaws_button.clicked.connect(self._edit_bylaws)
        self.pack_button = ExportButton(self.ctx, ["pack"], self, text="総会資料を印刷…", year=self._pack_year)
        self.pack_button.setObjectName("print_pack")
        # two rows, so that they fit a 1366-pixel screen at 150%: the state and the 議案書, then the plan
        pack_row = QHBoxLayout()
        pack_row.addWidget(self.plan_state, 1)
        for button in (self.parts_button, self.bylaws_button, self.pack_button):
            pack_row.addWidget(button)
        plan_row = QHBoxLayout()
        for button in (self.plan_next_button, self.budget_draft_button, self.officers_button, self.approve_button):
            plan_row.addWidget(button)
        plan_row.addStretch(1)
        self.plan_bar = QVBoxLayout()
        self.plan_bar.addLayout(pack_row)
        self.plan_bar.addLayout(plan_row)

    def _load_plan(self) -> None:
        status = plan_status(self.ctx.db, self.year)
        following = plan_status(self.ctx.db, self.year.next())
        if status is None:
            text = f"{self.year.label}の事業は、事業計画（案）からではなく直接登録されています。"
        else:
            text = (f"{self.year.label}の事業計画: {status.state_label}"
                    f"（{FiscalYear(status.source_year).label}の事業から作成）")
        if following is not None:
            text += f"　{self.year.next().label}の事業計画（案）は作成済みです。"
        self.plan_state.setText(text)
        writable = not self.ctx.read_only
        self.plan_next_button.setEnabled(writable and following is None and (status is None or not status.is_draft))
        draft = writable and status is not None and status.is_draft
        self.approve_button.setEnabled(draft)
        self.budget_draft_button.setEnabled(draft and bool(budget_drafts(self.ctx.db, self.year)))
        self.officers_button.setEnabled(draft and bool(list_proposals(self.ctx.db, self.year)))

    def _pack_year(self) -> FiscalYear:
        """The 総会資料 for the 総会 that approves the selected year's plan (it closes the year before),
        or, for a year without a plan, the 総会 that closes the selected year."""
        return self.year.previous() if plan_status(self.ctx.db, self.year) is not None else self.year

    def _may_change_approved_plan(self) -> bool:
        return may_change_approved_plan(self, self.ctx.db, self.year)

    def _make_next_plan(self) -> None:
        following = self.year.next()
        if not self._perform(ops.make_next_plan(self.ctx.db, self.year), "次年度の計画"):
            return
        answer = QMessageBox.question(
            self, "次年度の計画", f"{following.label}の事業計画（案）・予算（案）・役員改選（案）を作りました。\n"
            f"{following.label}に切り替えて、事業を直しますか？")
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.set_fiscal_year(following)

    def _edit_budget_draft(self) -> None:
        drafts = budget_drafts(self.ctx.db, self.year)  # one per 会計, edited together
        if not drafts:
            return
        outlooks = {c: v for d in drafts
                    for c, v in outlook_by_category(self.ctx.db, self.year.previous(), book_id=d.book_id).items()}
        trees = {d.book_id: list_categories(self.ctx.db, book_id=d.book_id, include_headings=True) for d in drafts}
        dialog = BudgetDraftDialog(self, drafts, outlooks, trees)
        shown = {ln.category_id: ln.amount for d in drafts for ln in d.lines}

        def save(after: dict[int, int], stored: dict[int, int]) -> ValidationError | None:
            return None if after == stored else perform(
                self.ctx, ops.save_budget_draft(self.ctx.db, self.year, stored, after, stored))

        dialog.submit = self._against(shown, save)
        dialog.exec()

    def _edit_officer_proposals(self) -> None:
        proposals = list_proposals(self.ctx.db, self.year)
        posts = {p.id: p.name for p in list_office_posts(self.ctx.db)}
        holders = {t.id: t.person_name for t in list_terms(self.ctx.db)}
        rows = [(p.id, f"{posts.get(p.post_id, '')}（現在 {holders.get(p.term_id or 0, 'なし')}・新しい任期 "
                 f"{format_wareki(p.start_on)}〜{format_wareki(p.end_on) if p.end_on else ''}）", p.person_id)
                for p in proposals]
        people = [(m.name, m.id) for m in eligible_people(self.ctx.db, self.year) if m.id is not None]
        dialog = OfficerProposalsDialog(self, self.year, rows, people)
        shown = {p.id: p.person_id for p in proposals if p.id is not None}

        def save(after: dict[int, int], stored: dict[int, int]) -> ValidationError | None:
            return None if after == stored else perform(
                self.ctx, ops.propose_officers(self.ctx.db, stored, after, stored))

        dialog.submit = self._against(shown, save)
        dialog.exec()

    def _edit_pack_parts(self) -> None:
        self._edit_pack_setting(PACK_PARTS, PackPartsDialog)

    def _edit_bylaws(self) -> None:
        self._edit_pack_setting(BYLAWS, BylawsDialog)

    def _edit_pack_setting(self, setting: Setting[Any], make_dialog: Callable[[QWidget, Any], FormDialog]) -> None:
        """The 総会資料's 議案 or 規約, saved against the value the form showed: another PC's save since
        is refused in the form (who changed it and when), what was typed stays, and 保存する again
        overwrites on purpose."""
        shown = read_setting(self.ctx.db, setting)
        dialog = make_dialog(self, shown)

        def save(after: Any, stored: Any) -> ValidationError | None:
            return None if after == stored else perform(
                self.ctx, ops.set_pack_setting(self.ctx.db, setting, stored, after, stored))

        dialog.submit = self._against(shown, save)
        dialog.exec()

    def _approve_plan(self) -> None:
        status = plan_status(self.ctx.db, self.year)
        if status is None or not status.is_draft:
            return
        planned = planned_general_meeting(self.ctx.db, self.year)  # the 総会 already in the 会議 list
        dialog = ApprovalDialog(self, self.year, planned.held_on if planned else None,
                                status.meeting_place or (planned.place if planned else ""))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        approved_on, place = dialog.result_data
        try:
            try:
                result = approve_plan(self.ctx.db, self.year, approved_on)
            except NeedsConfirmation as asked:
                answer = QMessageBox.question(self, "総会で承認", "\n".join(p.message for p in asked.problems)
                                              + "\n\nこのまま承認しますか？")
                if answer != QMessageBox.StandardButton.Yes:
                    return
                result = approve_plan(self.ctx.db, self.year, approved_on, confirmed=True)
            changes = result.changes | (set_meeting(self.ctx.db, self.year, approved_on, place).changes if place
                                        else Changes())
        except ValidationError as exc:
            QMessageBox.warning(self, "総会で承認", str(exc))
            return
        self.ctx.data_changed.emit(changes)
        QMessageBox.information(self, "総会で承認", f"{self.year.label}の事業計画・予算を承認済みにしました。"
                                "予算は当初予算になり、役員改選（案）は役員の任期になりました。")

    # -- meetings --------------------------------------------------------------------------------
    def _add_meeting(self) -> None:
        dialog = MeetingDialog(self, self.year, self._committees(), None)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._perform(ops.AddMeeting(self.ctx.db, self.year, dialog.result_data), "会議")

    def _edit_meeting(self) -> None:
        row = self.meetings.selected()
        if row is None or self.ctx.read_only:
            return
        from app.services.projects.meetings import MeetingData

        before = MeetingData(**{k: row[k] for k in MeetingData.__dataclass_fields__})
        dialog = MeetingDialog(self, self.year, self._committees(), before)

        def save(after: MeetingData, version: int | None) -> ValidationError | None:
            return None if after == before else perform(
                self.ctx, ops.edit_meeting(self.ctx.db, row["id"], before, after, version))

        dialog.submit = self._against(row["version"], save)
        dialog.exec()

    @staticmethod
    def _against(shown: Any, save: Callable[[Any, Any], ValidationError | None]
                 ) -> Callable[[Any], ValidationError | None]:
        """A form's save against the version (or, for a form of several lines, the values) it was
        filled from: after a conflict (the message says who changed what) the version or values
        stored now, so that 保存する again overwrites on purpose."""
        expected = [shown]

        def submit(after: Any) -> ValidationError | None:
            refusal = save(after, expected[0])
            if isinstance(refusal, EditConflict):
                expected[0] = refusal.current if refusal.current is not None else refusal.current_version
            return refusal
        return submit

    def _edit_motions(self) -> None:
        row = self.meetings.selected()
        if row is None or self.ctx.read_only:
            return
        shown = list_motions(self.ctx.db, row["id"])
        dialog = MotionsDialog(self, f"議案と議決 — {row['title'] or row['kind']}", shown)

        def save(after: list[Motion], stored: list[Motion]) -> ValidationError | None:
            return None if after == stored else perform(
                self.ctx, ops.save_motions(self.ctx.db, row["id"], stored, after, stored))

        dialog.submit = self._against(shown, save)
        dialog.exec()

    def _delete_meeting(self) -> None:
        row = self.meetings.selected()
        if row is None or self.ctx.read_only:
            return
        name = row["title"] or row["kind"]
        answer = QMessageBox.question(self, "会議の削除", f"{row['held_on']:%Y/%m/%d} の会議「{name}」を、議案と議決・"
                                      "議事録ごと削除しますか？\n（編集メニューの「元に戻す」で戻せます）")
        if answer == QMessageBox.StandardButton.Yes:
            self._perform(ops.DeleteMeeting(self.ctx.db, row["id"]), "会議の削除")

    # -- rolling targets -------------------------------------------------------------------------
    def _edit_target(self, index: Any) -> None:
        if self.ctx.read_only or index.column() == 0:
            return
        row = self.targets_model.row_at(index.row())
        target_year = self.year.year + index.column() - 1
        shown = row["targets"][target_year]
        dialog = TargetDialog(self, f"実施年次指標 — {row['label']}（{FiscalYear(target_year).label}）", shown)

        def save(after: Target, stored: Target) -> ValidationError | None:
            return None if after == stored else perform(
                self.ctx, ops.set_target(self.ctx.db, self.year, row["code"], target_year, stored, after, stored))

        dialog.submit = self._against(shown, save)
        dialog.exec()

    def _roll_forward(self) -> None:
        following = self.year.next()
        if following.year in plan_years(self.ctx.db):
            QMessageBox.information(self, "ローリング", f"{following.label}の実施年次指標は既にあります。")
            return
        if not self._perform(ops.roll_forward(self.ctx.db, self.year), "ローリング"):
            return
        QMessageBox.information(self, "ローリング", f"{following.label}の実施年次指標を作りました。"
                                "年度を切り替えて、新しい年度の指標を入力してください。")
