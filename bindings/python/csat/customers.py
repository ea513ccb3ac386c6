"""customers bindings."""

__all__ = []
