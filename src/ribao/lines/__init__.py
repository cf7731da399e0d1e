"""A line's config: the bulletin's theme taxonomy, selection knobs and branding — data, not code.

``xinzhi.yaml`` beside this file is 《新质生产力每日动态》; another line (低空经济, 工业AI) is
another YAML file with the same schema, passed as ``--line path/to/line.yaml`` or by id.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field

from ribao.config import StrictModel, load_yaml_model
from ribao.errors import ConfigError

from ribao.models import Branding


class Theme(StrictModel):
    id: str
    name: str
    description: str = ""
    terms: dict[str, float]                      # phrase → weight (title hits count triple)
    negative: list[str] = Field(default_factory=list)  # phrases that mark an off-theme item
    sources: dict[str, float] = Field(default_factory=dict)  # source id → prior multiplier


class Selection(StrictModel):
    crawl_time: str = "06:30"          # Beijing time the day's crawl ends; the bulletin's as-of
    look_back_hours: int = 48          # news window before the as-of
    cadence_hours: int = 24            # gap to the previous edition when none is stored
    sections: int = 6
    min_score: float = 0.25
    continuation_days: int = 30        # how far back a story counts as continuing an earlier one
    dedup_threshold: float = 0.7       # MinHash Jaccard for reprints
    story_similarity: float = 0.32     # TF-IDF cosine joining articles into one story


class LineConfig(StrictModel):
    id: str
    title: str
    subtitle: str = ""
    language: str = "zh"
    selection: Selection = Field(default_factory=Selection)
    themes: list[Theme]
    global_negative: list[str] = Field(default_factory=list)
    branding: Branding = Field(default_factory=Branding)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)


LINES_DIR = Path(__file__).parent


def load_line(name_or_path: str = "xinzhi") -> LineConfig:
    p = Path(name_or_path)
    if not (p.suffix in (".yaml", ".yml") and p.exists()):
        p = LINES_DIR / f"{name_or_path}.yaml"
    if not p.exists():
        known = ", ".join(sorted(x.stem for x in LINES_DIR.glob("*.yaml")))
        raise ConfigError(f"no line config {name_or_path!r} (looked for {p}; bundled lines: {known})")
    return _load(str(p.resolve()))


@lru_cache(maxsize=8)
def _load(path: str) -> LineConfig:
    return load_yaml_model(LineConfig, path)
