"""The two scenarios: the paper's healthcare workload and the personal island group.

A :class:`Scenario` is a set of simulated islands plus a seeded trace of requests. Every number
here is an assumption of this evaluation, stated once, and repeated in docs/evaluation.md.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from islandrun.core.islands import Certification, Island, IslandKind, Jurisdiction, Prices, TrustSpec
from islandrun.core.routing.policy import Priority
from islandrun.core.sensitivity import SensitivityLevel

from .texts import Prompt, generate_prompts
from .world import IslandModel

__all__ = ["SCENARIOS", "Scenario", "TraceRequest", "build_scenario", "healthcare", "personal"]

H = 3600.0
MAX_TOKENS = 512  # the client's max_tokens: what the router reserves and estimates cost with


@dataclass(frozen=True, slots=True)
class TraceRequest:
    index: int
    t: float  # arrival, seconds since midnight
    prompt: Prompt
    system: str  # system prompt sent with it (seen by detection too)
    priority: Priority
    input_tokens: int
    output_tokens: int  # what the model actually generates (≤ MAX_TOKENS)
    z_ttft: float  # the request's own noise, shared by every strategy
    z_rtt: float
    u_error: float
    u_discover: tuple[float, ...]  # one uniform per island (the no-discovery ablation)

    @property
    def messages(self) -> list[dict[str, str]]:
        return [{"role": "system", "content": self.system}, {"role": "user", "content": self.prompt.text}]


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    islands: tuple[IslandModel, ...]
    trace: tuple[TraceRequest, ...]
    seed: int

    def model(self, island_id: str) -> IslandModel:
        return next(m for m in self.islands if m.island.id == island_id)


def _cloud(latency_ms: float) -> IslandModel:
    island = Island(
        id="cloud",
        name="Cloud API",
        kind=IslandKind.CLOUD,
        trust_spec=TrustSpec(0.5, Certification.SOC2, Jurisdiction.SAME_COUNTRY),  # T = P = 0.45
        prices=Prices(input_per_mtok=2.50, output_per_mtok=10.00),
        expected_latency_ms=latency_ms,
    )
    return IslandModel(
        island,
        slots=0,
        decode_tps=70.0,
        prefill_tps=20_000.0,
        ttft_s=0.6,
        ttft_sigma=0.5,
        rtt_ms=80.0,
        error_rate=0.01,
        mtbf_s=36 * H,
        mttr_s=30 * 60.0,
        reports_capacity=False,
    )


def _busy_periods(
    rng: random.Random,
    count: int,
    start_h: float,
    end_h: float,
    minutes: tuple[float, float],
    pressure: tuple[float, float],
) -> tuple[tuple[float, float, float], ...]:
    periods = []
    for _ in range(count):
        a = rng.uniform(start_h, end_h) * H
        periods.append((a, a + rng.uniform(*minutes) * 60.0, rng.uniform(*pressure)))
    return tuple(sorted(periods))


def _times(rng: random.Random, n: int, hourly: Sequence[float]) -> list[float]:
    """``n`` arrival times drawn from a 24-entry hourly rate profile (uniform within the hour)."""
    hours = rng.choices(range(24), weights=hourly, k=n)
    return sorted(h * H + rng.uniform(0.0, H) for h in hours)


def _sessions(rng: random.Random, n: int, awake: tuple[float, float]) -> list[float]:
    """Bursty personal use: sessions start uniformly while awake, requests 20–120 s apart."""
    times: list[float] = []
    while len(times) < n:
        t = rng.uniform(awake[0] * H, awake[1] * H - 600.0)
        for _ in range(1 + int(rng.expovariate(1 / 12.0))):
            times.append(t)
            t += rng.uniform(20.0, 120.0)
    return sorted(times[:n])


SYSTEM_PROMPTS = {
    "clinical": "You are a documentation assistant for a primary-care clinic. Be concise and accurate.",
    "support": "You are a customer-support writing assistant. Keep replies friendly and short.",
    "code": "You are a senior software engineer. Answer with working code.",
    "chat": "You are a helpful personal assistant.",
    "finance": "You are a careful personal-finance assistant.",
}


def _trace(
    rng: random.Random,
    times: list[float],
    level_mix: dict[SensitivityLevel, float],
    domain_mix: dict[str, float],
    priority_mix: dict[Priority, float],
    islands: int,
) -> tuple[TraceRequest, ...]:
    prompts = generate_prompts(rng, len(times), level_mix, domain_mix)
    priorities = list(priority_mix)
    out = []
    for i, (t, prompt) in enumerate(zip(times, prompts, strict=True)):
        system = SYSTEM_PROMPTS[prompt.domain]
        input_tokens = (len(system) + len(prompt.text)) // 4 + 8  # the daemon's own estimate
        output = int(min(MAX_TOKENS, max(24, 260 * 2.718281828 ** rng.gauss(0.0, 0.55))))
        out.append(
            TraceRequest(
                index=i,
                t=t,
                prompt=prompt,
                system=system,
                priority=rng.choices(priorities, [priority_mix[p] for p in priorities])[0],
                input_tokens=input_tokens,
                output_tokens=output,
                z_ttft=rng.gauss(0.0, 1.0),
                z_rtt=rng.gauss(0.0, 1.0),
                u_error=rng.random(),
                u_discover=tuple(rng.random() for _ in range(islands)),
            )
        )
    return tuple(out)


def healthcare(seed: int, n: int = 1000) -> Scenario:
    """The paper's healthcare workload: 1,000 daily queries (40 % high, 35 % moderate, 25 % low
    sensitivity) from a clinic's workstation, with a private edge server and a cloud API."""
    rng = random.Random(seed)
    workstation = IslandModel(
        Island.local("Clinic workstation"),
        slots=1,
        max_queue=6,
        decode_tps=25.0,
        prefill_tps=800.0,
        ttft_s=0.35,
        busy=_busy_periods(rng, 6, 8.0, 17.5, (10.0, 45.0), (0.55, 0.95)),  # imaging viewer, video visits
    )
    edge = IslandModel(
        Island(
            id="edge",
            name="Hospital edge server",
            kind=IslandKind.EDGE,
            trust_spec=TrustSpec(0.8),  # ISO 27001, same country: T = P = 0.8
            endpoint="http://edge.hospital.internal:8000/v1",
            expected_latency_ms=250.0,
        ),
        slots=4,  # this clinic's share of a vLLM server
        max_queue=32,
        decode_tps=35.0,
        prefill_tps=4000.0,
        ttft_s=0.25,
        rtt_ms=4.0,
        mtbf_s=6 * H,
        mttr_s=15 * 60.0,
        reports_capacity=False,  # a plain OpenAI-style endpoint: no capacity report (wiring: C = 1)
        tier_queue=False,  # vLLM serves first come, first served
    )
    islands = (workstation, edge, _cloud(700.0))
    hourly = [2, 1, 1, 1, 1, 2, 6, 30, 80, 110, 110, 90, 60, 80, 100, 100, 80, 50, 25, 10, 6, 4, 3, 2]
    trace = _trace(
        rng,
        _times(rng, n, hourly),
        {
            SensitivityLevel.RESTRICTED: 0.40,  # high
            SensitivityLevel.CONFIDENTIAL: 0.35,  # moderate
            SensitivityLevel.INTERNAL: 0.10,  # low
            SensitivityLevel.PUBLIC: 0.15,  # low
        },
        {"clinical": 0.75, "support": 0.15, "code": 0.10},
        {Priority.PRIMARY: 0.2, Priority.SECONDARY: 0.5, Priority.BURSTABLE: 0.3},
        len(islands),
    )
    return Scenario("healthcare", "Healthcare: workstation, private edge server, cloud API", islands, trace, seed)


