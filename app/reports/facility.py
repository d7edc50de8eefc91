"""施設 reports, shaped from plain data (app/services/facility/report_data.py):
施設利用状況 (月報 for one month, 年報 for the year) and the 指定管理業務報告書.

Counts, people, slots and fees are summed by formulas in the workbook, and 稼働率 = 使用コマ ÷ 開館コマ
is a formula over the two columns beside it (a room with no open slot shows none), so the city can
check it. The month-by-month 稼働率 sheet does the same: each rate divides the 使用コマ and 開館コマ
rows listed under the rates (values, like the summary's total コマ).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain.facility import Occupancy, UsageCell, UsageTable
from app.domain.report_data.facility import FacilityReportData, Heading, TodayListData, UsageReportData
from app.domain.wareki import format_wareki
from app.reports.model import Add, BarChart, Column, Formula, Kind, Ratio, Ref, Report, SumOf, Table

ROOM = Column("room", "部屋", "text", 16)
SUBMISSION_USAGE_TABLE = "施設利用"
TOTAL_LABEL = "合計"  # the total row's 部屋 cell, which city hall reads back


def _rate(o: Occupancy) -> float | None:
    return None if o.open_slots <= 0 else o.used_slots / o.open_slots


def _rate_formula(o: Occupancy) -> dict[str, Formula]:
    """稼働率 as =使用コマ/開館コマ of its own row (none where no slot was open: nothing to divide by)."""
    return {"rate": Ratio(Ref("used"), Ref("open"))} if o.open_slots > 0 else {}


def _subtitles(h: Heading, period: str) -> list[str]:
    centre = f"（{h.centre_name}）" if h.centre_name else ""
    return [f"{h.body_name}{centre}", period, f"作成日 {format_wareki(h.today)}"]


def _month_label(ym: tuple[int, int]) -> str:
    return f"{ym[1]}月"


def _summary_table(name: str, table: UsageTable, last: UsageTable, month_index: int | None) -> Table:
    """Rooms as rows: 件数, 人数, 使用コマ, 開館コマ, 稼働率, 使用料, 減免額, and last year's 件数・人数・稼働率."""
    columns = [
        ROOM, Column("count", "利用件数", "int", 9), Column("people", "利用者数", "int", 9),
        Column("used", "使用コマ", "int", 9), Column("open", "開館コマ", "int", 9),
        Column("rate", "稼働率", "percent", 8), Column("fees", "使用料", "yen", 11),
        Column("exempt", "減免額", "yen", 11), Column("last_count", "前年度件数", "int", 10),
        Column("last_people", "前年度人数", "int", 10), Column("last_rate", "前年度稼働率", "percent", 10),
    ]
    t = Table(name, columns, caption=name)
    last_by_room = {r.room_id: r for r in last.rooms}

    def pick(cells: tuple[UsageCell, ...], total: UsageCell) -> UsageCell:
        return total if month_index is None else cells[month_index]

    ids = []
    for i, room in enumerate(table.rooms):
        cell = pick(room.months, room.total)
        prev = last_by_room.get(room.room_id)
        prev_cell = pick(prev.months, prev.total) if prev else UsageCell()
        ids.append(f"r{i}")
        t.add(
            id=ids[-1], room=room.room_name + ("" if room.counts_for_rate else "（稼働率に含めない）"),
            formulas=_rate_formula(cell.occupancy),
            count=cell.count, people=cell.people, used=cell.occupancy.used_slots,
            open=cell.occupancy.open_slots, rate=_rate(cell.occupancy), fees=cell.fees, exempt=cell.exemptions,
            last_count=prev_cell.count, last_people=prev_cell.people, last_rate=_rate(prev_cell.occupancy),
        )
    total = table.total if month_index is None else table.month_totals[month_index]
    last_total = last.total if month_index is None else last.month_totals[month_index]
    summed = ("count", "people", "fees", "exempt", "last_count", "last_people")
    # no rooms: the sums are plain zeros (typed as the row values add() takes, not as its options)
    zeros: dict[str, Any] = {} if ids else dict.fromkeys(summed, 0)
    # 使用コマ and 開館コマ of the total count only rooms toward 稼働率, so they are values, not sums.
    t.add(
        room=TOTAL_LABEL, style="total",
        formulas={**({k: SumOf(k, ids[0], ids[-1]) for k in summed} if ids else {}), **_rate_formula(total.occupancy)},
        used=total.occupancy.used_slots, open=total.occupancy.open_slots, rate=_rate(total.occupancy),
        last_rate=_rate(last_total.occupancy),
        **zeros,
    )
    return t


