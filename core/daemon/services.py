"""Wire everything in one place: config → engine, capacity monitor, detection, ledger, audit,
approvals, events → the pipeline. Components never construct their neighbours."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from .. import __version__
from ..audit import AuditLog
from ..capacity.events import CapacityEvent
from ..capacity.hysteresis import CapacityGates
from ..capacity.monitor import CapacityMonitor
from ..capacity.probes import build_probes
from ..config import Config
from ..discovery.heartbeat import CollectionSummary, Heartbeat
from ..discovery.service import PeerService
from ..engines.config import EngineConfig
from ..engines.local import LocalEngine
from ..islands import IslandRegistry
from ..ledger import Ledger
from ..ledger_sync import open_ledger
from ..privacy.vault import VaultStore
from ..remote.credentials import KeyringCredentials
from ..remote.dispatcher import RemoteDispatcher, apis_from_config
from ..remote.http_pool import remote_client
from .approvals import Approvals
from .collection_jobs import CollectionJobs
from .collections_port import REFRESH_S, LocalCollections
from .events import EventBus
from .pipeline import Pipeline
from .ports import CapacityReport
from .privacy_port import MistPrivacy
from .recovery import recover_interrupted

__all__ = ["EngineFactory", "MonitorCapacity", "Services", "build_services"]

log = logging.getLogger(__name__)

# The one place the local engine is made: the daemon uses LocalEngine; tests/inmemory hands in a
# LocalEngine whose llama.cpp calls are scripted (its queue, catalog and busy answers stay real).
EngineFactory = Callable[[EngineConfig], LocalEngine]


class MonitorCapacity:
    """The capacity port over TIDE's monitor."""

    def __init__(self, monitor: CapacityMonitor) -> None:
        self.monitor = monitor

    def report(self) -> CapacityReport:
        return CapacityReport(self.monitor.capacities(), self.monitor.notes())

    def status(self) -> dict[str, Any]:
        """The sample (smoothed C as ``capacity``, ``raw_capacity``, probes, gates with their
        pending changes, own work) plus the signal's settings, so a client never recomputes."""
        latest = self.monitor.latest
        config = self.monitor.config
        return {
            "island": self.monitor.island_id,
            "sample": None if latest is None else latest.as_dict(),
            "signal": {
                "cpu_tau_s": config.cpu_tau_s,
                "memory_tau_s": config.memory_tau_s,
                "close_after_s": config.close_after_s,
                "open_after_s": config.open_after_s,
                "own_work": config.own_work,
                "model_on": config.model_on,
            },
            "flips": int(self.monitor.gates.flips().get(self.monitor.island_id, 0)),
        }

    def history(self, since: float | None) -> list[dict[str, Any]]:
        return [row.as_dict() for row in self.monitor.history.rows(since)]


@dataclass(slots=True)
class Services:
    config: Config
    pipeline: Pipeline
    engine: LocalEngine
    monitor: CapacityMonitor
    ledger: Ledger
    audit: AuditLog
    events: EventBus
    tasks: list[asyncio.Task[None]]
    http: httpx.AsyncClient
    peers: PeerService | None = None
    jobs: CollectionJobs | None = None

    async def aclose(self) -> None:
        if self.jobs is not None:
            await self.jobs.aclose()  # index runs stop between two files
        if self.peers is not None:
            await self.peers.aclose()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.monitor.stop()
        await self.engine.aclose()
        await self.http.aclose()
        await asyncio.to_thread(self.ledger.close)
        await asyncio.to_thread(self.audit.close)


async def _forward_capacity(monitor: CapacityMonitor, events: EventBus) -> None:
    async with monitor.events.subscribe() as feed:
        async for event in feed:
            events.publish(f"capacity.{event.kind.value}", _event_data(event))


def _event_data(event: CapacityEvent) -> dict[str, Any]:
    return event.model_dump(mode="json")


