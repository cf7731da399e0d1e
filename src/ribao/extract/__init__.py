"""Extraction: a captured page (bytes + headers) → an Article.

``extract_page`` is the one entry point; it never raises for bad input, it returns an
``ExtractError`` with the reason instead, so one broken page never stops a batch. A broken
installation (a module the extractor needs cannot be imported) is not a bad page: it raises
``ExtractorBroken``, a ``RibaoError``, once, loudly.
"""
from ribao.extract.page import ExtractError, ExtractorBroken, extract_page

__all__ = ["extract_page", "ExtractError", "ExtractorBroken"]
