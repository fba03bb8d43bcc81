"""A Papermill engine that keeps a few warm kernels for a whole run instead of one per notebook.

Starting a kernel and importing pandas, Altair and the helpers costs about 1.6 s, and
the first chart a process draws starts vl-convert's JavaScript engine (about 0.8 s).
Paid for every notebook of every area, that is most of a run. The ``scorecard-warm``
engine starts one kernel per worker thread and, before each notebook, resets it to a
clean state:

- ``%reset -f`` empties the namespace (modules stay imported, which is the point);
- warning registries are cleared, so a warning shows in every notebook that causes it;
- the execution counter restarts at 1;
- what survives (the imported modules) is frozen out of the garbage collector
  (``gc.freeze``), so the two full collections ``%reset`` makes take 10 ms instead of
  150 ms, and so do the collections while a notebook runs.

So a notebook's outputs are the same as in a fresh kernel (the end-to-end tests check
this with nbval, which uses fresh kernels). Papermill still injects the parameters and
writes the executed notebook. Set ``SCORECARD_WARM_KERNELS=0`` to use a fresh kernel per
notebook.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from queue import Empty
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
import gc as _gc
_gc.freeze()
del _gc
"""
WARM_UP = "import helpers.notebook.section, helpers.render.charts, helpers.render.tables\n"
"""What a kernel started ahead does while the run builds the scorecard: the imports every
section notebook pays for. (Not vl-convert's JavaScript engine, 0.8 s of CPU: a re-run
whose charts are all in the SVG cache never starts it.) The reset before each notebook
clears whatever it leaves."""

_LOCAL = threading.local()


class _BatchKernel:
    """Mixin: kernels started with ``KERNEL_ARGUMENTS`` (errors only, no history).

    ``handoff_env`` is added to a fresh kernel's environment: how a run hands its notebooks
    what is not an analyst's parameter (the folder of the scorecards it built,
    ``SCORECARD_CARD``, and of rendered SVGs). A session's warm kernels get its ``env``.
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
    """The kernels of a run: at most ``size`` notebooks execute at once, one per kernel.

    A notebook executes inside :meth:`lease`, which waits for one of the ``size`` slots;
    with warm kernels on, the engine then takes an idle kernel (or starts one). Every
    area of ``scorecard run --area all`` shares one session, so its notebooks form one
    queue over the cores and the run starts ``size`` kernels, not one per area.

    Parameters
    ----------
    size
        How many notebooks execute at once (the kernels started, with warm kernels on).
    env
        Variables added to the kernels' environment (such as ``SCORECARD_SVG_CACHE``).
    """

    def __init__(self, size: int = 1, env: Mapping[str, str] | None = None) -> None:
        self.size = max(1, size)
        self.engine = ENGINE if warm_kernels_enabled() else None
        """The Papermill engine, or ``None`` (a fresh kernel per notebook: warm kernels off)."""
        self._env = dict(env or {})
        self._slots = threading.Semaphore(self.size)
        self._idle: list[AsyncKernelManager] = []
        self._started: list[AsyncKernelManager] = []
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._pending = 0  # kernels being started ahead

    @property
    def env(self) -> dict[str, str]:
        """What this session adds to its kernels' environment (fresh ones too)."""
        return dict(self._env)

    def prestart(self, count: int, cwd: str | None, kernel_name: str = "python3") -> None:
        """Have ``count`` kernels (at most ``size``), starting the missing ones in the background.

        Each new kernel is warmed up (``WARM_UP``) while the run builds the scorecard, so
        the imports cost no wall time. Nothing
        happens with warm kernels off. A kernel that fails to start or warm up is left to
        the notebook that gets it, which then reports the error.
        """
        if self.engine is None:
            return
        with self._lock:  # kernels already started (or starting) count towards ``count``
            wanted = max(0, min(count, self.size) - len(self._started) - self._pending)
            self._pending += wanted
        for _ in range(wanted):
            threading.Thread(target=self._prestart_one, args=(kernel_name, cwd)).start()

    def _prestart_one(self, kernel_name: str, cwd: str | None) -> None:
        km = None
        try:
            km = self._start(kernel_name, cwd)
            run_sync(_run_code)(km, WARM_UP)
        except Exception:  # the notebook that gets this kernel reports the failure
            pass
        finally:
            with self._ready:
                self._pending -= 1
                if km is not None:
                    self._idle.append(km)
                self._ready.notify_all()

    def _start(self, kernel_name: str, cwd: str | None) -> AsyncKernelManager:
        km = QuietAsyncKernelManager(kernel_name=kernel_name)
        run_sync(km.start_kernel)(cwd=cwd, env={**os.environ, **self._env})
        with self._lock:
            self._started.append(km)
        return km

    @contextmanager
    def lease(self) -> Iterator[None]:
        """Hold one slot while a notebook executes in this thread; give its kernel back after."""
        with self._slots:
            _LOCAL.session, _LOCAL.km = self, None
            try:
                yield
            finally:
                km, _LOCAL.session, _LOCAL.km = _LOCAL.km, None, None
                if km is not None:
                    with self._lock:
                        self._idle.append(km)

    def kernel(self, kernel_name: str, cwd: str | None) -> AsyncKernelManager:
        """Return the kernel of the current lease: an idle one, or a new one."""
        km: AsyncKernelManager | None = getattr(_LOCAL, "km", None) or self._idle_kernel()
        if km is None:
            km = self._start(kernel_name, cwd)
        _LOCAL.km = km
        return km

    def _idle_kernel(self) -> AsyncKernelManager | None:
        """An idle kernel that is still alive (waiting for one started ahead), or None."""
        while True:
            with self._ready:
                self._ready.wait_for(lambda: self._idle or not self._pending)
                if not self._idle:
                    return None
                km = self._idle.pop()
            if run_sync(km.is_alive)():
                return km

    def shutdown(self) -> None:
        """Shut down every kernel this session started (once those started ahead are up)."""
        with self._ready:
            self._ready.wait_for(lambda: not self._pending)
            started, self._started, self._idle = self._started, [], []
        for km in started:
            run_sync(km.shutdown_kernel)(now=True)


