"""File-system errors in Japanese: Python's own text ("[Errno 13] Permission denied") is English."""

from __future__ import annotations

import errno

_REASONS = {
    errno.EACCES: "書き込み・読み取りの権限がありません（読み取り専用のファイルやフォルダでないか確かめてください）",
    errno.EPERM: "この操作は許可されていません",
    errno.ENOENT: "ファイルかフォルダが見つかりません",
    errno.EISDIR: "同じ名前のフォルダがあります（ファイル名を指定してください）",
    errno.ENOTDIR: "途中の名前がフォルダではありません",
    errno.ENOSPC: "ディスクの空きが足りません（不要なファイルを消して空きを作ってから、もう一度実行してください）",
    errno.EDQUOT: "使える容量の上限を超えました（不要なファイルを消してから、もう一度実行してください）",
    errno.EROFS: "読み取り専用の場所です（書き込める場所を指定してください）",
    errno.EEXIST: "同じ名前のファイルが既にあります",
}


def describe_os_error(exc: OSError) -> str:
    """「『/path/x.xlsx』: 書き込み・読み取りの権限がありません」."""
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)
    where = exc.filename2 if isinstance(exc, IsADirectoryError) and exc.filename2 else exc.filename
    return f"『{where}』: {reason}" if where else reason
