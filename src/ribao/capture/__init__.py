"""Capture: responses as archived in WARC files (import now; the crawler writes the same records)."""
from ribao.capture.warc import CapturedResponse, iter_responses, page_kind

__all__ = ["CapturedResponse", "iter_responses", "page_kind"]
