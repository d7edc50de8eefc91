"""Money moves in two directions: 収入 (income) and 支出 (expense), stored as these codes."""

from __future__ import annotations

INCOME = "income"
EXPENSE = "expense"
DIRECTIONS = (INCOME, EXPENSE)
DIRECTION_LABELS = {INCOME: "収入", EXPENSE: "支出"}
