"""Layout fixtures: plans in real published layouts (notice-wrapped, numbered, table)."""
