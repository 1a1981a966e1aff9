"""The command line: every command listed with a description, and documented."""

from pathlib import Path

from theodoi import cli

ROOT = Path(__file__).resolve().parents[3]


def test_help_lists_every_command_with_a_description(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for name, description in cli.command_help():
        assert name in out
        assert description, f"{name} has no description"
    for required in ("serve", "migrate", "demo", "createadmin", "units", "extract", "import"):
        assert f"  {required} " in out


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _ in cli.command_help():
        if name != "manage":
            assert f"theodoi {name}" in readme, f"README.md does not document `theodoi {name}`"


def test_unknown_command_is_a_clear_error(capsys):
    assert cli.main(["frobnicate"]) == 2
    assert "không có lệnh" in capsys.readouterr().err


def test_every_setting_is_documented_in_the_readme():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sources = [ROOT / "src/theodoi/settings.py", ROOT / "src/theodoi/storage/__init__.py"]
    names = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"""environ(?:\.get)?[\[(]["']([A-Z_]+)["']""", text))
        names |= set(re.findall(r"""_flag\(["']([A-Z_]+)["']""", text))
    assert "DATABASE_URL" in names and "THEODOI_DATA_DIR" in names
    for name in sorted(names):
        short = name.replace("THEODOI_SMTP_", "_")
        assert name in readme or short in readme, f"README.md does not document {name}"


def test_a_closed_pipe_is_not_an_error(monkeypatch, tmp_path):
    """`theodoi units | head` ends quietly (exit 0, no traceback) when the reader goes away."""
    import sys

    from theodoi import cli

    sink = (tmp_path / "out").open("w")

    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

        def fileno(self):
            return sink.fileno()

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert cli.main(["--help"]) == 0


def test_one_shot_commands_skip_the_system_checks_serving_and_migrating_run_them(monkeypatch, db, capsys):
    """A failing system check stops `theodoi manage check` (and so `serve`, `worker`, `migrate`,
    which run the checks first), not a one-shot command such as `theodoi units`."""
    import pytest
    from django.core import checks

    def broken(app_configs=None, **kwargs):
        return [checks.Error("a check that fails", id="tests.E001")]

    registry = checks.registry.registry
    monkeypatch.setattr(registry, "registered_checks", set(registry.registered_checks))
    checks.register(broken)
    assert cli.main(["units"]) == 0
    with pytest.raises(SystemExit) as stopped:  # Django prints the failed check and exits 1
        cli.main(["manage", "check"])
    assert stopped.value.code == 1 and "a check that fails" in capsys.readouterr().err
    for name in cli.CHECKED:
        assert cli._skip_checks(name, cli.COMMANDS[name]) == []
    one_shot = [n for n in cli.COMMANDS if n not in cli.CHECKED and n not in ("manage", "extract")]
    assert {"import", "report", "audit", "units", "backup"} <= set(one_shot)
    for name in one_shot:
        assert cli._skip_checks(name, cli.COMMANDS[name]) == ["--skip-checks"], name
