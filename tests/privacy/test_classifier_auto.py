"""MIST stage 2 on ``auto``: which local model may judge, read from the real catalogue, and one real
run of the classifier on the embedded instruction-tuned model through the daemon's engine path.

The catalogues here are real ``ModelCatalog`` objects over real GGUF files (the embedded models; a
curated name is recorded the way ``models pull`` records it, over the embedded SmolLM2 file, since
no 1B model is on the test machine): what is under test is the rule, fed what the daemon feeds it.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from islandrun.core.daemon.privacy_port import MistPrivacy, classifier_choice, judge_candidates
from islandrun.core.engines.catalog import ModelCatalog, UserModelStore
from islandrun.core.engines.config import EngineConfig
from islandrun.core.engines.curated import CURATED
from islandrun.core.engines.discovery import DiscoveryRoots
from islandrun.core.engines.embedded import ensure_embedded_model, instruct_model_source
from islandrun.core.engines.local import LocalEngine
from islandrun.core.privacy.classifier import (
    MEASURED,
    MIN_KAPPA,
    JudgeCandidate,
    build_classifier,
    choose_judge,
    judge_refusal,
    parse_params,
)
from islandrun.core.privacy.config import PrivacyConfig
from islandrun.core.privacy.payload import ChatPayload
from islandrun.core.sensitivity import SensitivityLevel

STAGE2 = Path(__file__).resolve().parents[2] / "benchmarks" / "privacy" / "STAGE2.md"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded base model, assembled once for this file (never in the user's data dir)."""
    return ensure_embedded_model(target=tmp_path_factory.mktemp("models") / "gemma-3-270m-q4_k_m.gguf")


def catalog(embedded: Path, state: Path, pulled: tuple[str, ...] = (), **engine: object) -> ModelCatalog:
    """The real catalogue: both embedded models, discovery off, and ``pulled`` catalogue names
    recorded in models.json as ``models pull`` records them (over the SmolLM2 file)."""
    store = UserModelStore(state / "models.json")
    for name in pulled:
        store.add(instruct_model_source(), name)
    config = EngineConfig.model_validate({"n_ctx": 2048, **engine})
    return ModelCatalog(config, store=store, roots=DiscoveryRoots(), embedded_path=embedded)


def _complete_for(model: str):  # type: ignore[no-untyped-def]
    async def complete(prompt: str) -> str:
        return "public"

    return complete


# -- the rule ----------------------------------------------------------------------------------


def test_only_the_embedded_models_leaves_stage_two_off_and_says_why(embedded: Path, tmp_path: Path) -> None:
    found = judge_candidates(catalog(embedded, tmp_path))
    assert found == [
        JudgeCandidate("smollm2-135m-instruct", 0.135, True),
        JudgeCandidate("gemma-3-270m", 0.27, False),
    ]
    chosen, why = choose_judge(found, "smollm2-135m-instruct")
    assert chosen is None
    assert "model classifier off" in why
    assert "smollm2-135m-instruct: measured agreement" in why and "too close to chance" in why
    assert "gemma-3-270m: too small" in why
    assert "islandrun models pull" in why  # and what to do about it


def test_a_pulled_catalogue_model_of_1b_or_more_is_chosen(embedded: Path, tmp_path: Path) -> None:
    cat = catalog(embedded, tmp_path, pulled=("qwen3-0.6b", "llama3.2-1b", "qwen3-4b"))
    found = {c.name: c for c in judge_candidates(cat)}
    assert found["llama3.2-1b"] == JudgeCandidate("llama3.2-1b", 1.0, True)
    assert "0.6B parameters (below 1B)" in str(judge_refusal(found["qwen3-0.6b"]))
    # the default chat model is the embedded one: the smallest model that passes judges
    assert choose_judge(list(found.values()), cat.default_name()) == (
        "llama3.2-1b",
        "model classifier on (llama3.2-1b, chosen automatically)",
    )


def test_the_default_chat_model_judges_when_it_passes(embedded: Path, tmp_path: Path) -> None:
    cat = catalog(embedded, tmp_path, pulled=("llama3.2-1b", "qwen3-4b"), default_model="qwen3-4b")
    assert choose_judge(judge_candidates(cat), cat.default_name())[0] == "qwen3-4b"


def test_models_outside_the_catalogue_are_judged_by_their_gguf_header(embedded: Path, tmp_path: Path) -> None:
    store = UserModelStore(tmp_path / "models.json")
    store.add(instruct_model_source(), "my-small-chat")  # a chat template, size label 135M
    store.add(embedded, "my-base")  # no chat template
    cat = ModelCatalog(EngineConfig(), store=store, roots=DiscoveryRoots(), embedded_path=embedded)
    found = {c.name: c for c in judge_candidates(cat)}
    assert judge_refusal(found["my-small-chat"]) == "0.135B parameters (below 1B)"
    assert judge_refusal(found["my-base"]) == "not instruction-tuned"


def test_every_curated_model_of_1b_or_more_passes_and_none_below() -> None:
    for model in CURATED:
        refusal = judge_refusal(JudgeCandidate(model.name, parse_params(model.params), True))
        assert (refusal is None) == (float(model.params.rstrip("B")) >= 1.0), (model.name, refusal)


