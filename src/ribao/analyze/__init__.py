"""Analysis: reprints merged, stories grouped, scored against the line, the day's selection made."""
