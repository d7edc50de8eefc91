"""Layering rules: Qt only in app/ui; start-up does not import the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCK_PYSIDE = textwrap.dedent(
    """
    import importlib.abc, sys
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith("PySide6."):
                raise ImportError("PySide6 is blocked in this test")
    sys.meta_path.insert(0, Block())
    """
)


def _run(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_everything_outside_ui_imports_without_pyside6() -> None:
    code = BLOCK_PYSIDE + textwrap.dedent(
        """
        import importlib, pkgutil, app
        names = [m.name for m in pkgutil.walk_packages(app.__path__, "app.")
                 if not m.name.startswith("app.ui") and m.name != "app.__main__"]
        for name in names:
            importlib.import_module(name)
        print(len(names))
        """
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 10  # services, storage, domain, cli, … were all imported


def test_cli_works_without_pyside6(tmp_path: Path) -> None:
    code = BLOCK_PYSIDE + textwrap.dedent(
        """
        import sys
        from app.cli import main
        code = main(["demo", "--db", sys.argv[1]])
        code = code or main(["check", "--db", sys.argv[1]])
        sys.exit(code)
        """
    )
    result = _run(code, str(tmp_path / "demo.sqlite"))
    assert result.returncode == 0, result.stderr
    assert "問題ありません" in result.stdout


def test_window_start_up_does_not_import_heavy_libraries(tmp_path: Path) -> None:
    from app.storage.database import open_database

    path = tmp_path / "ready.sqlite"
    open_database(path).close()  # schema already at head: Alembic must not be needed
    code = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from app.cli import main
        assert main([ "--db", sys.argv[1], "--smoke"]) == 0
        heavy = sorted(m for m in ("openpyxl", "reportlab", "alembic") if m in sys.modules)
        print(",".join(heavy))
        """
    )
    result = _run(code, str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_window_paints_its_frame_before_the_database_libraries_load(tmp_path: Path) -> None:
    """Paint first: at the window's first paint (where KYODO_SMOKE_UNTIL=paint stops --smoke) the
    section list is on screen and neither SQLAlchemy nor the models nor the database are loaded."""
    from app.storage.database import open_database

    path = tmp_path / "ready.sqlite"
    open_database(path).close()
    code = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ["KYODO_SMOKE_UNTIL"] = "paint"
        from PySide6.QtWidgets import QApplication
        from app.cli import main
        assert main(["--db", sys.argv[1], "--smoke"]) == 0
        loaded = sorted(m for m in ("sqlalchemy", "app.storage", "app.services.office") if m in sys.modules)
        [window] = [w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window"]
        print(",".join(loaded) + "|" + ",".join(window.nav.item(i).text() for i in range(window.nav.count())))
        """
    )
    result = _run(code, str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "|団体情報,名簿,管理費,事業・会議,自己評価,提出,施設"


def test_command_line_help_and_check_stay_light(tmp_path: Path) -> None:
    """`kyodo --help` builds every sub-parser: no database library for that. `kyodo check` opens the
    database (SQLAlchemy) but needs no spreadsheet, PDF or migration library."""
    from app.storage.database import open_database

    path = tmp_path / "ready.sqlite"
    open_database(path).close()
    code = textwrap.dedent(
        """
        import sys
        from app.cli import build_parser, main
        build_parser().format_help()
        loaded_by_help = sorted(m for m in ("sqlalchemy", "openpyxl", "reportlab", "alembic") if m in sys.modules)
        assert main(["check", "--db", sys.argv[1]]) == 0
        heavy = sorted(m for m in ("openpyxl", "reportlab", "alembic", "PySide6") if m in sys.modules)
        print(",".join(loaded_by_help) + "|" + ",".join(heavy))
        """
    )
    result = _run(code, str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "|"


def _imports(folder: Path, of: tuple[str, ...] = ("app",)) -> list[str]:
    """"file:line imported.module" for every `import …` / `from … import` of a module within `of` in
    the folder's files (or the one file), also inside functions and `if TYPE_CHECKING:` (a static
    check: nothing is imported to find them)."""
    import ast

    found = []
    files = sorted(folder.rglob("*.py")) if folder.is_dir() else [folder]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                raise AssertionError(f"{path}:{node.lineno}: relative import (write the absolute app.… name)")
            else:
                continue
            found += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in names
                      if any(name == p or name.startswith(p + ".") for p in of)]
    return found


def _storage_imports(folder: Path) -> list[str]:
    return _imports(folder, ("app.storage",))


def test_window_and_command_line_reach_storage_only_through_the_office() -> None:
    """app/ui, app/commands and app/cli.py open data with app.services.office.Office (and name the
    database type as `app.services.office.Database`), never through app.storage."""
    outside = [ROOT / "app" / "ui", ROOT / "app" / "commands", ROOT / "app" / "cli.py"]
    assert [hit for where in outside for hit in _storage_imports(where)] == []


def test_reports_are_pure_functions_of_data() -> None:
    """app/reports shapes data into a Report and writes it: it never reads the database, so it
    imports neither app.services nor app.storage (services call reports, not the other way)."""
    reports = ROOT / "app" / "reports"
    assert _imports(reports, ("app.services", "app.storage")) == []
    assert _imports(reports, ("app.reports.model",))  # the check does read the imports


def test_the_layer_check_finds_imports_inside_functions(tmp_path: Path, monkeypatch) -> None:
    module = tmp_path / "app" / "reports" / "late.py"
    module.parent.mkdir(parents=True)
    module.write_text("import os\n\ndef f():\n    from app.storage.database import Database\n", encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert _imports(module.parent, ("app.services", "app.storage")) == [
        "app/reports/late.py:4 app.storage.database", "app/reports/late.py:4 app.storage.database.Database"]


# The whiteboard, arrow by arrow: each layer and the app packages it may import (besides itself).
# ui and commands reach storage only through the Office (above); reports never reach services (above).
# app.paths, app.lazy and app.atomic_files are small helpers of no layer (files and folders, lazy imports).
ALLOWED = {
    "app/domain": ("app.domain",),
    "app/storage": ("app.storage", "app.domain", "app.paths"),
    "app/importing": ("app.importing", "app.domain", "app.atomic_files"),
    "app/reports": ("app.reports", "app.domain", "app.paths", "app.lazy", "app.atomic_files"),
    "app/services": ("app.services", "app.storage", "app.domain", "app.reports", "app.importing", "app.paths",
                     "app.lazy"),
}


def test_every_layer_imports_only_what_the_whiteboard_allows() -> None:
    strays = []
    for folder, allowed in ALLOWED.items():
        for hit in _imports(ROOT / folder):
            name = hit.split()[1]
            if not any(name == p or name.startswith(p + ".") for p in allowed):
                strays.append(hit)
    assert strays == []
