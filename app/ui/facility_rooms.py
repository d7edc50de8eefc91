"""施設 > 部屋: the rooms the centre lends — add, rename, 定員・時間帯・使用料, 使用終了, delete an unused
one — each undoable. An edit over another PC's save is refused, naming their change, typing kept."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.facility import format_slots, is_hourly
from app.domain.validation import ValidationError
from app.services.facility.operations import delete_room_op, save_room_op
from app.services.facility.rooms import RoomData, RoomInfo, RoomRecord, list_rooms
from app.services.records import EditConflict
from app.ui.context import AppContext
from app.ui.facility_dialogs import RoomDialog
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec, RowTableModel
from app.ui.widgets import EmptyHint


class RoomsTab(QWidget):
    """部屋: add, rename, change 定員・時間帯・使用料, retire (使用終了) or bring back, delete one never
    booked; each undoable."""

    COLUMNS = [
        ColumnSpec("name", "部屋名", width=16), ColumnSpec("capacity", "定員", "int"),
        ColumnSpec("slots", "時間帯", width=22), ColumnSpec("fee", "使用料（1コマ）", "yen"),
        ColumnSpec("rate", "稼働率", width=8), ColumnSpec("bookings", "予約件数", "int"),
        ColumnSpec("state", "状態", width=8),
    ]

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.model = RowTableModel(self.COLUMNS)
        self.view = QTableView()
        self.view.setObjectName("facility_rooms_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self._edit())
        bar = QHBoxLayout()
        for name, text, slot in (("facility_rooms_add", "追加…", self._add), ("facility_rooms_edit", "編集…", self._edit),
                                 ("facility_rooms_retire", "使用終了／再開", self._toggle_retired),
                                 ("facility_rooms_delete", "削除", self._delete)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setEnabled(not ctx.read_only)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.rooms: list[RoomInfo] = []
        EmptyHint(self.view, "部屋はまだありません。「追加…」で貸し出す部屋を登録してください。")

    def reload(self) -> None:
        self.rooms = list_rooms(self.ctx.db, include_retired=True)
        self.model.set_rows([
            {"id": r.id, "name": r.name, "capacity": r.data.capacity, "slots": format_slots(r.data.slots, "・"),
             "fee": r.data.fee_per_slot, "rate": "含める" if r.data.counts_for_rate else "含めない",
             "state": "使用終了" if r.retired else "使用中", "bookings": r.bookings}
            for r in self.rooms
        ])
        self._name_fee_unit()
        self.view.resizeColumnsToContents()  # 「午前・午後・夜間」 on one line

    def _name_fee_unit(self) -> None:
        """A room lent by the hour (時間貸し: every slot an hour) charges per hour, not per コマ."""
        hourly = [is_hourly(r.data.slots) for r in self.rooms]
        unit = "1時間" if hourly and all(hourly) else "1コマ・時間貸しは1時間" if any(hourly) else "1コマ"
        column = next(i for i, c in enumerate(self.model.columns) if c.key == "fee")
        self.model.columns[column] = replace(self.model.columns[column], header=f"使用料（{unit}）")
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, column, column)

    def _selected(self) -> RoomInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.rooms[rows[0].row()] if rows and not self.ctx.read_only else None

    def _save(self, before: RoomRecord | None, after: RoomRecord) -> ValidationError | None:
        """Through the undo stack (編集 → 元に戻す); the refusal, if the service refused it."""
        return perform(self.ctx, save_room_op(self.ctx.db, before, after))

    def _add(self) -> None:
        RoomDialog(lambda data: self._save(None, RoomRecord(None, data)), parent=self).exec()

    def _edit(self) -> None:
        room = self._selected()
        if room is None:
            return
        before = RoomRecord(room.id, room.data, room.retired, room.version)
        read = [room.version]  # the version the form was filled from; after a conflict, the one seen

        def save(data: RoomData) -> ValidationError | None:
            refused = self._save(before, RoomRecord(room.id, data, room.retired, read[0]))
            if isinstance(refused, EditConflict):  # shown in the form, typing kept: 保存 again overwrites
                read[0] = refused.current_version
            return refused

        RoomDialog(save, room.data, self).exec()

    def _toggle_retired(self) -> None:
        room = self._selected()
        if room is None:
            return
        before = RoomRecord(room.id, room.data, room.retired, room.version)
        refused = self._save(before, replace(before, retired=not room.retired))
        if refused is not None:
            QMessageBox.warning(self, "部屋", str(refused))

    def _delete(self) -> None:
        room = self._selected()
        if room is None:
            return
        if room.bookings:  # the service refuses too (a booking made on another PC meanwhile)
            QMessageBox.warning(self, "部屋の削除",
                                f"部屋「{room.name}」には予約の記録が{room.bookings:,}件あるため削除できません。\n"
                                "貸し出しをやめる部屋は「使用終了／再開」で使用終了にしてください"
                                "（予約の記録と利用状況はそのまま残ります）。")
            return
        answer = QMessageBox.question(self, "部屋の削除", f"部屋「{room.name}」を削除しますか。"
                                      "（編集 → 元に戻す で戻せます）")
        if answer != QMessageBox.StandardButton.Yes:
            return
        refused = perform(self.ctx, delete_room_op(self.ctx.db, room.id))
        if refused is not None:
            QMessageBox.warning(self, "部屋の削除", str(refused))
