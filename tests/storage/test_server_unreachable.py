"""A server that cannot be reached: the window and the commands get a Japanese message within the
connect time-out (5 s for each of a host's addresses: within 10 s), never a hang or a traceback. No PostgreSQL server is needed for these."""

from __future__ import annotations

import socket

import pytest

from app.services.office import Office, OfficeOpenError
from app.storage.postgres import CONNECT_TIMEOUT_S, postgres_engine


def test_the_connect_time_out_is_ten_seconds_unless_the_url_says_less() -> None:
    assert CONNECT_TIMEOUT_S <= 10
    engine = postgres_engine("postgresql://kyodo@db.example/body")
    assert engine.url.query["connect_timeout"] == str(CONNECT_TIMEOUT_S)
    engine.dispose()


def test_a_server_that_never_answers_times_out_with_a_japanese_message() -> None:
    with socket.socket() as silent:  # takes the connection (the listen backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        # one second instead of five: the same time-out, shortened for the test (a URL may set it)
        with pytest.raises(OfficeOpenError) as refused:
            Office.open(f"postgresql://kyodo:secret@127.0.0.1:{port}/body?connect_timeout=1", create=False)
    message = str(refused.value)
    assert "サーバー「127.0.0.1」から1秒以内に応答がありません" in message  # the time it waited
    assert "ネットワークとサーバーが動いているか" in message and "secret" not in message


def test_an_unknown_host_is_told_in_japanese() -> None:
    with pytest.raises(OfficeOpenError, match="サーバー「kyodo-no-such-host.invalid:5432」に接続できません。"
                                              "サーバーが動いているか、ホスト名とポートが正しいかを確かめてください"):
        Office.open("postgresql://kyodo@kyodo-no-such-host.invalid/body", create=False)
