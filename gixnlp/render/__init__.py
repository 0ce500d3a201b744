"""Renderers: JSON per OUTPUT.md, text for a terminal, HTML for people."""
