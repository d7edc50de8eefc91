"""Add/edit dialogs of the 名簿: 構成団体, 個人会員, 役員の任期, 部会."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from app.domain.validation import Problem
from app.services.members.committees import CommitteeInfo, CommitteeSeat, validate_committee
from app.services.members.furigana import suggest_furigana
from app.services.members.kinds import Kind
from app.services.members.officers import Post, Term, validate_term
from app.services.members.organisations import Organisation, validate_organisation
from app.services.members.people import Member, validate_person
from app.services.office import Database
from app.ui.members_form import MemberFormDialog, merge_problems


class FuriganaSuggester:
    """Fills ふりがな from the name while the ふりがな field is empty or still holds our own
    suggestion; once staff type in it, their text wins and is never replaced."""

    def __init__(self, name: QLineEdit, furigana: QLineEdit):
        self.name, self.furigana = name, furigana
        self._suggested = ""
        self._timer = QTimer(name)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # after a pause in typing: the reading needs the whole word
        self._timer.timeout.connect(self._suggest)
        name.textChanged.connect(lambda _text: self._timer.start())
        name.editingFinished.connect(self._suggest)

    def _suggest(self) -> None:
        current = self.furigana.text()
        if current and current != self._suggested:
            return  # staff input wins
        self._suggested = suggest_furigana(self.name.text())
        self.furigana.setText(self._suggested)


class OrganisationDialog(MemberFormDialog):
    object_prefix = "organisation"

    def __init__(
        self, parent: QWidget | None, db: Database, kinds: list[Kind], org: Organisation | None = None
    ):
        super().__init__(parent, "構成団体の編集" if org and org.id else "構成団体の追加")
        self.db, self.kinds = db, kinds
        self.original = org or Organisation()
        o = self.original
        offered = [k for k in kinds if not k.retired or k.id == o.kind_id]
        self.kind = self.add_combo(
            "kind_id",
            "区分（必須）",
            [("（選んでください）", None)] + [(k.name, k.id) for k in offered],
            o.kind_id,
        )
        self.name = self.add_line("name", "名称（必須）", o.name, "例: 上野原自治会")
        self.furigana = self.add_line(
            "furigana", "ふりがな", o.furigana, "例: うえのはらじちかい（五十音順の並びに使います）"
        )
        self.suggester = FuriganaSuggester(self.name, self.furigana)
        self.note_estimated(o.furigana_estimated)
        self.add_line("representative", "代表者名", o.representative)
        self.representative_consent = self.add_check(
            "representative_consent", "代表者名の公表", "公表用の名簿・提出ファイルに代表者名を載せることに同意している",
            o.representative_consent)  # fmt: skip
        self.add_line("phone", "電話", o.phone, "例: 0191-21-2111")
        self.add_line("postal_code", "郵便番号", o.postal_code, "例: 021-0000")
        self.add_line("address", "住所", o.address)
        self.households = self.add_line("households", "世帯数", _count(o.households), "自治会・民区のみ")
        self.add_line("member_count", "会員数", _count(o.member_count))
        self.add_date("joined_on", "加入日", o.joined_on)
        self.add_date("left_on", "退会日", o.left_on)
        self.add_note("note", "備考", o.note)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = next((k for k in self.kinds if k.id == self.kind.currentData()), None)
        self.households.setEnabled(kind is not None and kind.counts_households)

    def collect(self) -> Organisation:
        problems: list[Problem] = []
        households = (
            self.count_value("households", "世帯数", problems) if self.households.isEnabled() else None
        )
        org = replace(
            self.original.with_reading(self.text("furigana")), kind_id=self.kind.currentData(), name=self.text("name"),
            representative=self.text("representative"),
            representative_consent=self.representative_consent.isChecked(), phone=self.text("phone"),
            postal_code=self.text("postal_code"), address=self.text("address"), households=households,
            member_count=self.count_value("member_count", "会員数", problems),
            joined_on=self.date_value("joined_on", problems), left_on=self.date_value("left_on", problems),
            note=self.text("note"),
        )  # fmt: skip
        return merge_problems(problems, lambda: validate_organisation(self.db, org))


class PersonDialog(MemberFormDialog):
    object_prefix = "person"

    def __init__(self, parent: QWidget | None, db: Database, organisations: list[Organisation],
                 member: Member | None = None):  # fmt: skip
        super().__init__(parent, "個人会員の編集" if member and member.id else "個人会員の追加")
        self.db = db
        self.original = member or Member()
        m = self.original
        self.name = self.add_line("name", "氏名（必須）", m.name, "例: 見本 太郎")
        self.furigana = self.add_line("furigana", "ふりがな", m.furigana, "例: みほん たろう")
        self.suggester = FuriganaSuggester(self.name, self.furigana)
        self.note_estimated(m.furigana_estimated)
        choices = [("（なし）", None)] + [(o.name, o.id) for o in organisations]
        self.organisation = self.add_combo("organisation_id", "所属団体", choices, m.organisation_id)
        self.add_line("phone", "電話", m.phone, "例: 090-1234-5678")
        self.add_line("postal_code", "郵便番号", m.postal_code, "例: 021-0000")
        self.add_line("address", "住所", m.address)
        self.add_line("email", "メール", m.email)
        self.add_date("joined_on", "加入日", m.joined_on)
        self.add_date("left_on", "退会日", m.left_on)
        self.consent = self.add_check("listing_consent", "名簿掲載", "公表用の名簿に載せることに同意している",
                                      m.listing_consent)  # fmt: skip
        self.add_note("note", "備考", m.note)

    def collect(self) -> Member:
        problems: list[Problem] = []
        member = replace(
            self.original.with_reading(self.text("furigana")), name=self.text("name"),
            organisation_id=self.organisation.currentData(), phone=self.text("phone"),
            postal_code=self.text("postal_code"), address=self.text("address"), email=self.text("email"),
            joined_on=self.date_value("joined_on", problems), left_on=self.date_value("left_on", problems),
            listing_consent=self.consent.isChecked(), note=self.text("note"),
        )  # fmt: skip
        return merge_problems(problems, lambda: validate_person(self.db, member))


class TermDialog(MemberFormDialog):
    object_prefix = "term"

    def __init__(self, parent: QWidget | None, db: Database, posts: list[Post], people: list[Member],
                 term: Term | None = None):  # fmt: skip
        super().__init__(parent, "任期の編集" if term and term.id else "役員の任期を追加")
        self.db = db
        self.original = term or Term()
        t = self.original
        self.post = self.add_combo(
            "post_id",
            "役職（必須）",
            [("（選んでください）", None)] + [(p.name, p.id) for p in posts],
            t.post_id,
        )
        people_items = [(f"{p.name}（{p.furigana}）" if p.furigana else p.name, p.id) for p in people]
        self.person = self.add_combo(
            "person_id", "氏名（必須）", [("（選んでください）", None)] + people_items, t.person_id
        )
        self.add_date("start_on", "任期開始（必須）", t.start_on)
        self.add_date("end_on", "任期終了", t.end_on)
        self.add_note("note", "備考", t.note)

    def collect(self) -> Term:
        problems: list[Problem] = []
        term = replace(
            self.original, post_id=self.post.currentData(), person_id=self.person.currentData(),
            start_on=self.date_value("start_on", problems), end_on=self.date_value("end_on", problems),
            note=self.text("note"),
        )  # fmt: skip
        return merge_problems(problems, lambda: validate_term(self.db, term))


class CommitteeDialog(MemberFormDialog):
    object_prefix = "committee"

    def __init__(self, parent: QWidget | None, db: Database, organisations: list[Organisation],
                 people: list[Member], committee: CommitteeInfo | None = None):  # fmt: skip
        super().__init__(parent, "部会の編集" if committee and committee.id else "部会の追加")
        self.db = db
        self.original = committee or CommitteeInfo()
        c = self.original
        self.name = self.add_line("name", "部会名（必須）", c.name, "例: 福祉部会")
        self.furigana = self.add_line("furigana", "ふりがな", c.furigana)
        self.suggester = FuriganaSuggester(self.name, self.furigana)
        self.chair = self.add_combo(
            "chair_id", "部会長", [("（未定）", None)] + [(p.name, p.id) for p in people], c.chair_id
        )
        chosen = {(s.organisation_id, s.person_id) for s in c.seats}
        self.seats = QListWidget()
        for org in organisations:
            self._seat_item(f"団体: {org.name}", (org.id, None), chosen)
        for person in people:
            self._seat_item(f"個人: {person.name}", (None, person.id), chosen)
        self.seats.setMinimumHeight(220)
        self._add("seats", "構成員（チェック）", self.seats)
        self.add_note("note", "備考", c.note)

    def _seat_item(self, text: str, key: tuple[int | None, int | None], chosen: set) -> None:
        item = QListWidgetItem(text, self.seats)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, key)

    def collect(self) -> CommitteeInfo:
        seats = tuple(
            CommitteeSeat(*self.seats.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.seats.count())
            if self.seats.item(i).checkState() == Qt.CheckState.Checked
        )
        committee = replace(self.original, name=self.text("name"), furigana=self.text("furigana"),
                            chair_id=self.chair.currentData(), seats=seats, note=self.text("note"))  # fmt: skip
        return merge_problems([], lambda: validate_committee(self.db, committee))


def _count(value: int | None) -> str:
    return "" if value is None else str(value)
