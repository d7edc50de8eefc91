"""集計 at city hall: read every body's submission workbook, check it, and total them.

A workbook that fails a check (not ours, damaged, cut off, a newer format, content changed after it
was made, a sheet missing) is listed with the reason and left out of the totals; nothing in one
file can stop the run. The numbers are read from the visible sheets, which the checksum protects:
the key figures from 団体概要, the per-category 決算額 from 収支決算書 and the centre's use from 施設利用
(a sheet that older submissions do not have: they are totalled with those figures blank).
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.areas import AREAS
from app.domain.fiscal_year import FiscalYear
from app.domain.submission_format import (
    FACILITY_SHEET,
    FORMAT_VERSION,
    MANIFEST_DOCUMENT,
    META_BODY,
    META_CHECKSUM,
    META_CREATED,
    META_EDITION,
    META_FORMAT_VERSION,
    META_KIND,
    META_KIND_VALUE,
    META_SHEET,
    META_YEAR,
    OVERVIEW_SHEET,
    READABLE_VERSIONS,
    REQUIRED_SHEETS,
    SETTLEMENT_SHEET,
    content_checksum,
    file_sha256,
)
from app.domain.validation import ValidationError
from app.importing.spec import normalise_header
from app.reports.facility import TOTAL_LABEL
from app.services.city.signatures import UNVERIFIED, VERIFIED, RegisteredKey, check_signature

ProgressFn = Callable[[int, int, str], None]
MONEY_GROUP = "収支"  # cross-checked against 収支決算書, not a column of its own
INCOME_PART, EXPENSE_PART = "収入の部", "支出の部"


class SubmissionFileError(Exception):
    """This file cannot be totalled; the message says why, in Japanese."""


@dataclass(frozen=True)
class FacilityTotals:
    """The centre's year from the 施設利用 sheet: 利用件数, 利用者数 and the slots of 稼働率."""

    count: int
    people: int
    used_slots: int  # of the rooms that count toward 稼働率
    open_slots: int  # 稼働率 = used ÷ open, a formula in the 集計


@dataclass(frozen=True)
class BodySubmission:
    path: Path
    body_name: str
    area: str
    year: FiscalYear
    edition: int
    created_at: str
    signature: str  # 署名確認済み / 署名未確認 (aggregated without registered keys)
    figures: dict[tuple[str, str], int]  # (区分, 項目) → 数値, in sheet order
    income: dict[str, int]  # 費目 → 決算額
    expense: dict[str, int]
    facility: FacilityTotals | None = None  # None: a submission made before the 施設利用 sheet, or no rooms

    @property
    def income_total(self) -> int:
        return sum(self.income.values())

    @property
    def expense_total(self) -> int:
        return sum(self.expense.values())


@dataclass(frozen=True)
class FileProblem:
    path: Path
    reason: str


@dataclass
class AggregateResult:
    year: FiscalYear | None
    bodies: list[BodySubmission] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    files: int = 0  # workbooks looked at


# --- finding the files ------------------------------------------------------------------------


def find_workbooks(paths: Iterable[Path], exclude: Path | None = None) -> list[Path]:
    """The .xlsx files given, and those in the folders given (searched recursively), in order.
    Excel's lock files (~$…), half-written temporary files and anything in a hidden folder (such as
    a submission's `.kyodo-submission-*` staging folder) are skipped."""
    found: list[Path] = []
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise ValidationError(f"指定されたファイルまたはフォルダがありません: {'、'.join(missing)}")
    seen = {exclude.resolve()} if exclude else set()
    for path in map(Path, paths):
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for p in candidates:
            if path.is_dir() and (
                p.suffix.lower() != ".xlsx"
                or p.name.startswith(("~$", ".~"))
                or any(part.startswith(".") for part in p.relative_to(path).parts)  # hidden, e.g. staging
            ):
                continue
            if p.resolve() not in seen:  # a file reached twice (a folder and a file in it) counts once
                seen.add(p.resolve())
                found.append(p)
    return found


