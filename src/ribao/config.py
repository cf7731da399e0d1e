"""YAML-backed configuration: strict pydantic models and one loader.

Every model read from a file derives from ``StrictModel``, so a misspelt key (``selecton:``) is
refused instead of silently falling back to a default; ``load_yaml_model`` turns the pydantic
error into a ``ConfigError`` that names the file and the key.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ribao.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """A configuration model that refuses keys it does not define."""

    model_config = ConfigDict(extra="forbid")


def describe(err: ValidationError, where: str) -> str:
    """One line per problem: ``where: key.path: message``."""
    lines = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = "unknown key" if e["type"] == "extra_forbidden" else e["msg"]
        lines.append(f"{where}: {loc}: {msg}")
    return "\n".join(lines)


def validate(cls: type[M], data: Any, where: str) -> M:
    """``cls.model_validate(data)``, with errors as a ``ConfigError`` naming ``where``."""
    try:
        return cls.model_validate(data if data is not None else {})
    except ValidationError as e:
        raise ConfigError(describe(e, where)) from None


def read_yaml(path: str | Path) -> Any:
    """A YAML file's data, or a ``ConfigError`` saying why it cannot be read."""
    p = Path(path)
    try:
        return yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: cannot be read ({e})") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{p}: not valid YAML ({' '.join(str(e).split())})") from None


def load_yaml_model(cls: type[M], path: str | Path) -> M:
    """Read ``path`` and validate it as ``cls``; every failure is a ``ConfigError``."""
    return validate(cls, read_yaml(path), str(path))
