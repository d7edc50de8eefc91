"""Input bounds (issue 14): dates within 1900-01-01 … a year from today, and one documented table of
text limits, enforced by the services (forms and imports alike) with messages naming field and limit."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.domain.input_bounds import OTHER_LIMITS, TEXT_LIMITS, check_date_bounds, latest_date, text_limit
from app.domain.validation import Problem, ValidationError
from app.storage.database import open_database

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 2)


def test_dates_from_1900_to_a_year_from_today() -> None:
    problems: list[Problem] = []
    for ok in (date(1900, 1, 1), TODAY, date(2027, 12, 2)):
        check_date_bounds("joined_on", "加入日", ok, problems, TODAY)
    assert problems == []
    for wrong in (date(1899, 12, 31), date(2027, 12, 3), date(2173, 10, 13)):
        check_date_bounds("joined_on", "加入日", wrong, problems, TODAY)
    assert [p.field for p in problems] == ["joined_on"] * 3
    assert problems[2].message == "加入日（2173/10/13）は1900/01/01から2027/12/02（1年後）までの日付で入力してください"
    assert latest_date(date(2028, 2, 29)) == date(2029, 2, 28)


def test_an_imported_joining_date_centuries_ahead_is_refused_naming_the_cell(tmp_path, capsys) -> None:
    from app.cli import main as kyodo

    db = tmp_path / "kyodo.sqlite"
    assert kyodo(["new", "--db", str(db), "--body", "試験地域協働体", "--year", "2025"]) == 0
    sheet = tmp_path / "名簿.csv"
    sheet.write_text("名称,ふりがな,区分,加入日,退会日\n上野原自治会,うえのはら,自治会,2173-10-13,1800/1/1\n",
                     encoding="utf-8")
    capsys.readouterr()
    assert kyodo(["members", "import", str(sheet), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "2行目 D列（加入日）: 加入日（2173/10/13）は1900/01/01から" in err
    assert "2行目 E列（退会日）: 退会日（1800/01/01）は1900/01/01から" in err


def test_a_cash_book_of_a_year_centuries_ahead_is_refused_naming_the_cell(tmp_path, capsys) -> None:
    """Ledger dates stay within their fiscal year, and whatever `--year` says, within 1900 … a year
    from today: 2173 typed for 2025 (and its year typed alike) is a slip, not a cash book."""
    from app.cli import main as kyodo
    from app.domain.fiscal_year import FiscalYear
    from app.services.accounts.ledger import list_entries

    db = tmp_path / "kyodo.sqlite"
    assert kyodo(["new", "--db", str(db), "--body", "試験地域協働体", "--year", "2025"]) == 0
    sheet = tmp_path / "出納簿.csv"
    sheet.write_text("日付,費目,摘要,支出\n2173/5/1,消耗品費,コピー用紙,3300\n", encoding="utf-8")
    capsys.readouterr()
    with pytest.raises(SystemExit) as usage:  # the year itself is bounded: a usage error
        kyodo(["ledger", "import", str(sheet), "--db", str(db), "--year", "2173"])
    assert usage.value.code == 2
    assert "年度（2173）は1900年度から" in capsys.readouterr().err
    assert kyodo(["ledger", "import", str(sheet), "--db", str(db), "--year", "2025"]) == 1
    err = capsys.readouterr().err
    assert "2行目 A列（日付）: 日付（2173/05/01）は1900/01/01から" in err and "（1年後）までの日付" in err
    database = open_database(db)
    try:
        assert list_entries(database, FiscalYear(2173)) == list_entries(database, FiscalYear(2025)) == []
    finally:
        database.close()


def test_fiscal_years_from_1900_to_the_one_holding_the_latest_date() -> None:
    from app.domain.fiscal_year import FiscalYear
    from app.domain.input_bounds import check_fiscal_year_bounds, latest_fiscal_year

    assert latest_fiscal_year(TODAY) == FiscalYear(2027)  # 2027/12/02 is in 令和9年度
    assert latest_fiscal_year(date(2027, 3, 31)) == FiscalYear(2027)  # 2028/03/31 too
    problems: list[Problem] = []
    for ok in (1900, 2026, 2027):
        check_fiscal_year_bounds(FiscalYear(ok), problems, TODAY)
    assert problems == []
    for wrong in (2028, 2173):
        check_fiscal_year_bounds(FiscalYear(wrong), problems, TODAY)
    assert [p.message for p in problems] == [
        f"年度（{y}）は1900年度から2027年度（令和9年度）までの西暦年で指定してください" for y in (2028, 2173)]


def test_a_year_centuries_ahead_is_refused_by_the_services_and_the_command_line(db, tmp_path, capsys) -> None:
    """年度 2173 (from `kyodo new --year 2173`, 「次の年度を追加」 clicked for ever, or a 会計 of
    that year) is refused naming the year and its bound; nothing is created."""
    from app.cli import main as kyodo
    from app.domain.fiscal_year import FiscalYear
    from app.domain.input_bounds import latest_fiscal_year
    from app.services.accounts.budgets import save_budget
    from app.services.fiscal_years import add_fiscal_year, list_fiscal_years

    for wrong in (FiscalYear(2173), latest_fiscal_year().next()):
        with pytest.raises(ValidationError, match=rf"年度（{wrong.year}）は1900年度から"):
            add_fiscal_year(db, wrong)
        with pytest.raises(ValidationError, match=rf"年度（{wrong.year}）は1900年度から"):
            save_budget(db, wrong, {})
    assert add_fiscal_year(db, latest_fiscal_year())  # the last one still opens
    assert list_fiscal_years(db) == [latest_fiscal_year()]

    path = tmp_path / "新しい.sqlite"
    for command in (["new", "--db", str(path), "--body", "試験地域協働体", "--year", "2173"],
                    ["account", "add", "--db", str(path), "--name", "普通預金", "--kind", "bank",
                     "--opening", "1000", "--year", "2173"]):
        with pytest.raises(SystemExit) as usage:
            kyodo(command)
        assert usage.value.code == 2
        assert "--year: 年度（2173）は1900年度から" in capsys.readouterr().err
    assert not path.exists()


def test_dates_of_approval_equipment_and_budgets_are_bounded(db) -> None:
    """総会の日, 購入日・処分日, 議決日 and 流用の日: a 2173 is refused naming the field, nothing stored."""
    from app.domain.fiscal_year import FiscalYear
    from app.services.accounts.budget_moves import move_budget
    from app.services.accounts.budgets import list_budget_versions, save_budget
    from app.services.accounts.equipment import EquipmentInfo, list_equipment, save_equipment
    from app.services.fiscal_years import add_fiscal_year
    from app.services.projects.approval import approve_plan

    year = FiscalYear(2025)
    add_fiscal_year(db, year)
    slip = date(2173, 5, 16)
    with pytest.raises(ValidationError, match=r"^総会の日（2173/05/16）は1900/01/01から"):
        approve_plan(db, year, slip, confirmed=True)
    for field, label in (("bought_on", "購入日"), ("disposed_on", "処分日")):
        with pytest.raises(ValidationError) as refused:
            save_equipment(db, replace(EquipmentInfo(None, None, "長机"), **{field: slip}))
        assert [(p.field, p.message.split("）")[0]) for p in refused.value.problems] == [
            (field, f"{label}（2173/05/16")]
    assert list_equipment(db) == []
    with pytest.raises(ValidationError, match=r"^議決日（2173/05/16）は1900/01/01から"):
        save_budget(db, year, {}, adopted_on=slip)
    assert list_budget_versions(db, year) == []
    with pytest.raises(ValidationError, match=r"^流用・充用の日（2173/05/16）は1900/01/01から"):
        move_budget(db, year, 1, 2, 1000, "不足のため", on_date=slip)


def test_officer_terms_are_bounded_with_room_for_a_planned_end(db) -> None:
    """任期開始 like a 加入日 (≤ a year ahead); 任期終了 may be planned up to four years ahead."""
    from app.services.members.officers import Term, list_office_posts, list_terms, save_term
    from app.services.members.people import Member, save_person

    post = list_office_posts(db)[0].id
    person = save_person(db, Member(name="見本 一郎", furigana="みほん いちろう")).value.id
    this_april = date(date.today().year, 4, 1)
    with pytest.raises(ValidationError) as refused:
        save_term(db, Term(post_id=post, person_id=person, start_on=date(2173, 4, 1)))
    assert refused.value.problems[0].field == "start_on"
    assert refused.value.problems[0].message.startswith("任期開始（2173/04/01）は1900/01/01から")
    with pytest.raises(ValidationError) as refused:
        save_term(db, Term(post_id=post, person_id=person, start_on=this_april, end_on=date(2207, 3, 31)))
    assert refused.value.problems[0].field == "end_on"
    assert refused.value.problems[0].message.startswith("任期終了（2207/03/31）は1900/01/01から")
    assert "（4年後）までの日付で入力してください" in refused.value.problems[0].message
    assert list_terms(db) == []
    two_years = this_april.replace(year=this_april.year + 2) - timedelta(days=1)  # a usual two-year term
    save_term(db, Term(post_id=post, person_id=person, start_on=this_april, end_on=two_years))
    assert [(t.start_on, t.end_on) for t in list_terms(db)] == [(this_april, two_years)]


# -- text limits ------------------------------------------------------------------------------------


def _refusal(check, value: str) -> list[str]:
    try:
        check(value)
    except ValidationError as exc:
        return [p.message for p in exc.problems]
    return []


def _services():
    """record → a function that saves (or validates) a value in one field of that record."""
    from app.domain.fiscal_year import FiscalYear
    from app.services.members.kinds import Kind
    from app.services.members.organisations import Organisation, organisation_problems
    from app.services.members.people import Member, person_problems
    from app.services.profile import Profile, validate_profile
    from app.services.projects.meetings import MeetingData, validate_meeting
    from app.services.projects.projects import ProjectData, validate_project

    year = FiscalYear(2025)
    kind = Kind(id=1, name="自治会", counts_households=True)

    def raising(problems: list[Problem]) -> None:
        if problems:
            raise ValidationError(problems)

    def organisation(field: str, value: str) -> None:
        org = replace(Organisation(kind_id=1, name="上野原自治会"), **{field: value})
        raising(organisation_problems(org, [kind])[1])

    def person(field: str, value: str) -> None:
        member = replace(Member(name="見本 一郎"), **{field: value})
        raising(person_problems(member, set())[1])

    return {
        "団体情報": lambda f, v: validate_profile(replace(Profile(name="試験地域協働体"), **{f: v})),
        "構成団体": organisation,
        "個人会員": person,
        "事業": lambda f, v: validate_project(replace(ProjectData(name="見本事業", item_code="1-1"), **{f: v}), year),
        "会議": lambda f, v: validate_meeting(
            replace(MeetingData(held_on=date(2025, 5, 1), kind="役員会", title="役員会"), **{f: v}), year),
    }


SERVICE_LIMITS = [t for t in TEXT_LIMITS if t.record != "自己評価" and t.field not in ("furigana", "email")]


@pytest.mark.parametrize("limit", SERVICE_LIMITS, ids=lambda t: f"{t.record}-{t.label}")
def test_each_field_takes_its_limit_and_not_one_more(limit) -> None:
    save = _services()[limit.record]
    # ASCII letters: one character each, valid in any field (names, addresses, notes)
    assert _refusal(lambda v: save(limit.field, v), "a" * limit.limit) == []
    messages = _refusal(lambda v: save(limit.field, v), "a" * (limit.limit + 1))
    assert any(m.startswith(f"{limit.label}は{limit.limit:,}文字以内で入力してください") for m in messages), messages


def test_evaluation_texts_have_their_limits(db) -> None:
    from app.domain.fiscal_year import FiscalYear
    from app.services.fiscal_years import add_fiscal_year
    from app.services.projects.evaluation import set_evaluation_text

    year = FiscalYear(2025)
    add_fiscal_year(db, year)
    limit = text_limit("自己評価", "outcome")
    set_evaluation_text(db, year, None, "outcome", "成" * limit.limit)
    with pytest.raises(ValidationError, match=f"成果は{limit.limit:,}文字以内"):
        set_evaluation_text(db, year, None, "outcome", "成" * (limit.limit + 1))


def test_the_readme_table_is_the_table_in_the_code() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### 入力できる長さと日付", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| (?!画面|---)(.+?) \| (.+?) \| ([\d,]+) \|$", section, re.M)
    assert [(r, label, int(n.replace(",", ""))) for r, label, n in rows] == [
        (t.record, t.label, t.limit) for t in TEXT_LIMITS + OTHER_LIMITS
    ]


def test_limits_kept_by_other_services_are_the_documented_ones() -> None:
    from app.domain import member_fields
    from app.services.accounts import categories
    from app.services.facility import bookings, report_data, rooms, users
    from app.services.members import kinds, officers

    kept = {
        ("部会", "name"): member_fields.NAME_MAX, ("区分", "name"): kinds.KIND_MAX,
        ("役職", "name"): officers.POST_MAX, ("施設", "room"): rooms.NAME_MAX, ("施設", "user"): users.NAME_MAX,
        ("施設", "booking_text"): bookings.TEXT_MAX, ("施設", "report_note"): report_data.NOTE_MAX,
        ("管理費", "category"): categories.NAME_MAX,
    }  # fmt: skip
    assert {(t.record, t.field): t.limit for t in OTHER_LIMITS} == kept
    for record in ("構成団体", "個人会員"):
        assert text_limit(record, "name").limit == member_fields.NAME_MAX
        assert text_limit(record, "furigana").limit == member_fields.FURIGANA_MAX


def test_the_full_member_list_pdf_prints_every_field_at_its_limit(db, tmp_path) -> None:
    """PDFs never fail on long text: rows wrap and split across pages (was a reportlab LayoutError)."""
    from app.domain.fiscal_year import FiscalYear
    from app.services.members.kinds import list_member_kinds
    from app.services.members.organisations import Organisation, save_organisation
    from app.services.members.people import Member, save_person
    from app.services.profile import Profile, save_profile
    from app.services.reports import export_report
    from tests.helpers.pdf_text import all_text, check_pages_numbered_and_not_blank, pdf_pages

    printed = 0

    def at_limit(record: str, field: str, end: str) -> str:
        nonlocal printed
        n = text_limit(record, field).limit - len(end)
        printed += n
        return "長" * n + end

    save_profile(db, Profile(name="試験地域協働体"))
    kind = next(k.id for k in list_member_kinds(db) if k.name == "自治会")
    save_organisation(db, Organisation(
        kind_id=kind, name=at_limit("構成団体", "name", "団体名終"), representative=at_limit("構成団体", "representative", "代終"),
        address=at_limit("構成団体", "address", "住所終"), note=at_limit("構成団体", "note", "備考終"),
        joined_on=date(2020, 4, 1)))  # fmt: skip
    save_person(db, Member(
        name=at_limit("個人会員", "name", "氏名終"), address=at_limit("個人会員", "address", "個住終"),
        note=at_limit("個人会員", "note", "個備終"), joined_on=date(2020, 4, 1)))  # fmt: skip
    out = export_report(db, "members", FiscalYear(2025), "pdf", tmp_path / "名簿.pdf", "full")
    pages = pdf_pages(out)
    check_pages_numbered_and_not_blank(pages)
    text = all_text(pages)
    # wrapped cells interleave on the page, so count: every character of every field is printed
    assert text.count("長") == printed and text.count("終") == 7
