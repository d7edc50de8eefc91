"""名簿: tabs for 構成団体, 個人会員, 役員 and 部会, with search, filters, undoable edits, import and export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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

from app.domain.validation import Problem, ValidationError
from app.services.changes import (
    COMMITTEES,
    MEMBER_KINDS,
    OFFICE_POSTS,
    OFFICERS,
    ORGANISATIONS,
    PEOPLE,
    Changes,
)
from app.services.members import committees, officers, organisations, people
from app.services.members.common import leaving_problems
from app.services.members.kinds import list_member_kinds
from app.services.undo import DeleteRecord, Operation, SaveRecord
from app.ui.context import AppContext
from app.ui.export_dialog import ExportButton
from app.ui.history_dialog import add_context_action, attach_history
from app.ui.members_dialogs import CommitteeDialog, OrganisationDialog, PersonDialog, TermDialog
from app.ui.members_form import MemberFormDialog
from app.ui.members_models import MemberFilter, MemberListModel
from app.ui.operations import perform
from app.ui.table_model import ColumnSpec
from app.ui.widgets import EmptyHint

ORGANISATION_COLUMNS = [
    ColumnSpec("kind_name", "区分", width=12), ColumnSpec("name", "名称", width=20),
    ColumnSpec("furigana_label", "ふりがな", width=20), ColumnSpec("representative", "代表者", width=12),
    ColumnSpec("phone", "電話", width=13), ColumnSpec("households", "世帯数", "int", 7),
    ColumnSpec("member_count", "会員数", "int", 7), ColumnSpec("joined_on", "加入日", "date", 10),
    ColumnSpec("left_on", "退会日", "date", 10),
]  # fmt: skip
PERSON_COLUMNS = [
    ColumnSpec("name", "氏名", width=14), ColumnSpec("furigana_label", "ふりがな", width=16),
    ColumnSpec("organisation_name", "所属団体", width=18), ColumnSpec("phone", "電話", width=13),
    ColumnSpec("email", "メール", width=18), ColumnSpec("listing_consent", "掲載同意", width=7),
    ColumnSpec("joined_on", "加入日", "date", 10), ColumnSpec("left_on", "退会日", "date", 10),
]  # fmt: skip
TERM_COLUMNS = [
    ColumnSpec("post_name", "役職", width=10), ColumnSpec("person_name", "氏名", width=14),
    ColumnSpec("person_furigana", "ふりがな", width=16), ColumnSpec("start_on", "任期開始", "date", 10),
    ColumnSpec("end_on", "任期終了", "date", 10), ColumnSpec("note", "備考", width=16),
]  # fmt: skip
COMMITTEE_COLUMNS = [
    ColumnSpec("name", "部会名", width=14), ColumnSpec("chair_name", "部会長", width=12),
    ColumnSpec("seat_count", "構成員数", "int", 8), ColumnSpec("seat_names", "構成員", width=60),
]  # fmt: skip


class LeavingDialog(MemberFormDialog):
    """退会: asks for the date (today by default); the member stays in the 名簿 with it."""

    object_prefix = "leaving"

    def __init__(self, parent: QWidget | None, name: str, joined_on: date | None):
        super().__init__(parent, f"退会 — {name}")
        self.joined_on = joined_on
        explanation = QLabel(f"「{name}」の退会日を入力してください。名簿からは消えず、退会日が記録されます。")
        explanation.setWordWrap(True)
        self.form.addRow(explanation)
        self.add_date("left_on", "退会日（必須）", date.today())

    def collect(self) -> date:
        problems: list[Problem] = []
        left_on = self.date_value("left_on", problems)
        if not problems:
            problems = leaving_problems(self.joined_on, left_on)  # the service's rule
        if problems or left_on is None:
            raise ValidationError(problems)
        return left_on


class ListTab(QWidget):
    """A searchable, filterable list with 追加 / 編集 / 退会 / 変更履歴 buttons; subclasses supply the rows
    and dialogs."""

    key = "list"
    reads: tuple[str, ...] = ()  # the areas (app.services.changes) the list shows: it reloads when one is touched
    history_table = ""  # the table whose change history 「変更履歴…」 shows
    kind_attr: str | None = None
    left_label = "退会した会員も表示"
    leave_text = "退会…"
    empty_hint = ""  # what the empty list says to do
    filtered_hint = EmptyHint.FILTERED

    def __init__(self, page: MembersPage, columns: list[ColumnSpec], search_text: Callable[[Any], str]):
        super().__init__()
        self.page, self.ctx = page, page.ctx
        self.model = MemberListModel(columns, search_text, date.today)
        self.proxy = MemberFilter(self.kind_attr)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName(f"{self.key}_search")
        self.search.setPlaceholderText("名前・ふりがなで検索（ひらがな・カタカナどちらでも）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        self.show_left = QCheckBox(self.left_label)
        self.show_left.setObjectName(f"{self.key}_show_left")
        self.show_left.toggled.connect(self._show_left)
        self.count = QLabel()
        self.count.setObjectName(f"{self.key}_count")
        filters = QHBoxLayout()
        filters.addWidget(QLabel("検索"))
        filters.addWidget(self.search, 1)
        self.kind_filter: QComboBox | None = None
        if self.kind_attr:
            self.kind_filter = QComboBox()
            self.kind_filter.setObjectName(f"{self.key}_kind")
            self.kind_filter.currentIndexChanged.connect(self._kind)
            filters.addWidget(QLabel("区分"))
            filters.addWidget(self.kind_filter)
        filters.addWidget(self.show_left)
        filters.addWidget(self.count)

        self.table = QTableView()
        self.table.setObjectName(f"{self.key}_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._columns = columns
        self.table.doubleClicked.connect(lambda _index: None if self.ctx.read_only else self.edit())
        EmptyHint(self.table, self.empty_hint, self.filtered_hint, guide="import")

        self.buttons = QHBoxLayout()
        self.add_button = self._button("追加…", "add", self.add)
        self.edit_button = self._button("編集…", "edit", self.edit)
        self.leave_button = self._button(self.leave_text, "leave", self.leave)
        if not self.ctx.read_only:  # the same in the list's right-click menu
            for button in (self.edit_button, self.leave_button):
                action = QAction(button.text(), self.table)
                action.triggered.connect(button.click)
                add_context_action(self.table, action)
        self.history_button = attach_history(
            self.table, f"{self.key}_history", lambda: self.ctx.db, self._history_target
        )
        self.buttons.addWidget(self.history_button)
        self.buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"{self.key}_{name}")
        button.clicked.connect(slot)
        button.setEnabled(not self.ctx.read_only)
        self.buttons.addWidget(button)
        return button

    # -- filters ------------------------------------------------------------------------------------
    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _show_left(self, checked: bool) -> None:
        self.proxy.set_show_left(checked)
        self._update_count()

    def _kind(self, _index: int) -> None:
        assert self.kind_filter is not None
        self.proxy.set_kind(self.kind_filter.currentData())
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()}件 / 全{self.model.rowCount()}件")

    # -- rows ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.model.set_rows(self.load())
        self._update_count()
        if not getattr(self, "_widths_set", False):  # once: later the user's own widths stay
            digit = self.fontMetrics().horizontalAdvance("0")
            for i, column in enumerate(self._columns):
                if column.width:
                    self.table.setColumnWidth(i, column.width * digit + 12)
            self._widths_set = True

    def load(self) -> list[Any]:
        raise NotImplementedError

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0].row()) if rows else None

    def select_id(self, record_id: int | None) -> None:
        for r in range(self.proxy.rowCount()):
            if self.proxy.row_at(r).id == record_id:
                self.table.selectRow(r)
                self.table.scrollTo(self.proxy.index(r, 0))
                return

    def push(self, text: str, before: Any, after: Any, save: Callable, remove: Callable) -> None:
        error = self._save(text, before, after, save, remove)
        if error is not None:
            QMessageBox.warning(self, "名簿", str(error))

    def _save(self, text: str, before: Any, after: Any, save: Callable, remove: Callable) -> ValidationError | None:
        db = self.ctx.db
        operation = SaveRecord(text, before, after, lambda record: save(db, record),
                               lambda record_id, as_left: remove(db, record_id, expected=as_left))  # fmt: skip
        error = perform(self.ctx, operation)  # the page reloads the lists the Changes name
        if error is None and operation.stored is not None:
            self.select_id(operation.stored.id)
        return error

    def save_in(self, dialog: MemberFormDialog, before: Any, text: Callable[[Any], str], save: Callable,
                remove: Callable) -> None:  # fmt: skip
        """Open `dialog`; 保存する saves at once and the dialog stays open, with everything typed,
        when the save is refused (also when another PC changed the record since it was opened)."""

        def submit(record: Any) -> ValidationError | None:
            if before is not None and record == before:
                return None  # nothing changed: nothing to save or undo
            return self._save(text(record), before, record, save, remove)

        dialog.submit = submit
        dialog.exec()

    def delete(self, text: str, record: Any, save: Callable, remove: Callable) -> None:
        db = self.ctx.db
        self._perform(DeleteRecord(text, record, lambda r: save(db, r),
                                   lambda record_id, as_left: remove(db, record_id, expected=as_left)))

    def _perform(self, operation: Operation) -> bool:
        error = perform(self.ctx, operation)  # the page reloads the lists the Changes name
        if error is not None:
            QMessageBox.warning(self, "名簿", str(error))
        return error is None

    def _history_target(self) -> tuple[str, int, str] | None:
        record = self.selected()
        if record is None or record.id is None:
            return None
        return self.history_table, record.id, self.history_title(record)

    def history_title(self, record: Any) -> str:
        return f"「{record.name}」"

    def add(self) -> None: ...

    def edit(self) -> None: ...

    def leave(self) -> None: ...

    def _ask_leaving(self, record: Any) -> date | None:
        dialog = LeavingDialog(self, record.name, record.joined_on)
        return dialog.record if dialog.exec() else None


class ErasableTab(ListTab):
    """Lists of members (団体・個人) whose personal fields can be erased once they have left."""

    erase_target = ""
    erased_fields_text = ""

    def __init__(self, page: MembersPage, columns: list[ColumnSpec], search_text: Callable[[Any], str]):
        super().__init__(page, columns, search_text)
        self.erase_button = QPushButton("個人情報を消去…")
        self.erase_button.setObjectName(f"{self.key}_erase")
        self.erase_button.setToolTip("退会した会員の電話・住所などを消去します（元に戻せません）")
        self.erase_button.clicked.connect(self.erase)
        self.buttons.insertWidget(self.buttons.count() - 1, self.erase_button)  # before the stretch
        self.erase_action = QAction("個人情報を消去…", self.table)
        self.erase_action.triggered.connect(self.erase_button.click)
        if not self.ctx.read_only:
            add_context_action(self.table, self.erase_action)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_erase())
        self._update_erase()

    def reload(self) -> None:
        super().reload()
        self._update_erase()

    def _update_erase(self) -> None:
        record = self.selected()
        allowed = not self.ctx.read_only and record is not None and record.has_left(date.today())
        self.erase_button.setEnabled(allowed)
        self.erase_action.setEnabled(allowed)

    def erase(self) -> None:
        from app.services.members.erasure import erase_personal_data
        from app.ui.members_erasure_dialog import ErasePersonalDataDialog

        record = self.selected()
        if record is None:
            return
        dialog = ErasePersonalDataDialog(self, record.name, self.erased_fields_text)
        if not dialog.exec():
            return
        try:
            result = erase_personal_data(
                self.ctx.db, self.erase_target, record.id, dialog.name_choice, erase_note=dialog.erase_note
            )
        except ValidationError as exc:
            QMessageBox.warning(self, "個人情報を消去", str(exc))
            return
        # Earlier undo steps of this list hold the erased values: they must not bring them back.
        self.ctx.undo_stack.clear()
        self.ctx.data_changed.emit(result.changes)
        self.select_id(record.id)
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(result.message, 30000)


class OrganisationsTab(ErasableTab):
    key = "organisations"
    reads = (ORGANISATIONS, MEMBER_KINDS)
    empty_hint = ("構成団体はまだ登録されていません。\n下の「追加…」で1件ずつ登録するか、"
                  "上の「Excelから取り込む…」でいまの名簿の Excel を読み込んでください。")
    kind_attr = "kind_id"
    left_label = "退会した団体も表示"
    history_table = "member_organisation"
    erase_target = "organisation"
    erased_fields_text = "代表者名・電話・郵便番号・住所"

    def __init__(self, page: MembersPage):
        super().__init__(page, ORGANISATION_COLUMNS, lambda o: f"{o.name} {o.furigana} {o.representative}")

    def history_title(self, record: Any) -> str:
        return f"構成団体「{record.name}」"

    def reload(self) -> None:
        assert self.kind_filter is not None
        current = self.kind_filter.currentData()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem("すべて", None)
        for kind in list_member_kinds(self.ctx.db):
            self.kind_filter.addItem(kind.name, kind.id)
        self.kind_filter.setCurrentIndex(max(self.kind_filter.findData(current), 0))
        self.kind_filter.blockSignals(False)
        super().reload()

    def load(self) -> list[organisations.Organisation]:
        return organisations.list_organisations(self.ctx.db)

    def _open(self, org: organisations.Organisation | None, text: str) -> None:
        dialog = OrganisationDialog(self, self.ctx.db, list_member_kinds(self.ctx.db), org)
        self.save_in(dialog, org, lambda new: f"構成団体「{new.name}」の{text}", organisations.save_organisation,
                     organisations.remove_organisation)  # fmt: skip

    def add(self) -> None:
        self._open(None, "追加")

    def edit(self) -> None:
        org = self.selected()
        if org is not None:
            self._open(org, "編集")

    def leave(self) -> None:
        org = self.selected()
        left_on = self._ask_leaving(org) if org else None
        if left_on is not None:
            self.push(f"構成団体「{org.name}」の退会", org, replace(org, left_on=left_on),
                      organisations.save_organisation, organisations.remove_organisation)  # fmt: skip


class PeopleTab(ErasableTab):
    key = "people"
    reads = (PEOPLE, ORGANISATIONS)  # 所属団体 by name
    empty_hint = ("個人会員はまだ登録されていません。\n下の「追加…」で登録するか、"
                  "上の「Excelから取り込む…」で名簿の Excel を読み込んでください。")
    history_table = "person"
    erase_target = "person"
    erased_fields_text = "電話・郵便番号・住所・メール"

    def __init__(self, page: MembersPage):
        super().__init__(page, PERSON_COLUMNS, lambda p: f"{p.name} {p.furigana} {p.organisation_name}")

    def history_title(self, record: Any) -> str:
        return f"個人会員「{record.name}」"

    def load(self) -> list[people.Member]:
        return people.list_people(self.ctx.db)

    def _open(self, member: people.Member | None, text: str) -> None:
        dialog = PersonDialog(self, self.ctx.db, organisations.list_organisations(self.ctx.db), member)
        self.save_in(dialog, member, lambda new: f"個人会員「{new.name}」の{text}", people.save_person,
                     people.remove_person)  # fmt: skip

    def add(self) -> None:
        self._open(None, "追加")

    def edit(self) -> None:
        member = self.selected()
        if member is not None:
            self._open(member, "編集")

    def leave(self) -> None:
        member = self.selected()
        left_on = self._ask_leaving(member) if member else None
        if left_on is not None:
            self.push(f"個人会員「{member.name}」の退会", member, replace(member, left_on=left_on),
                      people.save_person, people.remove_person)  # fmt: skip


class OfficersTab(ListTab):
    """The officers of the selected 年度 (from the term history), or the whole history."""

    key = "officers"
    reads = (OFFICERS, OFFICE_POSTS, PEOPLE)
    left_label = "すべての任期（履歴）を表示"
    empty_hint = "役員の任期はまだ登録されていません。\n下の「任期を追加…」で会長・会計・監事などの任期を登録してください。"
    filtered_hint = "条件に合う任期はありません。「すべての任期（履歴）を表示」で終わった任期も見られます。"
    leave_text = "任期を削除"
    history_table = "officer_term"

    def history_title(self, record: Any) -> str:
        return f"{record.post_name}「{record.person_name}」の任期"

    def __init__(self, page: MembersPage):
        super().__init__(page, TERM_COLUMNS, lambda t: f"{t.post_name} {t.person_name} {t.person_furigana}")
        self.add_button.setText("任期を追加…")
        self.proxy.set_show_left(True)  # "left" here means the history switch, handled in load()
        self.show_left.toggled.connect(lambda _checked: self.reload())

    def _show_left(self, checked: bool) -> None:  # the history switch reloads instead of filtering
        pass

    def load(self) -> list[officers.Term]:
        if self.show_left.isChecked():
            return officers.list_terms(self.ctx.db)
        return officers.officers_of_year(self.ctx.db, self.ctx.fiscal_year)

    def _open(self, term: officers.Term, before: officers.Term | None, text: str) -> None:
        eligible = officers.eligible_people(self.ctx.db, self.ctx.fiscal_year)  # of the year being edited
        dialog = TermDialog(self, self.ctx.db, officers.list_office_posts(self.ctx.db), eligible, term)
        self.save_in(dialog, before, lambda new: f"{new.post_name}「{new.person_name}」の任期の{text}",
                     officers.save_term, officers.remove_term)  # fmt: skip

    def add(self) -> None:
        self._open(officers.Term(start_on=self.ctx.fiscal_year.start), None, "追加")

    def edit(self) -> None:
        term = self.selected()
        if term is not None:
            self._open(term, term, "編集")

    def leave(self) -> None:
        """Deleting a term is for entries made by mistake; an ordinary change sets 任期終了."""
        term = self.selected()
        if term is not None:
            self.delete(f"{term.post_name}「{term.person_name}」の任期の削除", term, officers.save_term,
                        officers.remove_term)  # fmt: skip


class CommitteesTab(ListTab):
    key = "committees"
    reads = (COMMITTEES, PEOPLE, ORGANISATIONS)  # 部会長 and 構成員 by name
    empty_hint = "部会はまだ登録されていません。\n下の「追加…」で部会を登録してください（事業の担当部会に使います）。"
    left_label = ""
    leave_text = "部会を削除"
    history_table = "committee"

    def history_title(self, record: Any) -> str:
        return f"部会「{record.name}」"

    def __init__(self, page: MembersPage):
        super().__init__(page, COMMITTEE_COLUMNS, lambda c: f"{c.name} {c.furigana} {c.seat_names}")
        self.show_left.hide()

    def load(self) -> list[Any]:
        return [_CommitteeRow(c) for c in committees.list_committees(self.ctx.db)]

    def _open(self, committee: committees.CommitteeInfo | None, text: str) -> None:
        active = [p for p in people.list_people(self.ctx.db) if not p.has_left(date.today())]
        orgs = [o for o in organisations.list_organisations(self.ctx.db) if not o.has_left(date.today())]
        dialog = CommitteeDialog(self, self.ctx.db, orgs, active, committee)
        self.save_in(dialog, committee, lambda new: f"部会「{new.name}」の{text}", committees.save_committee,
                     committees.remove_committee)  # fmt: skip

    def add(self) -> None:
        self._open(None, "追加")

    def edit(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row.info, "編集")

    def leave(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.delete(
            f"部会「{row.name}」の削除", row.info, committees.save_committee, committees.remove_committee
        )


class _CommitteeRow:
    """A committee as a list row (id, seat count and member names for the table)."""

    def __init__(self, info: committees.CommitteeInfo):
        self.info = info
        self.id, self.name, self.furigana, self.chair_name = (
            info.id,
            info.name,
            info.furigana,
            info.chair_name,
        )
        self.seat_count = len(info.seats)
        self.seat_names = "、".join(s.name for s in info.seats)


class MembersPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("members_page")
        title = QLabel("<h2>名簿</h2>")
        import_button = QPushButton("Excelから取り込む…")
        import_button.setObjectName("members_import")
        import_button.setEnabled(not ctx.read_only)
        import_button.clicked.connect(self.open_import)
        self.export_button = ExportButton(ctx, ["members", "officers"], self)
        lists_button = QPushButton("区分・役職…")
        lists_button.setObjectName("members_lists")
        lists_button.clicked.connect(self.open_lists)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(lists_button)
        top.addWidget(import_button)
        top.addWidget(self.export_button)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("members_tabs")
        self.organisations = OrganisationsTab(self)
        self.people = PeopleTab(self)
        self.officers = OfficersTab(self)
        self.committees = CommitteesTab(self)
        for tab, label in ((self.organisations, "構成団体"), (self.people, "個人会員"),
                           (self.officers, "役員"), (self.committees, "部会")):  # fmt: skip
            self.tabs.addTab(tab, label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        ctx.data_changed.connect(self._data_changed)
        ctx.fiscal_year_changed.connect(lambda _year: self.officers.reload())
        self.reload()

    def reload(self) -> None:
        for tab in (self.organisations, self.people, self.officers, self.committees):
            tab.reload()

    def _data_changed(self, changes: Changes) -> None:
        for tab in (self.organisations, self.people, self.officers, self.committees):
            if changes.touches(*tab.reads):
                tab.reload()

    def open_lists(self) -> None:
        from app.ui.members_lists_dialog import MemberListsDialog

        MemberListsDialog(self.ctx, self).exec()

    def open_import(self, path: Path | None = None) -> None:
        from app.importing.columns import field_choices
        from app.services.import_mappings import MEMBERS, remember_mapping
        from app.services.members.import_fields import FIELDS
        from app.services.members.importer import PREVIEW_COLUMNS, commit_member_import, preview_member_import
        from app.ui.import_dialog import ImportDialog

        db = self.ctx.db
        dialog = ImportDialog(
            self, "名簿の取り込み（Excel・CSV）",
            lambda file, sheet, progress: preview_member_import(db, file, sheet, progress),
            lambda preview: commit_member_import(db, preview),
            PREVIEW_COLUMNS, path,
            field_choices=field_choices(FIELDS),
            mapped_preview_fn=lambda file, sheet, progress, mapping: preview_member_import(
                db, file, sheet, progress, mapping=mapping),
            remember_fn=lambda signature, mapping: remember_mapping(db, MEMBERS, signature, mapping),
        )  # fmt: skip
        dialog.exec()
        if dialog.committed_message:
            # An import is not undoable step by step; earlier undo steps could now undo imported values.
            self.ctx.undo_stack.clear()
            self.ctx.data_changed.emit(dialog.committed_changes)