def _by_month_table(name: str, table: UsageTable, value: Callable[[UsageCell], Any], kind: Kind,
                    last_total: Callable[[int], Any]) -> Table:
    """Rooms × months (4月 … 3月), 年間, and last year's 年間."""
    months = [Column(f"m{i}", _month_label(ym), kind, 7) for i, ym in enumerate(table.months)]
    columns = [ROOM, *months, Column("year", "年間", kind, 9), Column("last", "前年度", kind, 9)]
    t = Table(name, columns, caption=name)
    summable = kind != "percent"
    ids = []
    for i, room in enumerate(table.rooms):
        ids.append(f"r{i}")
        values = {f"m{j}": value(c) for j, c in enumerate(room.months)}
        t.add(id=ids[-1], room=room.room_name, year=value(room.total), last=last_total(room.room_id), **values)
    totals = {f"m{j}": value(c) for j, c in enumerate(table.month_totals)}
    formulas = ({k: SumOf(k, ids[0], ids[-1]) for k in (*totals, "year", "last")} if summable and ids else {})
    t.add(room="合計", style="total", formulas=formulas, **({} if formulas else {
        **totals, "year": value(table.total), "last": last_total(-1)}))
    return t


def _rate_by_month_table(table: UsageTable, last_total: Callable[[int], Occupancy]) -> Table:
    """稼働率, rooms × months, 年間 and 前年度: each rate a formula =使用コマ/開館コマ over two helper
    blocks of コマ rows below the rates (the 合計's コマ count only rooms toward 稼働率, as in 年間集計)."""
    months = [Column(f"m{i}", _month_label(ym), "percent", 7) for i, ym in enumerate(table.months)]
    t = Table("稼働率", [ROOM, *months, Column("year", "年間", "percent", 9), Column("last", "前年度", "percent", 9)],
              caption="稼働率")
    keys = [c.key for c in t.columns[1:]]
    rows: list[tuple[str, str, str, list[Occupancy]]] = [
        (f"r{i}", room.room_name, "", [*(c.occupancy for c in room.months), room.total.occupancy,
                                        last_total(room.room_id)])
        for i, room in enumerate(table.rooms)
    ]
    rows.append(("total", "合計", "total", [*(c.occupancy for c in table.month_totals), table.total.occupancy,
                                          last_total(-1)]))
    for row_id, name, style, cells in rows:
        t.add({"room": name, **{k: _rate(o) for k, o in zip(keys, cells, strict=True)}},
              style="total" if style else None,
              formulas={k: Ratio(Ref(k, f"used_{row_id}"), Ref(k, f"open_{row_id}"))
                        for k, o in zip(keys, cells, strict=True) if o.open_slots > 0})
    for part, label in (("used", "使用コマ"), ("open", "開館コマ")):
        t.section(f"{label}（稼働率の計算に使う数）")
        for row_id, name, _style, cells in rows:
            counts = {k: o.used_slots if part == "used" else o.open_slots for k, o in zip(keys, cells, strict=True)}
            t.add({"room": name, **counts}, id=f"{part}_{row_id}", style="counts")
    return t


def build_usage_report(data: UsageReportData) -> Report:
    this, last = data.usage.this_year, data.usage.last_year
    fy = this.year
    if data.month is not None:
        ym = this.months[0]
        period = f"{fy.label} {ym[0]}年{ym[1]}月分（前年同月と比較）"
        title = f"{fy.label} {data.heading.centre_name or data.heading.body_name} 施設利用状況（{ym[1]}月報）"
        tables = [_summary_table(f"{ym[1]}月", this, last, 0)]
    else:
        period = f"{fy.label_full}（前年度と比較）"
        title = f"{fy.label} {data.heading.centre_name or data.heading.body_name} 施設利用状況（年報）"
        last_rooms = {r.room_id: r.total for r in last.rooms}

        def last_of(getter: Callable[[UsageCell], Any]) -> Callable[[int], Any]:
            return lambda room_id: getter(last.total if room_id < 0 else last_rooms.get(room_id, UsageCell()))

        count: Callable[[UsageCell], Any] = lambda c: c.count  # noqa: E731
        people: Callable[[UsageCell], Any] = lambda c: c.people  # noqa: E731
        tables = [
            _summary_table("年間集計", this, last, None),
            _by_month_table("利用件数", this, count, "int", last_of(count)),
            _by_month_table("利用者数", this, people, "int", last_of(people)),
            _rate_by_month_table(this, last_of(lambda c: c.occupancy)),
        ]
    chart = BarChart(
        "利用者数（今年度と前年度）",
        [_month_label(ym) for ym in this.months],
        [(fy.label, [c.people for c in this.month_totals]), (fy.previous().label, [c.people for c in last.month_totals])],
        value_label="人",
    )
    return Report(
        title, tables, _subtitles(data.heading, period), landscape=data.month is None, charts=[chart],
        metadata={"kind": "usage", "fiscal_year": str(fy.year), "body": data.heading.body_name},
    )


