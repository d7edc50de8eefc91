"""自己評価: pick a project (or the body as a whole), grade it beside the evidence, see the grade
profile of the year beside last year's, and export the 自己評価シート."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiscal_year import FiscalYear
from app.services.changes import (
    BUDGETS,
    COMMITTEES,
    CRITERIA,
    EVALUATION,
    LEDGER,
    MEETINGS,
    PROJECTS,
    TARGETS,
    Changes,
)
from app.services.projects import operations as ops
from app.services.projects.evaluation import (
    EvaluationSheet,
    EvaluationState,
    GradeEntry,
    evaluation_sheet,
    get_evaluation,
    grade_profile,
)
from app.services.records import EditConflict
from app.services.undo import Operation
from app.ui.context import AppContext
from app.ui.evaluation_chart import GradeProfileChart
from app.ui.evaluation_criteria import CriteriaDialog
from app.ui.evaluation_grading import GradingPanel
from app.ui.export_dialog import ExportButton
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec, RowTableModel

BODY = "body"  # the list row for the body-level evaluation


class EvaluationPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("evaluation_page")
        self.sheet: EvaluationSheet | None = None
        self.current: int | str | None = None  # project id, BODY, or None
        # after a refused save (another PC changed the entry since the panel showed it): what is
        # stored now, so that saving the same field again overwrites on purpose
        self._stored_since: dict[tuple[Any, str], Any] = {}

        self.heading = QLabel()
        self.note = QLabel()
        self.note.setObjectName("evaluation_note")
        self.note.setWordWrap(True)
        export = ExportButton(ctx, ["evaluation"])
        criteria = QPushButton("評価の視点…", objectName="criteria_edit")
        criteria.setEnabled(not ctx.read_only)
        criteria.clicked.connect(self._edit_criteria)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(criteria)
        top.addWidget(export)

        self.model = RowTableModel([ColumnSpec("name", "評価の対象"), ColumnSpec("progress", "評価"),
                                    ColumnSpec("direction", "方向性")])
        self.list = QTableView()
        self.list.setObjectName("evaluation_targets")
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.verticalHeader().hide()
        self.list.selectionModel().currentRowChanged.connect(self._target_chosen)

        self.panel = GradingPanel(ctx.read_only)
        self.panel.grade_entered.connect(self._grade)
        self.panel.comment_entered.connect(self._comment)
        self.panel.text_entered.connect(self._text)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.panel)
        self.chart = GradeProfileChart()

        # Grading gets the whole height (at 150% text only two criteria fitted above the chart); the
        # chart is one click away.
        right = QTabWidget(objectName="evaluation_tabs")
        right.addTab(scroll, "評価の入力")
        right.addTab(self.chart, "評価項目別の評点（グラフ）")
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        # The list is wide enough for a name, its 評価 (3/6) and 方向性, in the text size in use.
        em = self.fontMetrics().horizontalAdvance("あ")
        split.setSizes([em * 17, em * 40])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(split, 1)
        ctx.fiscal_year_changed.connect(self._year_changed)
        ctx.data_changed.connect(self._other_area_changed)
        self.reload()

    @property
    def year(self) -> FiscalYear:
        return self.ctx.fiscal_year

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the year again; keep the chosen target selected and the panel's focus where it is."""
        self.sheet = sheet = evaluation_sheet(self.ctx.db, self.year)
        self._stored_since.clear()  # the panel shows what is stored now
        n = len(sheet.project_criteria)
        rows = [{"id": pe.project.id, "name": pe.project.name, "progress": f"{pe.state.graded}/{n}",
                 "direction": pe.state.direction} for pe in sheet.projects]
        rows.append({"id": BODY, "name": "団体全体（協働の行動基準）",
                     "progress": f"{sheet.body.graded}/{len(sheet.body.criteria)}", "direction": ""})
        self.heading.setText(f"<h2>自己評価 — {self.year.label_full}</h2>")
        self.note.setText(f"{sheet.meetings.summary}。評価欄で A・B・C・D（または 4・3・2・1）を押すと、"
                          "次の評価項目へ進みます。")
        self.list.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        ids = [r["id"] for r in rows]
        if self.current not in ids:
            self.current = ids[0] if ids else None  # open on the first target, not an empty panel
        if self.current is not None:
            index = self.model.index(ids.index(self.current), 0)
            self.list.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.list.selectionModel().blockSignals(False)
        self.list.resizeColumnsToContents()
        self._show_current()
        self._update_chart()

    def _show_current(self) -> None:
        sheet = self.sheet
        self.panel.setVisible(self.current is not None)
        if self.current is None or sheet is None:
            return
        if self.current == BODY:
            self.panel.show_state(f"団体全体 — {self.year.label}", sheet.body, sheet.body_evidence)
            return
        pe = next(pe for pe in sheet.projects if pe.project.id == self.current)
        title = f"{pe.project.name}（{pe.project.plan_label}" + (
            f"／担当 {pe.project.data.committee}）" if pe.project.data.committee else "）")
        self.panel.show_state(title, pe.state, pe.evidence)

    def _update_chart(self) -> None:
        this = grade_profile(self.sheet)
        last = {p.key: p.score for p in grade_profile(evaluation_sheet(self.ctx.db, self.year.previous()))}
        self.chart.set_data([p.short for p in this], [
            (self.year.previous().label, [last.get(p.key) for p in this]),
            (self.year.label, [p.score for p in this]),
        ])

    def _target_chosen(self, current: Any, _previous: Any) -> None:
        self.current = self.model.row_at(current.row())["id"] if current.isValid() else None
        self._show_current()

    def _year_changed(self, _year: FiscalYear) -> None:
        self.current = None
        self.reload()

    def _other_area_changed(self, changes: Changes) -> None:
        # the grades, and the evidence beside them: projects, their cost (cash book), meetings, targets
        if changes.touches(EVALUATION, PROJECTS, MEETINGS, TARGETS, LEDGER, BUDGETS, CRITERIA, COMMITTEES):
            self.reload()

    # -- edits -----------------------------------------------------------------------------------
    @property
    def _project_id(self) -> int | None:
        return None if self.current == BODY else self.current

    def _push(self, operation: Operation, field: str) -> None:
        # inputs are already valid here (letters from GradeEdit, directions from the list)
        error = perform(self.ctx, operation)
        if isinstance(error, EditConflict):  # what was typed stays; the next save overwrites
            state = get_evaluation(self.ctx.db, self.year, self._project_id)
            self._stored_since[(self.current, field)] = (
                state.entry(field[6:]) if field.startswith("grade:") else getattr(state, field))
        if error is not None:
            overwrite = "\n（この欄をもう一度離れると、あなたの内容で上書きします）" if isinstance(error, EditConflict) else ""
            QMessageBox.warning(self, "自己評価", str(error) + overwrite)

    def _shown(self) -> EvaluationState:
        """The evaluation as the panel showed it (what an edit is saved against)."""
        assert self.sheet is not None
        if self.current == BODY:
            return self.sheet.body
        return next(pe.state for pe in self.sheet.projects if pe.project.id == self.current)

    def _entry(self, key: str) -> GradeEntry:
        since = self._stored_since.get((self.current, f"grade:{key}"))
        return since if since is not None else self._shown().entry(key)

    def _label(self, key: str) -> str:
        return next(f"{c.group}{c.mark}" for c in self._shown().criteria if c.key == key)

    def _grade(self, key: str, letter: str) -> None:
        before = self._entry(key)
        if before.grade != letter:
            self._push(ops.set_grade(self.ctx.db, self.year, self._project_id, key, before,
                                     GradeEntry(letter, before.comment), self._label(key), expected=before),
                       f"grade:{key}")

    def _comment(self, key: str, comment: str) -> None:
        before = self._entry(key)
        if before.comment != comment.strip():
            self._push(ops.set_grade(self.ctx.db, self.year, self._project_id, key, before,
                                     GradeEntry(before.grade, comment.strip()), self._label(key), expected=before),
                       f"grade:{key}")

    def _text(self, field: str, value: str) -> None:
        since = self._stored_since.get((self.current, field))
        before = since if since is not None else getattr(self._shown(), field)
        if before != value.strip():
            self._push(ops.set_evaluation_text(self.ctx.db, self.year, self._project_id, field, before,
                                               value.strip(), expected=before), field)

    def _edit_criteria(self) -> None:
        dialog = CriteriaDialog(self, self.ctx.db, self.year)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if dialog.removed:  # undoing a grade of a criterion that is gone would fail
            self.ctx.undo_stack.clear()
        self.ctx.data_changed.emit(dialog.changes)
