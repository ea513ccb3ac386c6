"""value bindings."""

__all__ = []
