"""Signed submissions: city hall totals only workbooks signed by the body's registered key, over
exactly the cells (with their types), body, year, 版 and creation time the body wrote."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain.submission_format import workbook_checksum
from app.services.submission.signing import key_file
from tests.submission.conftest import BODIES, YEAR


@pytest.fixture(scope="module")
def keys(submitted, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("registered_keys")
    for name, body in submitted.items():
        assert main(["keys", "export", "--db", str(body.target), "--out", str(folder / f"{name}.json")]) == 0
    return folder


def _aggregate(paths: list[Path], out: Path, keys: Path | None) -> tuple[int, dict[str, str], list[tuple]]:
    """Exit code, 問題 (file name → reason) and the 集計 sheet's rows (body, area, 版, 署名)."""
    code = main(["aggregate", *map(str, paths), "--out", str(out), *(["--keys", str(keys)] if keys else [])])
    if code != 0:
        return code, {}, []
    wb = load_workbook(out)
    problems = {
        Path(str(f)).name: r for f, r, *_ in wb["問題"].iter_rows(values_only=True) if f and r and r != "理由"
    }
    table = list(wb["集計"].iter_rows(values_only=True))
    at = next(i for i, r in enumerate(table) if r[0] == "地域協働体名")
    header = list(table[at])
    rows = [
        tuple(r[header.index(h)] for h in ("地域協働体名", "版", "署名"))
        for r in table[at + 1 :]
        if r[0] and not str(r[0]).startswith("市合計")
    ]
    return code, problems, rows


def _edited(src: Path, dst: Path, change, recompute_checksum: bool = False) -> Path:
    wb = load_workbook(src)
    change(wb)
    if recompute_checksum:  # the old checksum's algorithm is public: a forger can recompute it
        _meta_set(wb, "content_sha256", workbook_checksum(wb))
    wb.save(dst)
    return dst


def _meta_set(wb, key: str, value) -> None:
    for row in wb["_meta"].iter_rows():
        if row[0].value == key:
            row[1].value = value
            return
    raise AssertionError(f"no {key} in _meta")


def _first_amount(ws, column: int = 2):
    for row in ws.iter_rows():
        if isinstance(row[column].value, int) and not isinstance(row[column].value, bool) and row[column].value > 0:
            return row[column]
    raise AssertionError("no amount")


def _retype_numbers_as_text(wb) -> None:
    # 収支決算書 人件費-like category amount and 団体概要 支出合計, same digits, now text
    cell = _first_amount(wb["収支決算書"])
    cell.value, cell.data_type = str(cell.value), "s"
    for row in wb["団体概要"].iter_rows():
        if row[1].value == "支出合計":
            row[2].value, row[2].data_type = str(row[2].value), "s"


def test_signed_files_verify_and_the_private_key_stays_home(submitted, keys, tmp_path) -> None:
    code, problems, rows = _aggregate([s.folder for s in submitted.values()], tmp_path / "集計.xlsx", keys)
    assert code == 0 and problems == {}
    assert sorted((name, sig) for name, _e, sig in rows) == [(b, "署名確認済み") for b in sorted(BODIES)]
    body = submitted[BODIES[0]]
    if isinstance(body.target, Path):  # beside the file, for its owner only (a server keeps it in the data)
        private = key_file(body.target)
        assert private.is_file() and stat.S_IMODE(private.stat().st_mode) == 0o600
        assert "PRIVATE KEY" in private.read_text()
    for f in body.folder.iterdir():  # nothing of the private key in what is handed over
        assert b"PRIVATE KEY" not in f.read_bytes() and not f.name.endswith(".pem")
    assert "PRIVATE" not in (keys / f"{body.name}.json").read_text()


def test_without_keys_every_body_is_marked_unverified(submitted, tmp_path, capsys) -> None:
    code, problems, rows = _aggregate([s.folder for s in submitted.values()], tmp_path / "集計.xlsx", None)
    assert code == 0 and problems == {}
    assert {sig for _n, _e, sig in rows} == {"署名未確認"}
    assert "署名は確かめていません" in capsys.readouterr().out


def test_numbers_retyped_as_text_are_refused(submitted, keys, tmp_path) -> None:
    other = submitted[BODIES[1]].workbook
    retyped = _edited(other, tmp_path / "文字に変えた.xlsx", _retype_numbers_as_text)
    resaved = _edited(submitted[BODIES[2]].workbook, tmp_path / "そのまま保存.xlsx", lambda wb: None)
    code, problems, rows = _aggregate([retyped, resaved], tmp_path / "集計.xlsx", keys)
    assert code == 0
    assert "署名が一致しません" in problems["文字に変えた.xlsx"]
    assert [r[0] for r in rows] == [BODIES[2]]  # an unchanged file saved again by another program passes
    # without registered keys, the digits stored as text are still caught
    code, problems, rows = _aggregate([retyped], tmp_path / "集計2.xlsx", None)
    assert code == 1  # nothing to total


def test_numbers_retyped_as_text_name_the_cell_without_keys(submitted, tmp_path) -> None:
    from app.services.city.aggregate import aggregate

    retyped = _edited(submitted[BODIES[1]].workbook, tmp_path / "文字に変えた.xlsx", _retype_numbers_as_text)
    result = aggregate([retyped])
    assert result.bodies == []
    assert "数値が文字として保存されています（型が変更されています）" in result.problems[0].reason


