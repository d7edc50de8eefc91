"""The navigation of the main window: one entry per section, each built when first shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the window paints the section list before the services (SQLAlchemy) load
    from app.ui.context import AppContext


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    purpose: str
    build: Callable[[AppContext], QWidget] | None = None  # None: not built yet in this version

    def create(self, ctx: AppContext) -> QWidget:
        if self.build is None:
            # imported here: app.ui.widgets uses Qt's enums (Qt.AlignmentFlag …), and making
            # PySide6's Qt namespace costs a tenth of the frame's first paint
            from app.ui.widgets import NotYetPage

            return NotYetPage(self.title, self.purpose)
        return self.build(ctx)


def _profile(ctx: AppContext) -> QWidget:
    from app.ui.profile_page import ProfilePage

    return ProfilePage(ctx)


def _members(ctx: AppContext) -> QWidget:
    from app.ui.members_page import MembersPage

    return MembersPage(ctx)


def _accounts(ctx: AppContext) -> QWidget:
    from app.ui.accounts_page import AccountsPage

    return AccountsPage(ctx)


def _projects(ctx: AppContext) -> QWidget:
    from app.ui.projects_page import ProjectsPage

    return ProjectsPage(ctx)


def _evaluation(ctx: AppContext) -> QWidget:
    from app.ui.evaluation_page import EvaluationPage

    return EvaluationPage(ctx)


def _facility(ctx: AppContext) -> QWidget:
    from app.ui.facility_page import FacilityPage

    return FacilityPage(ctx)


def _submission(ctx: AppContext) -> QWidget:
    from app.ui.submission_page import SubmissionPage

    return SubmissionPage(ctx)


SECTIONS: list[Section] = [
    Section("profile", "団体情報", "地域協働体と市民センターの基本情報です。", _profile),
    Section("members", "名簿", "構成団体・個人会員・役員・部会の名簿を管理します。", _members),
    Section("accounts", "管理費", "市民センターの管理運営費の予算・現金出納簿・決算を管理します。", _accounts),
    Section("projects", "事業・会議", "年度の事業と会議・話し合いの記録を管理します。", _projects),
    Section("evaluation", "自己評価", "共通の評価項目による事業と団体の自己評価を行います。", _evaluation),
    Section("submission", "提出", "市役所へ提出するファイルを作成します。", _submission),
    Section("facility", "施設", "市民センターの部屋の予約・利用と使用料、利用状況を管理します。", _facility),
]
