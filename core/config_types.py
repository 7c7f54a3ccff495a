"""Building blocks shared by every section of the configuration file.

Each subsystem defines its own section model next to its code (``engines/config.py``,
``privacy/config.py``, ``capacity/config.py``) as pydantic models with ``model_config = STRICT``; ``config.py``
assembles them into the one file.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

__all__ = ["STRICT", "Fraction", "NonNegative"]

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
NonNegative = Annotated[float, Field(ge=0.0)]


# Unknown keys are errors, values are never coerced ("0.5" is not a number), numbers are finite
# (TOML's and JSON's inf/nan are refused wherever they would land: budgets, prices, weights,
# latencies), models are frozen.
STRICT = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)
