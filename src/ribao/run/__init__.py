"""The daily run: stages with checkpoints (``runner``, ``stages``), reports (``report``), the
line's run configuration (``config``), approval, scheduling (``schedule``), locks and logs."""
