"""The privacy model classifier (MIST's second stage): which local model judges requests, or why none does."""

from __future__ import annotations

from .context import DoctorContext
from .result import Check, CheckResult, Status

__all__ = ["CLASSIFIER_CHECK"]


def check_classifier(context: DoctorContext) -> CheckResult:
    # imported here: privacy_port brings the whole detector (~0.4 s), and every `islandrun` command imports the
    # doctor's check list for its --help
    from ..daemon.privacy_port import classifier_choice

    model, why = classifier_choice(context.config.privacy, context.config.engine)
    if model is not None or context.config.privacy.classifier_model == "off":
        return CheckResult("classifier", Status.OK, why)
    return CheckResult(
        "classifier",
        Status.WARN,
        why,
        fix="`islandrun models pull llama3.2-1b`, then restart `islandrun serve` (or set [privacy] classifier_model)",
    )


CLASSIFIER_CHECK = Check("classifier", "Privacy model classifier", check_classifier)
