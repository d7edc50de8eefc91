"""「評価の視点…」: the criteria in force for the selected year, edited and saved as the set for that
year onwards. Earlier years keep theirs (their evaluations and sheets pin the set they were made with).

Saving is not on the undo stack: the criteria service cannot put back a previous set (grades of
removed criteria are deleted and later years' evaluations re-pinned), so the dialog asks first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiscal_year import MIN_YEAR, FiscalYear
from app.domain.plan import CRITERION_EVIDENCE, CRITERION_SCOPES, CriterionDef
from app.domain.validation import ValidationError
from app.services.changes import Changes
from app.services.office import Database
from app.services.projects.criteria import (
    CriteriaSetInfo,
    criteria_for_year,
    list_criteria_sets,
    save_criteria_for_year,
    validate_criteria,
)
from app.services.records import EditConflict
from app.ui.dialog_size import size_to_text
from app.ui.widgets import FieldError

HEADERS = ("区分", "番号", "評価の視点（文言）", "対象", "根拠", "")


@dataclass
class _Row:
    """The widgets of one criterion; `key` stays the same across years so grades can be compared."""

    key: str
    group: QLineEdit
    mark: QLineEdit
    wording: QLineEdit
    scope: QComboBox
    evidence: QComboBox
    remove: QPushButton
    removed: bool = False

    def as_def(self) -> CriterionDef:
        return CriterionDef(self.key, self.group.text(), self.mark.text(), self.wording.text(),
                            self.scope.currentData(), self.evidence.currentData())


def _combo(name: str, choices: Mapping[str, str], value: str) -> QComboBox:
    combo = QComboBox(objectName=name)
    for data, label in choices.items():
        combo.addItem(label, data)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    return combo


def _source(info: CriteriaSetInfo) -> str:
    return "プランの既定の評価の視点" if info.first_year <= MIN_YEAR else f"{FiscalYear(info.first_year).label}からの評価の視点"


class CriteriaDialog(QDialog):
    def __init__(self, parent: QWidget | None, db: Database, year: FiscalYear):
        super().__init__(parent)
        self.db, self.year = db, year
        self.setObjectName("criteria_dialog")
        self.setWindowTitle(f"評価の視点 — {year.label}から")
        size_to_text(self, 980, 560)
        self.info = criteria_for_year(db, year)
        self.rows: list[_Row] = []
        self.removed: list[str] = []  # after saving: the criteria that were left out
        self.changes = Changes()  # after saving: what the service touched

        heading = QLabel(f"<b>{year.label}に適用している評価の視点</b>（いまは{_source(self.info)}）")
        following = [s.first_year for s in list_criteria_sets(db) if s.first_year > year.year]
        note = QLabel(
            f"保存すると{year.label}以降の評価の視点になります"
            + (f"（{FiscalYear(following[0]).label}からは別に決めた評価の視点のままです）" if following else "")
            + f"。{year.previous().label}までの自己評価と自己評価シートは変わりません。"
            "文言を直しても、その項目の評価とコメントはそのまま残ります。"
        )
        note.setObjectName("criteria_note")
        note.setWordWrap(True)

        self.grid = QGridLayout()
        for column, text in enumerate(HEADERS):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        self.grid.setColumnStretch(2, 1)
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.addLayout(self.grid)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        for c in self.info.criteria:
            self._add_row(c.as_def())

        add = QPushButton("項目を追加", objectName="criteria_add")
        add.clicked.connect(self._add_new)
        self.error = FieldError()
        self.error.setObjectName("criteria_error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(f"{year.label}以降の評価の視点として保存")
        save.setObjectName("criteria_save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(add)
        bottom.addStretch(1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)

    # -- rows --------------------------------------------------------------------------------------
    def _add_row(self, d: CriterionDef) -> _Row:
        n = len(self.rows)
        row = _Row(
            d.key,
            QLineEdit(d.group, objectName=f"criterion_group_{n}"),
            QLineEdit(d.mark, objectName=f"criterion_mark_{n}"),
            QLineEdit(d.wording, objectName=f"criterion_wording_{n}"),
            _combo(f"criterion_scope_{n}", CRITERION_SCOPES, d.scope),
            _combo(f"criterion_evidence_{n}", CRITERION_EVIDENCE, d.evidence),
            QPushButton("削除", objectName=f"criterion_remove_{n}"),
        )
        em = self.fontMetrics().horizontalAdvance("あ")  # in the text size in use
        row.mark.setMaximumWidth(em * 2 + 16)
        row.group.setMinimumWidth(em * 7 + 16)  # 「客観的評価検証」 whole
        row.group.setMaximumWidth(em * 9 + 16)
        row.remove.clicked.connect(lambda: self._remove(row))
        for column, widget in enumerate((row.group, row.mark, row.wording, row.scope, row.evidence, row.remove)):
            self.grid.addWidget(widget, n + 1, column)
        self.rows.append(row)
        return row

    def _add_new(self) -> None:
        taken = {r.key for r in self.rows}
        n = 1
        while f"custom_{n}" in taken:
            n += 1
        row = self._add_row(CriterionDef(f"custom_{n}", "改善策の検討", "", "", "project", ""))
        row.wording.setFocus()

    def _remove(self, row: _Row) -> None:
        row.removed = True
        for widget in (row.group, row.mark, row.wording, row.scope, row.evidence, row.remove):
            widget.hide()

    def definitions(self) -> list[CriterionDef]:
        return [r.as_def() for r in self.rows if not r.removed]

    # -- saving ------------------------------------------------------------------------------------
    def removed_labels(self, defs: list[CriterionDef]) -> list[str]:
        """The criteria in force now that the new set leaves out (their grades from this year on go)."""
        kept = {d.key for d in defs}
        return [f"{c.group}{c.mark}" for c in self.info.criteria if c.key not in kept]

    def _save(self) -> None:
        defs = self.definitions()
        try:
            validate_criteria(defs)
        except ValidationError as exc:
            self.error.show_messages([p.message for p in exc.problems])
            return
        removed = self.removed_labels(defs)
        question = (
            f"{self.year.label}以降の評価の視点として保存します。\n"
            f"{self.year.previous().label}までの自己評価と自己評価シートは変わりません。\n"
            + (f"削除した項目（{'・'.join(removed)}）の{self.year.label}以降の評価とコメントは消えます。\n" if removed else "")
            + "この保存は「元に戻す」では戻せません。保存しますか？"
        )
        answer = QMessageBox.question(self, "評価の視点の保存", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.changes = save_criteria_for_year(self.db, self.year, defs, shown=self.info).changes
        except ValidationError as exc:
            if isinstance(exc, EditConflict):  # what is typed stays; saving again overwrites on purpose
                self.info = exc.current
            self.error.show_messages([p.message for p in exc.problems])
            return
        self.removed = removed
        self.accept()
