"""The layout self-check: every section, tab and dialog fits a 1366×768 screen at 100, 125 and 150%
text, through the same command anyone can run (`kyodo --db PATH --smoke --text-size N --screen WxH`).

Screenshots of each screen and dialog go to tests/_screenshots/<size>/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main as kyodo

SHOTS = Path(__file__).resolve().parents[1] / "_screenshots"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("layout") / "demo.sqlite"
    assert kyodo(["demo", "--db", str(path)]) == 0
    return path


def _self_check(db: Path, text_size: int, screen: str, shots: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if shots is not None:
        env["KYODO_LAYOUT_SHOTS"] = str(shots)
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "--smoke", "--text-size", str(text_size), "--screen", screen],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.mark.slow
@pytest.mark.parametrize("text_size", [100, 125, 150])
def test_every_screen_and_dialog_fits_1366x768(demo_db, text_size) -> None:
    shots = SHOTS / str(text_size)
    for old in shots.glob("*.png"):
        old.unlink()
    done = _self_check(demo_db, text_size, "1366x768", shots)
    assert done.returncode == 0, f"画面に収まらない・切れている部品があります:\n{done.stdout}\n{done.stderr[-2000:]}"
    # It went everywhere: each section, the tabs, and the dialogs behind 「…」 buttons and menus.
    names = {p.name for p in shots.glob("*.png")}
    for expected in ("名簿_個人会員", "管理費_現金出納簿", "管理費_月別集計", "自己評価", "提出",
                     "ダイアログ「評価の視点", "ダイアログ「個人会員の編集」", "ダイアログ「はじめに",
                     "ダイアログ「バックアップから復元」"):
        assert any(expected in name for name in names), f"{expected} のスクリーンショットがありません: {sorted(names)}"
    assert "問題 0 件" in done.stderr


@pytest.mark.slow
def test_a_new_empty_database_fits_at_150_percent_too() -> None:
    """The first start of an office: no 名簿 yet, so lists hold only their own choices (「（結びつけない）」)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="k"))  # a short path, as an office's (the status bar shows it)
    try:
        done = _self_check(folder / "new.sqlite", 150, "1366x768")
    finally:
        shutil.rmtree(folder)
    assert done.returncode == 0, f"画面に収まらない・切れている部品があります:\n{done.stdout}\n{done.stderr[-2000:]}"
    assert "問題 0 件" in done.stderr


@pytest.mark.slow
def test_the_check_reports_what_does_not_fit(demo_db) -> None:
    done = _self_check(demo_db, 150, "800x600")
    assert done.returncode == 1
    assert "画面の外にはみ出しています" in done.stdout or "収まりません" in done.stdout
    assert "問題 0 件" not in done.stderr


def test_text_size_needs_smoke(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        kyodo(["--text-size", "150"])
    assert exited.value.code == 2
    assert "--smoke と一緒に" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        kyodo(["--smoke", "--screen", "wide"])
    assert exited.value.code == 2
