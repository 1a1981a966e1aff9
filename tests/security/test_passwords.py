"""Passwords: validated, hashed with PBKDF2 (the real settings, not the tests' fast hasher),
and never written in clear to the database, the logs or the demo's files."""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

REAL_HASHERS = True  # tests/security/conftest.py: keep the project's hashers in this module


@pytest.mark.parametrize("weak", ["12345678901", "matkhau", "password123", "officer_a2026"])
def test_weak_passwords_are_refused(weak):
    from theodoi.tenancy.models import User

    with pytest.raises(ValidationError):
        validate_password(weak, user=User(username="officer_a", email="officer_a@example.test"))


@pytest.mark.django_db
def test_passwords_are_stored_as_pbkdf2_hashes(world):
    world.officer.refresh_from_db()
    assert world.officer.password.startswith("pbkdf2_sha256$")
    assert world.password not in world.officer.password


def _all_text_in_the_database() -> str:
    chunks = []
    with connection.cursor() as cur:
        for model in apps.get_models():
            table = model._meta.db_table
            cols = [f.column for f in model._meta.concrete_fields if f.get_internal_type() in
                    ("CharField", "TextField", "JSONField", "SlugField", "EmailField")]
            if cols:
                cur.execute(f"SELECT {', '.join(connection.ops.quote_name(c) for c in cols)} FROM {table}")  # noqa: S608
                chunks += [str(v) for row in cur.fetchall() for v in row]
    return "\n".join(chunks)


@pytest.mark.django_db
def test_no_password_in_clear_anywhere_after_sign_ins_and_failures(world, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client()
    client.post("/login/", {"username": "officer_a", "password": "sai-" + world.password})
    client.post("/admin/login/", {"username": "root", "password": "sai-" + world.password})
    assert client.post("/login/", {"username": "officer_a", "password": world.password}).status_code == 302
    client.post("/logout/")
    text = _all_text_in_the_database()
    assert "officer_a" in text  # the dump did read the tables
    assert world.password not in text
    assert world.password not in caplog.text


@pytest.mark.django_db
def test_demo_accounts_get_their_own_passwords_stored_only_as_hashes(world, settings):
    """The demo's accounts: one random password each (never one shared by every unit), returned
    once to be printed, written to no file and stored only as a hash."""
    from pathlib import Path

    from theodoi.demo.accounts import Account, ensure_accounts
    from theodoi.tenancy.models import Role

    accs = [Account(f"demo.{u}", "Người thử", u, Role.OFFICER, "Cán bộ") for u in ("xa-a", "xa-a-vhxh", "xa-b")]
    passwords = ensure_accounts(accs)
    assert len(passwords) == 4 and len(set(passwords.values())) == 4  # the three and "admin"
    text = _all_text_in_the_database()
    assert all(pw not in text and len(pw) >= 12 for pw in passwords.values())
    files = [p for p in Path(settings.DATA_DIR).rglob("*") if p.is_file() and p.stat().st_size < 5_000_000]
    assert not any(pw.encode() in p.read_bytes() for p in files for pw in passwords.values())
