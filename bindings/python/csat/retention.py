"""retention bindings."""

__all__ = []
