"""The daily run as configuration: ``run.yaml`` in the home (optional).

One entry per line: when it runs (a cron expression read in Asia/Shanghai), whether a person
approves it before it is published, how far back missed days are caught up, what the crawl and
the build are given, and where the bulletin is delivered. Command-line options of ``ribao run``
override the entry of the line they name. Secrets are not here (see ``ribao.deliver.config``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from croniter import croniter
from pydantic import Field, field_validator, model_validator

from ribao.config import StrictModel, load_yaml_model
from ribao.deliver.config import Channel
from ribao.errors import ConfigError
from ribao.run.report import RunOptions

CONFIG_NAME = "run.yaml"


class LineRun(StrictModel):
    line: str = "xinzhi"                      # a line id, or the path of a line YAML
    schedule: str = "40 6 * * *"              # cron (5 fields, or 6 with seconds last), Asia/Shanghai
    catch_up_days: int = Field(2, ge=0, le=14)   # missed days run when the scheduler starts (0: none)
    approval: bool = False                    # stop after build until `ribao approve`
    writer: Literal["extractive", "llm"] = "extractive"
    llm_config: Path | None = None
    sources: Path | None = None               # the crawl's --sources (a catalog file or entrypoints.json)
    source: list[str] = Field(default_factory=list)   # the crawl's --source ids
    crawl: bool = True
    out: Path | None = None                   # output directory; {date} is replaced (default: HOME/bulletins/LINE/DATE)
    bulletin_url: str = ""                    # the day's bulletin online, {date} replaced; links in messages
    publish: bool = True                      # build the archive site
    channels: list[Channel] = Field(default_factory=list)

    @field_validator("schedule")
    @classmethod
    def _cron(cls, v: str) -> str:
        if not croniter.is_valid(v):
            raise ValueError(f"not a cron expression: {v!r} (e.g. '40 6 * * *' for 06:40 Beijing time)")
        return v

    @model_validator(mode="after")
    def _unique_channels(self) -> "LineRun":
        ids = [c.id for c in self.channels]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"channel ids must be unique: {', '.join(dup)}")
        return self

    @property
    def line_id(self) -> str:
        return Path(self.line).stem if self.line.endswith((".yaml", ".yml")) else self.line

    def options(self, **given) -> RunOptions:
        """The run's options: this entry's, with what was given on the command line (not None) on top."""
        opts = RunOptions(line=self.line, source=list(self.source), sources=str(self.sources) if self.sources else None,
                          crawl=self.crawl, writer=self.writer,
                          llm_config=str(self.llm_config) if self.llm_config else None,
                          out=str(self.out) if self.out else None)
        return opts.model_copy(update={k: v for k, v in given.items() if v is not None})


class RunConfig(StrictModel):
    lines: list[LineRun] = Field(default_factory=lambda: [LineRun()])
    log_format: Literal["text", "json"] = "text"

    @model_validator(mode="after")
    def _unique_lines(self) -> "RunConfig":
        ids = [x.line_id for x in self.lines]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"each line is listed once: {', '.join(dup)}")
        return self

    @classmethod
    def load(cls, home: Path) -> "RunConfig":
        path = Path(home) / CONFIG_NAME
        return load_yaml_model(cls, path) if path.exists() else cls()

    def for_line(self, line: str) -> LineRun:
        """The entry for ``line`` (an id or a path); a line not listed runs with the defaults."""
        want = Path(line).stem if line.endswith((".yaml", ".yml")) else line
        found = next((x for x in self.lines if x.line_id == want), None)
        return found if found is not None else LineRun(line=line)

    def channel_ids(self) -> set[str]:
        return {c.id for x in self.lines for c in x.channels}


def require_known_channels(entry: LineRun, wanted: list[str]) -> None:
    unknown = sorted(set(wanted) - {c.id for c in entry.channels})
    if unknown:
        raise ConfigError(f"--channel {', '.join(unknown)}: not a channel of line {entry.line_id} in {CONFIG_NAME}")
