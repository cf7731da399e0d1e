"""The old import path of ingest's pieces, kept until its importers (``capture.crawler``, a test
and two benchmarks outside this package's owner's share) import ``ribao.ingest``.

Ingest composes capture, extraction and the store, so it lives above ``capture``, in
``ribao.ingest``; nothing else belongs here.
"""
from ribao.ingest import COMMIT_EVERY, IngestReport, ingest_warc, record_response

__all__ = ["COMMIT_EVERY", "IngestReport", "ingest_warc", "record_response"]
