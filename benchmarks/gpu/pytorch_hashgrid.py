"""PyTorch eager fp32 baseline for `tinynn bench --encoding hashgrid`: a pure-PyTorch multiresolution hash grid
with tcnn's conventions (16 levels, 2 features, log2 table 19, base resolution 16, per-level scale 1.38 as in
`tinynn sdf`'s default, Smoothstep) + nn.Linear MLP without bias (64 wide, 2 hidden, Softplus β=10), and its
Eikonal step (forward, ∇x by autograd with create_graph, (‖∇f‖ − 1)², backward to every parameter). CUDA events,
median of --repeats after warm-up. One JSON line per result, like `tinynn bench`."""
import argparse, json, math
import torch

from pytorch_baseline import median_time  # the same timing for both baselines

PRIMES = (1, 2654435761, 805459861)


class HashGrid(torch.nn.Module):
    def __init__(self, levels=16, features=2, log2_size=19, base=16, scale=1.38):
        super().__init__()
        self.levels, self.features = levels, features
        self.scales, self.resolutions, self.sizes, offsets = [], [], [], [0]
        for level in range(levels):
            s = math.exp2(level * math.log2(scale)) * base - 1.0
            r = math.ceil(s) + 1
            n = min(((r ** 3 + 7) // 8) * 8, 1 << log2_size)
            self.scales.append(s); self.resolutions.append(r); self.sizes.append(n); offsets.append(offsets[-1] + n)
        self.offsets = offsets
        # One table per level, gathered with F.embedding: a single flat table indexed with table[index] makes every
        # level's backward build and add a gradient the size of the whole table (16 × 48 MB here), which is what
        # made the first version of this baseline crawl.
        self.tables = torch.nn.ParameterList(
            [torch.nn.Parameter(torch.empty(n, features).uniform_(-1e-4, 1e-4)) for n in self.sizes])
        corners = torch.tensor([[(c >> d) & 1 for d in range(3)] for c in range(8)])
        self.register_buffer("corners", corners)

    def forward(self, x):
        out = []
        for level in range(self.levels):
            p = x * self.scales[level] + 0.5
            cell = torch.floor(p)
            t = p - cell
            w = t * t * (3 - 2 * t)  # Smoothstep
            vertex = cell.long().unsqueeze(1) + self.corners  # [N, 8, 3]
            r, n = self.resolutions[level], self.sizes[level]
            if r ** 3 <= n:
                index = vertex[..., 0] + vertex[..., 1] * r + vertex[..., 2] * r * r
            else:
                index = (vertex[..., 0] * PRIMES[0]) ^ (vertex[..., 1] * PRIMES[1]) ^ (vertex[..., 2] * PRIMES[2])
                index = index & 0xFFFFFFFF
            index = index % n
            # The three factors multiplied out: .prod(-1)'s double backward runs cumprod/cumsum scans over a
            # dimension of 3 whose CUDA kernels took 97% of the step (0.57 s at 2^16, growing faster than the batch).
            f = torch.where(self.corners.bool(), w.unsqueeze(1), 1 - w.unsqueeze(1))  # [N, 8, 3]
            weight = f[..., 0] * f[..., 1] * f[..., 2]  # [N, 8]
            out.append((torch.nn.functional.embedding(index, self.tables[level]) * weight.unsqueeze(-1)).sum(1))
        return torch.cat(out, -1)


def model(width=64, hidden=2):
    grid = HashGrid()
    layers = [torch.nn.Linear(32, width, bias=False), torch.nn.Softplus(beta=10.0)]
    for _ in range(hidden - 1):
        layers += [torch.nn.Linear(width, width, bias=False), torch.nn.Softplus(beta=10.0)]
    layers.append(torch.nn.Linear(width, 1, bias=False))
    return torch.nn.Sequential(grid, *layers).cuda()


def eikonal_step(net, x):
    """Forward, ∇ₓf by autograd with create_graph, the Eikonal loss (the model input is (x+1)/2, so ∇ₓf = ½∇ᵤf), backward."""
    xr = x.clone().requires_grad_(True)
    y = net(xr)
    (grad,) = torch.autograd.grad(y.sum(), xr, create_graph=True)
    loss = ((0.5 * grad.norm(dim=-1) - 1) ** 2).mean()
    net.zero_grad(set_to_none=True)
    loss.backward()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", default="18,20")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    net = model()
    for log2 in map(int, args.batches.split(",")):
        batch = 1 << log2
        x = torch.rand(batch, 3, device="cuda")

        seconds = median_time(lambda: eikonal_step(net, x), args.repeats)
        print(json.dumps({"impl": "pytorch", "step": "eikonal-hashgrid", "width": 64, "activation": "Softplus", "layers": 2,
                          "batch": batch, "seconds": seconds, "samples_per_s": batch / seconds}), flush=True)


if __name__ == "__main__":
    main()
