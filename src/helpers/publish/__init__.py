"""Publishing: run the notebooks with Papermill, cache keys, assembly, exports, fan-out.

``plan`` says what a run would do without importing anything heavy; ``run`` does it
(``kernels``: warm kernels; ``cache``: keys and sanitised notebooks); ``assemble`` with
``pandoc``, ``html_page``, ``pdf`` (Typst in a child process, ``typst_worker``) and
``cover``, or ``quarto``, renders; ``exports``, ``fanout``, and the editions
(``approval``, ``editions``, ``site``, ``verify``) follow.

May import every layer below (``core`` to ``notebook``).
"""
