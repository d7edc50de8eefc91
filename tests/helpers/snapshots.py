"""Snapshot tests of report data (as Fava does): a report model as JSON checked in under tests/snapshots/.

`assert_snapshot(name, report)` compares the report with tests/snapshots/<name>.json; with
KYODO_UPDATE_SNAPSHOTS=1 in the environment it writes the file instead (review the diff, then
commit). One row per line, so a changed cell shows as one changed line in `git diff`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from app.reports.model import Add, BarChart, Diff, Formula, Ratio, Ref, Report, Row, SumOf, Table

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"
UPDATE_ENV = "KYODO_UPDATE_SNAPSHOTS"


def formula_text(f: Formula) -> str:
    """Ref("balance", "e3") → "balance@e3"; SumOf → "SUM(income e0:e5)"; Add → "(a + b)"; Diff → "(a - b)";
    Ratio → "(a / b)"."""
    if isinstance(f, Ref):
        return f.column if f.row is None else f"{f.column}@{f.row}"
    if isinstance(f, SumOf):
        return f"SUM({f.column} {f.first}:{f.last})"
    if isinstance(f, Add):
        return "(" + " + ".join(formula_text(t) for t in f.terms) + ")"
    if isinstance(f, Diff):
        return f"({formula_text(f.a)} - {formula_text(f.b)})"
    if isinstance(f, Ratio):
        return f"({formula_text(f.a)} / {formula_text(f.b)})"
    raise TypeError(f"unknown formula {f!r}")


def _value(v: Any) -> Any:
    if v is None or isinstance(v, (str, bool, int, float)):
        return v
    if isinstance(v, dt.datetime):
        return {"datetime": v.isoformat()}
    if isinstance(v, dt.date):
        return {"date": v.isoformat()}
    return {type(v).__name__: str(v)}  # anything else is named, so a type change shows in the diff


def _row(row: Row, table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if row.id is not None:
        out["id"] = row.id
    if row.style is not None:
        out["style"] = row.style
    # in column order, then any key that is not a column (check_report would refuse those)
    keys = [c.key for c in table.columns if c.key in row.values] + [k for k in row.values if k not in
                                                                     {c.key for c in table.columns}]
    out["values"] = {k: _value(row.values[k]) for k in keys}
    if row.formulas:
        out["formulas"] = {k: formula_text(f) for k, f in row.formulas.items()}
    return out


def _table(table: Table) -> dict[str, Any]:
    return {
        "name": table.name,
        "caption": table.caption,
        "columns": [[c.key, c.header, c.kind, c.width] for c in table.columns],
        "rows": [_row(r, table) for r in table.rows],
    }


def _chart(chart: BarChart) -> dict[str, Any]:
    return {"title": chart.title, "categories": list(chart.categories),
            "series": [[name, list(values)] for name, values in chart.series], "value_label": chart.value_label}


def report_data(report: Report, sheet_names: list[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": report.title,
        "subtitle_lines": list(report.subtitle_lines),
        "landscape": report.landscape,
        "contains_personal_data": report.contains_personal_data,
        "stamp_boxes": list(report.stamp_boxes),
        "metadata": dict(report.metadata),
        "meta_sheet": report.meta_sheet,
        "tables": [_table(t) for t in report.tables],
        "charts": [_chart(c) for c in report.charts],
    }
    if sheet_names is not None:
        data["sheet_names"] = sheet_names
    return data


def dumps(data: Any, indent: int = 0) -> str:
    """JSON with lists of rows one item per line and each row on a single line."""
    pad, inner = " " * indent, " " * (indent + 1)
    if isinstance(data, dict) and data and not _is_leafy(data):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dumps(v, indent + 1).lstrip()}" for k, v in data.items()]
        return pad + "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(data, list) and data and not _is_leafy(data):
        return pad + "[\n" + ",\n".join(dumps(v, indent + 1) for v in data) + "\n" + pad + "]"
    return pad + json.dumps(data, ensure_ascii=False)


def _is_leafy(data: Any) -> bool:
    """A row (it has "values"), a column, or a mapping / list of plain values: written on one line."""
    if isinstance(data, dict):
        return "values" in data or all(not isinstance(v, (dict, list)) for v in data.values())
    return all(not isinstance(v, (dict, list)) for v in data)


def assert_snapshot(name: str, data: Any) -> None:
    path = SNAPSHOTS / f"{name}.json"
    text = dumps(data) + "\n"
    if os.environ.get(UPDATE_ENV) == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"{path} がありません: {UPDATE_ENV}=1 で作成し、内容を確かめてからコミットしてください"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            f"{name}.json (checked in)", f"{name}.json (now)", n=1))
        raise AssertionError(f"レポート {name} がスナップショットと違います（{UPDATE_ENV}=1 で更新）:\n{diff[:6000]}")
