"""The 総会資料 (議案書) read back from its PDF and its workbook, as a member at the 総会 would see it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.services.accounts.budget_drafts import budget_draft
from app.services.members.officer_proposals import list_proposals, propose
from app.services.members.officers import officers_as_of
from app.services.projects.approval import approve_plan
from app.services.projects.projects import list_projects
from app.services.reports import export_report
from tests.helpers.libreoffice import needs_soffice, recalculated
from tests.helpers.pdf_text import (
    all_text,
    check_pages_numbered_and_not_blank,
    check_totals_not_alone,
    pdf_pages,
)
from tests.plans.conftest import CHAIR_PHONE, FY2025, FY2026

PARTS = ("第1号議案 令和7年度 事業報告", "第2号議案 令和7年度 決算報告・監査報告", "第3号議案 令和8年度 役員改選（案）",
         "第4号議案 令和8年度 事業計画（案）", "第5号議案 令和8年度 予算（案）")


def _contents(pages) -> dict[str, int]:
    """The 目次 (page 2): each 議案's line and the page number printed on the same line."""
    lines = pages[1]
    found = {}
    for ln in lines:
        if ln.text.strip() in ("目次", "個人情報を含みます") or re.fullmatch(r"[\d /]+", ln.text.strip()):
            continue
        same_row = [o.text for o in lines if abs(o.y - ln.y) < 2 and re.fullmatch(r"\d+", o.text.strip())]
        assert same_row, f"目次の「{ln.text}」にページ番号がありません"
        found[ln.text.strip()] = int(same_row[0])
    return found


def test_contents_page_numbers_are_where_each_part_starts(many_projects_db, db_target, tmp_path: Path, capsys) -> None:
    out = tmp_path / "pack.pdf"
    assert main(["export", "pack", "--db", str(db_target), "--year", "2025", "--format", "pdf", "--out", str(out)]) == 0
    assert "総会資料（議案書）を書き出しました" in capsys.readouterr().out
    pages = pdf_pages(out)
    assert "令和8年度 ひばり野地域協働体 通常総会 議案書" in all_text(pages[:1])
    assert pages[1][0].text.strip() == "目次" or "目次" in [ln.text.strip() for ln in pages[1]]
    contents = _contents(pages)
    assert list(contents) == list(PARTS)
    for heading, number in contents.items():
        top = [ln.text.strip() for ln in pages[number - 1] if ln.text.strip() not in ("個人情報を含みます",)]
        assert top[0] == heading, f"{heading} は {number} ページから始まるはずが、そのページの先頭は「{top[0]}」"
    # each 議案 on its own page(s), in order, and the plan of 60 projects over more than one page
    starts = list(contents.values())
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert len(pages) - starts[-1] >= 0 and starts[4] - starts[3] >= 2
    check_pages_numbered_and_not_blank(pages)
    assert check_totals_not_alone(pages, ("事業名", "費目", "種類", "監査報告書"), ("合計", "収入合計", "支出合計")) >= 6


def test_pack_is_a4_portrait(many_projects_db, tmp_path: Path) -> None:
    from pypdf import PdfReader

    db, _ = many_projects_db
    out = export_report(db, "pack", FY2025, "pdf", tmp_path / "pack.pdf")
    for page in PdfReader(out).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)


def test_public_pack_leaves_out_contact_data(officers_db, tmp_path: Path) -> None:
    from app.services.projects.plans import make_next_plan

    db, ids = officers_db
    make_next_plan(db, FY2025)
    full = all_text(pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "full.pdf", "full")))
    public = all_text(pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "public.pdf", "public")))
    assert CHAIR_PHONE in full and "個人情報を含みます" in full
    assert CHAIR_PHONE not in public and "個人情報を含みます" not in public
    # the candidates themselves are the 議案 (pypdf reads the space in a name or not)
    assert "試験花子" in public.replace(" ", "") and "再任" in public


def test_approval_applies_the_officer_proposals_and_the_pack_says_approved(officers_db, tmp_path: Path) -> None:
    from app.services.projects.plans import make_next_plan

    db, ids = officers_db
    make_next_plan(db, FY2025)
    proposals = {p.person_id: p for p in list_proposals(db, FY2026)}
    assert set(proposals) == {ids["chair"], ids["treasurer"]}
    propose(db, proposals[ids["treasurer"]].id, ids["newcomer"])
    text = all_text(pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "draft.pdf", "public")))
    assert "新人三郎" in text.replace(" ", "") and "新任" in text and "令和8年度 事業計画（案）" in text

    approve_plan(db, FY2026, date(2026, 5, 16))
    in_office = {t.person_name: (t.post_name, t.end_on) for t in officers_as_of(db, date(2026, 6, 1))}
    assert in_office["試験 花子"] == ("会長", date(2028, 3, 31))
    assert in_office["新人 三郎"] == ("会計", date(2028, 3, 31))
    assert "架空 一郎" not in in_office
    assert list_proposals(db, FY2026) == []
    text = all_text(pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "approved.pdf", "public")))
    assert "第4号議案 令和8年度 事業計画" in text and "事業計画（案）" not in text
    assert "令和8年5月16日 総会で承認" in text


