"""Every error ribao reports to a user, in one hierarchy.

``ribao.cli.main`` catches ``RibaoError`` and prints its message on one line (no traceback),
then exits with the class's ``exit_code``::

    RibaoError                 exit 2   base: something the user can fix
    ├── ConfigError            exit 2   a YAML file or setting is wrong (names the file and key)
    ├── InputError             exit 2   a file or argument given on the command line is unusable
    ├── StoreError             exit 3   the home or its database cannot be opened or written
    └── BusyError              exit 4   another ribao process holds the lock this command needs

Faults inside a batch (a broken page, a dead source, a torn WARC file) are not exceptions: they
are recorded and counted, the batch goes on, and the command exits 1 where a look is needed.
The codes are documented for operators in ``docs/robustness.md``.
"""
from __future__ import annotations


class RibaoError(Exception):
    """A problem the user can fix; its message says what and where."""

    exit_code = 2


class ConfigError(RibaoError):
    """A configuration file or setting is invalid (unknown key, bad value, missing file)."""


class InputError(RibaoError):
    """A file or argument given by the user cannot be used."""


class StoreError(RibaoError):
    """The home directory or the database cannot be opened or written."""

    exit_code = 3


class BusyError(RibaoError):
    """Another ribao process holds a lock this command needs."""

    exit_code = 4