def _session() -> KernelSession:
    session = getattr(_LOCAL, "session", None)
    if session is None:
        raise RuntimeError("the warm-kernel engine runs only inside a KernelSession's lease")
    return session


async def _answered(client: Any, msg_id: str, timeout: float) -> dict[str, Any] | None:
    """The shell reply to request ``msg_id`` once IOPub has said the kernel is idle after it.

    None when either does not come within ``timeout`` seconds (IOPub may not be connected
    yet). Messages of earlier requests are read past: after this, IOPub holds only what
    later requests cause.
    """
    try:
        while True:
            reply = await client.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        while True:
            msg = await client.get_iopub_msg(timeout=timeout)
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"
            ):
                return reply
    except Empty:
        return None


async def _ready(client: Any, timeout: float = 60) -> None:
    """Wait until the kernel answers ``client`` on both its shell and IOPub channels.

    What ``wait_for_ready`` does, without its last step, a wait for IOPub to fall silent
    for 0.2 s (twice a notebook, that is 0.4 s of an idle kernel): the kernel's "idle"
    status after our own request shows IOPub is connected and ends what came before.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await _answered(client, client.kernel_info(), timeout=1) is not None:
            return
        if not await client.is_alive():
            raise RuntimeError("the kernel died before it answered")
    raise RuntimeError(f"the kernel did not answer in {timeout:g} s")


async def _run_silently(client: Any, code: str, timeout: float = 60) -> None:
    """Execute ``code`` silently through a ready ``client``; raise if it fails."""
    reply = await _answered(client, client.execute(code, silent=True, store_history=False), timeout)
    if reply is None:
        raise RuntimeError(f"the kernel did not finish preparing in {timeout:g} s")
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"could not prepare the kernel: {reply['content']}")


async def _prepared_client(km: AsyncKernelManager, code: str) -> Any:
    """A ready client of ``km`` that has run ``code`` silently in the kernel.

    Raises (with the client's channels closed) if the kernel does not answer or ``code`` fails.
    """
    client = km.client()
    client.start_channels()
    try:
        await _ready(client)
        await _run_silently(client, code)
    except BaseException:
        client.stop_channels()
        raise
    return client


async def _run_code(km: AsyncKernelManager, code: str) -> None:
    """Execute ``code`` silently in the kernel through a client of its own; raise if it fails."""
    (await _prepared_client(km, code)).stop_channels()


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
        # Papermill rewrites (and validates) the whole output notebook as each cell starts
        # and ends, charts and all: several seconds a section. Papermill writes it once
        # anyway when the notebook is done (or fails), which is all a batch run needs.
        nb_man.output_path = None
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
        kc = run_sync(_prepared_client)(km, RESET)  # the notebook runs through it too
        client.kc, kc.allow_stdin = kc, False
        try:
            return client.execute()
        finally:
            kc.stop_channels()


@contextmanager
def warm_kernels(size: int = 1, env: Mapping[str, str] | None = None) -> Iterator[KernelSession]:
    """Yield a :class:`KernelSession` and shut its kernels down afterwards."""
    session = KernelSession(size, env)
    try:
        yield session
    finally:
        session.shutdown()


papermill_engines.register(ENGINE, WarmKernelEngine)
