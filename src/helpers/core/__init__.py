"""Foundation: project paths, configuration and the scorecard's vocabulary.

Also the number and period rules and the published number formats that every other
layer uses. Modules here import nothing from the rest of ``helpers``.
"""
