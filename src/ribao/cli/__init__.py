"""``ribao`` — the command line. Each command is a thin wrapper over the stages and ``ribao.pipeline``.

One module per group of commands (``ingest``, ``build``, ``crawl``); each registers its commands on
``app``. The root group turns every ``RibaoError`` into one line on stderr and its exit code.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from ribao.errors import ConfigError, RibaoError
from ribao.settings import Settings


class _Commands(TyperGroup):
    """The root group: a ``RibaoError`` from any command becomes one line and its exit code
    (here rather than in ``main``, so ``typer.testing.CliRunner`` sees the same behaviour)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RibaoError as e:
            from ribao.cli.common import console, esc

            for line in str(e).splitlines() or [type(e).__name__]:
                console.print(f"[red]error:[/] {esc(line)}", soft_wrap=True)
            raise typer.Exit(e.exit_code) from None


app = typer.Typer(cls=_Commands, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="ribao: a daily policy-and-industry bulletin from official sources.")


@app.callback()
def _global(ctx: typer.Context,
            home: Optional[Path] = typer.Option(None, "--home", envvar="RIBAO_HOME",
                                                help="Where state lives (database, WARC files, outputs)."),
            log_file: Optional[Path] = typer.Option(None, "--log-file", envvar="RIBAO_LOG_FILE",
                                                    help="Append what the run does (phases, commits) to this file.")):
    ctx.obj = Settings.load(home)
    if log_file is not None:
        _log_to(log_file)


def _log_to(path: Path) -> None:
    """One line per step (``phase ingest start: FILE``…), flushed as written: what an operator
    reads after an unattended run, and how the kill sweep test knows where each kill landed."""
    try:
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"--log-file {path}: cannot be opened ({e.strerror or e})") from None
    handler.setFormatter(logging.Formatter("%(asctime)s pid=%(process)d %(message)s"))
    log = logging.getLogger("ribao")
    log.addHandler(handler)
    log.setLevel(logging.INFO)


from ribao.cli import build as _build, crawl as _crawl, ingest as _ingest, run as _run, site as _site  # noqa: E402,F401  (register commands)


def main() -> None:
    """Run the CLI; a user's mistake or a bad input ends in one line, never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:   # ``ribao stories | head``: the reader has gone, which is not an error
        sys.stderr.close()
        sys.exit(141)


if __name__ == "__main__":
    main()
