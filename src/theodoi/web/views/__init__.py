"""Staff pages, one module per area (home, dashboard, plans, tasks, targets, units, forms, review...)."""
