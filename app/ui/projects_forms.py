"""Entry dialogs for 事業 and 会議・話し合い: one small form builder, messages under each field."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import parse_date
from app.domain.directions import DIRECTION_LABELS, EXPENSE, INCOME
from app.domain.fiscal_year import FiscalYear
from app.domain.money import parse_yen
from app.domain.pack_parts import PART_NAMES, format_part_order, parse_part_order
from app.domain.plan import PILLARS
from app.domain.validation import Problem, ValidationError
from app.services.accounts.budget_drafts import OUTLOOK_NOTE, BudgetDraft, DraftLine
from app.services.accounts.budgets import BudgetBalance
from app.services.accounts.categories import CategoryInfo, under_headings
from app.services.projects.meetings import MEETING_KINDS, MeetingData, validate_meeting
from app.services.projects.motions import RESULTS, Motion, validate_motions
from app.services.projects.projects import ProjectData, parse_count, validate_project
from app.services.projects.rolling_targets import Target
from app.ui.accounts_analysis import HEADING
from app.ui.dialog_size import fit_to_screen
from app.ui.table_model import bold_font
from app.ui.widgets import FieldError, with_error


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | multiline | date | yen | count | choice | committee
    placeholder: str = ""


def _date_text(value: date | None) -> str:
    return f"{value.year}/{value.month}/{value.day}" if value else ""


class FormDialog(QDialog):
    """Builds the widgets for `fields`, parses their text, and shows ValidationError problems."""

    fields: tuple[Field, ...] = ()

    def __init__(self, parent: QWidget | None, title: str, choices: dict[str, list[tuple[str, str]]]):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("entry_dialog")
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        form = QFormLayout()
        for f in self.fields:
            widget = self._make(f, choices.get(f.name, []))
            widget.setObjectName(f"field_{f.name}")
            error = FieldError()
            error.setObjectName(f"field_{f.name}_error")
            self.widgets[f.name], self.errors[f.name] = widget, error
            form.addRow(f.label, with_error(widget, error))
        self.general_error = FieldError()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存する")  # as in the 名簿 dialogs
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("entry_save")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        # The form scrolls when it is taller than the screen (large text on a 720-pixel screen);
        # the buttons stay in view below it.
        fields = QWidget()
        fields.setLayout(form)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(fields)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.form, self.scroll = form, scroll  # a dialog may add rows of its own (then fit_to_screen again)
        fit_to_screen(self, scroll)
        self.result_data: Any = None
        # saves what was built before the dialog closes; a refusal (another PC saved the record
        # since) is shown in the dialog, with everything typed still there
        self.submit: Callable[[Any], ValidationError | None] | None = None

    @staticmethod
    def _make(f: Field, choices: list[tuple[str, str]]) -> QWidget:
        if f.kind == "multiline":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(60)
            return edit
        if f.kind in ("choice", "committee"):
            combo = QComboBox()
            # the 名簿's committees to choose from; a name typed that is not there is kept as text
            combo.setEditable(f.kind == "committee")
            for label, value in choices:
                combo.addItem(label, value)
            if f.kind == "committee":
                combo.lineEdit().setPlaceholderText("名簿の部会から選ぶ（入力すると候補）")
                combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            return combo
        edit = QLineEdit()
        edit.setPlaceholderText(f.placeholder)
        return edit

    # -- values ----------------------------------------------------------------------------------
    def set_values(self, values: dict[str, Any]) -> None:
        for f in self.fields:
            value, widget = values.get(f.name), self.widgets[f.name]
            if f.kind == "committee":
                widget.setCurrentIndex(max(0, widget.findData(values.get("committee_id"))))
                if widget.currentData() is None:
                    widget.setEditText(value or "")
            elif isinstance(widget, QComboBox):
                index = widget.findData(value)
                if index >= 0:
                    widget.setCurrentIndex(index)
                elif widget.isEditable():
                    widget.setEditText(value or "")
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")
            elif f.kind == "date":
                widget.setText(_date_text(value))
            elif f.kind in ("yen", "count"):
                widget.setText("" if value is None else f"{value:,}")
            else:
                widget.setText(value or "")

    def parsed_values(self) -> tuple[dict[str, Any], list[Problem]]:
        """Every field parsed (None where it cannot be read), and a problem for each such field."""
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for f in self.fields:
            widget = self.widgets[f.name]
            if f.kind == "committee":  # the committee chosen (its id), or the name typed
                name = widget.currentText().strip()
                index = widget.findText(name)
                values[f.name], values[f"{f.name}_id"] = name, (widget.itemData(index) if index >= 0 else None)
                continue
            if isinstance(widget, QComboBox):
                values[f.name] = widget.currentText().strip() if widget.isEditable() else widget.currentData()
                continue
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            try:
                if f.kind == "date":
                    values[f.name] = parse_date(text) if text.strip() else None
                elif f.kind == "yen":
                    values[f.name] = parse_yen(text) if text.strip() else None
                elif f.kind == "count":
                    values[f.name] = parse_count(text, f.label)
                else:
                    values[f.name] = text
            except ValueError as exc:
                values[f.name] = None
                label = f.label.split("（")[0]
                message = str(exc) if label in str(exc) else f"{label}: {exc}"
                problems.append(Problem(f.name, message))
        return values, problems

    def show_problems(self, error: ValidationError) -> None:
        for name, label in self.errors.items():
            label.show_messages(error.for_field(name))
        known = set(self.errors)
        self.general_error.show_messages([p.message for p in error.problems if p.field not in known])

    def _try_accept(self) -> None:
        values, problems = self.parsed_values()
        try:
            self.result_data = self.build(values)
        except ValidationError as exc:  # show every problem at once: unreadable fields and rule breaks
            problems += [p for p in exc.problems if p.field not in {q.field for q in problems}]
        if problems:
            self.show_problems(ValidationError(problems))
            return
        refusal = self.submit(self.result_data) if self.submit is not None else None
        if refusal is not None:
            self.show_problems(refusal)
            return
        self.accept()

    def build(self, values: dict[str, Any]) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


def plan_item_choices() -> list[tuple[str, str]]:
    return [(f"{p.name}・{item.name}", item.code) for p in PILLARS for item in p.items]


class ProjectDialog(FormDialog):
    fields = (
        Field("name", "事業名（必須）", placeholder="例: 地域文化祭"),
        Field("item_code", "プランの項目", "choice"),
        Field("committee", "担当部会", "committee"),
        Field("person_in_charge", "担当者"),
        Field("goal", "目標", "multiline"),
        Field("target_label", "指標", placeholder="例: 参加者数"),
        Field("target_value", "数値目標", "count"),
        Field("result_value", "実績", "count"),
        Field("unit", "単位", placeholder="例: 人、回"),
        Field("start_on", "開始日", "date", "例: 2025/6/1"),
        Field("end_on", "終了日", "date"),
        Field("participants", "参加者数", "count"),
        Field("budget", "予算額（円）", "yen"),
        Field("actual_cost", "決算額（円）", "yen"),
        Field("note", "備考", "multiline"),
    )

    def __init__(self, parent: QWidget | None, year: FiscalYear, committees: list[tuple[str, int]],
                 data: ProjectData | None):
        super().__init__(parent, f"事業 — {year.label}",
                         {"item_code": plan_item_choices(), "committee": [("", None), *committees]})
        self.year = year
        if data is not None:
            self.set_values(vars(data))

    def build(self, values: dict[str, Any]) -> ProjectData:
        values["budget"] = values["budget"] or 0
        return validate_project(ProjectData(**values), self.year)


class MeetingDialog(FormDialog):
    fields = (
        Field("held_on", "開催日（必須）", "date", "例: 2025/6/1"),
        Field("kind", "種類", "choice"),
        Field("committee", "部会", "committee"),
        Field("title", "会議名"),
        Field("place", "会場", placeholder="例: ○○市民センター 大ホール"),
        Field("attendees", "出席者数", "count"),
        Field("proxies", "委任状", "count"),
        Field("agenda", "議題", "multiline"),
        Field("decisions", "決定事項", "multiline"),
        Field("minutes", "議事録", "multiline"),
    )

    def __init__(self, parent: QWidget | None, year: FiscalYear, committees: list[tuple[str, int]],
                 data: MeetingData | None):
        super().__init__(parent, f"会議・話し合い — {year.label}",
                         {"kind": [(k, k) for k in MEETING_KINDS], "committee": [("", None), *committees]})
        self.year = year
        if data is not None:
            self.set_values(vars(data))

    def build(self, values: dict[str, Any]) -> MeetingData:
        return validate_meeting(MeetingData(**values), self.year)  # 開催日 within the year: the service's rule


class MotionsDialog(FormDialog):
    """会議の記録: the 議案, one a line, each with its 議決 at the end (承認・否決・継続)."""

    fields = (Field("motions", "議案と議決（1行に1件、最後に 承認・否決・継続）", "multiline"),)

    def __init__(self, parent: QWidget | None, title: str, motions: list[Motion]):
        super().__init__(parent, title, {})
        self.widgets["motions"].setFixedHeight(160)
        self.set_values({"motions": "\n".join(f"{m.title} {m.result}".strip() for m in motions)})

    def build(self, values: dict[str, Any]) -> list[Motion]:
        lines = [line.strip() for line in (values["motions"] or "").splitlines() if line.strip()]
        return validate_motions([_motion(line) for line in lines])


def _motion(line: str) -> Motion:
    """「第1号議案 事業報告について 承認」 → Motion("第1号議案 事業報告について", "承認")."""
    head, _, last = line.replace("\u3000", " ").rpartition(" ")
    return Motion(head.strip(), last) if head and last in RESULTS else Motion(line)


class ApprovalDialog(FormDialog):
    """The 総会 approves the year's plan: its date (the 議決の日) and place."""

    fields = (
        Field("approved_on", "総会の日（必須）", "date", "例: 2026/5/16"),
        Field("place", "会場", placeholder="例: ○○市民センター 大ホール"),
    )

    def __init__(self, parent: QWidget | None, year: FiscalYear, held_on: date | None = None, place: str = ""):
        super().__init__(parent, f"総会で承認 — {year.label}の事業計画・予算（案）", {})
        self.set_values({"approved_on": held_on, "place": place})

    def build(self, values: dict[str, Any]) -> tuple[date, str]:
        if values["approved_on"] is None:
            raise ValidationError(Problem("approved_on", "総会の日を入力してください"))
        return values["approved_on"], values["place"].strip()


