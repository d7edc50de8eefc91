"""Validation results that name every problem found, in Japanese, with the field they belong to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input. `field` is the code name of the field ("" for the whole record)."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


class ValidationError(ValueError):
    """Raised by a service when input is rejected; nothing has been changed."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(p.message for p in self.problems))

    def for_field(self, field: str) -> list[str]:
        return [p.message for p in self.problems if p.field == field]