def personal(seed: int, n: int = 400) -> Scenario:
    """The personal island group over one day: laptop (this device), phone, TV, home NAS, cloud."""
    rng = random.Random(seed + 1)
    laptop = IslandModel(
        Island.local("Laptop"),
        slots=1,
        max_queue=4,
        decode_tps=22.0,
        prefill_tps=600.0,
        ttft_s=0.3,
        schedule_off=((0.0, 7.0 * H), (23.5 * H, 24 * H)),
        busy=_busy_periods(rng, 5, 9.0, 18.0, (20.0, 60.0), (0.6, 0.9)),  # video calls, builds
        battery=((10.0 * H, 12.5 * H), (14.0 * H, 17.5 * H)),  # working from a café
        drain_per_h=0.17,
    )

    phone = IslandModel(
        Island(id="phone", name="Phone", kind=IslandKind.PEER, trust_spec=TrustSpec(1.0), expected_latency_ms=600.0),
        slots=1,
        max_queue=2,
        decode_tps=11.0,
        prefill_tps=300.0,
        ttft_s=0.5,
        rtt_ms=15.0,
        schedule_off=((0.5 * H, 7.0 * H),),  # doze overnight
        busy=_busy_periods(rng, 14, 7.0, 23.0, (5.0, 20.0), (0.7, 0.95)),  # the owner using it
        battery=((7.0 * H, 23.0 * H),),
        drain_per_h=0.05,
        discover_p=0.6,  # a dozing phone answers an mDNS query late
    )
    tv = IslandModel(
        Island(
            id="tv", name="Living-room TV", kind=IslandKind.PEER, trust_spec=TrustSpec(1.0), expected_latency_ms=500.0
        ),
        slots=1,
        max_queue=2,
        decode_tps=14.0,
        prefill_tps=400.0,
        ttft_s=0.4,
        rtt_ms=10.0,
        schedule_off=((0.0, 7.0 * H),),
        busy=((7.0 * H, 8.0 * H, 0.7), (19.0 * H, 23.5 * H, 0.75)),  # someone is watching
        discover_p=0.75,
    )
    nas = IslandModel(
        Island(id="nas", name="Home NAS", kind=IslandKind.PEER, trust_spec=TrustSpec(1.0), expected_latency_ms=900.0),
        slots=2,
        max_queue=8,
        decode_tps=7.0,
        prefill_tps=150.0,
        ttft_s=0.8,
        rtt_ms=5.0,
        busy=((2.0 * H, 4.0 * H, 0.9), (12.0 * H, 13.0 * H, 0.6)),  # backup, media transcoding
        mtbf_s=72 * H,
        mttr_s=20 * 60.0,
        discover_p=0.95,
    )
    islands = (laptop, phone, tv, nas, _cloud(700.0))
    trace = _trace(
        rng,
        _sessions(rng, n, (7.5, 23.25)),
        {
            SensitivityLevel.RESTRICTED: 0.20,
            SensitivityLevel.CONFIDENTIAL: 0.25,
            SensitivityLevel.INTERNAL: 0.20,
            SensitivityLevel.PUBLIC: 0.35,
        },
        {"chat": 0.5, "code": 0.3, "finance": 0.2},
        {Priority.PRIMARY: 0.3, Priority.SECONDARY: 0.45, Priority.BURSTABLE: 0.25},
        len(islands),
    )
    return Scenario("personal", "Personal island group: laptop, phone, TV, NAS, cloud", islands, trace, seed)


SCENARIOS: dict[str, Callable[[int], Scenario]] = {"healthcare": healthcare, "personal": personal}


def build_scenario(name: str, seed: int) -> Scenario:
    return SCENARIOS[name](seed)