def test_size_labels() -> None:
    assert parse_params("135M") == pytest.approx(0.135)
    assert parse_params("1.7B") == pytest.approx(1.7)
    assert parse_params("8x7B") == pytest.approx(56.0)
    assert parse_params("large") is None
    assert parse_params(None) is None


def test_the_measured_bar_matches_stage2_md() -> None:
    """MEASURED is what bench_stage2.py wrote; SmolLM2's agreement is below the bar."""
    text = STAGE2.read_text("utf-8")
    for name, measured in MEASURED.items():
        row = re.search(rf"^\| {re.escape(name)} \| label \| [^|]*\| (\d+)% \| (-?[\d.]+) \|", text, re.MULTILINE)
        assert row is not None, f"no label row for {name} in STAGE2.md"
        assert round(measured.agreement * 100) == int(row.group(1))
        assert measured.kappa == pytest.approx(float(row.group(2)), abs=0.005)
    assert MEASURED["smollm2-135m-instruct"].kappa < MIN_KAPPA


# -- the setting -------------------------------------------------------------------------------


def test_auto_is_the_default_and_off_or_a_name_override_it() -> None:
    assert PrivacyConfig().classifier_model == "auto"
    with pytest.raises(ValidationError):
        PrivacyConfig(classifier_model="")
    assert build_classifier("off", _complete_for, 1.0)[0] is None
    forced, why = build_classifier("smollm2-135m-instruct", _complete_for, 1.0)
    assert forced is not None  # an explicit name forces the model, and says it is below the bar
    assert "configured; below the automatic bar" in why
    refused, why = build_classifier("gemma-3-270m", _complete_for, 1.0)
    assert refused is None and "too small" in why
    on, why = build_classifier("auto", _complete_for, 1.0, candidates=[JudgeCandidate("gemma3-1b", 1.0, True)])
    assert on is not None and "gemma3-1b" in why


def test_doctor_sees_the_same_choice(embedded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """classifier_choice reads the user's real catalogue; here: the isolated data dir, no pulled models."""
    for var in ("HF_HUB_CACHE", "OLLAMA_MODELS"):
        monkeypatch.setenv(var, str(embedded.parent / "none"))
    monkeypatch.setenv("HOME", str(embedded.parent))
    model, why = classifier_choice(PrivacyConfig(), EngineConfig(model_paths=[]))
    assert model is None and "too close to chance" in why
    assert classifier_choice(PrivacyConfig(classifier_model="off"), EngineConfig())[0] is None
    forced = classifier_choice(PrivacyConfig(classifier_model="smollm2-135m-instruct"), EngineConfig())
    assert forced[0] == "smollm2-135m-instruct"


# -- one real run ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine(embedded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalEngine]:
    cat = catalog(embedded, tmp_path_factory.mktemp("state"), keep_alive_s=-1.0)
    shared = LocalEngine(cat.config, catalog=cat)
    yield shared
    asyncio.run(shared.aclose())


async def test_auto_leaves_it_off_on_the_embedded_models_and_logs_why(
    engine: LocalEngine, caplog: pytest.LogCaptureFixture
) -> None:
    privacy = MistPrivacy(PrivacyConfig(), engine)
    with caplog.at_level(logging.INFO, logger="islandrun.core.daemon.privacy_port"):
        await privacy.warm_up()
    assert privacy.classifier is None
    assert "too close to chance" in privacy.classifier_state
    assert any("model classifier off" in r.getMessage() for r in caplog.records)


@pytest.mark.slow  # ~30 s on 2 shared cores: the first decode of a fresh process is slow
async def test_a_named_model_runs_on_the_real_engine_and_answers_a_label(engine: LocalEngine) -> None:
    # a generous timeout: the test machine's 2 cores are shared; what is checked is the answer
    config = PrivacyConfig(classifier_model="smollm2-135m-instruct", classifier_timeout_s=60.0)
    privacy = MistPrivacy(config, engine)
    await privacy.warm_up()  # loads the model
    assert privacy.classifier is not None
    assert "smollm2-135m-instruct" in {m.entry.name for m in engine.pool.resident()}
    level, reason = await privacy.classifier.classify(
        "I owe 38,000 on my credit cards and the collectors call my work."
    )
    assert reason == f"classifier says {level.value}"  # a label, not a failure, timeout or ramble
    text = "Please summarise: the sprint review went fine, two stories carried over."
    found = await privacy.assess_payload(ChatPayload(({"role": "user", "content": text},)))
    said = [r for r in found.reasons if r.startswith("classifier says ")]
    assert len(said) == 1, found.reasons
    model_level = SensitivityLevel(said[0].removeprefix("classifier says "))
    assert found.level.score >= model_level.score  # the final level is at least what the model said


async def test_a_named_model_that_is_not_there_stays_on_and_says_every_request_is_restricted(
    engine: LocalEngine,
) -> None:
    privacy = MistPrivacy(PrivacyConfig(classifier_model="no-such-model"), engine)
    await privacy.warm_up()
    assert privacy.classifier is not None  # fail closed: named, so never silently off
    assert "not a local model" in privacy.classifier_state
    level, reason = await privacy.classifier.classify("What is the capital of France?")
    assert level is SensitivityLevel.RESTRICTED and "failed (ModelNotFoundError)" in reason
