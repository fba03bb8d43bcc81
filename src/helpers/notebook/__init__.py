"""The notebook API: what a section notebook (and an analyst in Jupyter) calls.

May import every layer below (``core`` to ``render``).
"""