# --- reading one workbook ---------------------------------------------------------------------


def read_submission(path: Path, keys: Mapping[str, RegisteredKey] | None = None) -> BodySubmission:
    """Read and check one submission workbook; SubmissionFileError names what is wrong.
    With `keys` (the registered public keys), the workbook must carry its body's valid signature."""
    from app.importing.errors import ImportFileError, check_xlsx_file
    from app.importing.read_only_book import open_read_only
    from app.importing.sheet_stream import read_cells

    if path.suffix.lower() != ".xlsx":
        raise SubmissionFileError(
            "Excelファイル（.xlsx）ではありません。提出用のExcelファイルを指定してください。"
        )
    try:
        check_xlsx_file(path)
    except ImportFileError as exc:
        raise SubmissionFileError(str(exc)) from exc
    try:
        wb = open_read_only(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise SubmissionFileError(
            f"Excelファイルとして読み取れません（壊れている可能性があります: {exc}）"
        ) from exc
    try:
        meta = _read_meta(path, wb)
        version = _check_version(meta)
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        names = [ws.title for ws in visible]
        missing = [s for s in REQUIRED_SHEETS if s not in names]
        if missing:
            raise SubmissionFileError(
                f"必要なシート「{'」「'.join(missing)}」がありません（または非表示です）。提出元に再提出を依頼してください。"
            )
        cells = {ws.title: read_cells(path, ws, types=True) for ws in visible}
    except ImportFileError as exc:  # beyond the row/column caps, or a damaged sheet
        raise SubmissionFileError(str(exc)) from exc
    finally:
        wb.close()
    rows = {name: c.dense() for name, c in cells.items()}
    if content_checksum((name, rows[name]) for name in names) != meta.get(META_CHECKSUM, ""):
        raise SubmissionFileError(
            "内容が作成時から変更されています（チェックサムが一致しません）。手で書き換えられた可能性があります。"
            "提出元に、協働デスクで作成したままのファイルを再提出するよう依頼してください。"
        )
    signature = UNVERIFIED
    if keys is not None:
        reason = check_signature(meta, ((name, cells[name].typed_rows()) for name in names), keys)
        if reason:
            raise SubmissionFileError(reason)
        signature = VERIFIED
    submission = _parse(path, meta, version, rows, signature)
    _check_manifest(path, submission)
    return submission


def _check_manifest(path: Path, submission: BodySubmission) -> None:
    """Where the workbook's folder holds a manifest (提出ファイル一覧) listing it, the manifest must be
    for the same body, year and 版, and every listed file present must have the listed SHA-256."""
    for manifest, document in _manifests_listing(path):
        said = (document.get("body_name"), document.get("fiscal_year"), document.get("edition"))
        if said != (submission.body_name, submission.year.year, submission.edition):
            raise SubmissionFileError(
                f"提出ファイル一覧「{manifest.name}」（{said[0]}、第{said[2]}版）と、Excelファイルに記録された"
                f"団体・年度・版（{submission.body_name}、第{submission.edition}版）が一致しません。"
                "版が書き換えられた可能性があります。提出元に再提出を依頼してください。"
            )
        for entry in document["files"]:
            listed = path.parent / str(entry.get("name", ""))
            if listed.parent == path.parent and listed.is_file() and file_sha256(listed) != entry.get("sha256"):
                raise SubmissionFileError(
                    f"「{listed.name}」の内容が提出ファイル一覧「{manifest.name}」のSHA-256と一致しません"
                    "（作成後に変更されています）。提出元に再提出を依頼してください。"
                )


def _manifests_listing(path: Path) -> Iterable[tuple[Path, dict[str, Any]]]:
    for candidate in sorted(path.parent.glob("*.json")):
        try:
            if candidate.stat().st_size > 1024 * 1024:
                continue
            document = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if not isinstance(document, dict) or document.get("document") != MANIFEST_DOCUMENT:
            continue
        files = document.get("files")
        if isinstance(files, list) and any(isinstance(f, dict) and f.get("name") == path.name for f in files):
            yield candidate, {**document, "files": [f for f in files if isinstance(f, dict)]}


def _read_meta(path: Path, wb: Any) -> dict[str, str]:
    from app.importing.sheet_stream import read_pairs

    if META_SHEET not in wb.sheetnames:
        raise SubmissionFileError(
            "協働デスクの提出ファイルではありません（提出ファイルの隠しシートがありません）。"
        )
    meta = read_pairs(path, wb[META_SHEET])
    if meta.get(META_KIND) != META_KIND_VALUE:
        raise SubmissionFileError(
            "協働デスクの提出ファイルではありません（名簿や決算書などを個別に出力したファイルです）。"
            "「提出」で作成したファイルを指定してください。"
        )
    return meta


def _check_version(meta: dict[str, str]) -> int:
    text = meta.get(META_FORMAT_VERSION, "")
    if not text.isdigit():
        raise SubmissionFileError(
            f"提出ファイルの形式番号「{text}」が読み取れません。ファイルが壊れている可能性があります。"
        )
    version = int(text)
    if version > FORMAT_VERSION:
        raise SubmissionFileError(
            f"新しい形式（形式{version}）の提出ファイルです。この協働デスクは形式{FORMAT_VERSION}までしか読めません。"
            "協働デスクを最新版に更新してから集計してください。"
        )
    if version not in READABLE_VERSIONS:
        raise SubmissionFileError(
            f"古い形式（形式{version}）の提出ファイルで、この協働デスクでは読み取れません。"
            "提出元に、最新版の協働デスクで提出ファイルを作り直してもらってください。"
        )
    return version


SheetRow = tuple[Any, ...]  # one row of cell values, as openpyxl reads them


def _header(rows: Sequence[SheetRow], wanted: Sequence[str], sheet: str) -> tuple[int, dict[str, int]]:
    """Index of the header row holding every `wanted` header, and header → column index."""
    keys = {normalise_header(w): w for w in wanted}
    for i, row in enumerate(rows[:20]):
        found = {keys[normalise_header(v)]: j for j, v in enumerate(row) if normalise_header(v) in keys}
        if len(found) == len(keys):
            return i, found
    raise SubmissionFileError(f"シート「{sheet}」に見出し（{'・'.join(wanted)}）が見つかりません。")


def _cell(row: SheetRow, index: int) -> Any:
    return row[index] if index < len(row) else None


def _parse(
    path: Path, meta: dict[str, str], version: int, rows: dict[str, list[SheetRow]], signature: str
) -> BodySubmission:
    # Version 1 is the only format so far; a version 2 reader would branch here on `version`.
    if not meta.get(META_YEAR, "").isdigit():
        raise SubmissionFileError(
            "提出ファイルの年度が読み取れません。ファイルが壊れている可能性があります。"
        )
    year = FiscalYear(int(meta[META_YEAR]))
    profile, figures = _read_overview(rows[OVERVIEW_SHEET])
    body = profile.get("地域協働体名", "")
    if not body or body != meta.get(META_BODY) or profile.get("年度") != year.label_full:
        raise SubmissionFileError(
            "団体概要の地域協働体名・年度と、ファイルに記録された団体名・年度が一致しません。"
            "提出元に再提出を依頼してください。"
        )
    income, expense = _read_settlement(rows[SETTLEMENT_SHEET])
    for label, amount in (("収入合計", sum(income.values())), ("支出合計", sum(expense.values()))):
        stated = figures.get((MONEY_GROUP, label))
        if stated is not None and stated != amount:
            raise SubmissionFileError(
                f"団体概要の{label}（{stated:,}円）と収支決算書の費目の合計（{amount:,}円）が一致しません。"
            )
    edition = meta.get(META_EDITION, "")
    return BodySubmission(
        path=path,
        body_name=body,
        area=profile.get("地域", ""),
        year=year,
        edition=int(edition) if edition.isdigit() else 0,
        created_at=meta.get(META_CREATED, ""),
        signature=signature,
        figures={k: v for k, v in figures.items() if k[0] != MONEY_GROUP},
        income=income,
        expense=expense,
        facility=_read_facility(rows[FACILITY_SHEET]) if FACILITY_SHEET in rows else None,
    )


def _read_overview(rows: list[SheetRow]) -> tuple[dict[str, str], dict[tuple[str, str], int]]:
    head, col = _header(rows, ("区分", "項目", "数値", "内容"), OVERVIEW_SHEET)
    profile: dict[str, str] = {}
    figures: dict[tuple[str, str], int] = {}
    for n, row in enumerate(rows[head + 1 :], head + 2):
        group, label = _cell(row, col["区分"]), _cell(row, col["項目"])
        value, text = _cell(row, col["数値"]), _cell(row, col["内容"])
        if not label:
            continue
        _refuse_digits_as_text(value, OVERVIEW_SHEET, n, "数値")
        if isinstance(value, int) and not isinstance(value, bool):
            figures[(str(group or ""), str(label))] = value
        elif group == "団体":
            profile[str(label)] = "" if text is None else str(text)
    return profile, figures


_DIGITS = re.compile(r"[-−]?[\d,，]+(?:\.\d+)?")


def _refuse_digits_as_text(value: Any, sheet: str, row: int, column: str) -> None:
    """Numbers retyped as text with the same digits would leave the checksum as it was and slip
    past the totals' cross-check: the program never writes a number as text in these columns."""
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        raise SubmissionFileError(
            f"シート「{sheet}」{row}行目 {column}: 数値が文字として保存されています（型が変更されています）。"
            "手で書き換えられた可能性があります。提出元に再提出を依頼してください。"
        )


def _read_settlement(rows: list[SheetRow]) -> tuple[dict[str, int], dict[str, int]]:
    """Category rows carry their 決算額 as a number; totals and 差額 are formulas (skipped)."""
    head, col = _header(rows, ("費目", "決算額"), SETTLEMENT_SHEET)
    parts: dict[str, dict[str, int]] = {INCOME_PART: {}, EXPENSE_PART: {}}
    current: dict[str, int] | None = None
    for n, row in enumerate(rows[head + 1 :], head + 2):
        item, actual = _cell(row, col["費目"]), _cell(row, col["決算額"])
        name = str(item).strip() if item is not None else ""
        if name in parts:
            current = parts[name]
            continue
        _refuse_digits_as_text(actual, SETTLEMENT_SHEET, n, "決算額")
        if isinstance(actual, bool) or not isinstance(actual, (int, float)) or name.endswith("合計"):
            continue  # a heading, a total (a formula; a plain 0 when a part has no categories), a blank
        if current is None or not name:
            raise SubmissionFileError(
                f"シート「{SETTLEMENT_SHEET}」{n}行目の金額が収入・支出のどちらか分かりません。"
            )
        if isinstance(actual, float) and not actual.is_integer():
            raise SubmissionFileError(f"シート「{SETTLEMENT_SHEET}」{n}行目 決算額: 円未満の端数があります。")
        current[name] = current.get(name, 0) + int(actual)
    return parts[INCOME_PART], parts[EXPENSE_PART]


def _whole_number(value: Any, row: int, column: str) -> int | None:
    _refuse_digits_as_text(value, FACILITY_SHEET, row, column)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not value.is_integer():
        raise SubmissionFileError(f"シート「{FACILITY_SHEET}」{row}行目 {column}: 整数ではありません（{value}）。")
    return int(value)


def _read_facility(rows: list[SheetRow]) -> FacilityTotals | None:
    """Rooms' 利用件数 and 利用者数 are summed here (the 合計 row sums them by formula); 使用コマ and
    開館コマ come from the 合計 row, which counts only the rooms that count toward 稼働率."""
    wanted = ("部屋", "利用件数", "利用者数", "使用コマ", "開館コマ")
    head, col = _header(rows, wanted, FACILITY_SHEET)
    count = people = 0
    rooms = 0
    slots: tuple[int, int] | None = None
    for n, row in enumerate(rows[head + 1 :], head + 2):
        room = str(_cell(row, col["部屋"]) or "").strip()
        if not room:
            continue
        numbers = {c: _whole_number(_cell(row, col[c]), n, c) for c in wanted[1:]}
        if room == TOTAL_LABEL:
            used, open_ = numbers["使用コマ"], numbers["開館コマ"]
            if used is None or open_ is None:
                raise SubmissionFileError(f"シート「{FACILITY_SHEET}」{n}行目: 合計の使用コマ・開館コマが読み取れません。")
            slots = (used, open_)
            break
        if numbers["利用件数"] is None or numbers["利用者数"] is None:
            raise SubmissionFileError(f"シート「{FACILITY_SHEET}」{n}行目（{room}）: 利用件数・利用者数が読み取れません。")
        rooms += 1
        count += numbers["利用件数"] or 0
        people += numbers["利用者数"] or 0
    if slots is None:
        raise SubmissionFileError(f"シート「{FACILITY_SHEET}」に合計の行がありません。提出元に再提出を依頼してください。")
    return FacilityTotals(count, people, *slots) if rooms else None


# --- many workbooks ---------------------------------------------------------------------------


def aggregate(
    paths: Iterable[Path],
    *,
    exclude: Path | None = None,
    progress: ProgressFn | None = None,
    keys: Mapping[str, RegisteredKey] | None = None,
) -> AggregateResult:
    """Read and total `paths`. With `keys` every workbook must be signed by its body's registered
    key; without, every body is marked 署名未確認."""
    files = find_workbooks(paths, exclude)
    read: list[BodySubmission] = []
    problems: list[FileProblem] = []
    for n, path in enumerate(files):
        if progress:
            progress(n, len(files), f"{path.name} を確認しています…")
        try:
            read.append(read_submission(path, keys))
        except SubmissionFileError as exc:
            problems.append(FileProblem(path, str(exc)))
        except Exception as exc:  # noqa: BLE001 — one strange file must never stop the run
            problems.append(FileProblem(path, f"読み取れませんでした（{type(exc).__name__}: {exc}）"))
    if progress:
        progress(len(files), len(files), "集計しています…")
    result = AggregateResult(year=_common_year(read), problems=problems, files=len(files))
    result.bodies = _one_per_body(read, result)
    return result


def _common_year(read: list[BodySubmission]) -> FiscalYear | None:
    """The year most files are for (the latest on a tie): a stray file of another year is reported."""
    if not read:
        return None
    counts = Counter(b.year for b in read)
    return max(counts, key=lambda y: (counts[y], y.year))


def _one_per_body(read: list[BodySubmission], result: AggregateResult) -> list[BodySubmission]:
    if result.year is None:  # no file could be read
        return []
    by_body: dict[str, list[BodySubmission]] = {}
    for b in read:
        if b.year != result.year:
            result.problems.append(
                FileProblem(
                    b.path,
                    f"{b.year.label}の提出ファイルです（この集計は{result.year.label}）。集計に含めません。",
                )
            )
            continue
        by_body.setdefault(b.body_name, []).append(b)
    latest: dict[str, BodySubmission] = {}
    for name, found in by_body.items():
        kept = latest[name] = max(found, key=lambda b: (b.edition, b.created_at))
        for b in found:
            if b is kept:
                continue
            same = (b.edition, b.created_at) == (kept.edition, kept.created_at)
            result.problems.append(
                FileProblem(
                    b.path,
                    f"{name}の"
                    + (
                        f"同じ提出ファイル（第{b.edition}版）が重複しています。"
                        if same
                        else f"第{b.edition}版です。"
                    )
                    + f"「{kept.path.name}」（第{kept.edition}版）を集計し、このファイルは含めません。",
                )
            )
    area_order = {a: i for i, a in enumerate(AREAS)}
    return sorted(latest.values(), key=lambda b: (area_order.get(b.area, len(AREAS)), b.body_name))
