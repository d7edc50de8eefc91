"""The command-line contract of the foundation: demo, check, --smoke, exit codes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.services.fiscal_years import list_fiscal_years
from app.services.profile import get_profile
from app.storage.database import open_database

ROOT = Path(__file__).resolve().parents[2]


def test_demo_creates_a_fictional_body_with_three_years(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--body", "さくら台地域協働体"]) == 0
    assert "さくら台地域協働体" in capsys.readouterr().out
    db = open_database(path)
    profile = get_profile(db)
    assert profile.name == "さくら台地域協働体"
    assert profile.centre_name == "さくら台市民センター"
    years = list_fiscal_years(db)
    assert len(years) == 3 and years[2].year - years[0].year == 2
    db.close()


def test_demo_refuses_to_overwrite_without_replace(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path)]) == 0
    capsys.readouterr()
    assert main(["demo", "--db", str(path), "--body", "別の地域協働体"]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["demo", "--db", str(path), "--body", "別の地域協働体", "--replace"]) == 0
    db = open_database(path)
    assert get_profile(db).name == "別の地域協働体"
    db.close()


def test_demo_bodies_differ_but_are_reproducible(tmp_path: Path) -> None:
    profiles = []
    for i, name in enumerate(["甲地域協働体", "乙地域協働体", "甲地域協働体"]):
        path = tmp_path / f"{i}.sqlite"
        main(["demo", "--db", str(path), "--body", name])
        db = open_database(path)
        profiles.append(get_profile(db))
        db.close()
    assert profiles[0] == profiles[2]
    assert profiles[0].phone != profiles[1].phone


def test_check_reports_schema_version(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.sqlite"
    main(["demo", "--db", str(path)])
    capsys.readouterr()
    assert main(["check", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "問題ありません" in out and "スキーマのバージョン" in out


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04 not a database at all", "協働デスクのデータベースではありません"),
        (b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 200, "壊れている"),
    ],
)
def test_check_rejects_foreign_or_damaged_files_unchanged(tmp_path: Path, capsys, content, message) -> None:
    path = tmp_path / "x.sqlite"
    path.write_bytes(content)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main(["check", "--db", str(path)]) == 1
    assert message in capsys.readouterr().err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_check_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["check", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "見つかりません" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()


def test_usage_error_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check"])  # --db missing
    assert exc.value.code == 2
    assert "使い方の誤り" in capsys.readouterr().err


def _kyodo(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_smoke_opens_the_window_and_exits_0(tmp_path: Path) -> None:
    result = _kyodo("--db", str(tmp_path / "new.sqlite"), "--smoke")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new.sqlite").exists()


def test_smoke_on_a_foreign_file_exits_1_with_message(tmp_path: Path) -> None:
    path = tmp_path / "foreign.sqlite"
    path.write_text("hello")
    result = _kyodo("--db", str(path), "--smoke")
    assert result.returncode == 1
    assert "協働デスクのデータベースではありません" in result.stderr
    assert path.read_text() == "hello"


def test_export_of_a_missing_database_creates_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "missing.sqlite"
    args = ["export", "members", "--db", str(path), "--year", "2025", "--format", "xlsx", "--out", str(tmp_path / "o.xlsx")]
    assert main(args) == 1
    assert "見つかりません" in capsys.readouterr().err
    assert not path.exists() and not (tmp_path / "o.xlsx").exists()


def test_export_year_must_be_a_year(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["export", "budget", "--db", "x", "--year", "令和7", "--format", "pdf", "--out", "o.pdf"])
    assert exc.value.code == 2
    assert "2025 = 令和7年度" in capsys.readouterr().err


def test_export_onto_a_folder_is_refused_in_japanese(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db.sqlite"
    open_database(db).close()
    folder = tmp_path / "出力先"
    folder.mkdir()
    args = ["export", "members", "--db", str(db), "--year", "2025", "--format", "xlsx", "--out", str(folder)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert f"『{folder}』: 同じ名前のフォルダがあります" in err and "Errno" not in err
    assert folder.is_dir() and list(folder.iterdir()) == [] and sorted(tmp_path.iterdir()) == [db, folder]


def test_smoke_on_a_zero_byte_file_refuses_and_keeps_it(tmp_path: Path) -> None:
    """A 0-byte file given to the window (a copy cut off) is not turned into a new empty database."""
    path = tmp_path / "kyodo.sqlite"
    path.write_bytes(b"")
    result = _kyodo("--db", str(path), "--smoke")
    assert result.returncode == 1
    assert "「kyodo.sqlite」は空のファイル（0バイト）で、協働デスクのデータベースではありません" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.stat().st_size == 0
