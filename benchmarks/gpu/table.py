"""Joins `tinynn bench` and pytorch_baseline.py JSON lines into one table with the TinyNN/PyTorch ratio.
For pytorch_strong.py's variants and precisions see strong_table.py."""
import json, sys

rows = {}
for path in sys.argv[1:]:
    for line in open(path):
        line = line.strip()
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        # pytorch_strong.py's lines (other impls, half precisions, errors, self-checks): strong_table.py shows them.
        if "samples_per_s" not in r or r.get("precision", "fp32") != "fp32":
            continue
        key = (r["step"], r["width"], r["activation"], r["layers"], r["batch"])
        rows.setdefault(key, {})[r["impl"]] = r["samples_per_s"]
        if "tflops" in r:
            rows[key]["tflops"] = r["tflops"]
# FP32 peak of an H100 SXM (non-tensor): the roofline fraction below is against it.
PEAK = 67.0
print(f"{'step':<10} {'width':>5} {'activation':<9} {'layers':>6} {'batch':>8} {'TinyNN Ms/s':>12} {'PyTorch Ms/s':>13} {'ratio':>6} {'TFLOP/s':>8} {'of peak':>8}")
for key in sorted(rows):
    t, p = rows[key].get("tinynn"), rows[key].get("pytorch")
    ratio = f"{t / p:6.2f}" if t and p else "     -"
    fmt = lambda v: f"{v / 1e6:.1f}" if v else "-"
    tf = rows[key].get("tflops")
    roof = f"{tf:8.2f} {100 * tf / PEAK:7.1f}%" if tf else f"{'-':>8} {'-':>8}"
    print(f"{key[0]:<10} {key[1]:>5} {key[2]:<9} {key[3]:>6} {key[4]:>8} {fmt(t):>12} {fmt(p):>13} {ratio} {roof}")
