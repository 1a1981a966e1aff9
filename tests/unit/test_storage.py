"""The data folder and DATABASE_URL: SQLite by default, PostgreSQL by one variable."""

from pathlib import Path

import pytest

from theodoi.storage import database_config, secret_key


def test_default_is_sqlite_in_the_data_folder(tmp_path):
    cfg = database_config("", base=tmp_path)
    assert cfg["ENGINE"] == "django.db.backends.sqlite3"
    assert cfg["NAME"] == str(tmp_path / "theodoi.sqlite3")
    assert "journal_mode=WAL" in cfg["OPTIONS"]["init_command"]
    assert cfg["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_is_parsed():
    cfg = database_config("postgresql://u%40x:p%2Fw@db.example:6543/theo?sslmode=require")
    assert cfg["ENGINE"] == "django.db.backends.postgresql"
    assert (cfg["USER"], cfg["PASSWORD"], cfg["HOST"], cfg["PORT"], cfg["NAME"]) == (
        "u@x", "p/w", "db.example", "6543", "theo")
    assert cfg["OPTIONS"] == {"sslmode": "require", "server_side_binding": True, "prepare_threshold": 5,
                              "options": "-c plan_cache_mode=force_custom_plan"}


@pytest.mark.parametrize(("query", "binding", "threshold"), [
    ("", True, 5),
    ("?prepare_threshold=0", True, 0),
    ("?prepare_threshold=none", True, None),
    ("?server_side_binding=false", False, None),  # client-side cursors never prepare
    ("?server_side_binding=Off&prepare_threshold=3", False, None),
    ("?server_side_binding=1&prepare_threshold=12", True, 12),
])
def test_postgres_binds_and_prepares_by_default_and_the_url_can_turn_it_off(query, binding, threshold):
    options = database_config(f"postgresql://u@db/theo{query}")["OPTIONS"]
    assert (options["server_side_binding"], options["prepare_threshold"]) == (binding, threshold)


@pytest.mark.parametrize("query", ["?server_side_binding=maybe", "?prepare_threshold=-1", "?prepare_threshold=x"])
def test_a_wrong_binding_option_is_refused(query):
    with pytest.raises(ValueError, match="DATABASE_URL"):
        database_config(f"postgresql://u@db/theo{query}")


def test_sqlite_url_with_absolute_path():
    cfg = database_config("sqlite:////var/lib/theodoi/db.sqlite3")
    assert cfg["NAME"] == "/var/lib/theodoi/db.sqlite3"


def test_unknown_scheme_is_refused_rather_than_falling_back():
    with pytest.raises(ValueError, match="unsupported scheme"):
        database_config("mysql://root@localhost/x")


def test_secret_key_is_generated_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("THEODOI_SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) > 40
    assert secret_key(tmp_path) == first
    assert (Path(tmp_path) / "secret_key").stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("THEODOI_SECRET_KEY", "from-env")
    assert secret_key(tmp_path) == "from-env"


@pytest.mark.parametrize(("query", "want"), [
    ("", "-c plan_cache_mode=force_custom_plan"),  # prepared: planned for each execution's values
    ("?options=-c%20statement_timeout%3D5000", "-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan"),
    ("?options=-c%20plan_cache_mode%3Dauto", "-c plan_cache_mode=auto"),  # the URL's own choice kept
    ("?prepare_threshold=none", None),  # nothing prepared: nothing to plan apart
    ("?server_side_binding=false", None),
])
def test_prepared_statements_are_planned_for_their_values(query, want):
    options = database_config(f"postgresql://u@h/db{query}")["OPTIONS"]
    assert options.get("options") == want