async def _follow_collections(pipeline: Pipeline) -> None:
    """Collections added or removed with the CLI reach routing and the heartbeat within REFRESH_S;
    the embedding model loads in the background once there is something to search."""
    try:
        await pipeline.collections.warm_up()
    except Exception as exc:  # searches fall back to full-text when the model cannot load
        log.warning("the embedding model did not load: %s", exc)
    while True:
        await asyncio.sleep(REFRESH_S)
        await pipeline.refresh_collections()


async def build_services(config: Config, engine_factory: EngineFactory = LocalEngine) -> Services:
    policy = config.policy.to_policy()
    events = EventBus(strict=os.environ.get("ISLANDRUN_STRICT_EVENTS") == "1")  # tests: a misfit event fails
    events.bind(asyncio.get_running_loop())
    registry = IslandRegistry(config.all_islands())
    ledger = await asyncio.to_thread(open_ledger, config)
    audit = await asyncio.to_thread(AuditLog)
    # What a crash (kill -9 mid-request) left open: requests that had left the device get their
    # audit row and are settled at the estimate; reservations that never left are released.
    await asyncio.to_thread(recover_interrupted, audit, ledger)
    engine = engine_factory(config.engine)
    await engine.start()
    gates = CapacityGates(policy)
    # The model runs on a GPU unless the engine is set to keep every layer on the CPU (or its
    # build cannot offload); TIDE then weighs the GPU above the CPU (docs/capacity.md).
    on_gpu = engine.settings.gpu_offload and engine.settings.n_gpu_layers != 0
    monitor = CapacityMonitor(
        build_probes(config.capacity, engine), config.capacity, gates, policy=policy, model_on_gpu=on_gpu
    )
    try:
        await monitor.start()
    except BaseException:
        await engine.aclose()
        raise
    tasks = [asyncio.create_task(_forward_capacity(monitor, events), name="islandrun-capacity-events")]
    registry.subscribe(
        lambda island_id, island: events.publish_threadsafe("island", {"id": island_id, "present": island is not None})
    )
    peers: PeerService | None = None
    if config.discovery.active():

        def heartbeat() -> Heartbeat:
            assert peers is not None
            depth = engine.queue_depth()
            return Heartbeat(
                device_id=peers.identity.device_id,
                name=peers.name,
                version=__version__,
                capacity=max(0.0, min(1.0, float(monitor.capacities().get("local", 0.0)))),
                accepting=depth < config.engine.max_queue,
                queue_depth=depth,
                models=list(pipeline.local_models),
                # Names and sizes only, never content or paths.
                collections=[CollectionSummary.model_validate(i.advertisement()) for i in pipeline.collections.infos],
            )

        peers = PeerService(config.discovery, registry, heartbeat, events.publish)
        try:
            await peers.prepare()  # an unreadable identity or allow-list stops the start, loudly
        except BaseException:
            await monitor.stop()
            await engine.aclose()
            raise
    privacy = MistPrivacy(config.privacy, engine)
    await privacy.warm_up()  # lexicons load now, not on the first request
    collections = await asyncio.to_thread(LocalCollections.open, config.collections)
    await collections.refresh()
    # Remote islands: one HTTP client for all; placeholder vaults live in memory only, per
    # conversation (the mapping never leaves this device, nor this process).
    http = remote_client(follow_redirects=False)  # the dispatcher sets per-phase timeouts per request
    remote = RemoteDispatcher(
        vaults=VaultStore(),
        credentials=KeyringCredentials(),
        http=http,
        apis=apis_from_config(config),
        detector=privacy.detector,
        clients=None if peers is None else peers.client_for,
    )
    pipeline = Pipeline(
        config=config,
        policy=policy,
        registry=registry,
        gates=gates,
        capacity=MonitorCapacity(monitor),
        privacy=privacy,
        ledger=ledger,
        audit=audit,
        events=events,
        approvals=Approvals(events),
        engine=engine,
        remote=remote,
        collections=collections,
        peers=peers,
    )
    await pipeline.refresh_local_models()
    tasks.append(asyncio.create_task(_follow_collections(pipeline), name="islandrun-collections"))
    return Services(
        config, pipeline, engine, monitor, ledger, audit, events, tasks, http, peers, CollectionJobs(pipeline)
    )
