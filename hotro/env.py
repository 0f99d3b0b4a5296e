"""Strict parsing of settings from the environment.

A bad value stops start-up with a message naming the variable, instead of a
surprise at the first request. Secrets may also come from ``NAME_FILE``.
"""

from __future__ import annotations

import os
from pathlib import Path


class EnvError(Exception):
    pass


def _raw(name: str) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise EnvError(f"{name}_FILE: cannot read {file_path}: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None or value == "" else value


def env_secret(name: str) -> str:
    """A secret named at run time (a mailbox's ``password_env``…): EnvError naming the variable when unset."""
    value = _raw(name)
    if not value:
        raise EnvError(f"environment variable {name} (or {name}_FILE) is not set")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise EnvError(f"{name}: expected a boolean (true/false/1/0), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise EnvError(f"{name}: expected an integer, got {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def persistent_secret_key(data_dir: Path) -> str:
    """Development convenience: generate a key once and keep it in the data folder."""
    from django.core.management.utils import get_random_secret_key

    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key
