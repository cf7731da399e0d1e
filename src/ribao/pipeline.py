"""The main jobs, composed from the stages: build, verify, the bundled sample (ingest is
``ribao.ingest``). The CLI is a thin layer over these.

The selection, the writers and the renderers are imported when a build runs: they are the slow
imports (jieba, WeasyPrint), and ``verify`` or a refused ``build`` should not wait for them.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from typing import TYPE_CHECKING

from ribao.catalog import load_catalog
from ribao.errors import InputError
from ribao.lines import load_line
from ribao.models import Bulletin
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.home import open_store
from ribao.store.repo import ChosenStory
from ribao.verify import enforce, sources_from_articles

if TYPE_CHECKING:
    from ribao.analyze.select import DaySelection


@dataclass
class BuildResult:
    bulletin: Bulletin
    selection: "DaySelection"
    out_dir: Path
    files: dict[str, Path]


def verify_file(store: Store, path: Path) -> Bulletin:
    """Re-check a bulletin.json (e.g. one an editor changed by hand) against the stored sources."""
    try:
        b = Bulletin.model_validate_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot be read ({e})") from None
    except ValidationError as e:
        raise InputError(f"{path}: not a bulletin.json ({e.error_count()} problems; first: "
                         f"{'.'.join(map(str, e.errors()[0]['loc'])) or 'top level'}: {e.errors()[0]['msg']})") from None
    stored = store.articles_by_url([r.url for r in b.references])
    return enforce(b, sources_from_articles(s.article for s in stored.values()))


WRITERS = ("extractive", "llm")
log = logging.getLogger("ribao")
__all__ = ["BuildResult", "Sample", "WRITERS", "build", "bundled_sample", "open_store", "verify_file"]


def _output_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise InputError(f"--out {path} is a file, not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"--out {path}: cannot create it ({e.strerror or e})") from None
    return path


def _write_atomically(path: Path, data: str) -> None:
    """Readers of ``path`` see the old file or the new one, never half of one (a killed or
    concurrent build)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def build(store: Store, settings: Settings, day: date, *, line_name: str = "xinzhi", writer: str = "extractive",
          out_dir: Path | None = None, sample: bool = False, llm_config: Path | None = None) -> BuildResult:
    if writer not in WRITERS:
        raise InputError(f"unknown writer {writer!r} (available: {', '.join(WRITERS)})")
    from ribao.analyze.select import select_day
    from ribao.compose.extractive import write_bulletin
    from ribao.render import render_all

    line = load_line(line_name)
    out = _output_dir(Path(out_dir) if out_dir else settings.output_dir / line.id / day.isoformat())
    log.info("phase build start: %s %s", line.id, day)
    catalog = load_catalog()
    selection = select_day(store, line, day, catalog=catalog)
    cited = selection.cited_articles()
    if writer == "llm":
        from ribao.compose.llm import make_repair, repair_sources, write_bulletin_llm
        from ribao.compose.llm_config import LLMConfig

        cfg = LLMConfig.load(llm_config, cache_dir=settings.home / "llm-cache")
        bulletin, usage = write_bulletin_llm(selection, cfg, catalog=catalog, sample=sample)
        bulletin = enforce(bulletin, sources_from_articles(cited),
                           repair=make_repair(cfg, repair_sources(bulletin, cited), usage=usage, title=line.title))
        bulletin = bulletin.model_copy(update={"usage": usage})
    else:
        bulletin = enforce(write_bulletin(selection, catalog=catalog, sample=sample), sources_from_articles(cited))
    json_path = out / "bulletin.json"
    _write_atomically(json_path, json.dumps(bulletin.model_dump(mode="json"), ensure_ascii=False, indent=1))
    rendered = render_all(bulletin, out)
    by_story = {st.key: st for st in selection.chosen}
    store.save_bulletin(bulletin, [
        ChosenStory(date=day.isoformat(), story_key=sec.story_id, headline=sec.headline, theme=sec.theme,
                    article_urls=by_story[sec.story_id].all_urls)
        for sec in bulletin.sections if sec.story_id in by_story])
    files = {"json": json_path, **rendered.by_format()}
    log.info("phase build done")
    return BuildResult(bulletin=bulletin, selection=selection, out_dir=out, files=files)


@dataclass(frozen=True)
class Sample:
    warc: Path
    date: date
    line: str


def bundled_sample() -> Sample:
    """The project's own sample capture (fictional pages), shipped inside the package."""
    root = resources.files("ribao") / "data" / "sample"
    meta = yaml.safe_load((root / "sample.yaml").read_text(encoding="utf-8"))
    return Sample(warc=Path(str(root / "sample.warc.gz")), date=date.fromisoformat(str(meta["date"])),
                  line=meta.get("line", "xinzhi"))
