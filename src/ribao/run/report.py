"""What a daily run did: the report kept in the store for every invocation (``ribao runs``).

A leaf module (pydantic only): the store keeps these documents, the runner fills them, the CLI
prints them.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

STAGES = ("crawl", "ingest", "build", "approval", "render", "publish", "deliver")

StageOutcome = Literal["done", "skipped", "failed", "waiting", "unavailable", "already done"]
RunStatus = Literal["running", "done", "problems", "failed", "awaiting_approval", "interrupted"]

EXIT_CODES = {"done": 0, "awaiting_approval": 0, "problems": 1, "failed": 5, "interrupted": 5, "running": 5}


class StageReport(BaseModel):
    name: str
    outcome: StageOutcome
    seconds: float = 0.0
    counts: dict[str, int] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class SourceProblem(BaseModel):
    """A source whose list pages could not be read in this run's crawl (down, or blocking us)."""

    source_id: str
    errors: list[str] = Field(default_factory=list)
    blocked: str = ""      # the block the site answered with (WAF status, challenge page), if any
    advice: str = ""       # what an operator can do about it


class VerificationSummary(BaseModel):
    sentences: int = 0
    verified: int = 0
    repaired: int = 0
    dropped: int = 0
    reasons: list[str] = Field(default_factory=list)   # one line per dropped sentence: §n role: why


class DeliveryReport(BaseModel):
    """One channel's messages for the bulletin: how many exist, and what happened to them."""

    channel: str
    type: str
    parts: int = 0
    sent: int = 0          # confirmed in this run
    already: int = 0       # confirmed by an earlier run (not sent again)
    failed: int = 0        # tried in this run, not confirmed; a rerun tries them again
    pending: int = 0       # not tried (an earlier part failed, so order is kept)
    unconfirmed: int = 0   # a run died while sending them: not resent (``ribao deliver --resend-unconfirmed``)
    errors: list[str] = Field(default_factory=list)


class RunOptions(BaseModel):
    """What ``ribao run`` was asked to do; kept with the report so ``ribao approve`` resumes alike."""

    line: str = "xinzhi"
    source: list[str] = Field(default_factory=list)
    sources: str | None = None
    replay: list[str] = Field(default_factory=list)
    ingest: list[str] = Field(default_factory=list)
    crawl: bool = True
    writer: str = "extractive"
    llm_config: str | None = None
    out: str | None = None
    deliver: bool = True
    channels: list[str] = Field(default_factory=list)   # only these channel ids (empty: all configured)


class RunReport(BaseModel):
    id: int | None = None
    line: str
    date: date
    trigger: str = "manual"
    status: RunStatus = "running"
    started_at: datetime
    finished_at: datetime | None = None
    stages: list[StageReport] = Field(default_factory=list)
    sources_down: list[SourceProblem] = Field(default_factory=list)
    verification: VerificationSummary | None = None
    deliveries: list[DeliveryReport] = Field(default_factory=list)
    files: dict[str, str] = Field(default_factory=dict)   # format → path of what the run rendered
    problems: list[str] = Field(default_factory=list)     # one line per thing that went wrong

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    @property
    def seconds(self) -> float:
        return sum(s.seconds for s in self.stages)

    def stage(self, name: str) -> StageReport | None:
        return next((s for s in self.stages if s.name == name), None)
