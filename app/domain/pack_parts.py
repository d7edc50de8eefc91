"""The 議案 of the 総会資料, in the order the body chooses, each under its own title if it likes.

A body writes one line per 議案: its name (事業報告, 決算報告, 役員改選, 事業計画, 予算), optionally
followed by 「=」 and the title to print (「事業計画=令和8年度事業計画（案）の承認について」). The
議案 are numbered in that order (第1号議案 …); a 議案 left out is not printed.
"""

from __future__ import annotations

from dataclasses import dataclass

PART_NAMES: tuple[str, ...] = ("事業報告", "決算報告", "役員改選", "事業計画", "予算")
DEFAULT_ORDER: tuple[str, ...] = PART_NAMES


@dataclass(frozen=True)
class PartChoice:
    name: str  # one of PART_NAMES
    title: str = ""  # "" = the usual title (令和7年度 事業報告 …)


def parse_part_order(lines: tuple[str, ...] | list[str]) -> tuple[PartChoice, ...]:
    """The 議案 as chosen; ValueError (Japanese, naming the line) for an unknown name, a 議案 given
    twice, or none at all."""
    chosen: list[PartChoice] = []
    for n, line in enumerate(lines, 1):
        name, _, title = (part.strip() for part in line.replace("＝", "=").partition("="))
        if not name:
            continue
        if name not in PART_NAMES:
            raise ValueError(f"{n}行目の「{name}」は議案の名前ではありません（{'・'.join(PART_NAMES)} のどれか）")
        if any(c.name == name for c in chosen):
            raise ValueError(f"{n}行目: 「{name}」が二度あります")
        chosen.append(PartChoice(name, title))
    if not chosen:
        raise ValueError("議案を一つ以上入れてください")
    return tuple(chosen)


def format_part_order(parts: tuple[PartChoice, ...]) -> tuple[str, ...]:
    return tuple(f"{p.name}={p.title}" if p.title else p.name for p in parts)
