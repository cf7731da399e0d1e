"""Writing: turn the day's chosen stories into a bulletin (extractive by default, or an LLM)."""
