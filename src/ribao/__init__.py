"""ribao: a daily policy-and-industry intelligence bulletin."""
__version__ = "0.1.0"
