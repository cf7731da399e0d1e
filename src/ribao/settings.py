"""Where state lives: the home directory (database, WARC files, outputs) and the database URL.

``--home`` / ``RIBAO_HOME`` choose the home; ``RIBAO_DATABASE_URL`` overrides the database
(any SQLAlchemy URL, e.g. ``postgresql+psycopg://…``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str

    @property
    def warc_dir(self) -> Path:
        return self.home / "warc"

    @property
    def output_dir(self) -> Path:
        return self.home / "bulletins"

    @classmethod
    def load(cls, home: str | Path | None = None) -> "Settings":
        root = Path(home or os.environ.get("RIBAO_HOME") or user_data_dir("ribao")).expanduser().resolve()
        url = os.environ.get("RIBAO_DATABASE_URL") or f"sqlite:///{root / 'ribao.db'}"
        return cls(home=root, database_url=url)

    def ensure(self) -> "Settings":
        for d in (self.home, self.warc_dir, self.output_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self
