"""Search speed at county scale: 10,000 items, 1,000 typed prefixes and full queries.

    .venv/bin/python bench/search.py [--items 10000] [--queries 1000]

Prints the cost of computing pinyin at import (once per catalog version), the start-up cost of
building the index from stored keys (what a window pays at every start), and per-query latency
p50/p99 through the same service the GUI and `counter catalog search` use, with the ratios to
the targets (p99 <= 5 ms, index build <= 1 s).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.bootstrap import open_context
from app.core.catalog import Catalog, Item, Material
from app.paths import Home
from app.services.catalog import CatalogService

PLACES = ["城东", "城西", "江南", "河北", "新区", "高新", "开发区", "东湖", "西山", "南塘"]
SUBJECTS = [
    "城乡居民基本养老保险",
    "城镇职工医疗保险",
    "最低生活保障",
    "特困人员救助供养",
    "临时救助",
    "残疾人证",
    "残疾人两项补贴",
    "高龄津贴",
    "老年人优待证",
    "居家养老服务补贴",
    "生育登记",
    "独生子女父母光荣证",
    "就业创业证",
    "失业登记",
    "创业担保贷款",
    "居住证",
    "户籍证明",
    "个体工商户",
    "食品经营",
    "退役军人优待证",
    "法律援助",
    "医疗救助",
    "殡葬补贴",
    "农村宅基地",
    "建设工程规划",
    "林木采伐",
    "动物防疫",
    "义务兵优待金",
    "灵活就业人员参保",
    "社会保障卡",
    "公共租赁住房",
    "经济适用住房",
    "学生资助",
    "孤儿基本生活费",
    "流动人口婚育",
]
ACTIONS = [
    "申请",
    "登记",
    "变更",
    "注销",
    "补办",
    "换领",
    "审核",
    "确认",
    "备案",
    "认定",
    "发放",
    "转移接续",
    "信息维护",
    "资格认证",
    "待遇申领",
]


def make_catalog(n: int, rng: random.Random) -> Catalog:
    items = []
    for i in range(n):
        subject = rng.choice(SUBJECTS)
        name = f"{subject}{rng.choice(ACTIONS)}"
        if rng.random() < 0.6:
            name = f"{name}（{rng.choice(PLACES)}{rng.randint(1, 99)}）"
        aliases = (f"办{subject[:4]}",) if rng.random() < 0.3 else ()
        items.append(
            Item(
                code=f"BENCH-{i:05d}",
                name=name,
                aliases=aliases,
                promised_days=rng.randint(0, 20),
                materials=(Material("m1", "申请表"), Material("m2", "身份证")),
            )
        )
    return Catalog(tuple(items), "2026-11-23T00:00:00+08:00", "bench")


def queries(catalog: Catalog, n: int, rng: random.Random) -> list[str]:
    """What clerks type: growing prefixes of names, pinyin initials, full names, codes, typos."""
    from app.core.search import pinyin_keys

    out: list[str] = []
    while len(out) < n:
        item = rng.choice(catalog.items)
        full, initials = pinyin_keys(item.name)
        kind = rng.random()
        if kind < 0.35:
            out += [item.name[:k] for k in range(1, min(len(item.name), 6) + 1)]
        elif kind < 0.6:
            out += [initials[:k] for k in range(1, min(len(initials), 5) + 1)]
        elif kind < 0.75:
            out.append(full[: rng.randint(3, len(full))])
        elif kind < 0.85:
            out.append(item.name)
        elif kind < 0.93:
            out.append(item.code.lower())
        else:
            k = rng.randrange(1, len(item.name) - 1)
            out.append(item.name[:k] + item.name[k + 1 :])  # one character missing
    return out[:n]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--queries", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    catalog = make_catalog(args.items, rng)
    with tempfile.TemporaryDirectory() as d:
        ctx = open_context(Home(Path(d)), load_demo=False)
        t = time.perf_counter()
        ctx.catalog.import_catalog(catalog)
        import_s = time.perf_counter() - t

        # Start-up: a fresh service (as after a restart) builds the index from stored keys.
        builds = []
        for _ in range(5):
            svc = CatalogService(ctx.store)
            t = time.perf_counter()
            svc.index()
            builds.append(time.perf_counter() - t)
        build_s = statistics.median(builds)

        qs = queries(catalog, args.queries, rng)
        for q in qs[:50]:  # warm-up
            svc.search(q)
        lat = []
        empty = 0
        for q in qs:
            t = time.perf_counter()
            hits = svc.search(q)
            lat.append((time.perf_counter() - t) * 1000)
            empty += not hits
        ctx.close()
    p50, p99 = pct(lat, 50), pct(lat, 99)
    print(f"items: {args.items}, queries: {len(qs)} (no result: {empty})")
    print(f"import with pinyin (once per catalog version): {import_s:.2f} s")
    print(
        f"index build at start-up (median of 5): {build_s * 1000:.0f} ms "
        f"(target <= 1000 ms, ratio {build_s / 1.0:.2f})"
    )
    print(
        f"query latency through the service: p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
        f"max {max(lat):.2f} ms (target p99 <= 5 ms, ratio {p99 / 5:.2f})"
    )


if __name__ == "__main__":
    main()
