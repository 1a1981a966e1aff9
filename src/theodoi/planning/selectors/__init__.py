"""Tracking selectors: the only readers of statuses, obligations, completeness and warnings."""
