"""Reprints: near-duplicate bodies grouped with MinHash LSH over character shingles."""
from __future__ import annotations

import zlib

from datasketch import MinHash, MinHashLSH

from ribao.analyze.groups import join
from ribao.analyze.text import shingles

NUM_PERM = 128


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


def minhash(text: str) -> MinHash:
    """Character 5-gram MinHash; crc32 (C) instead of datasketch's default SHA-1 is ~4x faster."""
    m = MinHash(num_perm=NUM_PERM, hashfunc=_crc32)
    m.update_batch([sh.encode("utf-8") for sh in shingles(text)])
    return m


def reprint_groups(texts: list[str], threshold: float) -> list[list[int]]:
    """Indices of ``texts`` grouped by near-duplicate body (groups of one included)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = [minhash(t) for t in texts]
    for i, h in enumerate(hashes):
        lsh.insert(str(i), h)
    pairs = ((i, int(key)) for i, h in enumerate(hashes) for key in lsh.query(h) if int(key) != i)
    return join(len(texts), pairs, lambda i, j: hashes[i].jaccard(hashes[j]) >= threshold)
