"""Publishing: run the notebooks with Papermill, cache keys, assembly, exports, fan-out.

May import every layer below (``core`` to ``notebook``).
"""
