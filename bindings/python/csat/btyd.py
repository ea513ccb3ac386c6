"""btyd bindings."""

__all__ = []
