"""Configuration of the LLM writer: any OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen/DashScope,
vLLM, Ollama).

Loaded from an optional YAML file, then environment variables: ``RIBAO_LLM_BASE_URL``,
``RIBAO_LLM_MODEL``; the key is read at call time from the variable named by ``api_key_env``
(default ``RIBAO_LLM_API_KEY``), else ``OPENAI_API_KEY``, so it is never stored in a file or
a cache key.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from ribao.config import StrictModel, read_yaml, validate
from ribao.errors import ConfigError

ENV_PREFIX = "RIBAO_LLM_"


class LLMConfig(StrictModel):
    base_url: str = "https://api.openai.com/v1"
    model: str = "gpt-4o-mini"
    api_key_env: str = "RIBAO_LLM_API_KEY"
    timeout_s: float = 60.0
    max_retries: int = 3                 # further attempts after a 429, 5xx, timeout or connection error
    backoff_s: float = 1.0               # first wait; doubles per attempt, capped at max_backoff_s
    max_backoff_s: float = 30.0          # a server asking (Retry-After) for longer than this is not waited for
    # json_schema where supported (OpenAI, vLLM); DeepSeek rejects it: json_object plus validation.
    # A json_schema request refused with HTTP 400 is retried, and the rest of the run sent, as json_object.
    response_format: Literal["json_object", "json_schema", "none"] = "json_object"
    format_retries: int = 1              # re-asks after an answer that is not valid JSON of the right shape
    temperature: float = 0.2
    max_tokens: int = 2000
    max_passage_chars: int = 4000        # of each source's body shown to the model
    price_in_per_1k: float = 0.0         # per 1,000 prompt tokens
    price_out_per_1k: float = 0.0        # per 1,000 completion tokens
    currency: str = "USD"
    cache_dir: Path | None = None        # content-addressed answers; None: no cache
    extra_body: dict[str, Any] = Field(default_factory=dict)   # e.g. Qwen3 {"enable_thinking": false}

    def api_key(self) -> str:
        """The key from the environment; servers without auth (vLLM, Ollama) get a placeholder."""
        return os.environ.get(self.api_key_env) or os.environ.get("OPENAI_API_KEY") or "EMPTY"

    @classmethod
    def load(cls, path: str | Path | None = None, **overrides: Any) -> "LLMConfig":
        """YAML file (``path`` or ``RIBAO_LLM_CONFIG``), then ``RIBAO_LLM_BASE_URL``/``_MODEL``, then overrides."""
        data: dict[str, Any] = {}
        path = path or os.environ.get(ENV_PREFIX + "CONFIG")
        if path:
            loaded = read_yaml(path) or {}
            if not isinstance(loaded, dict):
                raise ConfigError(f"{path}: expected a mapping of LLM settings")
            data.update(loaded)
        for field in ("base_url", "model"):
            if os.environ.get(ENV_PREFIX + field.upper()):
                data[field] = os.environ[ENV_PREFIX + field.upper()]
        data.update({k: v for k, v in overrides.items() if v is not None})
        return validate(cls, data, str(path or "LLM settings"))