@needs_soffice
def test_workbook_sheets_in_order_and_totals_recalculate_to_the_apps(many_projects_db, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db, _ = many_projects_db
    out = export_report(db, "pack", FY2025, "xlsx", tmp_path / "pack.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["目次", "第1号 事業報告", "第1号 事業報告2", "第2号 決算報告", "第2号 決算報告2",
                             "第2号 決算報告3", "第3号 役員改選",
                             "第4号 事業計画", "第5号 予算", "_meta"]
    computed = load_workbook(recalculated(out, tmp_path / "lo"), data_only=True)

    def row_value(sheet: str, label: str, column_header: str) -> int:
        ws = computed[sheet]
        rows = list(ws.iter_rows(values_only=True))
        header = next(r for r in rows if column_header in r)
        row = next(r for r in rows if r[0] == label)
        return row[header.index(column_header)]

    plan_total = sum(p.data.budget for p in list_projects(db, FY2026))
    assert row_value("第4号 事業計画", "合計", "予算額") == plan_total
    draft = budget_draft(db, FY2026)
    balance = draft.balance()
    assert row_value("第5号 予算", "収入合計", "予算額") == balance.income
    assert row_value("第5号 予算", "支出合計", "予算額") == balance.expense
    assert row_value("第5号 予算", "差引残額", "予算額") == balance.difference
    assert row_value("第1号 事業報告2", "合計", "回数") == 5


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_pack_without_drafts_says_so(year_db, tmp_path: Path, fmt: str) -> None:
    db, _ = year_db
    out = export_report(db, "pack", FY2025, fmt, tmp_path / f"pack.{fmt}")
    if fmt == "pdf":
        assert "次年度の事業計画（案）はまだありません" in all_text(pdf_pages(out))


def test_the_demo_ends_last_year_with_a_printable_pack(db, tmp_path: Path) -> None:
    from app.services.accounts.books import list_books
    from app.services.demo.create import create_demo
    from app.services.projects.meetings import list_meetings
    from app.services.projects.motions import list_motions

    create_demo(db, today=date(2025, 11, 15))  # 令和5〜7年度; the 総会 of 令和7年度 is on record
    general = next(m for m in list_meetings(db, FY2026.previous()) if m.data.kind == "総会")
    assert general.data.proxies and [m.result for m in list_motions(db, general.id)] == ["承認"] * 5
    pages = pdf_pages(export_report(db, "pack", FY2025.previous(), "pdf", tmp_path / "demo.pdf"))
    check_pages_numbered_and_not_blank(pages)
    # the demo keeps three 会計: each has its 決算報告 on the 目次; only the centre's has a budget
    centre, general_book, special = (b.name for b in list_books(db))
    assert list(_contents(pages)) == ["第1号議案 令和6年度 事業報告", "第2号議案 令和6年度 決算報告・監査報告",
                                      f"{centre} 決算報告・監査報告", f"{general_book} 決算報告・監査報告",
                                      f"{special} 決算報告・監査報告",
                                      "第3号議案 令和7年度 役員改選", "第4号議案 令和7年度 事業計画",
                                      "第5号議案 令和7年度 予算", f"{centre} 予算"]
    text = all_text(pages)
    assert f"{general.data.held_on.month}月{general.data.held_on.day}日 総会で承認" in text


def test_the_body_chooses_the_order_and_titles_and_they_are_remembered(many_projects_db, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from app.domain.validation import ValidationError
    from app.services.settings import PACK_PARTS, read_setting, write_setting

    db, _ = many_projects_db
    write_setting(db, PACK_PARTS, ("予算", "事業計画=令和8年度事業計画（案）の承認について", "事業報告"))
    pages = pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "pack.pdf", "public"))
    contents = _contents(pages)
    assert list(contents) == ["第1号議案 令和8年度 予算（案）", "第2号議案 令和8年度事業計画（案）の承認について",
                              "第3号議案 令和7年度 事業報告"]
    for heading, number in contents.items():
        assert pages[number - 1][0].text.strip() == heading
    assert "決算報告" not in all_text(pages) and "役員改選" not in all_text(pages)
    sheets = load_workbook(export_report(db, "pack", FY2025, "xlsx", tmp_path / "pack.xlsx")).sheetnames
    assert sheets == ["目次", "第1号 予算", "第2号 事業計画", "第3号 事業報告", "第3号 事業報告2", "_meta"]
    with pytest.raises(ValidationError, match="2行目の「監査」は議案の名前ではありません"):
        write_setting(db, PACK_PARTS, ("予算", "監査"))
    assert read_setting(db, PACK_PARTS)[0] == "予算"


