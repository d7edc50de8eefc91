"""Has the data of a submitted year changed since its last 版? Compares the fingerprint and the key
figures stored with the submission against the ones the data gives now."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.fiscal_year import FiscalYear
from app.services.submission import parts
from app.services.submission.build import build_parts, data_fingerprint
from app.services.submission.figures import collect_figures, figure_changes
from app.services.submission.history import SubmissionRecord, last_submission
from app.storage.database import Database


@dataclass(frozen=True)
class SubmissionChanges:
    last: SubmissionRecord
    changed: bool | None  # None: cannot tell (a part cannot be built in this version)
    figure_lines: tuple[str, ...]  # 「構成団体数: 42 → 43」

    def message(self) -> str:
        head = f"{self.last.year.label}は{self.last.created_at:%Y/%m/%d}に{self.last.edition_label}を提出済みです。"
        if self.changed is None:
            return head + "提出後の変更は確認できません。"
        if not self.changed:
            return head + "提出後にデータは変更されていません。"
        lines = [head + "提出後にデータが変更されています。市役所へは再提出（次の版）が必要です。"]
        if self.figure_lines:
            lines.append("主な数値の変化: " + "、".join(self.figure_lines))
        else:
            lines.append("主な数値は同じですが、名簿・収支・事業などの内容が変わっています。")
        return "\n".join(lines)


def changes_since_submission(db: Database, year: FiscalYear) -> SubmissionChanges | None:
    """None when the year has not been submitted."""
    last = last_submission(db, year)
    if last is None:
        return None
    if not all(p.available for p in parts.PARTS):
        return SubmissionChanges(last, None, ())
    figures = collect_figures(db, year)
    fingerprint = data_fingerprint(build_parts(db, year, figures), figures)
    lines = tuple(figure_changes(list(last.figures), figures))
    return SubmissionChanges(last, fingerprint != last.data_sha256 or bool(lines), lines)
