"""The scorecard library, in layers read from the bottom up.

``core`` (paths, configuration, vocabulary, numbers, periods, formats) ->
``rules`` (measures, RAG, direction of travel, SPC) -> ``data`` (text files, store,
params) -> ``engine`` (the scorecard's rows) -> ``render`` (tables, charts) ->
``notebook`` (the API the notebooks call) -> ``publish`` (run, assemble, export) ->
``commands`` (the ``scorecard`` command). A module imports only from its own layer or
below; the import-linter contract in ``pyproject.toml`` checks it in ``make test``.
"""

__version__ = "0.1.0"