def test_the_bylaws_close_the_pack_when_stored(officers_db, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from app.services.settings import BYLAWS, write_setting

    db, _ = officers_db
    write_setting(db, BYLAWS, "第1条 この会は、ひばり野地域協働体という。\n第2条 この会は、地域の課題を話し合う。")
    pages = pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "pack.pdf", "public"))
    contents = _contents(pages)
    assert list(contents)[-1] == "規約"
    last = [ln.text.strip() for ln in pages[contents["規約"] - 1]]
    assert last[0] == "規約" and "第2条この会は、地域の課題を話し合う。" in [t.replace(" ", "") for t in last]
    workbook = load_workbook(export_report(db, "pack", FY2025, "xlsx", tmp_path / "pack.xlsx"))
    assert workbook.sheetnames[-2] == "規約"
    assert "第1条 この会は、ひばり野地域協働体という。" in [c.value for c in workbook["規約"]["A"]]


def test_cover_takes_the_general_meeting_entered_before_approval(officers_db, tmp_path: Path) -> None:
    """The pack is printed before the 総会: its cover shows the 総会 already in the 会議 list."""
    from app.services.projects.meetings import MeetingData, create_meeting
    from app.services.projects.plans import make_next_plan

    db, _ = officers_db
    make_next_plan(db, FY2025)
    create_meeting(db, FY2026, MeetingData(held_on=date(2026, 5, 9), kind="役員会"))
    create_meeting(db, FY2026, MeetingData(held_on=date(2026, 5, 16), kind="総会", title="通常総会",
                                           place="ひばり野市民センター 大ホール"))
    create_meeting(db, FY2026, MeetingData(held_on=date(2027, 2, 20), kind="総会", title="臨時総会"))
    cover = all_text(pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "pack.pdf", "public"))[:1])
    assert "日時" in cover and "令和8年5月16日" in cover
    assert "会場" in cover and "ひばり野市民センター大ホール" in cover.replace(" ", "").replace("　", "")
    assert "令和8年5月9日" not in cover and "令和9年2月20日" not in cover


def test_a_reprint_after_the_general_meeting_takes_its_record_as_corrected(officers_db, tmp_path: Path) -> None:
    """The 総会 approved the plan; its record (entered afterwards) is linked to the plan, and a
    reprinted pack's cover shows that record's place, also after the place was corrected."""
    from app.services.projects.approval import approve_plan
    from app.services.projects.meetings import MeetingData, create_meeting, update_meeting
    from app.services.projects.plans import make_next_plan, set_meeting

    db, _ = officers_db
    make_next_plan(db, FY2025)
    approve_plan(db, FY2026, date(2026, 5, 16))
    set_meeting(db, FY2026, date(2026, 5, 16), "ひばり野公民館")  # the place typed when approving
    record = MeetingData(held_on=date(2026, 5, 16), kind="総会", title="通常総会", place="ひばり野公民館")
    general = create_meeting(db, FY2026, record).value
    update_meeting(db, general, MeetingData(**{**record.__dict__, "place": "ひばり野市民センター 和室"}))
    cover = all_text(pdf_pages(export_report(db, "pack", FY2025, "pdf", tmp_path / "pack.pdf", "public"))[:1])
    flat = cover.replace(" ", "").replace("　", "")
    assert "令和8年5月16日" in cover and "ひばり野市民センター和室" in flat and "公民館" not in flat


def test_export_pack_command_public_profile_leaves_out_contact_data(officers_db, db_target, tmp_path: Path, capsys) -> None:
    from app.services.projects.plans import make_next_plan

    db, _ = officers_db
    make_next_plan(db, FY2025)
    texts = {}
    for profile in ("full", "public"):
        out = tmp_path / f"{profile}.pdf"
        code = main(["export", "pack", "--db", str(db_target), "--year", "2025", "--format", "pdf", "--out", str(out),
                     "--profile", profile])
        assert code == 0, capsys.readouterr()
        texts[profile] = all_text(pdf_pages(out))
    assert CHAIR_PHONE in texts["full"]
    assert CHAIR_PHONE not in texts["public"] and "試験花子" in texts["public"].replace(" ", "")
