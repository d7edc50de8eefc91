"""施設 dialogs: a booking (one day or a series), a 利用団体, a 部屋."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.facility import EXEMPTIONS, USER_KINDS, format_slots
from app.domain.validation import ValidationError
from app.services.facility import bookings as svc
from app.services.facility.rooms import RoomData, RoomInfo
from app.services.facility.users import UserData, UserInfo
from app.services.records import EditConflict
from app.ui.widgets import FieldError

REPEAT_CHOICES = ("繰り返さない", "毎週", "隔週", "毎月（同じ第N曜日）")


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def finish_form(dialog: QDialog, form: QFormLayout | QVBoxLayout, error: FieldError, save_text: str,
                save_name: str, on_save: Callable[[], None]) -> None:
    """The form, its error line and 保存/キャンセル below: the save button runs `on_save`, which closes
    the dialog itself when the service accepted the input."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText(save_text)
    save.setObjectName(save_name)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)


class BookingDialog(QDialog):
    """予約: user, room, day, slots, purpose, people; optionally repeated until a day."""

    def __init__(self, db: Any, rooms: list[RoomInfo], users: list[UserInfo], room_id: int, day: date,
                 slot: str, perform: Callable[[Any], ValidationError | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("施設の予約")
        self.db, self.rooms, self.perform = db, {r.id: r for r in rooms}, perform
        self.made: list[svc.BookingInfo] = []
        self.new_user = ""  # a 利用団体 typed in the form, registered with the booking
        self.user = QComboBox()
        self.user.setObjectName("booking_user")
        self.user.setEditable(True)
        self.user.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for u in users:
            self.user.addItem(u.name, u.id)
        self.user.setCurrentIndex(-1)
        self.user.lineEdit().setPlaceholderText("利用団体名（新しい名前は登録を確認します）")
        self.room = QComboBox()
        self.room.setObjectName("booking_room")
        for r in rooms:
            self.room.addItem(r.name, r.id)
        self.room.setCurrentIndex(max(0, self.room.findData(room_id)))
        self.day = QDateEdit(_qdate(day))
        self.day.setObjectName("booking_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy/MM/dd")
        self.slot_box = QHBoxLayout()
        self.slot_checks: dict[str, QCheckBox] = {}
        self.purpose = QLineEdit()
        self.purpose.setObjectName("booking_purpose")
        self.people = QSpinBox()
        self.people.setObjectName("booking_people")
        self.people.setRange(0, 9999)
        self.people.setSpecialValueText("未定")
        self.exemptions = {u.name: u.data.exemption for u in users}
        self.fee_shown = QLabel()
        self.fee_shown.setObjectName("booking_fee_computed")
        self.fee_change = QCheckBox("使用料を変える")
        self.fee_change.setObjectName("booking_fee_change")
        self.fee = QSpinBox()
        self.fee.setObjectName("booking_fee")
        self.fee.setRange(0, 10_000_000)
        self.fee.setSingleStep(100)
        self.fee.setGroupSeparatorShown(True)
        self.fee.setSuffix(" 円（1コマ）")
        self.fee_reason = QLineEdit()
        self.fee_reason.setObjectName("booking_fee_reason")
        self.fee_reason.setPlaceholderText("変える理由（例: 減免・行事への協力）")
        for w in (self.fee, self.fee_reason):
            w.setEnabled(False)
        self.fee_change.toggled.connect(self.fee.setEnabled)
        self.fee_change.toggled.connect(self.fee_reason.setEnabled)
        fee_row = QHBoxLayout()
        for w in (self.fee_change, self.fee, self.fee_reason):
            fee_row.addWidget(w)
        self.repeat = QComboBox()
        self.repeat.setObjectName("booking_repeat")
        self.repeat.addItems(REPEAT_CHOICES)
        self.until = QDateEdit(_qdate(day))
        self.until.setObjectName("booking_until")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy/MM/dd")
        self.until.setEnabled(False)
        self.repeat.currentIndexChanged.connect(lambda i: self.until.setEnabled(i > 0))
        self.error = FieldError()
        form = QFormLayout()
        form.addRow("利用団体", self.user)
        form.addRow("部屋", self.room)
        form.addRow("利用日", self.day)
        form.addRow("時間帯", self.slot_box)
        form.addRow("利用目的", self.purpose)
        form.addRow("予定人数", self.people)
        form.addRow("使用料", self.fee_shown)
        form.addRow("", fee_row)
        form.addRow("繰り返し", self.repeat)
        form.addRow("繰り返しの終了日", self.until)
        finish_form(self, form, self.error, "予約する", "booking_save", self._save)
        self.room.currentIndexChanged.connect(lambda _i: self._fill_slots({slot}))
        self.user.currentTextChanged.connect(lambda _t: self._show_fee())
        self._fill_slots({slot})

    def _show_fee(self) -> None:
        """The fee the room and the user's 減免 give, per slot; the one typed replaces it (with a reason)."""
        from app.domain.facility import fee_after_exemption

        room = self.rooms.get(self.room.currentData())
        full = room.data.fee_per_slot if room else 0
        exemption = self.exemptions.get(self.user.currentText().strip(), "なし")
        fee = fee_after_exemption(full, exemption)
        why = "" if exemption == "なし" else f"（{exemption}: 部屋の使用料 {full:,}円）"
        self.fee_shown.setText(f"1コマ {fee:,}円{why}")
        if not self.fee_change.isChecked():
            self.fee.setValue(fee)

    def _fill_slots(self, checked: set[str]) -> None:
        for box in self.slot_checks.values():
            self.slot_box.removeWidget(box)
            box.deleteLater()
        self.slot_checks = {}
        room = self.rooms.get(self.room.currentData())
        for s in room.data.slots if room else ():
            box = QCheckBox(s)
            box.setObjectName(f"booking_slot_{s}")
            box.setChecked(s in checked)
            self.slot_checks[s] = box
            self.slot_box.addWidget(box)
        self._show_fee()

    def _user(self) -> tuple[int, str] | None:
        """(id, "") of the registered user chosen; (0, name) of a name to register with the booking
        (registered in the same undo step, only when the booking is made); None: not to register."""
        name = self.user.currentText().strip()
        index = self.user.findText(name)
        if index >= 0:
            return self.user.itemData(index), ""
        if not name:
            raise ValidationError("利用団体を入力してください")
        answer = QMessageBox.question(self, "利用団体の登録", f"「{name}」は登録されていません。新しい利用団体として登録しますか。")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return 0, name

    def _save(self) -> None:
        try:
            chosen = self._user()
            if chosen is None:
                return
            user_id, self.new_user = chosen
            request = svc.BookingRequest(
                _pydate(self.day.date()), self.room.currentData(),
                tuple(s for s, box in self.slot_checks.items() if box.isChecked()), user_id,
                self.purpose.text(), self.people.value() or None,
                self.fee.value() if self.fee_change.isChecked() else None,
                self.fee_reason.text() if self.fee_change.isChecked() else "",
            )
            self.made = self._book(request)
        except ValidationError as exc:
            self.error.show_messages([p.message for p in exc.problems])
            return
        self.accept()

    def _book(self, request: svc.BookingRequest) -> list[svc.BookingInfo]:
        """Book through the undo stack (編集 → 元に戻す takes the booking back, and the 利用団体 typed
        new for it: one 保存, one step)."""
        from app.services.facility.operations import book_new_user_op, book_op

        choice = self.repeat.currentIndex()
        rule = None if choice == 0 else svc.Recurrence(
            _pydate(self.until.date()), interval_weeks=2 if choice == 2 else 1, monthly_nth=choice == 3)
        operation = book_new_user_op(self.db, self.new_user, request, rule) if self.new_user \
            else book_op(self.db, request, rule)
        refused = self.perform(operation)
        if isinstance(refused, svc.ConfirmationNeeded):
            if QMessageBox.question(self, "確認", str(refused)) != QMessageBox.StandardButton.Yes:
                raise ValidationError("予約しませんでした")
            from dataclasses import replace

            return self._book(replace(request, allow_closed_day=True))
        if refused is not None:
            raise refused
        if operation.skipped:
            days = "、".join(f"{d.month}/{d.day}" for d in operation.skipped)
            QMessageBox.information(self, "祝日・休館日", f"祝日・休館日の {days} は予約しませんでした。")
        return operation.made


class FeeDialog(QDialog):
    """使用料の変更 of booked slots (one, or several chosen together: each gets the fee typed): the fee
    per slot and its reason (減免, 割増 …). `save` changes them (one undo step) and returns the refusal,
    shown here with the typing kept."""

    def __init__(self, bookings: Sequence[svc.BookingInfo], where: str,
                 save: Callable[[int, str], ValidationError | None], parent: QWidget | None = None):
        super().__init__(parent)
        several = list(bookings)
        booking = several[0]
        self.setWindowTitle("使用料の変更")
        self.save = save
        self.fee = QSpinBox()
        self.fee.setObjectName("booking_fee")
        self.fee.setRange(0, 10_000_000)
        self.fee.setSingleStep(100)
        self.fee.setGroupSeparatorShown(True)
        self.fee.setSuffix(" 円")
        self.fee.setValue(booking.fee)
        self.reason = QLineEdit(booking.fee_reason)
        self.reason.setObjectName("booking_fee_reason")
        self.reason.setPlaceholderText("例: 減免（行事への協力）")
        standard = QLabel(f"{where}\n部屋の使用料 {booking.full_fee:,}円（この時間帯）・今の使用料 {booking.fee:,}円"
                          if len(several) == 1 else
                          f"{where}\n部屋の使用料 {_span(b.full_fee for b in several)}・今の使用料 "
                          f"{_span(b.fee for b in several)}（1コマあたり。入力した使用料が{len(several)}件それぞれの使用料になります）")
        standard.setObjectName("booking_fee_standard")
        self.error = FieldError()
        form = QFormLayout()
        form.addRow(standard)
        form.addRow("使用料", self.fee)
        form.addRow("理由", self.reason)
        finish_form(self, form, self.error, "変更する", "booking_fee_save", self._save)

    def _save(self) -> None:
        refused = self.save(self.fee.value(), self.reason.text())
        if refused is not None:
            self.error.show_messages([p.message for p in refused.problems])
            return
        self.accept()


def _span(fees: Iterable[int]) -> str:
    """「1,000円」, or 「500〜1,000円」 for fees that differ."""
    values = sorted(set(fees))
    return f"{values[0]:,}円" if len(values) == 1 else f"{values[0]:,}〜{values[-1]:,}円"


class RoomDialog(QDialog):
    """部屋: name, 定員, the slots it is lent in, 使用料 per slot, whether it counts toward 稼働率.
    `save` stores the value (through the undo stack) and returns the refusal, if any."""

    def __init__(self, save: Callable[[RoomData], ValidationError | None], data: RoomData | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("部屋" if data is None else f"部屋「{data.name}」")
        data = data or RoomData("")
        self.save = save
        self.name = QLineEdit(data.name)
        self.name.setObjectName("room_name")
        self.capacity = QSpinBox()
        self.capacity.setObjectName("room_capacity")
        self.capacity.setRange(0, 9999)
        self.capacity.setSpecialValueText("未定")  # 0: not given
        self.capacity.setSuffix(" 人")
        self.capacity.setValue(data.capacity or 0)
        self.slots = QLineEdit(format_slots(data.slots))
        self.slots.setObjectName("room_slots")
        self.slots.setPlaceholderText("午前、午後、夜間　／　時間貸しは 9〜21時")
        self.slots.setToolTip("貸し出す時間帯を「、」で区切って書きます。1時間ごとに貸す部屋は「9〜21時」のように"
                              "書くと、9時・10時…20時の1時間ずつの時間帯になります（使用料は1時間あたり）。")
        self.fee = QSpinBox()
        self.fee.setObjectName("room_fee")
        self.fee.setRange(0, 10_000_000)
        self.fee.setSingleStep(100)
        self.fee.setGroupSeparatorShown(True)
        self.fee.setSuffix(" 円")
        self.fee.setValue(data.fee_per_slot)
        self.counts = QCheckBox("稼働率に含める")
        self.counts.setObjectName("room_counts_for_rate")
        self.counts.setChecked(data.counts_for_rate)
        self.fee_label = QLabel()
        self.fee_label.setObjectName("room_fee_label")
        self.slots.textChanged.connect(lambda _t: self._name_fee_unit())
        self._name_fee_unit()
        self.error = FieldError()
        form = QFormLayout()
        for label, widget in (("部屋名", self.name), ("定員", self.capacity), ("時間帯", self.slots)):
            form.addRow(label, widget)
        form.addRow(self.fee_label, self.fee)
        form.addRow("", self.counts)
        finish_form(self, form, self.error, "保存する", "room_save", self._save)

    def _name_fee_unit(self) -> None:
        """A room lent by the hour (時間貸し: 「9〜21時」) charges per hour, the others per コマ."""
        from app.domain.facility import is_hourly, parse_slots

        self.fee_label.setText("使用料（1時間）" if is_hourly(parse_slots(self.slots.text())) else "使用料（1コマ）")

    def value(self) -> RoomData:
        from app.domain.facility import parse_slots

        return RoomData(self.name.text(), self.capacity.value() or None, parse_slots(self.slots.text()),
                        self.fee.value(), self.counts.isChecked())

    def _save(self) -> None:
        refused = self.save(self.value())
        if refused is not None:
            self.error.show_messages([p.message for p in refused.problems])
            return
        self.accept()


class UserDialog(QDialog):
    """利用団体: name, reading, contact, kind, 減免, and the 構成団体 of the 名簿 it is (linked: the name
    follows the 名簿 and is not typed). `save` stores it (through the undo stack) and returns the
    refusal, shown here with the typing kept."""

    NOT_LINKED = "（結びつけない）"

    def __init__(self, save: Callable[[UserData], ValidationError | None], data: UserData | None = None,
                 organisations: list[tuple[int, str]] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("利用団体")
        data = data or UserData("")
        self.save = save
        self.name = QLineEdit(data.name)
        self.name.setObjectName("user_name")
        self.furigana = QLineEdit(data.furigana)
        self.furigana.setObjectName("user_furigana")
        self.contact = QLineEdit(data.contact_person)
        self.phone = QLineEdit(data.phone)
        self.phone.setObjectName("user_phone")
        self.kind = QComboBox()
        self.kind.setObjectName("user_kind")
        self.kind.addItems(USER_KINDS)
        self.kind.setCurrentText(data.kind)
        self.organisation = QComboBox()
        self.organisation.setObjectName("user_organisation")
        self.organisation.addItem(self.NOT_LINKED, None)
        # 「（結びつけない）」 whole even when the 名簿 has no longer name (the style draws it a little wider
        # than the width its items ask for)
        self.organisation.setMinimumContentsLength(20)
        for org_id, org_name in organisations or []:
            self.organisation.addItem(org_name, org_id)
        self.organisation.setCurrentIndex(max(0, self.organisation.findData(data.organisation_id)))
        self.organisation.currentIndexChanged.connect(lambda _i: self._follow_register())
        self.typed_name = data.name if data.organisation_id is None else ""
        self.exemption = QComboBox()
        self.exemption.setObjectName("user_exemption")
        self.exemption.addItems(EXEMPTIONS)
        self.exemption.setCurrentText(data.exemption)
        self.reason = QLineEdit(data.exemption_reason)
        self.reason.setObjectName("user_reason")
        self.error = FieldError()
        form = QFormLayout()
        for label, widget in (("名簿の構成団体", self.organisation), ("利用団体名", self.name), ("ふりがな", self.furigana),
                              ("連絡担当者", self.contact), ("電話", self.phone), ("種別", self.kind),
                              ("減免区分", self.exemption), ("減免理由", self.reason)):
            form.addRow(label, widget)
        finish_form(self, form, self.error, "保存する", "user_save", self._save)
        self._follow_register()

    def _follow_register(self) -> None:
        """Linked to a 構成団体: its name is the 名簿's (not typed, it follows the 名簿) and its kind 構成団体."""
        linked = self.organisation.currentData() is not None
        if linked:
            if self.name.isEnabled():
                self.typed_name = self.name.text()
            self.name.setText(self.organisation.currentText().removesuffix("（退会）"))
            self.kind.setCurrentText("構成団体")
        elif not self.name.isEnabled():
            self.name.setText(self.typed_name)
            if self.kind.currentText() == "構成団体":
                self.kind.setCurrentText("登録団体")
        self.name.setEnabled(not linked)
        self.kind.setEnabled(not linked)
        self.name.setToolTip("名簿の構成団体と結びついた利用団体の名前は、名簿の名称に合わせて変わります" if linked else "")

    def _save(self) -> None:
        refused = self.save(self.value())
        if refused is not None:
            self.error.show_messages([p.message for p in refused.problems])
            return
        self.accept()

    def value(self) -> UserData:
        return UserData(self.name.text(), self.furigana.text(), self.contact.text(), self.phone.text(),
                        self.kind.currentText(), self.organisation.currentData(), self.exemption.currentText(),
                        self.reason.text())


class ClosedDaysDialog(QDialog):
    """休館日 of the year: the list, add one day, 年末年始, a weekly day; remove the selected. A change
    to a day another PC changed since the list was read is refused under the list (who changed which
    day and when): the list then shows theirs, the day and reason typed stay, and the same button
    again saves on purpose."""

    def __init__(self, db: Any, year: Any, parent: QWidget | None = None):
        from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton

        from app.services.facility import calendar as cal

        super().__init__(parent)
        self.setWindowTitle(f"休館日（{year.label}）")
        self.db, self.year, self.cal, self.item_class = db, year, cal, QListWidgetItem
        self.changed = False
        self.shown: dict[date, str] = {}  # the 休館日 as the list shows them: what a change is checked against
        self.list = QListWidget()
        self.list.setObjectName("closed_days_list")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.day = QDateEdit(_qdate(year.start))
        self.day.setObjectName("closed_days_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy/MM/dd")
        self.reason = QLineEdit("休館日")
        self.reason.setObjectName("closed_days_reason")
        self.weekday = QComboBox()
        self.weekday.addItems([f"{w}曜" for w in cal.WEEKDAYS])
        add, new_year, weekly, remove = (QPushButton("この日を追加"), QPushButton("年末年始を追加"),
                                         QPushButton("毎週この曜日を追加"), QPushButton("選んだ日を開館日に戻す"))
        add.setObjectName("closed_days_add")
        remove.setObjectName("closed_days_remove")
        add.clicked.connect(lambda: self._set({_pydate(self.day.date()): self.reason.text()}))
        new_year.clicked.connect(lambda: self._set(cal.new_year_holidays(year)))
        weekly.clicked.connect(lambda: self._set(cal.weekly_closed(year, self.weekday.currentIndex())))
        remove.clicked.connect(self._remove)
        self.error = FieldError()
        self.error.setObjectName("closed_days_error")
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for w in (self.day, self.reason, add):
            row1.addWidget(w)
        for w in (new_year, self.weekday, weekly, remove):
            row2.addWidget(w)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(close)
        self._reload()

    def _reload(self) -> None:
        self.list.clear()
        self.shown = self.cal.list_closed_days(self.db, self.year)
        for day, reason in sorted(self.shown.items()):
            item = self.item_class(f"{day.year}/{day.month}/{day.day}（{self.cal.WEEKDAYS[day.weekday()]}） {reason}")
            item.setData(256, day)
            self.list.addItem(item)

    def _store(self, change: Callable[[], object]) -> None:
        """Run a change against the list shown; a refusal is told under the list (which then shows
        what is stored now, so the same button again saves on purpose)."""
        try:
            change()
        except ValidationError as exc:
            self.error.show_messages([p.message for p in exc.problems])
            if isinstance(exc, EditConflict):
                self._reload()
            return
        self.error.show_messages([])
        self.changed = True
        self._reload()

    def _set(self, days: dict[date, str]) -> None:
        shown = dict(self.shown)
        self._store(lambda: self.cal.set_closed(self.db, days, shown=shown))

    def _remove(self) -> None:
        days = [item.data(256) for item in self.list.selectedItems()]
        if days:
            shown = dict(self.shown)
            self._store(lambda: self.cal.set_open(self.db, days, shown=shown))


class YearNoteDialog(QDialog):
    """The free text of the 指定管理業務報告書: 施設の維持管理（点検・修繕） and 利用者の声."""

    def __init__(self, db: Any, year: Any, parent: QWidget | None = None):
        from PySide6.QtWidgets import QLabel, QPlainTextEdit

        from app.services.facility.report_data import get_year_note, save_year_note

        super().__init__(parent)
        self.setWindowTitle(f"指定管理業務報告書の記述（{year.label}）")
        self.db, self.year, self.save_note = db, year, save_year_note
        maintenance, voices = get_year_note(db, year)
        self.shown = (maintenance, voices)  # what a save is checked against (another PC's save since)
        self.maintenance = QPlainTextEdit(maintenance)
        self.maintenance.setObjectName("note_maintenance")
        self.voices = QPlainTextEdit(voices)
        self.voices.setObjectName("note_voices")
        self.error = FieldError()
        body = QVBoxLayout()
        for widget in (QLabel("施設の維持管理（点検・修繕など）"), self.maintenance, QLabel("利用者の声"), self.voices):
            body.addWidget(widget)
        finish_form(self, body, self.error, "保存する", "note_save", self._save)

    def _save(self) -> None:
        try:
            self.save_note(self.db, self.year, self.maintenance.toPlainText(), self.voices.toPlainText(),
                           expected=self.shown)
        except ValidationError as exc:
            if isinstance(exc, EditConflict):  # what is typed stays; 保存する again overwrites on purpose
                self.shown = exc.current
            self.error.show_messages([p.message for p in exc.problems])
            return
        self.accept()
