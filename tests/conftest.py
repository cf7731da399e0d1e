import json
from pathlib import Path

import pytest

pytest_plugins = ["pgbackend"]   # RIBAO_TEST_BACKEND=postgresql: each home on a fresh PostgreSQL database

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    d = CORPUS / "dev"
    if not (d / "corpus.warc.gz").exists():
        pytest.skip("../shared/corpus is absent")
    return d


@pytest.fixture(scope="session")
def gold_articles(dev_corpus) -> dict:
    """URL → the day's hand-written article record (title, published, source, body…)."""
    gold = json.loads((dev_corpus / "gold.json").read_text(encoding="utf-8"))
    out = {}
    for day, g in gold.items():
        doc = json.loads((CORPUS / "days" / day / "articles.json").read_text(encoding="utf-8"))
        for a in doc["articles"]:
            out.setdefault(g["urls"][a["id"]], a)
    return out


@pytest.fixture()
def home(tmp_path, monkeypatch) -> Path:
    h = tmp_path / "home"
    monkeypatch.setenv("RIBAO_HOME", str(h))
    monkeypatch.delenv("RIBAO_DATABASE_URL", raising=False)
    return h
