"""Line breaking (禁則, never-breaking numbers and dates) and column widths of PDF tables."""

from __future__ import annotations

from app.reports.pdf_layout import NO_LINE_END, NO_LINE_START, ColumnNeed, column_need, solve_widths, wrap


def width(text: str) -> float:
    """Full-width characters 10 points, others 5 (like a 10-point Japanese font)."""
    return sum(10.0 if ord(ch) > 0x2000 else 5.0 for ch in text)


def test_numbers_dates_and_codes_never_break():
    text = "連絡先は電話0191-52-9719、〒029-0803、令和7年4月1日から2025/4/1まで、会費1,234,567円、率12.5%です。"
    for room in range(70, 260, 7):  # 令和7年4月1日 is 65 wide
        lines = wrap(text, room, width)
        joined = "\n".join(lines)
        for atom in ("0191-52-9719", "〒029-0803", "令和7年4月1日", "2025/4/1", "1,234,567円", "12.5%"):
            assert atom in joined, (room, lines)
        assert "".join(lines) == text


def test_kinsoku_no_line_starts_with_closing_punctuation_or_ends_with_opening():
    text = "「地域の会」は、市民センター（本館）で活動します。ニュースレター「みどり」を発行。" * 3
    for room in range(40, 200, 3):
        lines = wrap(text, room, width)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in NO_LINE_START, (room, lines)
        for line in lines[:-1]:
            assert line[-1] not in NO_LINE_END, (room, lines)


def test_names_break_at_their_space():
    assert wrap("及川 勝", 30, width) == ["及川", "勝"]
    assert wrap("小野寺 智子", 35, width) == ["小野寺", "智子"]


def test_explicit_newlines_are_kept():
    assert wrap("一行目\n二行目", 500, width) == ["一行目", "二行目"]


def test_a_word_wider_than_the_column_still_fits():
    lines = wrap("https://example.jp/very/long/address/of/a/page", 60, width)
    assert all(width(line) <= 60 for line in lines) and len(lines) > 1


def test_column_needs_by_kind():
    fixed = column_need("世帯数", ["1,234", "56"], True, width, 6, 400)
    assert fixed.fixed and fixed.min == width("世帯数") + 6  # a short heading never stacks
    empty = column_need("備考", ["", ""], False, width, 6, 400)
    assert empty.max == width("備考") + 6  # an empty column takes little more than its heading
    text = column_need("住所", ["岩手県一関市見本町石田沢261番地"], False, width, 6, 400)
    assert text.min < text.max == width("岩手県一関市見本町石田沢261番地") + 6


def test_widths_fill_the_page_and_never_starve_fixed_columns():
    needs = [ColumnNeed(80, 80, True), ColumnNeed(30, 500, False), ColumnNeed(30, 100, False)]
    widths = solve_widths(needs, 400)
    assert abs(sum(widths) - 400) < 1e-6
    assert widths[0] == 80 and widths[1] > widths[2] >= 30
    roomy = solve_widths(needs, 1000)
    assert roomy[0] > 80 and abs(sum(roomy) - 1000) < 1e-6  # spare room shared by all


def test_empty_columns_take_little_room_on_the_page(tmp_path):
    """退会日 and 備考 with nothing in them: in the PDF their headings stand close together at the
    right, and the names beside them get the room (one line each)."""
    import datetime as dt

    from app.reports import write_pdf
    from app.reports.model import Column, Report, Table
    from tests.helpers.pdf_text import pdf_pages

    t = Table("構成団体", [Column("name", "名称", "text", 22), Column("phone", "電話", "text", 15),
                          Column("joined", "加入日", "date", 13), Column("left", "退会日", "date", 13),
                          Column("note", "備考", "text", 20)])
    for i in range(30):
        t.add(name=f"第{i + 1}区自治会（旧・山目地区の集落公民館組織）", phone=f"0191-2{i % 10}-{i:04d}",
              joined=dt.date(2020, 4, 1))
    pages = pdf_pages(write_pdf(Report("名簿", [t]), tmp_path / "m.pdf"))
    heads = {ln.text: ln.x for ln in pages[0] if ln.text in ("退会日", "備考", "名称")}
    assert heads["備考"] - heads["退会日"] < 40  # two narrow columns side by side
    names = [ln.text for ln in pages[0] if ln.text.startswith("第")]
    assert len(names) >= 25 and all(n.endswith("組織）") for n in names)  # never wrapped


def test_nice_axis_round_steps():
    from app.reports.pdf_writer import nice_axis

    assert nice_axis(0, 1_374_318) == (0, 1_500_000, 500_000)
    assert nice_axis(0, 9_800_000) == (0, 10_000_000, 2_000_000)
    assert nice_axis(-5, 130) == (-50, 150, 50)
    assert nice_axis(0, 0) == (0, 1, 1)
    assert nice_axis(0, 7) == (0, 8, 2)


def _round(step: int) -> bool:
    return str(step).rstrip("0") in ("1", "2", "25", "5")


def test_charts_have_round_ticks_and_labels_that_never_overlap(tmp_path):
    from app.reports import write_pdf
    from app.reports.model import BarChart, Report
    from tests.helpers.pdf_text import check_no_overlap, numbers, pdf_pages

    few = BarChart("予算額と決算額（支出）", ["人件費", "委託料（清掃・警備・保守点検）", "使用料及び賃借料", "光熱水費", "事業費",
                                        "指定管理料（市からの管理費）"],
                   [("予算額", [5_700_000, 980_000, 0, 1_110_000, 270_000, 1_374_318]),
                    ("決算額", [5_424_000, 924_000, 0, 928_162, 700_000, 1_300_000])], "円")
    many = BarChart("団体別の会員数", [f"第{i}区自治会（旧・山目地区の集落公民館組織）" for i in range(14)],
                    [("令和6年度", [i * 137 for i in range(14)]), ("令和7年度", [i * 141 for i in range(14)])], "人")
    for chart in (few, many):
        pages = pdf_pages(write_pdf(Report("グラフ", [], charts=[chart]), tmp_path / "c.pdf"))
        ticks = sorted(set(numbers(pages[0])))
        steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
        assert len(ticks) >= 4 and len(steps) == 1 and _round(steps.pop()), ticks
        check_no_overlap(pages[0])
