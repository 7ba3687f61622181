"""Where the PyTorch hash-grid baseline's Eikonal step spends its time on a GPU (torch profiler, top CUDA ops), at
two batch sizes so that a cost growing faster than the batch shows. Diagnostic for pytorch_hashgrid.py."""
import sys, time
import torch
from torch.profiler import profile, ProfilerActivity
import pytorch_hashgrid as ph

net = ph.model()
for log2 in map(int, (sys.argv[1] if len(sys.argv) > 1 else "14,16").split(",")):
    x = torch.rand(1 << log2, 3, device="cuda")

    def step():
        ph.eikonal_step(net, x)

    step(); torch.cuda.synchronize()
    start = time.perf_counter(); step(); torch.cuda.synchronize()
    print(f"batch 2^{log2}: {time.perf_counter() - start:.3f} s a step", flush=True)
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        step(); torch.cuda.synchronize()
    print(prof.key_averages().table(sort_by="cuda_time_total", row_limit=8, max_name_column_width=60), flush=True)
