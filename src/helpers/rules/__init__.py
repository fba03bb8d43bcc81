"""Pure calculation rules on values: measures, RAG rating, direction of travel, SPC.

Small, pure, documented functions with no input or output. May import ``helpers.core``.
"""
