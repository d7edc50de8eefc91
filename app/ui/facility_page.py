"""施設: the centre's rooms — the week's and the month's bookings, 利用団体, 利用状況 with fees to the books."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.facility import UsageCell, UsageComparison, format_rate
from app.domain.fiscal_year import FiscalYear
from app.domain.validation import ValidationError
from app.domain.wareki import format_wareki
from app.services.changes import ORGANISATIONS, Changes
from app.services.facility import bookings as svc
from app.services.facility.bookings import BOOKINGS
from app.services.facility.calendar import CLOSED_DAYS, closed_days_between
from app.services.facility.fees import post_fees, receive_in_advance, unposted_fees
from app.services.facility.operations import ChangeBookings, MergeUsers, PostFees, save_user_op
from app.services.facility.rooms import ROOMS, list_rooms
from app.services.facility.usage import usage_comparison
from app.services.facility.users import (
    USERS,
    UserData,
    UserRecord,
    list_users,
    organisation_choices,
    similar_users,
    user_record,
)
from app.services.records import EditConflict
from app.ui.column_fit import SIDEWAYS_REASON
from app.ui.context import AppContext
from app.ui.facility_dialogs import BookingDialog, ClosedDaysDialog, FeeDialog, UserDialog, YearNoteDialog
from app.ui.facility_grid import BookingGridModel
from app.ui.facility_rooms import RoomsTab
from app.ui.monthly_chart import MonthlyChart, table_over_chart
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.widgets import EmptyHint

# what this section's edits touch (app.services.changes areas), and what it shows
AREA = Changes.of(BOOKINGS) | Changes.of(USERS) | Changes.of(CLOSED_DAYS)
SHOWN = (BOOKINGS, USERS, ROOMS, CLOSED_DAYS, ORGANISATIONS)  # users may be 構成団体 of the 名簿


# the actions of a booked cell
RECORD_USE, CHANGE_FEE, RECEIVE_FEE = "利用人数を記録（利用済）", "使用料を変更…", "使用料を受け取る（前納）"
CANCEL, NO_SHOW_CHOICE = "取り消す", "無断キャンセルにする"


def _where(booking: svc.BookingInfo) -> str:
    """「会議室1 5/13 午後：囲碁の会」."""
    return f"{booking.room_name} {booking.used_on.month}/{booking.used_on.day} {booking.slot}：{booking.user_name}"


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


class BookingGrid(QWidget):
    """A week (7 days) or a month of bookings with navigation; Enter or double-click books a free cell
    or opens the actions of a booked one."""

    def __init__(self, ctx: AppContext, name: str, month_view: bool):
        super().__init__()
        self.ctx, self.month_view = ctx, month_view
        today = date.today()
        self.first = date(today.year, today.month, 1) if month_view else _week_start(today)
        self.model = BookingGridModel()
        self.view = QTableView()
        self.view.setObjectName(f"{name}_grid")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Shift/Ctrl add cells: 使用料を変更…, 取消 and 無断キャンセル then apply to every booked cell chosen
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch if not month_view else QHeaderView.ResizeMode.ResizeToContents
        )
        if month_view:  # a day per column: a month is wider than the screen and scrolls, as on a wall calendar
            self.view.setProperty(SIDEWAYS_REASON, "ひと月の日付は1日1列で、画面に収まらないときは横に送ります")
        self.view.doubleClicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.title = QLabel()
        self.title.setObjectName(f"{name}_title")
        self.title.setWordWrap(True)  # the week's dates and count must not widen the window at 150%
        prev, now, nxt = QPushButton("◀ 前"), QPushButton("今日"), QPushButton("次 ▶")
        prev.setObjectName(f"{name}_prev")
        nxt.setObjectName(f"{name}_next")
        prev.clicked.connect(lambda: self._move(-1))
        nxt.clicked.connect(lambda: self._move(1))
        now.clicked.connect(self._today)
        bar = QHBoxLayout()
        for w in (prev, now, nxt):
            bar.addWidget(w)
        bar.addWidget(self.title, 1)
        if not month_view:
            printing = QPushButton("本日の利用予定（PDF）")  # opens the viewer, no dialog: no 「…」
            printing.setObjectName("facility_today_pdf")
            printing.clicked.connect(self._today_pdf)
            bar.addWidget(printing)
        legend = QLabel("■予約　■利用済　■無断キャンセル　■休館日")
        legend.setTextFormat(Qt.TextFormat.RichText)
        legend.setText('<span style="color:#3b82f6">■</span>予約　<span style="color:#16a34a">■</span>利用済　'
                       '<span style="color:#dc2626">■</span>無断キャンセル　<span style="color:#9ca3af">■</span>休館日')
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(legend)
        self.hint = EmptyHint(self.view, "部屋が登録されていません。「部屋」のタブの「追加…」で部屋を登録してください。")

    def _days(self) -> int:
        return calendar.monthrange(self.first.year, self.first.month)[1] if self.month_view else 7

    def _move(self, step: int) -> None:
        if self.month_view:
            y, m = self.first.year, self.first.month + step
            y, m = (y - 1, 12) if m < 1 else (y + 1, 1) if m > 12 else (y, m)
            self.first = date(y, m, 1)
        else:
            self.first += timedelta(days=7 * step)
        self.reload()

    def _today(self) -> None:
        today = date.today()
        self.first = date(today.year, today.month, 1) if self.month_view else _week_start(today)
        self.reload()

    def show_day(self, day: date) -> None:
        self.first = date(day.year, day.month, 1) if self.month_view else _week_start(day)
        self.reload()

    def reload(self) -> None:
        last = self.first + timedelta(days=self._days() - 1)
        rooms = list_rooms(self.ctx.db, with_use=False)
        bookings = svc.list_bookings(self.ctx.db, self.first, last, include_cancelled=False)
        closed = closed_days_between(self.ctx.db, self.first, last)
        self.model.load(rooms, self.first, self._days(), bookings, closed, compact=self.month_view)
        label = f"{self.first.year}年{self.first.month}月" if self.month_view else (
            f"{self.first.year}年{self.first.month}月{self.first.day}日〜{last.month}月{last.day}日")
        self.title.setText(f"<b>{label}</b>　予約 {len(bookings)}件")
        self.hint.refresh()

    def _activate(self, index: QModelIndex) -> None:
        if not index.isValid() or self.ctx.read_only:
            return
        row, day, booking = self.model.at(index)
        if booking is None:
            dialog = BookingDialog(self.ctx.db, list_rooms(self.ctx.db), list_users(self.ctx.db), row.room.id,
                                   day, row.slot, lambda op: perform(self.ctx, op), self)
            if dialog.exec():
                self.ctx.data_changed.emit(Changes.of(USERS))  # a new 利用団体 may have been registered
            return
        self._booked_actions(booking)

    def selected_bookings(self, booking: svc.BookingInfo) -> list[svc.BookingInfo]:
        """The booked cells chosen with `booking` (Shift/Ctrl-click or Shift+arrows), in grid order;
        just `booking` when it is not among them."""
        chosen: dict[int, svc.BookingInfo] = {}
        for index in sorted(self.view.selectionModel().selectedIndexes(), key=lambda i: (i.column(), i.row())):
            found = self.model.at(index)[2]
            if found is not None:
                chosen.setdefault(found.id, found)
        return list(chosen.values()) if booking.id in chosen else [booking]

    def _booked_actions(self, booking: svc.BookingInfo) -> None:
        several = self.selected_bookings(booking)
        where = _where(booking)
        if len(several) > 1:
            self._several_actions(several)
            return
        choices = [RECORD_USE, CHANGE_FEE, RECEIVE_FEE, CANCEL, NO_SHOW_CHOICE]
        choice, ok = QInputDialog.getItem(self, "予約の操作", where, choices, 0, False)
        if not ok:
            return
        db, ids = self.ctx.db, [booking.id]
        read = {booking.id: booking.version}  # as the grid showed it: another PC's change since is named
        if choice == RECORD_USE:
            people, ok = QInputDialog.getInt(self, "利用人数", where, booking.expected_people or 0, 0, 9999)
            if ok:
                self._change(f"利用人数の記録（{where}）", ids, read,
                             lambda versions: svc.record_use(db, {booking.id: people}, versions=versions))
        elif choice == CHANGE_FEE:
            self._change_fee([booking], where, read)
        elif choice == RECEIVE_FEE:
            self._receive_in_advance(booking, where)
        else:
            self._end(choice, ids, where, read)

    def _end(self, choice: str, ids: list[int], where: str, read: dict[int, int]) -> None:
        """取消 (asking the reason) or 無断キャンセル of the bookings `ids`, one undo step."""
        if choice == CANCEL:
            reason, ok = QInputDialog.getText(self, "取消の理由", where)
            if ok:
                self._cancel(ids, where, reason, read)
        else:
            db = self.ctx.db
            self._change(f"無断キャンセル（{where}）", ids, read,
                         lambda versions: svc.mark_no_show(db, ids, versions=versions))

    def _several_actions(self, bookings: list[svc.BookingInfo]) -> None:
        """The actions that apply to every booked cell chosen, each one undo step for all of them."""
        where = f"選んだ{len(bookings)}件の予約（{_where(bookings[0])} ほか）"
        shown = "\n".join(_where(b) for b in bookings[:8]) + (f"\n…ほか{len(bookings) - 8}件" if len(bookings) > 8 else "")
        choice, ok = QInputDialog.getItem(self, "予約の操作", f"選んだ{len(bookings)}件の予約:\n{shown}",
                                          [CHANGE_FEE, CANCEL, NO_SHOW_CHOICE], 0, False)
        if not ok:
            return
        read = {b.id: b.version for b in bookings}
        if choice == CHANGE_FEE:
            self._change_fee(bookings, where, read)
        else:
            self._end(choice, [b.id for b in bookings], where, read)

    def _change_fee(self, bookings: list[svc.BookingInfo], where: str, read: dict[int, int]) -> None:
        """使用料の変更 of the booked slots (one or several: one fee per slot, one undo step) with its
        reason, in a form that stays open (typing kept) while it is refused."""
        db, ids = self.ctx.db, [b.id for b in bookings]

        def save(fee: int, reason: str) -> ValidationError | None:
            return self._change(f"使用料の変更（{where}）", ids, read, lambda versions: svc.change_fee(
                db, ids, fee, reason, versions=versions), show_refusal=False)

        FeeDialog(bookings, where, save, self).exec()

    def _receive_in_advance(self, booking: svc.BookingInfo, where: str) -> None:
        """前納: the fee of the booking (every slot booked with it) received at the desk today, as one
        receipt of 施設使用料 in the cash book; 編集 → 元に戻す takes it back out."""
        together = [b for b in self.model.cells.values()
                    if booking.group_key and b.group_key == booking.group_key] or [booking]
        due = [b for b in together if not b.posted and b.fee > 0]
        if not due:
            QMessageBox.information(self, "使用料の前納", "受け取る使用料がありません（受領済み・免除の予約です）。")
            return
        day, total = date.today(), sum(b.fee for b in due)
        slots = "・".join(b.slot for b in due)
        answer = QMessageBox.question(
            self, "使用料の前納", f"{where}\n{slots}の使用料 {total:,}円 を今日（{format_wareki(day)}）受け取り、"
            "出納簿に施設使用料として記帳しますか。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        db, ids = self.ctx.db, [b.id for b in due]
        operation = PostFees(f"使用料の前納（{where}）", db,
                             lambda: receive_in_advance(db, FiscalYear.of(day), ids, day))
        refused = perform(self.ctx, operation)
        if refused is not None:
            QMessageBox.warning(self, "使用料の前納", str(refused))
            return
        vouchers = "、".join(str(p.voucher_no) for p in operation.posted)
        QMessageBox.information(self, "使用料の前納", f"施設使用料 {total:,}円 を出納簿に記帳しました（証憑番号 {vouchers}）。"
                                "（編集 → 元に戻す で取り消せます）")

    def _change(self, label: str, ids: list[int], read: dict[int, int],
                change: Callable[[dict[int, int]], Changes], *, show_refusal: bool = True) -> ValidationError | None:
        """Change booked slots through the undo stack, naming the versions the grid showed. When another
        PC changed the booking since, its change is shown and what was entered (people, reason) is kept:
        going ahead makes the change over theirs on purpose. A refusal other than a question is shown."""
        db = self.ctx.db
        refused = perform(self.ctx, ChangeBookings(label, db, ids, lambda: change(dict(read))))
        if isinstance(refused, EditConflict):
            theirs = "\n".join(str(refused).splitlines()[:-1])  # without the form's advice (保存 again)
            answer = QMessageBox.question(self, "予約が変更されています",
                                          f"{theirs}\n\n入力した内容で、このまま{label}を行いますか。")
            if answer != QMessageBox.StandardButton.Yes:
                return refused
            # the versions stored now, of every booking the message named: going ahead is over their changes
            read.update(refused.current if isinstance(refused.current, dict)
                        else dict.fromkeys(ids, refused.current_version))
            refused = perform(self.ctx, ChangeBookings(label, db, ids, lambda: change(dict(read))))
        if refused is not None and show_refusal and not isinstance(refused, svc.ConfirmationNeeded):
            QMessageBox.warning(self, "操作できません", str(refused))
        return refused

    def _cancel(self, ids: list[int], where: str, reason: str, read: dict[int, int]) -> None:
        db, today = self.ctx.db, date.today()

        def cancel(keep_paid_fee: bool | None) -> ValidationError | None:
            return self._change(f"予約の取消（{where}）", ids, read, lambda versions: svc.cancel(
                db, ids, today, reason, keep_paid_fee=keep_paid_fee, versions=versions))

        asked = cancel(None)
        if not isinstance(asked, svc.ConfirmationNeeded):
            return
        box = QMessageBox(QMessageBox.Icon.Question, "受領済みの使用料", str(asked), parent=self)
        keep = box.addButton("キャンセル料として受け取る", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("返金する", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("やめる", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.RejectRole:
            return
        cancel(box.clickedButton() is keep)

    def _today_pdf(self) -> None:
        """本日の利用予定 for the front desk: the PDF opens in the viewer, ready to print."""
        import tempfile
        from pathlib import Path

        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from app.reports.facility import build_today_list
        from app.reports.pdf_writer import write_pdf
        from app.services.facility.report_data import today_list_data

        day = date.today()
        out = Path(tempfile.mkdtemp(prefix="kyodo-")) / f"本日の利用予定_{day:%Y%m%d}.pdf"
        write_pdf(build_today_list(today_list_data(self.ctx.db, day)), out)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))


class UsersTab(QWidget):
    COLUMNS = [
        ColumnSpec("name", "利用団体名", width=22), ColumnSpec("furigana", "ふりがな", width=18),
        ColumnSpec("kind", "種別", width=8), ColumnSpec("exemption", "減免", width=8),
        ColumnSpec("contact_person", "連絡担当者", width=12), ColumnSpec("phone", "電話", width=14),
    ]

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.model = RowTableModel(self.COLUMNS)
        self.view = QTableView()
        self.view.setObjectName("facility_users_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several, to merge
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self._edit())
        self.similar = QLabel()
        self.similar.setObjectName("facility_users_similar")
        self.similar.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("facility_users_search")
        self.search.setPlaceholderText("検索（名前・ふりがな・別の書き方）")
        self.search.textChanged.connect(lambda _t: self.reload())
        add, edit = QPushButton("追加…"), QPushButton("編集…")
        add.setObjectName("facility_users_add")
        edit.setObjectName("facility_users_edit")
        add.setEnabled(not ctx.read_only)
        edit.setEnabled(not ctx.read_only)
        add.clicked.connect(self._add)
        edit.clicked.connect(self._edit)
        merge = QPushButton("まとめる…")
        merge.setObjectName("facility_users_merge")
        merge.setToolTip("選んだ利用団体（同じ団体の別の書き方）を一つにまとめます。予約は残す名前に移ります。")
        merge.setEnabled(not ctx.read_only)
        merge.clicked.connect(self._merge)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(add)
        bar.addWidget(edit)
        bar.addWidget(merge)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.similar)
        layout.addWidget(self.view, 1)
        self.users: list[Any] = []
        EmptyHint(self.view, "利用団体はまだありません。「追加…」で登録するか、利用簿を取り込んでください。")

    def reload(self) -> None:
        self.users = list_users(self.ctx.db, self.search.text())
        self.model.set_rows([
            {"id": u.id, "name": u.name, "furigana": u.data.furigana, "kind": u.data.kind,
             "exemption": u.data.exemption, "contact_person": u.data.contact_person, "phone": u.data.phone}
            for u in self.users
        ])
        self._show_similar()

    def _show_similar(self) -> None:
        groups = similar_users(self.ctx.db)
        self.similar.setText("似た名前の利用団体（同じ団体なら選んで「まとめる…」）: " + "、".join(
            " / ".join(g) for g in groups) if groups else "")
        self.similar.setVisible(bool(groups))

    def _merge(self) -> None:
        chosen = [self.users[i.row()] for i in self.view.selectionModel().selectedRows()]
        if self.ctx.read_only:
            return
        if len(chosen) < 2:
            QMessageBox.information(self, "利用団体をまとめる",
                                    "同じ団体の別の書き方を二つ以上選んでから「まとめる…」を押してください"
                                    "（Ctrl を押しながらクリックで複数選べます）。")
            return
        names = [u.name for u in chosen]
        keep_name, ok = QInputDialog.getItem(
            self, "利用団体をまとめる", f"{'・'.join(names)} を一つにまとめます。残す名前を選んでください"
            "（ほかの名前は別の書き方として覚え、予約は残す名前に移ります）:", names, 0, False)
        if not ok:
            return
        keep = chosen[names.index(keep_name)]
        refused = perform(self.ctx, MergeUsers(self.ctx.db, keep.id, [u.id for u in chosen if u is not keep], keep.name))
        if refused is not None:
            QMessageBox.warning(self, "利用団体をまとめる", str(refused))

    def _save(self, before: UserRecord | None, after: UserRecord) -> ValidationError | None:
        """Through the undo stack (編集 → 元に戻す); the refusal, if the service refused it."""
        return perform(self.ctx, save_user_op(self.ctx.db, before, after))

    def _add(self) -> None:
        organisations = organisation_choices(self.ctx.db)
        UserDialog(lambda data: self._save(None, UserRecord(None, data)), None, organisations, self).exec()

    def _edit(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows or self.ctx.read_only:
            return
        user = self.users[rows[0].row()]
        before = user_record(user)
        read = [user.version]  # the version the form was filled from; after a conflict, the one seen

        def save(data: UserData) -> ValidationError | None:
            refused = self._save(before, UserRecord(user.id, data, read[0]))
            if isinstance(refused, EditConflict):  # shown in the form, typing kept: 保存 again overwrites
                read[0] = refused.current_version
            return refused

        UserDialog(save, user.data, organisation_choices(self.ctx.db), self).exec()


def _usage_row(label: str, cell: UsageCell, prev: UsageCell | None) -> dict[str, Any]:
    """One line of the 利用状況 table: this period, and the same period last year (－ when none)."""
    return {
        "room": label, "count": cell.count, "people": cell.people,
        "rate": format_rate(cell.occupancy.rate_percent), "fees": cell.fees, "exempt": cell.exemptions,
        "last_count": prev.count if prev else None, "last_people": prev.people if prev else None,
        "last_rate": format_rate(prev.occupancy.rate_percent) if prev else "－",
        "last_fees": prev.fees if prev else None, "last_exempt": prev.exemptions if prev else None,
    }


# What the 利用状況 chart can show per month: label, unit, value of a month's total
CHART_FIGURES: tuple[tuple[str, str, Callable[[UsageCell], int]], ...] = (
    ("利用者数", "人", lambda c: c.people),
    ("利用件数", "件", lambda c: c.count),
    ("使用料", "円", lambda c: c.fees),
)


class UsageTab(QWidget):
    """利用状況: per room for the year or a month, this year beside last; fees to the cash book; a bar
    chart of the year month by month (4月〜3月), this year beside last year."""

    COLUMNS = [
        ColumnSpec("room", "部屋", width=14), ColumnSpec("count", "件数", "int"), ColumnSpec("people", "人数", "int"),
        ColumnSpec("rate", "稼働率"), ColumnSpec("fees", "使用料", "yen"), ColumnSpec("exempt", "減免額", "yen"),
        # last year's on two lines (前年度 above): ten columns fit 1366 pixels at 150% text
        ColumnSpec("last_count", "前年度\n件数", "int"), ColumnSpec("last_people", "前年度\n人数", "int"),
        ColumnSpec("last_rate", "前年度\n稼働率"), ColumnSpec("last_fees", "前年度\n使用料", "yen"),
        ColumnSpec("last_exempt", "前年度\n減免額", "yen"),
    ]

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.month = QComboBox()
        self.month.setObjectName("facility_usage_month")
        self.month.addItem("年間", None)
        for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3):
            self.month.addItem(f"{m}月", m)
        self.month.currentIndexChanged.connect(lambda _i: self.reload())
        self.model = RowTableModel(self.COLUMNS)
        self.view = QTableView()
        self.view.setObjectName("facility_usage_table")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.unposted = QLabel()
        self.unposted.setObjectName("facility_unposted")
        self.post = QPushButton("使用料を出納簿に記帳…")
        self.post.setObjectName("facility_post_fees")
        self.post.setEnabled(not ctx.read_only)
        self.post.clicked.connect(self._post)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("期間"))
        bar.addWidget(self.month)
        bar.addStretch(1)
        # The fees not yet in the cash book on a row of their own: one row was wider than a
        # 1280-pixel screen at 150% text.
        fees = QHBoxLayout()
        self.unposted.setWordWrap(True)
        fees.addWidget(self.unposted, 1)
        fees.addWidget(self.post)
        closed, notes = QPushButton("休館日…"), QPushButton("報告書の記述…")
        closed.setObjectName("facility_closed_days")
        notes.setObjectName("facility_year_note")
        for button in (closed, notes):
            button.setEnabled(not ctx.read_only)
        closed.clicked.connect(self._closed_days)
        notes.clicked.connect(lambda: YearNoteDialog(ctx.db, ctx.fiscal_year, self).exec())
        bar.addWidget(closed)
        bar.addWidget(notes)
        self.figure = QComboBox()
        self.figure.setObjectName("facility_usage_chart_figure")
        for label, unit, _value in CHART_FIGURES:
            self.figure.addItem(f"{label}（{unit}）")
        # sized in characters (a kanji is two), so that no item is cut when the text is enlarged (150%)
        longest = max(len(self.figure.itemText(i)) for i in range(self.figure.count()))
        self.figure.setMinimumContentsLength(2 * longest + 1)
        self.figure.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.figure.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.chart = MonthlyChart()
        self.chart.setObjectName("facility_usage_chart")
        chart_bar = QHBoxLayout()
        chart_bar.addWidget(QLabel("月別のグラフ"))
        chart_bar.addWidget(self.figure)
        chart_bar.addStretch(1)
        split = table_over_chart(self.view, chart_bar, self.chart)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(fees)
        layout.addWidget(split, 1)
        self.year_usage: UsageComparison | None = None

    def _draw_chart(self) -> None:
        if self.year_usage is None:
            return
        label, unit, value = CHART_FIGURES[self.figure.currentIndex()]
        this, last = self.year_usage.this_year, self.year_usage.last_year
        self.chart.set_series([
            (f"{this.year.label} {label}（{unit}）", [value(c) for c in this.month_totals]),
            (f"{last.year.label}（前年度）", [value(c) for c in last.month_totals]),
        ])

    def reload(self) -> None:
        month = self.month.currentData()
        self.year_usage = usage_comparison(self.ctx.db, self.ctx.fiscal_year)  # the chart: the whole year
        self._draw_chart()
        usage = self.year_usage if month is None else usage_comparison(self.ctx.db, self.ctx.fiscal_year, month)
        last = {r.room_id: r for r in usage.last_year.rooms}
        index = None if month is None else 0
        rows = []
        for room in usage.this_year.rooms:
            prev_room = last.get(room.room_id)
            prev = (prev_room.total if index is None else prev_room.months[index]) if prev_room else None
            rows.append(_usage_row(room.room_name, room.total if index is None else room.months[index], prev))
        total = usage.this_year.total if index is None else usage.this_year.month_totals[index]
        prev_total = usage.last_year.total if index is None else usage.last_year.month_totals[index]
        rows.append(_usage_row("合計", total, prev_total))
        self.model.set_rows(rows)
        pending = unposted_fees(self.ctx.db, self.ctx.fiscal_year, month)
        self.unposted.setText(f"未記帳の使用料 {sum(pending.values()):,}円（{len(pending)}日分）")
        self.post.setEnabled(bool(pending) and not self.ctx.read_only)

    def _closed_days(self) -> None:
        dialog = ClosedDaysDialog(self.ctx.db, self.ctx.fiscal_year, self)
        dialog.exec()
        if dialog.changed:
            self.ctx.data_changed.emit(AREA)

    def _post(self) -> None:
        month = self.month.currentData()
        per, ok = QInputDialog.getItem(self, "使用料の記帳", "出納簿への記帳のしかた", ["1日ごとに1件", "1か月ごとに1件"], 1, False)
        if not ok:
            return
        db, fy, how = self.ctx.db, self.ctx.fiscal_year, "day" if per.startswith("1日") else "month"
        what = f"{month}月" if month is not None else fy.label
        operation = PostFees(f"施設使用料の記帳（{what}）", db, lambda: post_fees(db, fy, month=month, per=how))
        refused = perform(self.ctx, operation)  # 編集 → 元に戻す takes the receipts back out
        if refused is not None:
            QMessageBox.warning(self, "記帳できません", str(refused))
            return
        total = sum(p.amount for p in operation.posted)
        QMessageBox.information(self, "記帳しました",
                                f"施設使用料 {total:,}円 を出納簿に{len(operation.posted)}件記帳しました。"
                                "（編集 → 元に戻す で取り消せます）")


class FacilityPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.tabs.setObjectName("facility_tabs")
        self.week = BookingGrid(ctx, "facility_week", month_view=False)
        self.month = BookingGrid(ctx, "facility_month", month_view=True)
        self.users = UsersTab(ctx)
        self.usage = UsageTab(ctx)
        self.rooms = RoomsTab(ctx)
        self.tabs.addTab(self.week, "週間予定")
        self.tabs.addTab(self.month, "月間予定")
        self.tabs.addTab(self.users, "利用団体")
        self.tabs.addTab(self.usage, "利用状況")
        self.tabs.addTab(self.rooms, "部屋")
        importing = QPushButton("予約の取り込み…")
        importing.setObjectName("facility_import")
        importing.setToolTip("利用簿（1行1件）や月ごとの予定表（Excel・CSV）から予約を取り込みます")
        importing.setEnabled(not ctx.read_only)
        importing.clicked.connect(self._import)
        self.tabs.setCornerWidget(importing)  # beside the tabs: it fills every tab's lists
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        ctx.data_changed.connect(self._data_changed)
        ctx.fiscal_year_changed.connect(lambda _y: self.usage.reload())
        self.reload()

    def _import(self) -> None:
        from app.ui.facility_import import import_bookings  # the import machinery loads on first use

        import_bookings(self.ctx, self)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(*SHOWN):
            self.reload()

    def reload(self) -> None:
        for tab in (self.week, self.month, self.users, self.usage, self.rooms):
            tab.reload()

