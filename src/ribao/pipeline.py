"""The main jobs, composed from the stages: ingest, build, demo. The CLI is a thin layer over these."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from ribao.analyze.select import DaySelection, select_day
from ribao.catalog import load_catalog
from ribao.compose.extractive import write_bulletin
from ribao.errors import InputError
from ribao.lines import load_line
from ribao.models import Bulletin
from ribao.render import render_all
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.repo import ChosenStory
from ribao.verify import enforce, sources_from_articles


@dataclass
class BuildResult:
    bulletin: Bulletin
    selection: DaySelection
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


def open_store(settings: Settings) -> Store:
    settings.ensure()
    return Store(settings.database_url)


WRITERS = ("extractive", "llm")


def build(store: Store, settings: Settings, day: date, *, line_name: str = "xinzhi", writer: str = "extractive",
          out_dir: Path | None = None, sample: bool = False, llm_config: Path | None = None) -> BuildResult:
    if writer not in WRITERS:
        raise InputError(f"unknown writer {writer!r} (available: {', '.join(WRITERS)})")
    line = load_line(line_name)
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
    out = Path(out_dir) if out_dir else settings.output_dir / line.id / day.isoformat()
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / "bulletin.json"
    json_path.write_text(json.dumps(bulletin.model_dump(mode="json"), ensure_ascii=False, indent=1), encoding="utf-8")
    rendered = render_all(bulletin, out)
    by_story = {st.key: st for st in selection.chosen}
    store.save_bulletin(bulletin, [
        ChosenStory(date=day.isoformat(), story_key=sec.story_id, headline=sec.headline, theme=sec.theme,
                    article_urls=by_story[sec.story_id].all_urls)
        for sec in bulletin.sections if sec.story_id in by_story])
    files = {"json": json_path, **rendered.by_format()}
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