@dataclass(frozen=True)
class _DraftRow:
    """A row of the 予算（案） form: a 目 to type (`line`) or a 款・項 showing the sum of `sums`."""

    draft: BudgetDraft
    depth: int  # 1 款, 2 項 (or a 目 directly under its 款), 3 目
    line: DraftLine | None = None
    heading: CategoryInfo | None = None
    sums: tuple[int, ...] = ()  # a 款・項: the ids of the 目 under it


def _draft_rows(draft: BudgetDraft, tree: list[CategoryInfo]) -> list[_DraftRow]:
    """The draft's 目 in its 会計's tree, each 款・項 before the 目 under it; a 目 the tree does not
    know (it cannot be, but nothing typed may be lost) comes at the end."""
    by_id = {ln.category_id: ln for ln in draft.lines}
    rows = [_DraftRow(draft, c.depth, heading=c, sums=ids) if c.heading else _DraftRow(draft, c.depth, by_id[c.id])
            for c, ids in under_headings(tree, by_id)]
    placed = {r.line.category_id for r in rows if r.line is not None}
    return rows + [_DraftRow(draft, 1, ln) for ln in draft.lines if ln.category_id not in placed]


class BudgetDraftDialog(FormDialog):
    """予算（案）: a 予算額 per 目 of each 会計, with this year's budget and 決算見込み beside it, under
    bold read-only 款・項 rows whose amount is the sum of the 目 below them (as typed); each 会計's
    balance shows as typed. 「決算見込みを写す」 starts every line from its 決算見込み.
    `trees`: each 会計's 費目 with its 款・項 (list_categories(include_headings=True)), by 会計 id."""

    def __init__(self, parent: QWidget | None, drafts: list[BudgetDraft], outlooks: dict[int, int],
                 trees: Mapping[int, list[CategoryInfo]]):
        self.drafts = drafts
        self.outlooks = outlooks  # 費目 id → this year's 決算見込み
        self.rows = [r for d in drafts for r in _draft_rows(d, trees.get(d.book_id, []))]
        self.fields = tuple(
            Field(f"c{ln.category_id}", f"{self._prefix(r)}{DIRECTION_LABELS[ln.direction]}・{ln.name}\n"
                  f"　前年度 {ln.previous_budget:,}円・決算見込み {outlooks.get(ln.category_id, 0):,}円", "yen")
            for r in self.rows if (ln := r.line) is not None)  # fmt: skip
        self.directions = {f"c{ln.category_id}": ln.direction for d in drafts for ln in d.lines}
        super().__init__(parent, f"予算（案） — {drafts[0].year.label}", {})
        self.subtotals: dict[str, tuple[QLineEdit, tuple[int, ...]]] = {}  # 款・項 → its field and 目
        self._add_heading_rows()
        self.set_values({f"c{ln.category_id}": ln.amount for d in drafts for ln in d.lines})
        self.balance = QLabel()
        self.balance.setObjectName("budget_draft_balance")
        self.layout().insertWidget(1, self.balance)
        copy = QPushButton("決算見込みを写す")
        copy.setObjectName("budget_draft_outlook")
        copy.setToolTip("各費目の予算額（案）を、今年度の決算見込み（予算額と執行済みの大きい方）にします")
        copy.clicked.connect(self._copy_outlook)
        self.layout().insertWidget(2, copy, 0, Qt.AlignmentFlag.AlignLeft)
        for widget in self.widgets.values():
            widget.textChanged.connect(self._show_balance)
        self._show_balance()
        fit_to_screen(self, self.scroll)

    @staticmethod
    def _prefix(row: _DraftRow) -> str:
        return f"{row.draft.book_name}・" if row.draft.book_name else ""

    def _add_heading_rows(self) -> None:
        """Each 款・項 row goes in above the 目 under it; every label is indented by its level."""
        step = self.fontMetrics().horizontalAdvance("　")
        for position, row in enumerate(self.rows):
            if (c := row.heading) is not None:
                before = sum(self.outlooks.get(i, 0) for i in row.sums)
                previous = sum(ln.previous_budget for ln in row.draft.lines if ln.category_id in row.sums)
                label = QLabel(f"{self._prefix(row)}{DIRECTION_LABELS[c.kind]}（{c.level_label}）・{c.name}\n"
                               f"　前年度 {previous:,}円・決算見込み {before:,}円")
                label.setFont(bold_font())
                total = QLineEdit(readOnly=True, objectName=f"subtotal_c{c.id}")
                total.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from 目 to 目
                total.setFont(bold_font())
                total.setToolTip(f"{c.name}の下の目の予算額（案）の計（目を入力すると変わります）")
                total.setStyleSheet(f"background: {HEADING};")
                self.form.insertRow(position, label, total)
                self.subtotals[f"c{c.id}"] = (total, row.sums)
            else:
                label = self.form.labelForField(self.widgets[f"c{row.line.category_id}"].parentWidget())
            if isinstance(label, QLabel):
                label.setIndent(step * (row.depth - 1))

    def _copy_outlook(self) -> None:
        """The 前年度繰越金 line keeps what it has: it was prefilled with the whole year's outlook."""
        carried = {f"c{ln.category_id}" for d in self.drafts for ln in d.lines if ln.note.endswith(OUTLOOK_NOTE)}
        self.set_values({**self.parsed_values()[0],
                         **{k: self.outlooks.get(int(k[1:]), 0) for k in self.widgets if k not in carried}})

    def _show_balance(self, *_args: Any) -> None:
        values, _problems = self.parsed_values()
        for field, ids in self.subtotals.values():  # what cannot be read counts as nothing, as in the totals
            field.setText(f"{sum(values.get(f'c{i}') or 0 for i in ids):,}")
        lines = []
        for draft in self.drafts:
            keys = {f"c{ln.category_id}" for ln in draft.lines}
            totals = {d: sum(v or 0 for k, v in values.items() if k in keys and self.directions[k] == d)
                      for d in (INCOME, EXPENSE)}
            balance = BudgetBalance(draft.label, totals[INCOME], totals[EXPENSE])
            lines.append(f"{draft.book_name + '　' if draft.book_name else ''}収入合計 {balance.income:,}円　"
                         f"支出合計 {balance.expense:,}円　差引 {balance.difference:,}円"
                         + ("" if balance.balanced else "（収支が合っていません）"))
        self.balance.setText("\n".join(lines))

    def build(self, values: dict[str, Any]) -> dict[int, int]:
        return {int(k[1:]): v or 0 for k, v in values.items()}


