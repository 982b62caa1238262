"""Renderers: one module per kind of generated page. Each returns Markdown text."""
