"""Registries name functions as "module:function" so that only what is used gets imported."""

from __future__ import annotations

import importlib
from typing import Any


def load(path: str) -> Any:
    """The function (or any attribute) named by "package.module:name"."""
    module_name, _, name = path.partition(":")
    return getattr(importlib.import_module(module_name), name)
