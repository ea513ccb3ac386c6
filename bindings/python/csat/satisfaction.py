"""satisfaction bindings."""

__all__ = []
