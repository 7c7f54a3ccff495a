"""Cost of the regional finders (Thai, Bengali, Persian, Indonesian, Swahili, Filipino) on 500-character prompts.

Two prompt sets: the fixed set of ``speed.py`` (pii-dev, neutral TUNE, own corpus: texts in none of these
languages, where the finders should cost one script test and one word scan), and 500-character prompts in
each of the six languages cut from this file's own texts. Each prompt is detected with the regional finders
and without them (``detector.find_regional`` replaced by a no-op), alternating, recent findings cleared, for
``--rounds`` rounds; wall and CPU time per prompt are reported as p50/p99.

Run: ``.venv/bin/python benchmarks/privacy/speed_regional.py [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality
import speed

from islandrun.core.privacy import detector as detector_module
from islandrun.core.privacy.entities import Entity

_REGIONAL: dict[str, str] = {
    "th": "ผู้ป่วยชื่อ นางสาวอรวรรณ แสงทอง อายุ 52 ปี เป็นเบาหวานและความดันโลหิตสูง ที่อยู่ 88/3 หมู่ 2 ตำบลบ้านใหม่ "
    "อำเภอเมือง จังหวัดนครราชสีมา 30000 โทร 086-555-1234 วันนี้มาตรวจตามนัด แพทย์ปรับยาอินซูลินให้ ",
    "bn": "রোগীর নাম: জনাব হাবিবুর রহমান, বয়স ৬১, ঠিকানা: বাড়ি ৭, রোড ৩, মিরপুর, ঢাকা ১২১৬। ডায়াবেটিসের রোগী, "
    "মোবাইল: ০১৮১১-২২৩৩৪৪। আজ রক্ত পরীক্ষা করা হয়েছে এবং ওষুধ বদলানো হয়েছে। ",
    "fa": "بیمار: آقای کامران شریفی، ۵۸ ساله، سابقه دیابت و فشار خون بالا دارد. نشانی: شیراز، خیابان زند، کوچه ۱۲، "
    "پلاک ۴. تلفن همراه ۰۹۱۷۱۲۳۴۵۶۷. امروز برای کنترل قند خون مراجعه کرد. ",
    "id": "Pasien atas nama Bapak Hendra Wijaya, alamat Jl. Cempaka No. 21, RT 002/RW 005, Kec. Coblong, Kota Bandung. "
    "Diagnosis hipertensi dan diabetes melitus, No. HP 0813-2222-4444. Kontrol bulan depan. ",
    "sw": "Mgonjwa Bi. Zawadi Mushi ana kisukari na shinikizo la damu. Anwani: Mtaa wa Uhuru, Nyumba Na. 12, "
    "S.L.P. 4455 Arusha. Namba ya simu 0765 432 198. Amepewa dawa na atarudi kliniki wiki ijayo. ",
    "tl": "Pasyente: Gng. Rosario Manalo, may altapresyon at diyabetis. Tirahan: 45 Mabini St., Brgy. Poblacion, "
    "Lungsod ng Batangas. Cell: 0918 222 3344. Bumalik siya sa klinika para sa check-up ng kanyang gamot. ",
}


def _regional_prompts() -> list[str]:
    prompts = []
    for text in _REGIONAL.values():
        long = (text * 4)[:500]
        prompts.append(long[: long.rfind(" ")])
    return prompts


def _time(detect: Callable[[str], list[Entity]], text: str) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    detect(text)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _pct(xs: list[float], q: float) -> float:
    return speed.pct(xs, q)


def run(rounds: int) -> None:
    labelled, _ = speed.build_prompts(quality.corpora())
    sets = {"speed.py prompts": [t for _, t in labelled], "regional prompts": _regional_prompts()}
    real = detector_module.find_regional
    detector = detector_module.Detector()
    detector.warm_up()
    for prompt in sets["regional prompts"]:
        detector.detect(prompt)  # load what the regional finders load once
    detector.clear_recent()

    def off(_: str) -> list[Entity]:
        return []

    for name, prompts in sets.items():
        times: dict[str, tuple[list[float], list[float]]] = {"with": ([], []), "without": ([], [])}
        for r in range(rounds):
            for i, prompt in enumerate(prompts):
                order = ("with", "without") if (i + r) % 2 == 0 else ("without", "with")
                for mode in order:
                    detector_module.find_regional = real if mode == "with" else off  # type: ignore[assignment]
                    detector.clear_recent()
                    wall, cpu = _time(detector.detect, prompt)
                    times[mode][0].append(wall)
                    times[mode][1].append(cpu)
        detector_module.find_regional = real  # type: ignore[assignment]
        print(f"{name} ({len(prompts)} prompts x {rounds} rounds)")
        for mode, (wall_ms, cpu_ms) in times.items():
            print(
                f"  {mode:8s} wall p50 {_pct(wall_ms, 0.5):6.2f} p99 {_pct(wall_ms, 0.99):6.2f} ms | "
                f"CPU p50 {_pct(cpu_ms, 0.5):6.2f} p99 {_pct(cpu_ms, 0.99):6.2f} mean {statistics.mean(cpu_ms):6.2f} ms"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    run(parser.parse_args(argv).rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