def test_an_edit_with_a_recomputed_checksum_is_refused(submitted, keys, tmp_path) -> None:
    def raise_amount(wb) -> None:
        _first_amount(wb["収支決算書"]).value += 1_000_000

    forged = _edited(submitted[BODIES[1]].workbook, tmp_path / "書き換え.xlsx", raise_amount, recompute_checksum=True)
    code, problems, rows = _aggregate([forged, submitted[BODIES[0]].folder], tmp_path / "集計.xlsx", keys)
    assert code == 0 and "署名が一致しません" in problems["書き換え.xlsx"]
    assert [r[0] for r in rows] == [BODIES[0]]


def _own_copy(body, new_target) -> Path | str:
    """A copy of a body's database and key, so re-submitting leaves the shared fixture as it was."""
    db = new_target(f"{body.name}.sqlite")
    if isinstance(db, str):  # a server keeps the key in the data
        assert main(["db", "copy", "--from", str(body.target), "--to", db]) == 0
        return db
    shutil.copy(body.target, db)
    shutil.copy(key_file(body.target), key_file(db))
    return db


def test_a_relabelled_edition_loses_to_the_genuine_latest(submitted, keys, tmp_path, new_target) -> None:
    body = submitted[BODIES[2]]
    latest = tmp_path / "最新版"
    db = _own_copy(body, new_target)
    assert main(["submit", "--db", str(db), "--year", str(YEAR.year), "--out", str(latest)]) == 0
    old = tmp_path / "古い版"
    shutil.copytree(body.folder, old)
    workbook = next(old.glob("*.xlsx"))
    _edited(workbook, workbook, lambda wb: _meta_set(wb, "edition", "9"))
    code, problems, rows = _aggregate([old, latest], tmp_path / "集計.xlsx", keys)
    assert code == 0
    assert "署名が一致しません" in problems[workbook.name]
    genuine = json.loads(next(latest.glob("*.json")).read_text(encoding="utf-8"))["edition"]
    assert rows == [(body.name, genuine, "署名確認済み")]
    # without keys the manifest beside it still gives the relabelling away
    code, problems, rows = _aggregate([old, latest], tmp_path / "集計2.xlsx", None)
    assert "版が書き換えられた可能性があります" in problems[workbook.name]
    assert rows == [(body.name, genuine, "署名未確認")]


def test_a_file_that_differs_from_its_manifest_is_refused(submitted, keys, tmp_path) -> None:
    folder = tmp_path / "届いた"
    shutil.copytree(submitted[BODIES[0]].folder, folder)
    pdf = next(folder.glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"\n%changed\n")
    code, problems, rows = _aggregate([folder], tmp_path / "集計.xlsx", keys)
    assert code == 1  # its only workbook is refused: nothing to total
    from app.services.city.aggregate import aggregate
    from app.services.city.signatures import load_keys

    result = aggregate([folder], keys=load_keys(keys))
    assert f"「{pdf.name}」の内容が提出ファイル一覧" in result.problems[0].reason


def test_unsigned_and_unknown_key_files_are_refused(submitted, keys, tmp_path) -> None:
    unsigned = _edited(submitted[BODIES[0]].workbook, tmp_path / "署名なし.xlsx", lambda wb: _meta_set(wb, "signature", ""))
    partial_keys = tmp_path / "鍵"
    shutil.copytree(keys, partial_keys)
    (partial_keys / f"{BODIES[1]}.json").unlink()
    stranger = shutil.copy(submitted[BODIES[1]].workbook, tmp_path / "未登録.xlsx")
    code, problems, rows = _aggregate([unsigned, stranger, submitted[BODIES[2]].workbook], tmp_path / "集計.xlsx", partial_keys)
    assert code == 0
    assert "署名がありません" in problems["署名なし.xlsx"]
    assert "登録されていない署名鍵" in problems["未登録.xlsx"] and BODIES[1] in problems["未登録.xlsx"]
    assert [r[0] for r in rows] == [BODIES[2]]


def test_a_replaced_key_is_registered_beside_the_old_one(submitted, keys, tmp_path, new_target) -> None:
    from app.services.city.signatures import load_keys
    from app.services.submission.signing import KEY_SETTING
    from app.storage.models import Setting
    from tests.postgres_support import open_target

    body = submitted[BODIES[1]]
    before = tmp_path / "鍵を失う前"
    shutil.copytree(body.folder, before)
    db_path = _own_copy(body, new_target)
    # the key is lost: its file and the database's copy are gone
    if isinstance(db_path, Path):
        key_file(db_path).unlink()
    db = open_target(db_path)
    with db.session.begin() as s:
        s.delete(s.get(Setting, KEY_SETTING))
    db.close()
    after = tmp_path / "新しい鍵"
    assert main(["submit", "--db", str(db_path), "--year", str(YEAR.year), "--out", str(after)]) == 0
    code, problems, _rows = _aggregate([after], tmp_path / "集計.xlsx", keys)
    assert code == 1  # the new key is not registered yet
    registered = tmp_path / "登録済み"
    shutil.copytree(keys, registered)
    assert main(["keys", "export", "--db", str(db_path), "--out", str(registered / "新しい鍵.json")]) == 0
    assert len([k for k in load_keys(registered).values() if k.body_name == body.name]) == 2
    for folder in (before, after):  # old submissions still verify with the old key kept
        code, problems, rows = _aggregate([folder], tmp_path / f"{folder.name}.xlsx", registered)
        assert code == 0 and problems == {} and rows[0][2] == "署名確認済み"
