"""The 月別集計 chart: round axis steps, and 前年度繰越金 kept out of April's bar."""

from __future__ import annotations

import pytest

from app.ui.monthly_chart import axis_steps


@pytest.mark.parametrize("peak, step, steps", [
    (1_374_318, 500_000, 3), (2_450_000, 500_000, 5), (61_000, 20_000, 4), (120_000, 25_000, 5), (7, 2, 4),
])
def test_axis_steps_are_round(peak, step, steps) -> None:
    assert axis_steps(peak) == (step, steps)
    assert step * steps >= peak


def test_carry_forward_is_not_aprils_income(qtbot, open_window, tmp_path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTabWidget

    from app.cli import main as kyodo
    from app.services.accounts.analysis import monthly_totals
    from app.ui.monthly_chart import MonthlyChart

    path = tmp_path / "demo.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    window = open_window(path)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 管理費
    tabs = window.stack.currentWidget().findChild(QTabWidget)
    monthly = next(i for i in range(tabs.count()) if tabs.tabText(i) == "月別集計")
    qtbot.mouseClick(tabs.tabBar(), Qt.MouseButton.LeftButton, pos=tabs.tabBar().tabRect(monthly).center())
    chart = window.findChild(MonthlyChart, "monthly_chart")
    rows = monthly_totals(window.ctx.db, window.ctx.fiscal_year)
    carried = sum(r.months[0] for r in rows if r.carry_forward)
    assert carried > 0  # the demo's year starts with a balance brought forward
    april_income = sum(r.months[0] for r in rows if r.kind == "income")
    name, values = chart.series[0]
    assert "前年度繰越金を除く" in name
    assert values[0] == april_income - carried
