"""segmentation bindings."""

__all__ = []
