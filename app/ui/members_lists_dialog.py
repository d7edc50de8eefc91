"""「区分・役職…」: the editable lists of member kinds and office posts (adding is undoable)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.changes import MEMBER_KINDS, OFFICE_POSTS, Changes
from app.services.members.kinds import add_member_kind, list_member_kinds, remove_member_kind
from app.services.members.officers import add_office_post, list_office_posts, remove_office_post
from app.services.undo import AddRecord, Operation
from app.ui.context import AppContext
from app.ui.operations import perform
from app.ui.widgets import FieldError


class MemberListsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("区分・役職の一覧")
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>構成団体の区分</b>"), 0, 0)
        grid.addWidget(QLabel("<b>役職</b>"), 0, 1)
        self.kinds = QListWidget()
        self.kinds.setObjectName("kinds_list")
        self.posts = QListWidget()
        self.posts.setObjectName("posts_list")
        grid.addWidget(self.kinds, 1, 0)
        grid.addWidget(self.posts, 1, 1)

        self.kind_name = QLineEdit()
        self.kind_name.setObjectName("new_kind")
        self.kind_name.setPlaceholderText("新しい区分（例: 防犯協会）")
        self.kind_households = QCheckBox("世帯数を記録する（自治会・民区のように）")
        self.kind_error = FieldError()
        add_kind = QPushButton("区分を追加")
        add_kind.setObjectName("add_kind")
        add_kind.clicked.connect(self._add_kind)
        self.post_name = QLineEdit()
        self.post_name.setObjectName("new_post")
        self.post_name.setPlaceholderText("新しい役職（例: 顧問）")
        self.post_error = FieldError()
        add_post = QPushButton("役職を追加")
        add_post.setObjectName("add_post")
        add_post.clicked.connect(self._add_post)
        for column, widgets in enumerate(((self.kind_name, self.kind_households, self.kind_error, add_kind),
                                          (self.post_name, self.post_error, add_post))):  # fmt: skip
            box = QVBoxLayout()
            for widget in widgets:
                widget.setEnabled(not ctx.read_only)
                box.addWidget(widget)
            grid.addLayout(box, 2, column)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Enter in a name field adds to that list (it pressed 「区分を追加」 even under 役職, or closed)
        self.kind_name.returnPressed.connect(add_kind.click)
        self.post_name.returnPressed.connect(add_post.click)
        for button in (add_kind, add_post, buttons.button(QDialogButtonBox.StandardButton.Close)):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(QLabel("使われている区分・役職は削除できません（過去の名簿に残るため）。"))
        layout.addWidget(buttons)
        ctx.data_changed.connect(self._reload_if)  # an add, and its undo or redo
        self.reload()

    def reload(self) -> None:
        self.kinds.clear()
        for kind in list_member_kinds(self.ctx.db):
            self.kinds.addItem(kind.name + ("（世帯数）" if kind.counts_households else "")
                               + ("（使わない）" if kind.retired else ""))  # fmt: skip
        self.posts.clear()
        for post in list_office_posts(self.ctx.db):
            self.posts.addItem(post.name)

    def _reload_if(self, changes: Changes) -> None:
        if changes.touches(MEMBER_KINDS, OFFICE_POSTS):
            self.reload()

    def _push(self, adding: Operation, error: FieldError, edit: QLineEdit) -> None:
        error.show_messages([])
        refused = perform(self.ctx, adding)
        if refused is not None:
            error.show_messages([str(refused)])
            return
        edit.clear()

    def _add_kind(self) -> None:
        name, households = self.kind_name.text(), self.kind_households.isChecked()
        db = self.ctx.db
        self._push(AddRecord(f"区分「{name}」の追加",
                             lambda: add_member_kind(self.ctx.db, name, counts_households=households),
                             lambda kind_id: remove_member_kind(db, kind_id)),
                   self.kind_error, self.kind_name)  # fmt: skip

    def _add_post(self) -> None:
        name = self.post_name.text()
        db = self.ctx.db
        self._push(AddRecord(f"役職「{name}」の追加", lambda: add_office_post(self.ctx.db, name),
                             lambda post_id: remove_office_post(db, post_id)),
                   self.post_error, self.post_name)  # fmt: skip
