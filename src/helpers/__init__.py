"""The scorecard library: registry, store, rating engine, tables, charts and assembly.

Every calculation the published scorecard needs lives here as a typed, tested
function; the section notebooks only load, call and display.
"""

__version__ = "0.1.0"
