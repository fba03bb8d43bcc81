"""A Papermill engine that keeps one warm kernel per worker instead of one per notebook.

Starting a kernel and importing pandas, Altair and the helpers costs about 1.6 s, and
the first chart a process draws starts vl-convert's JavaScript engine (about 0.8 s).
Paid for every notebook of every area, that is most of a run. The ``scorecard-warm``
engine starts one kernel per worker thread and, before each notebook, resets it to a
clean state:

- ``%reset -f`` empties the namespace (modules stay imported, which is the point);
- warning registries are cleared, so a warning shows in every notebook that causes it;
- the execution counter restarts at 1.

So a notebook's outputs are the same as in a fresh kernel (the end-to-end tests check
this with nbval, which uses fresh kernels). Papermill still injects the parameters and
writes the executed notebook. Set ``SCORECARD_WARM_KERNELS=0`` to use a fresh kernel per
notebook.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import papermill
from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, logger, papermill_engines
from papermill.utils import merge_kwargs, remove_args

ENGINE = "scorecard-warm"
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False")
"""Batch kernels log only errors and keep no command history: a history database shared
by kernels (and confused by the execution counter restarting) prints errors into outputs."""
RESET = """\
get_ipython().run_line_magic("reset", "-f")
import sys as _sys
for _module in list(_sys.modules.values()):
    _registry = getattr(_module, "__warningregistry__", None)
    if isinstance(_registry, dict):
        _registry.clear()
del _sys, _module, _registry
get_ipython().execution_count = 1
"""

_LOCAL = threading.local()


class _BatchKernel:
    """Mixin: kernels started with ``KERNEL_ARGUMENTS`` (errors only, no history).

    ``handoff_env`` is added to the kernel's environment: how a run hands its notebooks
    what is not an analyst's parameter (the scorecard it built, ``SCORECARD_CARD``).
    """

    handoff_env: Mapping[str, str] = {}

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.handoff_env:
            kw["env"] = {**kw.get("env", os.environ), **self.handoff_env}
        return await super()._async_pre_start_kernel(**kw)  # type: ignore[misc]

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The kernel command line, with the batch settings of ``KERNEL_ARGUMENTS``."""
        return [*super().format_kernel_cmd(extra_arguments), *KERNEL_ARGUMENTS]  # type: ignore[misc]


class QuietKernelManager(_BatchKernel, KernelManager):
    """A fresh kernel per notebook (``SCORECARD_WARM_KERNELS=0``), started for batch use."""


def fresh_kernel_manager(env: Mapping[str, str]) -> type[QuietKernelManager]:
    """The kernel manager class of one run's fresh kernels, started with ``env`` added."""
    return type("RunKernelManager", (QuietKernelManager,), {"handoff_env": dict(env)})


class QuietAsyncKernelManager(_BatchKernel, AsyncKernelManager):
    """A warm kernel of a ``KernelSession``, started for batch use."""


def execute(
    template: Path,
    output: Path,
    parameters: Mapping[str, str],
    cwd: Path,
    engine: str | None = None,
    env: Mapping[str, str] | None = None,
    **options: Any,
) -> None:
    """Execute a notebook with Papermill in a batch kernel: ``engine``'s, else a fresh one.

    ``env`` is added to a fresh kernel's environment (a warm session has its own);
    ``options`` go to ``papermill.execute_notebook``, whose errors propagate.
    """
    papermill.execute_notebook(
        str(template),
        str(output),
        parameters=dict(parameters),
        kernel_name="python3",
        cwd=str(cwd),
        progress_bar=False,
        log_output=False,
        kernel_manager_class=fresh_kernel_manager(env or {}),
        engine_name=engine,
        **options,
    )


def warm_kernels_enabled() -> bool:
    """Whether runs reuse warm kernels (``SCORECARD_WARM_KERNELS=0`` turns it off)."""
    return os.environ.get("SCORECARD_WARM_KERNELS", "1") != "0"


class KernelSession:
    """The warm kernels of one batch of notebooks: one per worker thread, shut down together.

    Pass ``session.attach`` as a thread pool's ``initializer``; threads of other pools (other
    areas running at the same time) have their own sessions and kernels.
    """

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self._env = dict(env or {})
        self._started: list[AsyncKernelManager] = []
        self._lock = threading.Lock()

    def attach(self) -> None:
        """Make this session the current thread's (a thread pool initializer)."""
        _LOCAL.session = self
        _LOCAL.km = None

    def kernel(self, kernel_name: str, cwd: str | None) -> AsyncKernelManager:
        """Return the current thread's kernel, started (or restarted) when needed."""
        km: AsyncKernelManager | None = getattr(_LOCAL, "km", None)
        if km is not None and run_sync(km.is_alive)():
            return km
        km = QuietAsyncKernelManager(kernel_name=kernel_name)
        km.handoff_env = self._env
        run_sync(km.start_kernel)(cwd=cwd)
        with self._lock:
            self._started.append(km)
        _LOCAL.km = km
        return km

    def shutdown(self) -> None:
        """Shut down every kernel this session started."""
        with self._lock:
            started, self._started = self._started, []
        for km in started:
            run_sync(km.shutdown_kernel)(now=True)


def _session() -> KernelSession:
    session = getattr(_LOCAL, "session", None)
    if session is None:
        raise RuntimeError("the warm-kernel engine runs only in threads of a KernelSession")
    return session


async def _reset(km: AsyncKernelManager) -> None:
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        reply = await client.execute_interactive(
            RESET, silent=True, store_history=False, timeout=60
        )
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"could not reset the kernel: {reply['content']}")
    finally:
        client.stop_channels()


class WarmKernelEngine(NBClientEngine):
    """Papermill's nbclient engine, running each notebook in this thread's warm kernel."""

    @classmethod
    def execute_managed_notebook(  # type: ignore[override]
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        **kwargs: Any,
    ) -> Any:
        """Execute ``nb_man``'s notebook in a warm kernel reset to a clean state."""
        km = _session().kernel(kernel_name, kwargs.get("cwd"))
        run_sync(_reset)(km)
        kwargs = remove_args(["input_path", "cwd", "kernel_manager_class"], **kwargs)
        safe = remove_args(["timeout", "startup_timeout"], **kwargs)
        final = merge_kwargs(
            safe,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, km=km, **final)
        try:
            return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()


@contextmanager
def warm_kernels(
    env: Mapping[str, str] | None = None,
) -> Iterator[tuple[str | None, KernelSession | None]]:
    """Yield the engine name for Papermill and the session, and shut its kernels down after.

    The kernels start with ``env`` added to their environment. Yields ``(None, None)``
    when warm kernels are turned off.
    """
    if not warm_kernels_enabled():
        yield None, None
        return
    session = KernelSession(env)
    try:
        yield ENGINE, session
    finally:
        session.shutdown()


papermill_engines.register(ENGINE, WarmKernelEngine)
