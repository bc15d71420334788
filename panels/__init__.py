"""Panels: one declaration per panel (compute, figure, table) and the view they read."""