def submission_usage_report(data: UsageReportData) -> Report:
    """施設利用, the submission's sheet: the year's usage per room (件数, 人数, コマ, 稼働率, 使用料,
    減免額) beside last year's. City hall totals its 合計 row (app.services.city.aggregate)."""
    this, last = data.usage.this_year, data.usage.last_year
    name = data.heading.centre_name or data.heading.body_name
    return Report(
        f"{this.year.label} {name} 施設利用",
        [_summary_table(SUBMISSION_USAGE_TABLE, this, last, None)],
        _subtitles(data.heading, f"{this.year.label_full}（前年度と比較）")[:2],  # the submission stamps the date
        landscape=True,
    )


def build_facility_report(data: FacilityReportData) -> Report:
    """指定管理業務報告書（年次）: 利用状況, 管理費の収支, 自主事業, 施設の維持管理, 利用者の声."""
    this, last = data.usage.this_year, data.usage.last_year
    fy = this.year
    tables = [_summary_table("1 施設の利用状況", this, last, None)]
    money = Table("2 管理運営費の収支", caption="2 管理運営費の収支", columns=[
        Column("item", "費目", "text", 26), Column("budget", "予算額", "yen", 14), Column("actual", "決算額", "yen", 14),
    ])
    for kind, part, total in (("income", "収入の部", "収入合計"), ("expense", "支出の部", "支出合計")):
        money.section(part)
        items = []  # the 目: the part's total counts each once (a 款・項 is the sum of the lines under it)
        for line in (x for x in data.money if x.kind == kind):
            sums: dict[str, Formula] = {k: Add(*(Ref(k, f"c{c}") for c in line.child_ids))
                                        for k in ("budget", "actual")} if line.heading and line.child_ids else {}
            money.add(id=f"c{line.category_id}", item="　" * (line.depth - 1) + line.name, budget=line.budget,
                      actual=line.actual, style="subtotal" if line.heading else None, formulas=sums)
            if not line.heading:
                items.append(f"c{line.category_id}")
        zeros: dict[str, Any] = {} if items else {"budget": 0, "actual": 0}
        money.add(item=total, style="total",
                  formulas={k: Add(*(Ref(k, i) for i in items)) for k in ("budget", "actual")} if items else {},
                  **zeros)
    tables.append(money)
    projects = Table("3 自主事業", caption="3 自主事業", columns=[
        Column("name", "事業名", "text", 30), Column("period", "実施時期", "text", 14),
        Column("participants", "参加者数", "int", 10), Column("cost", "決算額", "yen", 12),
    ])
    for p in data.projects:
        projects.add(name=p.name, period=p.period, participants=p.participants, cost=p.cost)
    if not data.projects:
        projects.add(name="（自主事業の登録はありません）")
    tables.append(projects)
    notes = Table("4 維持管理・利用者の声", caption="4 施設の維持管理・利用者の声",
                  columns=[Column("item", "項目", "text", 16), Column("text", "内容", "text", 70)])
    notes.add(item="施設の維持管理（点検・修繕）", text=data.maintenance or "（記載なし）")
    notes.add(item="利用者の声", text=data.voices or "（記載なし）")
    tables.append(notes)
    return Report(
        f"{fy.label} {data.heading.centre_name or data.heading.body_name} 指定管理業務報告書",
        tables, _subtitles(data.heading, fy.label_full),
        metadata={"kind": "facility-report", "fiscal_year": str(fy.year), "body": data.heading.body_name},
    )


def build_today_list(data: TodayListData) -> Report:
    """本日の利用予定: room by room, slot by slot, for the front desk."""
    t = Table("本日の利用予定", [
        Column("room", "部屋", "text", 14), Column("slot", "時間帯", "text", 8), Column("user", "利用団体", "text", 24),
        Column("purpose", "利用目的", "text", 22), Column("people", "予定人数", "int", 9),
        Column("fee", "使用料", "yen", 10), Column("status", "状態", "text", 8), Column("check", "受付", "text", 6),
    ])
    for e in data.entries:
        t.add(room=e.room, slot=e.slot, user=e.user, purpose=e.purpose, people=e.people, fee=e.fee, status=e.status)
    if not data.entries:
        t.add(room="（本日の予約はありません）")
    title = f"本日の利用予定 {format_wareki(data.day)}"
    return Report(title, [t], _subtitles(data.heading, format_wareki(data.day)),
                  metadata={"kind": "today", "body": data.heading.body_name})
