"""A line's config: the bulletin's theme taxonomy, selection knobs and branding — data, not code.

``xinzhi.yaml`` beside this file is 《新质生产力每日动态》; another line (低空经济, 工业AI) is
another YAML file with the same schema, passed as ``--line path/to/line.yaml`` or by id. Nothing
in the writers or prompts names a line: its title and subject (``name``) come from here.
"""
from __future__ import annotations

from datetime import time
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


class Angles(StrictModel):
    """One big story in several sections (content; scope and who is affected; mechanism and reasons).

    Only on a day with fewer stories than ``Selection.sections``: the free places go to the
    strongest stories whose members can fill another angle with facts of their own.
    """

    max_per_story: int = Field(3, ge=1, le=3)
    min_facts: int = Field(2, ge=1)      # fact sentences an angle needs from its own members


class Context(StrictModel):
    """Earlier documents from the archive (full-text search) that a story belongs with."""

    per_story: int = Field(2, ge=0)         # background items cited per story
    candidates: int = Field(100, ge=1)      # search hits examined per story (the newest matches)
    min_similarity: float = 0.18            # TF-IDF cosine of the hit to the story
    max_age_days: int = 1100                # how far back the archive counts (a five-year plan is older)
    section: bool = True                    # a free place may hold a context section (the long-term frame)


class Glossary(StrictModel):
    """English words of foreign sources → the line's Chinese words. The extractive writer does not
    translate: a foreign report's headline and gist name its subject with these (``路透社关注中国
    数据中心、绿电直连与用电需求``); ``entities`` (places, companies) come before ``terms``."""

    entities: dict[str, str] = Field(default_factory=dict)
    terms: dict[str, str] = Field(default_factory=dict)


class Selection(StrictModel):
    crawl_time: time = time(6, 30)     # Beijing time the day's crawl ends; the bulletin's as-of
    look_back_hours: int = 48          # news window before the as-of
    tier_windows: dict[str, int] = Field(default_factory=dict)   # catalog tier → its own window (hours)
    cadence_hours: int = 24            # gap to the previous edition when none is stored
    sections: int = 6
    min_score: float = 0.25
    continuation_days: int = 30        # how far back a story counts as continuing an earlier one
    repeat_days: int = 90              # how far back the writer avoids a construction it printed before
    continuation_novelty: float = 0.85 # score factor of a development of an earlier bulletin's story
    dedup_threshold: float = 0.7       # MinHash Jaccard for reprints
    story_similarity: float = 0.32     # TF-IDF cosine joining articles into one story
    fresh_hours: int = 24              # recency is 1 up to this age …
    recency_per_day: float = 0.25      # … then falls by this much per further day …
    recency_floor: float = 0.7         # … to no less than this
    coverage_per_site: float = 0.1     # score bonus per further site carrying the story …
    coverage_max: float = 1.3          # … up to this factor
    authority_reprint: float = 0.9     # another catalog agency's text on a site: the lower authority × this
    authority_media_on_gov_site: float = 0.6   # media copy on a ministry site: at most this
    authority_off_catalog: float = 0.8 # a page off the catalog's sites naming a catalog agency: its authority × this
    authority_unknown: float = 0.4     # a page off the catalog naming nobody the catalog knows
    angles: Angles = Field(default_factory=Angles)
    context: Context = Field(default_factory=Context)

    def window_hours(self, tier: str | None) -> int:
        return self.tier_windows.get(tier or "", self.look_back_hours)

    @property
    def longest_window(self) -> int:
        return max([self.look_back_hours, *self.tier_windows.values()])


class LineConfig(StrictModel):
    id: str
    title: str
    name: str = ""                     # the line's subject as prose names it; the title when empty
    subtitle: str = ""
    language: str = "zh"
    selection: Selection = Field(default_factory=Selection)
    themes: list[Theme]
    global_negative: list[str] = Field(default_factory=list)
    glossary: Glossary = Field(default_factory=Glossary)
    branding: Branding = Field(default_factory=Branding)

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def theme_name(self, theme_id: str) -> str:
        """The theme's name, or the line's own subject for a story of no theme."""
        th = self.theme(theme_id)
        return th.name if th else self.subject

    @property
    def subject(self) -> str:
        return self.name or self.title


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
