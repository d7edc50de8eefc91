"""The report kinds and their Japanese titles: light, so that `kyodo --help` can list them.

The registry (data + shaping per kind, SQLAlchemy with it) is app.services.reports, imported only to export.
"""

from __future__ import annotations

from typing import Literal

Profile = Literal["full", "public"]  # 全項目 / 公表用 (no phone, address, e-mail; only consenting people)
Format = Literal["xlsx", "pdf"]

KIND_TITLES: dict[str, str] = {
    "members": "名簿",
    "officers": "役員名簿",
    "budget": "収支予算書",
    "settlement": "収支決算書",
    "ledger": "現金出納簿",
    "assets": "財産目録",
    "audit": "監査報告書",
    "evaluation": "自己評価シート",
    "usage": "施設利用状況",
    "facility-report": "指定管理業務報告書",
    "pack": "総会資料（議案書）",
}

# Kinds whose 公表用 (--profile public) version differs: names, contact data or 相手先 left out.
# 収支予算書 and 収支決算書 hold no personal data, so a public version would be the same form.
KINDS_WITH_PUBLIC_PROFILE: frozenset[str] = frozenset({"members", "officers", "ledger", "evaluation", "pack"})
