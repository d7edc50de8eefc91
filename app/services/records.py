"""Looking up the record a screen showed: gone meanwhile (deleted on another PC, undone) is a message."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from app.domain.validation import ValidationError

T = TypeVar("T")


def existing(session: Session, model: type[T], row_id: object) -> T:
    """The row, or a Japanese refusal naming the kind of record (the model's __label__)."""
    row = session.get(model, row_id)
    if row is None:
        label = getattr(model, "__label__", "記録")
        raise ValidationError(f"その{label}は見つかりません（削除された可能性があります）")
    return row
