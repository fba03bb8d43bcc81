"""The ``scorecard`` command line: the top layer, which may import every other.

``parsers`` defines every command and option (argparse only); ``cli`` parses and imports
the chosen command's module: ``project`` (store, validate, ratings, new-month,
synthetic), ``report`` (run, notebook), ``monthly`` (import, pull, log, status, diff,
template) or ``editions`` (approve, publish, verify). ``validate`` holds the checks.
"""
