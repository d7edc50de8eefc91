"""A fresh machine: LibreOffice (which the tests use to recalculate and print exported workbooks)
must find a Japanese font, or every kanji comes out as a box and the layout tests measure tofu.

`bash scripts/setup.sh --dev` installs fonts-ipaexfont-gothic and registers the bundled IPAexGothic
with fontconfig; these tests fail, saying what to install, when neither happened.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.libreoffice import convert, needs_soffice

INSTALL_HINT = (
    "LibreOffice が日本語フォントを見つけられません。`bash scripts/setup.sh --dev` を実行するか、"
    "`sudo apt-get install fonts-ipaexfont-gothic` で日本語フォントを入れてください "
    "(または resources/fonts/ipaexg.ttf を ~/.local/share/fonts/ に置いて `fc-cache -f`)。"
)


def _japanese_fonts() -> set[str]:
    """PostScript names and families of every font fontconfig knows that covers Japanese."""
    out = subprocess.run(["fc-list", ":lang=ja", "postscriptname", "family"],
                         capture_output=True, text=True, check=True).stdout
    names: set[str] = set()
    for line in out.splitlines():
        for part in line.replace(":postscriptname=", ",").split(","):
            if part.strip():
                names.add(part.strip())
    return names


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig (fc-match) is not installed")
def test_fontconfig_offers_a_japanese_font():
    best = subprocess.run(["fc-match", "-f", "%{family}|%{lang}", ":lang=ja"],
                          capture_output=True, text=True, check=True).stdout
    family, _, langs = best.partition("|")
    # fc-match always answers with something; only a font whose languages include ja will do.
    assert "ja" in langs.split("|"), f"{INSTALL_HINT}\n(fc-match :lang=ja → {family or 'なし'})"


@needs_soffice
@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils (pdffonts) is not installed")
def test_libreoffice_prints_kanji_with_a_japanese_font(tmp_path: Path):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from app.reports.xlsx_writer import FONT_NAME

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "協働体 会員名簿 漢字"
    # The font the app's exports name (游ゴシック is on Windows; here LibreOffice substitutes it).
    ws["A1"].font = Font(name=FONT_NAME)
    src = tmp_path / "kanji.xlsx"
    wb.save(src)
    pdf = convert(src, "pdf", tmp_path / "out")
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # pdffonts: two header lines, then "ABCDEF+PostScriptName type encoding emb sub uni ..."
    embedded = [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()]
    japanese = _japanese_fonts()
    assert embedded, f"LibreOffice wrote a PDF without fonts: {pdf}"
    assert any(name in japanese for name in embedded), (
        f"{INSTALL_HINT}\n(PDF の埋め込みフォント: {', '.join(embedded)}; 日本語フォント: "
        f"{', '.join(sorted(japanese)) or 'なし'})"
    )
