"""Rendering: tables, charts, icons and the bundles that show them in Jupyter, HTML and PDF.

Draws what the engine computed; never calculates a rating. May import every layer below
(``core``, ``rules``, ``data``, ``engine``).
"""
