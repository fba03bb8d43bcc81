"""The data layer: reading and checking the text files, the store, month parameters.

Also new months and the synthetic district data. May import ``helpers.core`` and
``helpers.rules``.
"""
