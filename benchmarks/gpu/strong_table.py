"""Joins `tinynn bench` JSON lines with pytorch_strong.py's (and pytorch_baseline.py's) into one table per step:
per (width, activation, layers, batch, precision) TinyNN's M samples/s, each PyTorch variant's, the best PyTorch
variant and TinyNN / best (with the best variant's gradient or output error against float64 where it was checked).

TinyNN lines without a precision field are fp32. In a half-precision row without a TinyNN line of that precision,
TinyNN's fp32 number stands in, marked '*' (TinyNN fp32 against PyTorch half). A variant that failed shows 'err', one skipped by --time-budget-s 'skip'.
Usage: python3 strong_table.py tinynn.jsonl strong.jsonl [pytorch.jsonl ...]"""
import json, sys

ORDER = ["pytorch", "pytorch-eager", "pytorch-graph", "pytorch-compiled", "pytorch-handgrad", "pytorch-handgrad-graph",
         "pytorch-handgrad-compiled"]
SHORT = {"pytorch": "baseline", "pytorch-eager": "eager", "pytorch-graph": "graph", "pytorch-compiled": "compiled",
         "pytorch-handgrad": "hand", "pytorch-handgrad-graph": "hand-graph", "pytorch-handgrad-compiled": "hand-comp"}
PRECISIONS = {"fp32": 0, "tf32": 1, "bf16": 2, "fp16": 3}


def read(paths):
    rows, selfchecks = {}, []
    for path in paths:
        for line in open(path):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue
            impl = r.get("impl", "")
            if impl == "selfcheck":
                selfchecks.append(r)
                continue
            if impl == "tinynn" and r.get("network", "fused") != "fused":
                impl = f"tinynn-{r['network']}"
            if not all(k in r for k in ("step", "width", "activation", "layers", "batch")):
                continue
            key = (r["step"], r["width"], r["activation"], r["layers"], r["batch"], r.get("precision", "fp32"))
            cell = rows.setdefault(key, {})
            if "samples_per_s" in r:
                cell[impl] = r
            elif "error" in r and impl not in cell:
                cell[impl] = r
    return rows, selfchecks


def main(paths):
    rows, selfchecks = read(paths)
    fmt = lambda r: (f"{r['samples_per_s'] / 1e6:.1f}" if "samples_per_s" in r
                     else "skip" if str(r.get("error", "")).startswith("skipped") else "err")
    steps = sorted({k[0] for k in rows}, key=lambda s: (["inference", "train", "eikonal"] + [s]).index(s))
    starred = False
    for step in steps:
        keys = sorted((k for k in rows if k[0] == step), key=lambda k: (k[1], k[2], k[3], k[4], PRECISIONS.get(k[5], 9), k[5]))
        impls = sorted({i for k in keys for i in rows[k] if i.startswith("pytorch")},
                       key=lambda i: (ORDER.index(i) if i in ORDER else len(ORDER), i))
        if not impls and not any("tinynn" in rows[k] for k in keys):
            continue
        names = [SHORT.get(i, i) for i in impls]
        cols = max([9] + [len(n) for n in names])
        print(f"== {step} (M samples/s)")
        print(f"{'width':>5} {'activation':<9} {'layers':>6} {'batch':>8} {'prec':<4} {'TinyNN':>8} "
              + " ".join(f"{n:>{cols}}" for n in names) + f" {'best':>{cols}} {'TinyNN/best':>11} {'best err':>9}")
        for key in keys:
            cell = rows[key]
            t, mark = cell.get("tinynn"), " "
            if t is None and key[5] != "fp32":
                fp32 = rows.get(key[:5] + ("fp32",), {}).get("tinynn")
                if fp32 is not None:
                    t, mark, starred = fp32, "*", True
            timed = [i for i in impls if i in cell and "samples_per_s" in cell[i]]
            best = max(timed, key=lambda i: cell[i]["samples_per_s"]) if timed else None
            tv = t["samples_per_s"] if t and "samples_per_s" in t else None
            ratio = f"{tv / cell[best]['samples_per_s']:.2f}{mark.strip()}" if tv and best else "-"
            err = "-"
            if best:
                e = cell[best].get("grad_rel_err", cell[best].get("out_rel_err"))
                err = f"{e:.1e}" if isinstance(e, float) else (str(e) if e is not None else "-")
            tcell = (fmt(t) + mark.strip()) if t else "-"
            print(f"{key[1]:>5} {key[2]:<9} {key[3]:>6} {key[4]:>8} {key[5]:<4} {tcell:>8} "
                  + " ".join(f"{fmt(cell[i]) if i in cell else '-':>{cols}}" for i in impls)
                  + f" {SHORT.get(best, best) if best else '-':>{cols}} {ratio:>11} {err:>9}")
        print()
    if starred:
        print("* TinyNN fp32 (no TinyNN line of that precision) against PyTorch in that precision")
    if selfchecks:
        worst = max(s.get("handgrad_vs_double_backward_rel_err", float("inf")) for s in selfchecks)
        bad = sum(1 for s in selfchecks if not s.get("ok"))
        print(f"float64 self-check (hand-written vs double-backward parameter gradients): {len(selfchecks)} configs, "
              f"largest relative difference {worst:.1e}, {'all agree' if bad == 0 else f'{bad} FAILED'}")


if __name__ == "__main__":
    main(sys.argv[1:])
