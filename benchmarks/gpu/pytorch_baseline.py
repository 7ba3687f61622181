"""PyTorch eager fp32 baseline for `tinynn bench`: the same MLP (nn.Linear without bias, 16 inputs of which 3
are real and 13 are ones, one output), the same three steps, CUDA events, median of --repeats after warm-up.
Prints one JSON line per result, like `tinynn bench`."""
import argparse, json
import torch

ACTIVATIONS = {
    "ReLU": torch.nn.ReLU,
    "Softplus": lambda: torch.nn.Softplus(beta=10.0),
    "Sine": None,
}


class Sine(torch.nn.Module):
    def forward(self, x):
        return torch.sin(x)


def mlp(width, layers, activation):
    act = Sine if activation == "Sine" else ACTIVATIONS[activation]
    modules = [torch.nn.Linear(16, width, bias=False), act()]
    for _ in range(layers - 1):
        modules += [torch.nn.Linear(width, width, bias=False), act()]
    modules.append(torch.nn.Linear(width, 1, bias=False))
    return torch.nn.Sequential(*modules).cuda()


def median_time(step, repeats):
    for _ in range(3):
        step()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        step()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) / 1000.0)
    times.sort()
    return times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--widths", default="64,128")
    parser.add_argument("--activations", default="ReLU,Softplus,Sine")
    parser.add_argument("--batches", default="16,18,20")
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False  # fp32, as TinyNN
    torch.backends.cudnn.allow_tf32 = False
    for width in map(int, args.widths.split(",")):
        for activation in args.activations.split(","):
            net = mlp(width, args.layers, activation)
            for log2 in map(int, args.batches.split(",")):
                batch = 1 << log2
                x = torch.ones(batch, 16, device="cuda")
                x[:, :3] = torch.rand(batch, 3, device="cuda") * 2 - 1

                def inference():
                    with torch.no_grad():
                        net(x)

                def train():
                    net.zero_grad(set_to_none=True)
                    net(x).sum().backward()

                def eikonal():
                    net.zero_grad(set_to_none=True)
                    xr = x.detach().requires_grad_(True)
                    y = net(xr)
                    (g,) = torch.autograd.grad(y, xr, torch.ones_like(y), create_graph=True)
                    ((g[:, :3].norm(dim=-1) - 1) ** 2).mean().backward()

                for name, step in (("inference", inference), ("train", train), ("eikonal", eikonal)):
                    seconds = median_time(step, args.repeats)
                    print(json.dumps({"impl": "pytorch", "step": name, "width": width, "activation": activation,
                                      "layers": args.layers, "batch": batch, "seconds": seconds,
                                      "samples_per_s": batch / seconds}), flush=True)


if __name__ == "__main__":
    main()
