"""Log-probabilities of the generated tokens, read from llama.cpp's logits at each sample.

llama-cpp-python 0.3.36 computes logprobs only for a model created with ``logits_all=True``,
which keeps a float32 row of logits for every context position (``n_ctx × n_vocab``: about 400
MB for SmolLM2's 49k vocabulary at 2048 tokens) and makes llama.cpp output logits for every
prompt token. Instead, the engine reads the one row llama.cpp computes anyway — the logits the
sampler is about to use — right before each sample (the runner's ``_TokenTap`` calls
:meth:`LogprobRecorder.capture`), and takes the log-softmax of that row: the model's own
distribution before penalties, grammar and temperature, as OpenAI reports it.

Token texts come from decoding the tokens' bytes incrementally (a character split over two
tokens appears with the token that completes it; the earlier one has text "" but its bytes), so
the texts of the entries for a stretch of output join to exactly that text.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # both come with a loaded model (numpy with llama_cpp), not with the idle daemon
    from llama_cpp import Llama

__all__ = ["LogprobRecorder"]


@dataclass(slots=True)
class _Token:
    start: int  # offset of its text in the generated text
    text: str
    raw: bytes
    logprob: float
    top: list[dict[str, Any]]


@dataclass(slots=True)
class LogprobRecorder:
    llama: Llama
    top: int
    tokens: list[_Token] = field(default_factory=list)
    _row: Any = None
    _length: int = 0
    _decoder: codecs.IncrementalDecoder = field(default_factory=lambda: codecs.getincrementaldecoder("utf-8")("ignore"))

    def capture(self, idx: int | None) -> None:
        """Before a sample: the log-softmax of the logits at ``idx`` (as ``Llama.sample`` reads them)."""
        import llama_cpp
        import numpy as np

        ridx = idx - self.llama.n_tokens if idx is not None else -1
        pointer = llama_cpp.llama_get_logits_ith(self.llama._ctx.ctx, ridx)
        logits = np.ctypeslib.as_array(pointer, shape=(self.llama.n_vocab(),)).astype(np.float64)
        peak = logits.max()
        self._row = logits - (peak + np.log(np.exp(logits - peak).sum()))

    def add(self, token: int) -> None:
        """After a sample: record ``token`` with the row captured before it."""
        row, self._row = self._row, None
        if row is None:
            return
        raw = self.llama.detokenize([token])
        if not raw:  # control tokens (end of turn …) are no text
            return
        text = self._decoder.decode(raw)
        top: list[dict[str, Any]] = []
        if self.top:
            import numpy as np

            best = np.argpartition(-row, self.top)[: self.top]
            for i in sorted(best.tolist(), key=lambda i: -row[i]):
                piece = self.llama.detokenize([i], special=True)
                top.append({"token": piece.decode("utf-8", "replace"), "logprob": float(row[i]), "bytes": list(piece)})
        self.tokens.append(_Token(self._length, text, raw, float(row[token]), top))
        self._length += len(text)

    def entries(self, start: int, end: int) -> list[dict[str, Any]]:
        """OpenAI ``logprobs.content`` entries for the generated text ``[start, end)``; a token cut
        by the span's edge (a stop sequence inside it) keeps only the part inside."""
        out: list[dict[str, Any]] = []
        for t in self.tokens:
            t_end = t.start + len(t.text)
            inside = t.start < end and t_end > start if t.text else start <= t.start < end
            if not inside:
                continue
            text = t.text[max(0, start - t.start) : end - t.start] if t.text else ""
            raw = t.raw if text == t.text else text.encode("utf-8")
            out.append({"token": text, "logprob": t.logprob, "bytes": list(raw), "top_logprobs": t.top})
        return out
