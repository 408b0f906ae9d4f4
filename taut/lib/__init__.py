"""Model-free helpers shared by the apps (no clinical rules here)."""
