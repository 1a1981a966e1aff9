"""Sub-commands of ``theodoi exchange`` for sending reports up to another instance."""

from __future__ import annotations

from typing import Any


def add_arguments(sub: Any) -> None:
    """Nothing yet: register, token, send and status come with the upward exchange."""


def handle(command: Any, action: str, **opts: Any) -> None:
    from django.core.management.base import CommandError

    raise CommandError(f"Không có lệnh '{action}'.")
