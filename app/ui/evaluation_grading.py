"""The grading panel: each criterion in the plan's wording with its evidence, a one-key grade field
(A/B/C/D or 4–1, then on to the next criterion) and a comment; the direction or the body's texts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QFontMetrics, QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.plan import DIRECTIONS, GRADE_BY_LETTER, UNGRADED, parse_grade
from app.services.projects.evaluation import TEXT_FIELDS, EvaluationState, Evidence

_GRADE_COLOURS = {"A": "#2E7D32", "B": "#1565C0", "C": "#EF6C00", "D": "#C62828"}


class GradeEdit(QLineEdit):
    """One key sets the grade: A–D (any case, full-width too) or 4–1; Delete/Backspace clears it."""

    graded = Signal(str)  # the letter, or "" when cleared

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPlaceholderText("－")
        self.setToolTip("A 十分達成・B 概ね達成・C 一部達成・D 未達成（4・3・2・1 でも入力できます）")
        self._fit_font()

    def _fit_font(self) -> None:
        """A big bold letter, in proportion to the window's text size (文字を大きく)."""
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.setFont(font)
        self.setFixedWidth(QFontMetrics(font).horizontalAdvance("W") * 2 + 12)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._fit_font()
        super().changeEvent(event)

    def _offer(self, text: str) -> bool:
        try:
            grade = parse_grade(text)
        except ValueError:
            return False
        if grade is None:
            return False
        self.graded.emit(grade.letter)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            if self.text():
                self.graded.emit("")
            return
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        if event.text() and not (event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            if not self._offer(event.text()):
                QApplication.beep()
            return  # anything else typed here is ignored: the field holds one grade letter
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 - full-width Ａ via an IME
        if event.commitString():
            self._offer(event.commitString())
        event.accept()


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text that is stored when the user leaves it (one undo step per edit)."""

    committed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(64)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        self.committed.emit(self.toPlainText())
        super().focusOutEvent(event)


class CriterionRow(QFrame):
    def __init__(self, key: str, label: str):
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.key = key
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("font-weight: bold;")
        self.evidence = QLabel()
        self.evidence.setObjectName(f"evidence_{key}")
        self.evidence.setWordWrap(True)
        self.evidence.setStyleSheet("color: #455A64;")
        self.grade = GradeEdit()
        self.grade.setObjectName(f"grade_{key}")
        self.meaning = QLabel()
        self.meaning.setObjectName(f"meaning_{key}")
        self.meaning.setMinimumWidth(64)
        self.comment = QLineEdit()
        self.comment.setObjectName(f"comment_{key}")
        self.comment.setPlaceholderText("コメント")
        grid = QGridLayout(self)
        grid.addWidget(self.label, 0, 0, 1, 3)
        grid.addWidget(self.grade, 1, 0, 2, 1)
        grid.addWidget(self.meaning, 1, 1)
        grid.addWidget(self.evidence, 1, 2)
        grid.addWidget(self.comment, 2, 1, 1, 2)
        grid.setColumnStretch(2, 1)

    def show_entry(self, grade: str, comment: str, evidence: list[str]) -> None:
        self.grade.setText(grade)
        meaning = GRADE_BY_LETTER[grade].meaning if grade else UNGRADED
        self.meaning.setText(meaning)
        self.meaning.setStyleSheet(f"color: {_GRADE_COLOURS.get(grade, '#777777')}; font-weight: bold;")
        if not self.comment.isModified():  # never overwrite what the user is typing
            self.comment.setText(comment)
        self.evidence.setText("\n".join(evidence))
        self.evidence.setVisible(bool(evidence))


class GradingPanel(QWidget):
    """Shows one EvaluationState; reports edits through signals (the page turns them into commands)."""

    grade_entered = Signal(str, str)  # key, letter ("" = cleared)
    comment_entered = Signal(str, str)  # key, comment
    text_entered = Signal(str, str)  # field (direction / outcome / issues / improvements), value

    def __init__(self, read_only: bool):
        super().__init__()
        self.read_only = read_only
        self.title = QLabel()
        self.title.setObjectName("grading_title")
        self.title.setWordWrap(True)
        self.rows: dict[str, CriterionRow] = {}
        # the project and its criteria (key, wording) the rows were built for
        self._shape: tuple[int | None, tuple[tuple[str, str], ...]] | None = None
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.title)
        self._body = QWidget()
        self._layout.addWidget(self._body)
        self._layout.addStretch(1)
        self.direction: QComboBox | None = None
        self.texts: dict[str, CommitTextEdit] = {}

    def show_state(self, title: str, state: EvaluationState, evidence: Evidence) -> None:
        self.title.setText(f"<h3>{title}</h3>")
        shape = (state.project_id, tuple((c.key, c.label) for c in state.criteria))
        if shape != self._shape:  # another project or other criteria (or wording): rebuild; else update in place
            self._build(state)
            self._shape = shape
        for c in state.criteria:
            entry = state.entry(c.key)
            self.rows[c.key].show_entry(entry.grade, entry.comment, evidence.lines(c.evidence))
        if self.direction is not None:
            self.direction.blockSignals(True)
            self.direction.setCurrentIndex(max(0, self.direction.findData(state.direction)))
            self.direction.blockSignals(False)
        for field, edit in self.texts.items():
            if not edit.hasFocus():
                edit.setPlainText(getattr(state, field))

    def _build(self, state: EvaluationState) -> None:
        self._layout.removeWidget(self._body)
        self._body.setParent(None)  # detach now, so nothing finds the old rows before deletion
        self._body.deleteLater()
        self._body = QWidget()
        self._layout.insertWidget(1, self._body)
        layout = QVBoxLayout(self._body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.rows, self.texts, self.direction = {}, {}, None
        for c in state.criteria:
            row = CriterionRow(c.key, c.label)
            row.grade.graded.connect(lambda letter, key=c.key: self._graded(key, letter))
            row.comment.editingFinished.connect(lambda key=c.key: self._commented(key))
            row.grade.setReadOnly(self.read_only)
            row.comment.setReadOnly(self.read_only)
            self.rows[c.key] = row
            layout.addWidget(row)
        form = QFormLayout()
        if state.project_id is not None:
            self.direction = QComboBox()
            self.direction.setObjectName("direction")
            self.direction.addItem("（未記入）", "")
            for d in DIRECTIONS:
                self.direction.addItem(d, d)
            self.direction.currentIndexChanged.connect(
                lambda _i: self.text_entered.emit("direction", self.direction.currentData()))
            self.direction.setEnabled(not self.read_only)
            form.addRow("次年度の方向性", self.direction)
        else:
            for field in ("outcome", "issues", "improvements"):
                edit = CommitTextEdit()
                edit.setObjectName(f"body_{field}")
                edit.setReadOnly(self.read_only)
                edit.committed.connect(lambda text, f=field: self.text_entered.emit(f, text))
                self.texts[field] = edit
                form.addRow(TEXT_FIELDS[field], edit)
        layout.addLayout(form)

    def _graded(self, key: str, letter: str) -> None:
        if self.read_only:
            return
        self.grade_entered.emit(key, letter)
        if letter:
            self.focus_after(key)

    def _commented(self, key: str) -> None:
        if not self.read_only:
            self.rows[key].comment.setModified(False)
            self.comment_entered.emit(key, self.rows[key].comment.text())

    def focus_after(self, key: str) -> None:
        """Typing a grade moves on to the next criterion's grade (then to the direction/texts)."""
        keys = list(self.rows)
        i = keys.index(key)
        if i + 1 < len(keys):
            self.rows[keys[i + 1]].grade.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.direction is not None:
            self.direction.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.texts:
            next(iter(self.texts.values())).setFocus(Qt.FocusReason.TabFocusReason)
