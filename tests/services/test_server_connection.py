"""The connection form's URL and the password's place: the OS keyring, never the URL shown or settings."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail

from app.domain.validation import ValidationError
from app.services.office.connection import ServerForm, server_url, store_password
from app.storage.postgres import safe_url


def test_the_url_carries_every_field_and_the_shown_one_hides_the_password() -> None:
    form = ServerForm(" kyodo-server ", "５４３３", "kyodo_hagi", "hagi_jimu", "require")
    url = server_url(form, "p@ss:word/1")
    assert url == "postgresql://hagi_jimu:p%40ss%3Aword%2F1@kyodo-server:5433/kyodo_hagi?sslmode=require"
    assert safe_url(url) == "postgresql://hagi_jimu:***@kyodo-server:5433/kyodo_hagi?sslmode=require"
    assert server_url(form) == "postgresql://hagi_jimu@kyodo-server:5433/kyodo_hagi?sslmode=require"


def test_every_missing_or_wrong_field_is_named_at_once() -> None:
    with pytest.raises(ValidationError) as refused:
        server_url(ServerForm("", "70000", "", "", "sometimes"))
    assert [p.field for p in refused.value.problems] == ["host", "database", "user", "port", "sslmode"]


def test_a_pc_without_a_credential_store_is_told_and_keeps_nothing() -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(ValidationError, match="このパソコンではパスワードを保存できません"):
            store_password(ServerForm("kyodo-server", "", "kyodo_hagi", "hagi_jimu"), "secret")
    finally:
        keyring.set_keyring(before)
