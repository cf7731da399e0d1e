"""The README's quick start stays true: its two commands are the ones CI runs and the demo the
tests use, and every command, script and document it names exists."""
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S)
    assert block, "the README has no quick-start code block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_is_two_commands_that_need_only_python():
    demo, test = quick_start()
    for cmd in (demo, test):
        assert cmd.startswith("python3 -m venv .venv && .venv/bin/pip install"), cmd
        assert "make" not in shlex.split(cmd) and "--upgrade" not in cmd and "gcc" not in cmd
    assert demo.endswith("ribao --home .ribao demo") and test.endswith("python -m pytest")


def test_ci_runs_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, test = quick_start()
    assert f'TEST="{test}"' in ci and 'sh -c "$TEST"' in ci


def test_every_command_in_the_table_exists():
    from typer.main import get_command

    from ribao.cli import app

    root = get_command(app)
    named = set(re.findall(r"^\| `ribao ([a-z]+)(?: ([a-z]+))?", README, re.M))
    assert len(named) >= 12
    for group, sub in named:
        cmd = root.commands.get(group)
        assert cmd is not None, group
        if sub and hasattr(cmd, "commands"):
            assert sub in cmd.commands, (group, sub)


def test_every_file_it_links_or_names_exists():
    names = set(re.findall(r"\]\(((?:docs|deploy)/[^)#]+)\)", README))
    names |= set(re.findall(r"`(bench/[a-z_]+\.py)", README))
    assert len(names) >= 15
    missing = [n for n in sorted(names) if not (ROOT / n).exists()]
    assert not missing, missing
