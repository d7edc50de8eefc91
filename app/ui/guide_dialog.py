"""ヘルプ → はじめに: a short guide for a new office (first start, the old Excel, the year, backups).

Each part has an anchor, so an empty list can link straight to the step it needs
(`<a href="guide:import">`, see EmptyHint).
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

# anchor → the heading a link names
GUIDE_PARTS = {
    "first": "はじめての起動",
    "import": "これまでの Excel を取り込む",
    "year": "一年の流れ",
    "backup": "バックアップ",
}

_GUIDE_HTML = """
<h2>協働デスクの使い方 — はじめに</h2>
<p>左の一覧から画面を選びます（Ctrl+数字 でも切り替わります）。上の「年度」で扱う年度を選びます。
文字が小さいときは <b>表示 → 文字を大きく</b>（Ctrl++）。</p>

<h3><a name="first"></a>1. はじめての起動</h3>
<ol>
<li><b>団体情報</b> に地域協働体名・市民センター名・会長名・所在地などを入れ、「保存する (Ctrl+S)」を押します。</li>
<li>今の年度は自動で作られています。次の年度は上の「次の年度を追加」で増やします。</li>
<li>入力はその都度保存されます。間違えたら <b>編集 → 元に戻す</b>（Ctrl+Z）。</li>
</ol>

<h3><a name="import"></a>2. これまでの Excel を取り込む</h3>
<ul>
<li><b>名簿</b> の「Excelから取り込む…」: 構成団体・個人会員の Excel を選びます。見出しの行（団体名・ふりがな・
電話 など）は自動で探します。取り込む前に 新規／更新／変更なし／エラー の一覧が出ます。
エラーが一件でもあれば何も取り込まず、エラーの一覧を Excel で保存できます。</li>
<li><b>管理費</b> の「出納簿を取り込む…」: 日付・区分・費目・摘要・金額（または 収入／支出）の列がある
現金出納簿を取り込みます。新しく入力するときは、上の欄に入れて Enter で記帳します。</li>
<li>役員は <b>名簿 → 役員</b> の「任期を追加…」で、部会は <b>名簿 → 部会</b> で登録します。</li>
</ul>

<h3><a name="year"></a>3. 一年の流れ</h3>
<ul>
<li><b>4月</b>: 年度を追加し、<b>管理費 → 予算</b> に予算を入れます。役員の任期を更新します。</li>
<li><b>毎月</b>: 現金出納簿を記帳し、<b>事業・会議</b> に事業と会議・話し合いを記録します。
支出の「事業」欄でその事業に結びつけると、事業の決算額になります。</li>
<li><b>年度末</b>: <b>自己評価</b> で事業ごとに A〜D を入れ、方向性を選びます。<b>管理費</b> の「年度を締める…」で
締めると、残高が次の年度の前年度繰越金になります。</li>
<li><b>提出</b>: チェックリストを確かめ、「提出ファイルを作成」で市役所に出す Excel・PDF を作ります。</li>
</ul>

<h3><a name="backup"></a>4. バックアップ</h3>
<ul>
<li>起動したとき（一日一回）、取り込みや年度の締めの前に、自動でバックアップを作ります。</li>
<li><b>ファイル → 今すぐバックアップ</b> でいつでも作れます。ときどき USB メモリなどにもコピーしてください。</li>
<li>戻すときは <b>ファイル → バックアップから復元…</b>。今のデータも「復元前」として残ります。</li>
<li>削除したものは <b>ファイル → ゴミ箱…</b> から戻せます。</li>
</ul>
"""


# Japanese has no spaces between words: join the source lines so that HTML does not put one at each break.
_GUIDE_HTML = "".join(line.strip() for line in _GUIDE_HTML.splitlines())


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, part: str | None = None):
        super().__init__(parent)
        self.setObjectName("guide_dialog")
        self.setWindowTitle("はじめに — 協働デスクの使い方")
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_text")
        self.browser.setOpenLinks(False)
        self.browser.setHtml(_GUIDE_HTML)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        # Grows with the text size; never larger than the screen it is on.
        em = self.fontMetrics().horizontalAdvance("あ")
        available = self.screen().availableGeometry()
        self.resize(min(em * 40, available.width() - 40), min(em * 34, available.height() - 80))
        if part:
            self.show_part(part)

    def show_part(self, part: str) -> None:
        self.browser.scrollToAnchor(part)


def open_guide(parent: QWidget | None, part: str | None = None) -> GuideDialog:
    """Open the guide without blocking (at `part`, one of GUIDE_PARTS)."""
    dialog = GuideDialog(parent, part)
    dialog.open()
    if part:
        dialog.show_part(part)  # after showing: the browser scrolls only once it has its size
    return dialog


def guide_link(part: str) -> str:
    """The rich-text link an empty list shows to the step it needs."""
    return f'<a href="{QUrl(f"guide:{part}").toString()}">はじめに: {GUIDE_PARTS[part]}</a>'
