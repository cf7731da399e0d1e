"""The daily run's state in the store: stage checkpoints, run reports, the delivery log.

Checkpoints are a prefix: a day's run resumes at the first stage without one, and the stages
after it run again (their older checkpoints are dropped), so what a rerun builds always rests on
what it redid. The delivery log holds every planned message of a bulletin to a channel, keyed by
(line, date, channel, part); a part goes ``planned → sending → sent`` (or ``failed``), each step
committed, so a crash leaves at most one part per channel in ``sending``, which no later run
sends again on its own (``unconfirmed``: it may have arrived).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Callable, Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ribao.run.report import STAGES, RunOptions, RunReport
from ribao.store.repo import Store
from ribao.store.schema import DeliveryRow, RunReportRow, RunStageRow


@dataclass(frozen=True)
class PlannedPart:
    part: int
    parts: int
    kind: str          # message | file
    payload: dict      # what the channel sends, as JSON (rendered once, sent as planned)


@dataclass(frozen=True)
class DeliveryRecord:
    id: int
    channel: str
    part: int
    parts: int
    kind: str
    bulletin_sha: str
    payload: dict
    status: str
    attempts: int
    last_error: str
    sent_at: datetime | None


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _record(r: DeliveryRow) -> DeliveryRecord:
    return DeliveryRecord(id=r.id, channel=r.channel, part=r.part, parts=r.parts, kind=r.kind,
                          bulletin_sha=r.bulletin_sha, payload=r.payload, status=r.status, attempts=r.attempts,
                          last_error=r.last_error, sent_at=r.sent_at)


class RunStore:
    """Checkpoints, reports and the delivery log over a :class:`Store`'s engine."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # checkpoints --------------------------------------------------------------
    def completed(self, line: str, day: date) -> dict[str, dict]:
        """The day's checkpointed stages that form a prefix of ``STAGES``: stage → its summary."""
        q = select(RunStageRow).where(RunStageRow.line == line, RunStageRow.date == day.isoformat())
        with self.store.session() as s:
            rows = {r.stage: r.summary for r in s.execute(q).scalars()}
        prefix: dict[str, dict] = {}
        for stage in STAGES:
            if stage not in rows:
                break
            prefix[stage] = rows[stage]
        return prefix

    def checkpoint(self, line: str, day: date, stage: str, summary: dict) -> None:
        with self.store.session() as s, s.begin():
            s.execute(delete(RunStageRow).where(RunStageRow.line == line, RunStageRow.date == day.isoformat(),
                                                RunStageRow.stage == stage))
            s.add(RunStageRow(line=line, date=day.isoformat(), stage=stage, finished_at=_now(), summary=summary))

    def forget(self, line: str, day: date, stages: Sequence[str]) -> None:
        """Drop these stages' checkpoints (they will run again)."""
        if not stages:
            return
        with self.store.session() as s, s.begin():
            s.execute(delete(RunStageRow).where(RunStageRow.line == line, RunStageRow.date == day.isoformat(),
                                                RunStageRow.stage.in_(list(stages))))

    # reports ------------------------------------------------------------------
    def start(self, report: RunReport, options: RunOptions) -> int:
        """Store a new report; reports of the same day left ``running`` by a dead process become
        ``interrupted`` (the caller holds the line's run lock, so no live run owns them)."""
        with self.store.session() as s, s.begin():
            for old in s.execute(select(RunReportRow).where(
                    RunReportRow.line == report.line, RunReportRow.date == report.date.isoformat(),
                    RunReportRow.status == "running")).scalars():
                doc = RunReport.model_validate(old.report)
                doc = doc.model_copy(update={"status": "interrupted",
                                             "problems": [*doc.problems, "the run stopped before it finished"]})
                old.status, old.report = "interrupted", doc.model_dump(mode="json")
            row = RunReportRow(line=report.line, date=report.date.isoformat(), started_at=report.started_at,
                               status=report.status, trigger=report.trigger, options=options.model_dump(mode="json"),
                               report={})
            s.add(row)
            s.flush()
            row.report = report.model_copy(update={"id": row.id}).model_dump(mode="json")
            return row.id

    def save(self, report: RunReport) -> None:
        with self.store.session() as s, s.begin():
            row = s.get(RunReportRow, report.id)
            row.status, row.finished_at = report.status, report.finished_at
            row.report = report.model_dump(mode="json")

    def reports(self, *, line: str | None = None, day: date | None = None, limit: int = 50) -> list[RunReport]:
        q = select(RunReportRow).order_by(RunReportRow.started_at.desc(), RunReportRow.id.desc()).limit(limit)
        if line:
            q = q.where(RunReportRow.line == line)
        if day:
            q = q.where(RunReportRow.date == day.isoformat())
        with self.store.session() as s:
            return [RunReport.model_validate(r.report) for r in s.execute(q).scalars()]

    def last_options(self, line: str, day: date) -> RunOptions | None:
        """The options of the day's latest run (what ``ribao approve`` resumes with)."""
        q = (select(RunReportRow.options).where(RunReportRow.line == line, RunReportRow.date == day.isoformat())
             .order_by(RunReportRow.id.desc()).limit(1))
        with self.store.session() as s:
            got = s.execute(q).scalar_one_or_none()
        return RunOptions.model_validate(got) if got is not None else None

    # delivery log -------------------------------------------------------------
    def planned(self, line: str, day: date, channel: str) -> list[DeliveryRecord]:
        q = (select(DeliveryRow).where(DeliveryRow.line == line, DeliveryRow.date == day.isoformat(),
                                       DeliveryRow.channel == channel).order_by(DeliveryRow.part))
        with self.store.session() as s:
            return [_record(r) for r in s.execute(q).scalars()]

    def plan(self, line: str, day: date, channel: str, bulletin_sha: str,
             make: Callable[[], Sequence[PlannedPart]]) -> list[DeliveryRecord]:
        """The channel's messages for the day: planned now from ``make()`` unless a plan exists.

        A plan made from another version of the bulletin is replaced only while none of its parts
        has left (``planned`` or ``failed`` only); once one has, the rest follow the same plan, so
        a reader never gets part 2 of one version after part 1 of another.
        """
        existing = self.planned(line, day, channel)
        untouched = all(r.status in ("planned", "failed") for r in existing)
        if existing and (existing[0].bulletin_sha == bulletin_sha or not untouched):
            return existing
        parts = make()
        now = _now()
        try:
            with self.store.session() as s, s.begin():
                if existing:
                    s.execute(delete(DeliveryRow).where(DeliveryRow.id.in_([r.id for r in existing])))
                for p in parts:
                    s.add(DeliveryRow(line=line, date=day.isoformat(), channel=channel, part=p.part, parts=p.parts,
                                      kind=p.kind, bulletin_sha=bulletin_sha, payload=p.payload, status="planned",
                                      attempts=0, last_error="", response="", planned_at=now))
        except IntegrityError:   # planned by someone else meanwhile: theirs stands
            pass
        return self.planned(line, day, channel)

    def set_status(self, record_id: int, status: str, *, error: str = "", response: str = "",
                   attempts: int | None = None) -> None:
        values: dict = {"status": status, "last_error": error[:2000], "response": response[:2000]}
        if attempts is not None:
            values["attempts"] = attempts
        if status == "sent":
            values["sent_at"] = _now()
        with self.store.session() as s, s.begin():
            s.execute(update(DeliveryRow).where(DeliveryRow.id == record_id).values(**values))

    def abandoned_to_unconfirmed(self, line: str, day: date, channel: str) -> int:
        """Parts left ``sending`` by a process that died: they may have arrived, so they are not
        sent again unless an operator asks. Returns how many there were."""
        with self.store.session() as s, s.begin():
            res = s.execute(update(DeliveryRow).where(
                DeliveryRow.line == line, DeliveryRow.date == day.isoformat(), DeliveryRow.channel == channel,
                DeliveryRow.status == "sending").values(
                status="unconfirmed", last_error="the run stopped while sending this part; it may have arrived"))
            return res.rowcount or 0

    def sent_times(self, channel: str, since: datetime) -> list[datetime]:
        """When the channel's messages were confirmed since ``since`` (the rate limiter's memory)."""
        q = select(DeliveryRow.sent_at).where(DeliveryRow.channel == channel, DeliveryRow.sent_at >= since)
        with self.store.session() as s:
            return sorted(t for t in s.execute(q).scalars() if t is not None)

    def delivery_counts(self, line: str, day: date) -> dict[str, int]:
        q = (select(DeliveryRow.status, func.count()).where(DeliveryRow.line == line,
                                                            DeliveryRow.date == day.isoformat())
             .group_by(DeliveryRow.status))
        with self.store.session() as s:
            return {k: int(v) for k, v in s.execute(q).all()}
