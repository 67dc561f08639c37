"""Operator-edited TOML files read through pydantic models: a wrong value or a misspelt key
stops start-up with one line naming the file and the key, never a silent default."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(Exception):
    """One line naming the file, the key and what it expects."""


def read_toml(path: Path, name: str, *, required: bool = False) -> dict[str, Any]:
    """The file's table ({} when an optional file is absent); unreadable or malformed is one
    line."""
    if not required and not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{name}: {' '.join(str(exc).split())}") from None


def validated(model: type[M], data: dict[str, Any], name: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A misspelt key also leaves the right one missing: name the typo, it is the cause.
        err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        key = ".".join(str(p) for p in err["loc"])
        message = "unknown key" if err["type"] == "extra_forbidden" \
            else err["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{name}: {key}: {message}" if key else f"{name}: {message}"
                          ) from None


def display_name(path: Path) -> str:
    """`config/rules.toml`: the file as the operator knows it, whatever the config dir."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name
