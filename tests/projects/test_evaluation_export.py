"""The 自己評価シート as the city and the public receive it: cells, PDF text, public profile, command."""

from __future__ import annotations

import re

from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main as kyodo
from app.services.projects.evaluation import set_evaluation_text, set_grade
from app.services.reports import export_report
from tests.projects.conftest import FY2025


def _grade_year(db, ids) -> None:
    set_grade(db, FY2025, ids["watch"], "objective_1", "A", "訪問世帯が目標を上回った")
    set_grade(db, FY2025, ids["watch"], "objective_3", "B")
    set_evaluation_text(db, FY2025, ids["watch"], "direction", "拡充")
    set_grade(db, FY2025, None, "conduct_2", "B", "部会を定期的に開いた")
    set_evaluation_text(db, FY2025, None, "outcome", "見守りの輪が広がった")
    set_evaluation_text(db, FY2025, None, "issues", "担い手不足")
    set_evaluation_text(db, FY2025, None, "improvements", "若い世代への呼びかけ")


def _rows(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(values_only=True)]


def _row_starting(ws, *first) -> tuple:
    return next(r for r in _rows(ws) if r[: len(first)] == first)


def test_xlsx_sheet_cell_by_cell(year_db, tmp_path) -> None:
    db, ids = year_db
    _grade_year(db, ids)
    wb = load_workbook(export_report(db, "evaluation", FY2025, "xlsx", tmp_path / "ev.xlsx"))
    grades = wb["事業評価"]
    assert grades["A1"].value == "令和7年度 自己評価シート"
    assert _row_starting(grades, "事業名") == ("事業名", "評価の視点", "評価", "評価の内容", "コメント", "根拠")
    # the plan's own wording, the letter alone in its cell, the comment, the evidence
    watch_1 = _row_starting(grades, "見守り活動", "客観的評価検証 ❶ 想定した事業の目標や成果が達成されたか")
    assert watch_1[2:] == ("A", "十分達成", "訪問世帯が目標を上回った",
                           "訪問世帯数: 目標 100世帯 → 実績 120世帯（達成率 120.0%）")
    watch_3 = _row_starting(grades, "見守り活動", "客観的評価検証 ❸ 継続した話し合いがなされたか")
    assert watch_3[2:4] == ("B", "概ね達成") and watch_3[5] == "会議・話し合い 5回（うち 福祉部会 3回）"
    assert _row_starting(grades, "見守り活動", "改善策の検討 ❷ 市民組織の創意工夫がより良く発揮されているか")[2:4] == (None, "未評価")
    assert _row_starting(grades, "見守り活動", "次年度の方向性")[3] == "拡充"
    assert _row_starting(grades, "歴史講座", "客観的評価検証 ❷ 費用に見合った成果が達成されたか")[5] == (
        "予算額 30,000円 → 決算額 33,000円（入力）・執行率 110.0%")
    assert grades.page_setup.orientation == "landscape" and (grades.page_setup.fitToWidth or 1) == 1
    assert grades.print_title_rows is not None

    figures = wb["事業の根拠"]
    header = _row_starting(figures, "事業名")
    watch = dict(zip(header, _row_starting(figures, "見守り活動"), strict=True))
    assert watch["担当者"] == "架空 次郎" and watch["担当部会"] == "福祉部会"
    assert (watch["数値目標"], watch["実績"], watch["達成率"]) == (100, 120, 1.2)
    assert (watch["予算額"], watch["決算額"], watch["執行率"], watch["部会の会議"]) == (50_000, 40_000, 0.8, 3)
    total = dict(zip(header, _row_starting(figures, "合計"), strict=True))
    assert re.fullmatch(r"=SUM\([A-Z]+\d+:[A-Z]+\d+\)", total["予算額"])

    body = wb["団体評価"]
    assert _row_starting(body, "協働の行動基準 ❷ 地域課題を解決するため、継続して話し合うこと") == (
        "協働の行動基準 ❷ 地域課題を解決するため、継続して話し合うこと", "B", "概ね達成", "部会を定期的に開いた")
    assert _row_starting(body, "成果")[3] == "見守りの輪が広がった"
    assert _row_starting(body, "課題")[3] == "担い手不足"
    assert _row_starting(body, "改善策")[3] == "若い世代への呼びかけ"
    counts = wb["会議・話し合い"]
    assert _row_starting(counts, "部会") == ("部会", 3)
    assert _row_starting(counts, "合計")[1].startswith("=SUM(")


def test_pdf_has_the_meeting_count_grades_and_chart(year_db, tmp_path) -> None:
    db, ids = year_db
    _grade_year(db, ids)
    pdf = PdfReader(export_report(db, "evaluation", FY2025, "pdf", tmp_path / "ev.pdf"))
    text = "".join(p.extract_text() for p in pdf.pages).replace("\n", "")
    assert "令和7年度 自己評価シート" in text
    assert "会議・話し合い 5回" in text
    assert "十分達成" in text and "訪問世帯が目標を上回った" in text
    assert "評価項目別の評点" in text  # the grade-profile chart
    fonts = [f.get_object() for p in pdf.pages for f in (p["/Resources"].get("/Font") or {}).values()]
    ipa = [f for f in fonts if "IPAexGothic" in f["/BaseFont"]]
    assert ipa and all("/FontFile2" in f["/FontDescriptor"].get_object() for f in ipa)  # embedded


def test_public_profile_leaves_out_names_and_contact_data(year_db, tmp_path) -> None:
    db, ids = year_db
    _grade_year(db, ids)
    full = PdfReader(export_report(db, "evaluation", FY2025, "pdf", tmp_path / "full.pdf"))
    full_text = "".join(p.extract_text() for p in full.pages)
    assert "架空 次郎" in full_text and "試験 花子" in full_text and "個人情報を含みます" in full_text
    public = export_report(db, "evaluation", FY2025, "xlsx", tmp_path / "public.xlsx", "public")
    cells = {str(c) for ws in load_workbook(public).worksheets for r in ws.iter_rows(values_only=True) for c in r}
    text = "\n".join(cells)
    for private in ("架空 次郎", "試験 花子", "0191-00-0000", "見本町", "担当者", "個人情報を含みます"):
        assert private not in text
    assert "令和7年度 自己評価シート（公表用）" in cells and "A" in cells
    pdf_text = "".join(p.extract_text() for p in PdfReader(export_report(
        db, "evaluation", FY2025, "pdf", tmp_path / "public.pdf", "public")).pages)
    assert "架空" not in pdf_text and "0191" not in pdf_text and "会議・話し合い 5回" in pdf_text


def test_export_command(year_db, db_target, tmp_path, capsys) -> None:
    db, _ = year_db
    db.close()
    out = tmp_path / "sheet.xlsx"
    code = kyodo(["export", "evaluation", "--db", str(db_target), "--year", "2025", "--format", "xlsx",
                  "--out", str(out), "--profile", "public"])
    assert code == 0, capsys.readouterr().err
    assert "令和7年度の自己評価シートを書き出しました" in capsys.readouterr().out
    assert load_workbook(out)["事業評価"]["A1"].value == "令和7年度 自己評価シート（公表用）"
