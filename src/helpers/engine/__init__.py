"""The engine: the scorecard of a month and area, Making Data Count of its rows, commentary.

Builds rated rows from the data; never draws. May import ``helpers.core``, ``helpers.rules``
and ``helpers.data``.
"""