class OfficerProposalsDialog(FormDialog):
    """役員改選（案）: the candidate for each post whose term ends (the same person: 再任)."""

    def __init__(self, parent: QWidget | None, year: FiscalYear, rows: list[tuple[int, str, int]],
                 people: list[tuple[str, int]]):
        self.fields = tuple(Field(f"p{proposal_id}", label, "choice") for proposal_id, label, _ in rows)
        super().__init__(parent, f"役員改選（案） — {year.label}", {f.name: people for f in self.fields})
        self.set_values({f"p{proposal_id}": person_id for proposal_id, _, person_id in rows})

    def build(self, values: dict[str, Any]) -> dict[int, int]:
        return {int(k[1:]): v for k, v in values.items()}


class PackPartsDialog(FormDialog):
    """The 総会資料's 議案: their order and, after 「=」, a title of the body's own."""

    fields = (Field("parts", f"議案（1行に1件: {'・'.join(PART_NAMES)}。「=題」で題を変える）", "multiline"),)

    def __init__(self, parent: QWidget | None, lines: tuple[str, ...]):
        super().__init__(parent, "総会資料の議案の順と題", {})
        self.widgets["parts"].setFixedHeight(130)
        self.set_values({"parts": "\n".join(lines)})

    def build(self, values: dict[str, Any]) -> tuple[str, ...]:
        try:
            return format_part_order(parse_part_order((values["parts"] or "").splitlines()))
        except ValueError as exc:
            raise ValidationError(Problem("parts", str(exc))) from exc


class BylawsDialog(FormDialog):
    """The 規約's text: printed at the end of the 総会資料 when there is one."""

    fields = (Field("text", "規約の本文（空欄なら載せません）", "multiline"),)

    def __init__(self, parent: QWidget | None, text: str):
        super().__init__(parent, "規約", {})
        self.widgets["text"].setFixedHeight(260)
        self.set_values({"text": text})

    def build(self, values: dict[str, Any]) -> str:
        return (values["text"] or "").strip()


class TargetDialog(FormDialog):
    fields = (
        Field("indicator", "指標", placeholder="例: 研修会の受講者数"),
        Field("value", "目標値", "count"),
        Field("unit", "単位", placeholder="例: 人、回"),
    )

    def __init__(self, parent: QWidget | None, title: str, target: Target):
        super().__init__(parent, title, {})
        self.set_values(vars(target))

    def build(self, values: dict[str, Any]) -> Target:
        return Target(**values)
