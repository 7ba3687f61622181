"""The strongest PyTorch programs a user would write instead of TinyNN, for the MLP of pytorch_baseline.py and
`tinynn bench`: nn.Linear without bias, 16 inputs (3 real coordinates in [-1,1], 13 ones), --layers hidden layers
of a width, one output; ReLU, Softplus(beta=10) (threshold 20: tcnn's K=10) or Sine.

Steps (as `tinynn bench`): inference; train (forward + backward, loss = sum of outputs, parameter gradients);
eikonal (loss = mean((|grad_x f[:, :3]| - 1)^2), parameter gradients). Variants (--impls):

  pytorch-eager              eager; eikonal: autograd.grad(create_graph=True), then backward (double backward)
  pytorch-graph              the same step captured whole in one CUDA graph (static input, gradients into the
                             static .grad buffers allocated during capture, warm-up on a side stream first)
  pytorch-compiled           torch.compile of the network (inference, train; torch.compile cannot compile
                             create_graph=True double backward, so there is no compiled double-backward eikonal)
  pytorch-handgrad           eikonal: grad_x f written out by hand (forward keeps z_k; g = W_out, then
                             g <- (sigma'(z_k) * g) W_k back to the input, only the 3 real columns of W_0), the
                             Eikonal loss of g, ONE first-order autograd backward for the parameter gradients
  pytorch-handgrad-graph     the hand-written step captured in a CUDA graph
  pytorch-handgrad-compiled  the hand-written loss under torch.compile (then one compiled backward)

Compiled variants are timed in each --compile-mode (default: "default" and "max-autotune-no-cudagraphs") and the
faster is reported (compile_mode; every mode's samples/s in compile_modes). A mode whose compilation took more than
--max-compile-s is dropped for the rest of the run. Compilation stays out of the timing (compile_s reports it).
Other modes can be named too (e.g. reduce-overhead: torch.compile with CUDA graphs, for small batches).

Precisions (--precisions): fp32 with TF32 off (matmuls and cuDNN), fp16 / bf16 with torch.autocast around the
forward and the hand-written gradient (parameters stay fp32; the loss is taken in fp32); --fp16-loss-scale S
multiplies fp16 losses by S and divides the gradients by S when they are read (static loss scaling).

Accuracy: per config (width, activation, batch) a float64 reference on the same inputs (--check-batch: the first
2^k samples; default: the whole timed batch): eikonal and train report grad_rel_err = |g - g_ref| / |g_ref| over all
parameters (flattened), inference out_rel_err of the outputs. The eikonal reference is the double-backward
formulation in float64; the hand-written formulation in float64 must agree with it to --selfcheck-tol (a
"selfcheck" line; the exit status is 1 if it fails). sigma' in torch ops: ReLU (z > 0), Softplus sigmoid(10 z) (in the
float64 self-check 1 where 10 z > 20, as PyTorch's threshold; in fp32 and below sigmoid rounds to 1 there), Sine cos.

Timing: CUDA events, median of --repeats after warm-up (perf_counter on --device cpu). One JSON line per result,
fields as pytorch_baseline.py's plus precision; a variant that fails prints its line with "error" and the run goes
on; --time-budget-s stops starting variants after that many seconds (their lines say skipped), so that a call fits a
time limit. --device cpu is a quick self-test: no CUDA graphs; compiled variants only when named in --impls.
Tables: strong_table.py tinynn.jsonl strong.jsonl."""
import argparse, copy, json, math, sys, time, traceback
import torch
import torch.nn.functional as F

IMPLS = ["pytorch-eager", "pytorch-graph", "pytorch-compiled", "pytorch-handgrad", "pytorch-handgrad-graph",
         "pytorch-handgrad-compiled"]
STEP_IMPLS = {
    "inference": ["pytorch-eager", "pytorch-graph", "pytorch-compiled"],
    "train": ["pytorch-eager", "pytorch-graph", "pytorch-compiled"],
    "eikonal": ["pytorch-eager", "pytorch-graph", "pytorch-handgrad", "pytorch-handgrad-graph", "pytorch-handgrad-compiled"],
}
DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}


class Sine(torch.nn.Module):
    def forward(self, x):
        return torch.sin(x)


def make_net(width, layers, activation, device, seed):
    act = {"ReLU": torch.nn.ReLU, "Softplus": lambda: torch.nn.Softplus(beta=10.0, threshold=20.0), "Sine": Sine}[activation]
    torch.manual_seed(seed)
    modules = [torch.nn.Linear(16, width, bias=False), act()]
    for _ in range(layers - 1):
        modules += [torch.nn.Linear(width, width, bias=False), act()]
    modules.append(torch.nn.Linear(width, 1, bias=False))
    return torch.nn.Sequential(*modules).to(device)


def weights_of(net):
    """[W_0 (width x 16), W_1 .. W_{L-1} (width x width), W_out (1 x width)], in parameter order."""
    return [m.weight for m in net if isinstance(m, torch.nn.Linear)]


def activation_fns(activation, exact=False):
    """(sigma, sigma') in torch ops. exact: Softplus' follows PyTorch's threshold (1 where 10 z > 20) so that the
    float64 self-check matches autograd to rounding; in fp32 and below sigmoid(10 z) rounds to 1 there anyway."""
    if activation == "ReLU":
        return F.relu, lambda z: (z > 0).to(z.dtype)
    if activation == "Softplus":
        if exact:
            return (lambda z: F.softplus(z, beta=10.0, threshold=20.0),
                    lambda z: torch.where(z * 10.0 > 20.0, torch.ones_like(z), torch.sigmoid(z * 10.0)))
        return lambda z: F.softplus(z, beta=10.0, threshold=20.0), lambda z: torch.sigmoid(z * 10.0)
    if activation == "Sine":
        return torch.sin, torch.cos
    raise ValueError(activation)


def eikonal_of(g3):
    return ((g3.float().norm(dim=-1) - 1.0) ** 2).mean()


def autocast_for(device, precision, cache=True):
    """(device_type, dtype, enabled, cache_enabled) for torch.autocast, written out where it is entered (the plain
    `with torch.autocast(...)` form that torch.compile traces)."""
    if precision in ("fp32", "fp64"):
        return (device.type, torch.bfloat16, False, False)
    return (device.type, DTYPES[precision], True, cache)


# ---- the losses ---------------------------------------------------------------------------------------------------

def double_backward_loss(net, x, amp):
    xr = x.detach().requires_grad_(True)
    with torch.autocast(device_type=amp[0], dtype=amp[1], enabled=amp[2], cache_enabled=amp[3]):
        y = net(xr)
    (g,) = torch.autograd.grad(y, xr, torch.ones_like(y), create_graph=True)
    return eikonal_of(g[:, :3])


def handgrad_loss(x, weights, sigma, dsigma, amp):
    """Eikonal loss of grad_x f written out by hand; differentiable by first-order autograd in the weights."""
    with torch.autocast(device_type=amp[0], dtype=amp[1], enabled=amp[2], cache_enabled=amp[3]):
        zs, a = [], x
        for w in weights[:-1]:
            z = F.linear(a, w)
            zs.append(z)
            a = sigma(z)
        g = weights[-1].to(zs[-1].dtype)  # (1, width): d f / d a_{L-1}, broadcast over the batch below
        for k in range(len(zs) - 1, -1, -1):
            g = g * dsigma(zs[k])
            w = weights[k] if k > 0 else weights[0][:, :3]  # only the 3 real inputs' columns
            g = torch.matmul(g, w.to(g.dtype))
    return eikonal_of(g)


# ---- timing -------------------------------------------------------------------------------------------------------

def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def median_time(step, repeats, device, warmup=3):
    for _ in range(warmup):
        step()
    sync(device)
    times = []
    for _ in range(repeats):
        if device.type == "cuda":
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            step()
            end.record()
            torch.cuda.synchronize()
            times.append(start.elapsed_time(end) / 1000.0)
        else:
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]


def capture(body, params, device):
    """body() run as the docs say: warm-up on a side stream, gradients set to None, then captured in one graph
    (its .grad buffers are allocated inside the capture and so are static). Returns (graph, replay)."""
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(3):
            for p in params:
                p.grad = None
            body()
    torch.cuda.current_stream().wait_stream(s)
    torch.cuda.synchronize()
    for p in params:
        p.grad = None
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        body()
    return graph, graph.replay


# ---- variants ----------------------------------------------------------------------------------------------------

def build(impl, step, net, x, precision, activation, compile_mode, loss_scale=1.0):
    """Returns (run, result): run() does one step; result() is the flat float64 vector to check (parameter
    gradients, or the outputs for inference) of the last run. Keeps whatever it captured alive in the closures."""
    device = x.device
    params = list(net.parameters())
    weights = weights_of(net)
    scale = loss_scale if precision == "fp16" else 1.0  # static fp16 loss scaling (GradScaler's unscale_ in result())
    grads = lambda: torch.cat([p.grad.reshape(-1) for p in params]).double() / scale
    scaled = (lambda loss: loss) if scale == 1.0 else (lambda loss: loss * scale)  # no extra kernels unscaled
    graph_variant = impl.endswith("-graph")
    amp = autocast_for(device, precision, cache=not graph_variant)  # no autocast cache inside a CUDA graph
    out = {}

    if impl in ("pytorch-handgrad", "pytorch-handgrad-graph", "pytorch-handgrad-compiled"):
        if step != "eikonal":
            raise ValueError(f"{impl} is for eikonal only")
        sigma, dsigma = activation_fns(activation)
        if impl == "pytorch-handgrad-compiled":
            def loss_fn(xx, *ws):
                return handgrad_loss(xx, list(ws), sigma, dsigma, amp)
            loss_fn = torch.compile(loss_fn, mode=None if compile_mode == "default" else compile_mode, dynamic=False)
        else:
            loss_fn = lambda xx, *ws: handgrad_loss(xx, list(ws), sigma, dsigma, amp)

        def body():
            scaled(loss_fn(x, *weights)).backward()
    elif impl == "pytorch-compiled":
        mode = None if compile_mode == "default" else compile_mode
        if step == "inference":
            def fwd(xx):
                with torch.autocast(device_type=amp[0], dtype=amp[1], enabled=amp[2], cache_enabled=amp[3]):
                    return net(xx)
            cf = torch.compile(fwd, mode=mode, dynamic=False)

            def body():
                with torch.no_grad():
                    out["y"] = cf(x)
        elif step == "train":
            def train_loss(xx):
                with torch.autocast(device_type=amp[0], dtype=amp[1], enabled=amp[2], cache_enabled=amp[3]):
                    return net(xx).sum()
            cf = torch.compile(train_loss, mode=mode, dynamic=False)

            def body():
                scaled(cf(x)).backward()
        else:
            raise ValueError("torch.compile cannot compile create_graph=True double backward: see pytorch-handgrad-compiled")
    elif impl in ("pytorch-eager", "pytorch-graph"):
        if step == "inference":
            def body():
                with torch.no_grad(), torch.autocast(device_type=amp[0], dtype=amp[1], enabled=amp[2], cache_enabled=amp[3]):
                    out["y"] = net(x)
        elif step == "train":
            def body():
                with torch.autocast(device_type=amp[0], dtype=amp[1], enabled=amp[2], cache_enabled=amp[3]):
                    loss = net(x).sum()
                scaled(loss).backward()
        else:
            def body():
                scaled(double_backward_loss(net, x, amp)).backward()
    else:
        raise ValueError(f"unknown impl {impl}")

    if graph_variant:
        if device.type != "cuda":
            raise RuntimeError("CUDA graphs need --device cuda")
        graph, replay = capture(body, params, device)
        out["graph"] = graph
        run = replay
    elif step == "inference":
        run = body
    else:
        def run():
            for p in params:
                p.grad = None
            body()
    result = (lambda: out["y"].reshape(-1).double()) if step == "inference" else grads
    return run, result, out


def reference(step, net64, x64, activation):
    """float64 reference on x64: the outputs (inference) or the parameter gradients; for eikonal also the
    hand-written formulation's gradients (the self-check)."""
    params = list(net64.parameters())
    off = autocast_for(x64.device, "fp64")
    grads = lambda: torch.cat([p.grad.reshape(-1) for p in params]).clone()
    for p in params:
        p.grad = None
    if step == "inference":
        with torch.no_grad():
            return net64(x64).reshape(-1), None
    if step == "train":
        net64(x64).sum().backward()
        return grads(), None
    double_backward_loss(net64, x64, off).backward()
    ref = grads()
    for p in params:
        p.grad = None
    sigma, dsigma = activation_fns(activation, exact=True)
    handgrad_loss(x64, weights_of(net64), sigma, dsigma, off).backward()
    hand = grads()
    for p in params:
        p.grad = None
    return ref, hand


def dynamo_module():
    try:
        import importlib
        return importlib.import_module("torch._dynamo")
    except ImportError:
        return None


def dynamo_reset():
    dynamo = dynamo_module()
    if dynamo is not None:
        dynamo.reset()


def rel_err(a, b):
    return float((a - b).norm() / b.norm())


def emit(record):
    print(json.dumps(record), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--widths", default="64,128")
    parser.add_argument("--activations", default="ReLU,Softplus,Sine")
    parser.add_argument("--batches", default="16,18,20", help="log2 of the batch sizes")
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--steps", default="inference,train,eikonal")
    parser.add_argument("--impls", default="all", help="comma list of " + ", ".join(IMPLS) + " (default all)")
    parser.add_argument("--precisions", default="fp32", help="comma list of fp32, fp16, bf16")
    parser.add_argument("--compile-mode", default="default,max-autotune-no-cudagraphs",
                        help="torch.compile modes to try (comma list); the faster is reported")
    parser.add_argument("--max-compile-s", type=float, default=120.0,
                        help="a compile mode that took longer than this is dropped for the rest of the run")
    parser.add_argument("--check-batch", type=int, default=0,
                        help="log2 of the accuracy-check batch (the first samples of the timed batch); 0: the whole batch")
    parser.add_argument("--selfcheck-tol", type=float, default=1e-11,
                        help="hand-written vs double-backward float64 parameter gradients must agree to this")
    parser.add_argument("--fp16-loss-scale", type=float, default=1.0,
                        help="fp16 only: the loss is multiplied by this before backward and the gradients divided after "
                             "(static loss scaling against fp16 underflow: the Eikonal mean's per-sample adjoint is 1/batch)")
    parser.add_argument("--no-check", action="store_true", help="skip the float64 reference and the error fields")
    parser.add_argument("--time-budget-s", type=float, default=0.0,
                        help="after this many seconds no new variant starts (its line says skipped); 0: no limit")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="cuda")
    args = parser.parse_args()

    device = torch.device(args.device)
    torch.backends.cuda.matmul.allow_tf32 = False  # fp32 means fp32, as TinyNN
    torch.backends.cudnn.allow_tf32 = False
    dynamo = dynamo_module()
    for name in ("cache_size_limit", "recompile_limit"):  # each compiled variant starts from a reset cache anyway
        try:
            setattr(dynamo.config, name, max(getattr(dynamo.config, name), 64))
        except Exception:
            pass
    if device.type == "cuda":
        print(f"device: {torch.cuda.get_device_name(device)}, torch {torch.__version__}", file=sys.stderr, flush=True)
    else:
        print(f"device: {device}, torch {torch.__version__}", file=sys.stderr, flush=True)

    impls = IMPLS if args.impls == "all" else args.impls.split(",")
    for impl in impls:
        if impl not in IMPLS:
            parser.error(f"unknown impl {impl}")
    if device.type != "cuda":
        skipped = [i for i in impls if i.endswith("-graph") or (args.impls == "all" and i.endswith("-compiled"))]
        if skipped:
            print(f"on {device}: skipping {', '.join(skipped)} (CUDA graphs need CUDA; name compiled impls in --impls to time them)",
                  file=sys.stderr, flush=True)
        impls = [i for i in impls if i not in skipped]
    modes = args.compile_mode.split(",")
    dropped = set()
    failed_selfcheck = False
    started = time.perf_counter()

    for width in map(int, args.widths.split(",")):
        for activation in args.activations.split(","):
            for log2 in map(int, args.batches.split(",")):
                batch = 1 << log2
                torch.manual_seed(args.seed + log2)
                x = torch.ones(batch, 16, device=device)
                x[:, :3] = torch.rand(batch, 3, device=device) * 2 - 1
                net = make_net(width, args.layers, activation, device, args.seed)
                check_batch = batch if args.check_batch <= 0 else min(batch, 1 << args.check_batch)
                x_check = x[:check_batch]
                base = {"width": width, "activation": activation, "layers": args.layers, "batch": batch}
                refs = {}
                for step in args.steps.split(","):
                    if args.no_check:
                        break
                    try:
                        net64 = copy.deepcopy(net).double()
                        refs[step], hand = reference(step, net64, x_check.double(), activation)
                    except Exception as e:  # e.g. out of memory: the variants are timed without their error fields
                        emit({"impl": "reference", "step": step, **base, "precision": "fp64", "check_batch": check_batch,
                              "error": f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"[:500]})
                        continue
                    finally:
                        net64 = None
                        if device.type == "cuda":
                            torch.cuda.empty_cache()
                    if hand is not None:
                        e = rel_err(hand, refs[step])
                        ok = e <= args.selfcheck_tol
                        failed_selfcheck |= not ok
                        emit({"impl": "selfcheck", "step": step, **base, "precision": "fp64", "check_batch": check_batch,
                              "handgrad_vs_double_backward_rel_err": e, "ok": ok})
                dynamo_reset()
                for precision in args.precisions.split(","):
                    for step in args.steps.split(","):
                        for impl in STEP_IMPLS[step]:
                            if impl not in impls:
                                continue
                            record = {"impl": impl, "step": step, **base, "precision": precision}
                            if precision == "fp16" and args.fp16_loss_scale != 1.0 and step != "inference":
                                record["loss_scale"] = args.fp16_loss_scale
                            if args.time_budget_s > 0 and time.perf_counter() - started > args.time_budget_s:
                                record["error"] = "skipped: --time-budget-s spent"
                                emit(record)
                                continue
                            try:
                                record.update(time_variant(impl, step, net, x, x_check, precision, activation, args,
                                                           [m for m in modes if m not in dropped], dropped, refs.get(step), device))
                            except Exception as e:
                                record["error"] = f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"[:500]
                                print(f"{impl} {step} {precision} width {width} {activation} 2^{log2}:", file=sys.stderr)
                                traceback.print_exc(limit=4, file=sys.stderr)
                            for p in net.parameters():
                                p.grad = None
                            if device.type == "cuda":
                                torch.cuda.synchronize()
                                torch.cuda.empty_cache()
                            emit(record)
    if failed_selfcheck:
        print("SELF-CHECK FAILED: hand-written and double-backward float64 gradients disagree", file=sys.stderr)
        sys.exit(1)


def time_variant(impl, step, net, x, x_check, precision, activation, args, modes, dropped, ref, device):
    batch = x.shape[0]
    compiled = impl.endswith("-compiled")
    results = {}
    errors = {}
    for mode in (modes if compiled else [None]):
        try:
            if compiled:  # a fresh cache: no entry compiled in another mode or precision is reused
                dynamo_reset()
            run, result, keep = build(impl, step, net, x, precision, activation, mode, args.fp16_loss_scale)
            t0 = time.perf_counter()
            run()  # compiles (compiled variants); the graphs were captured in build
            sync(device)
            compile_s = time.perf_counter() - t0
            if compiled and compile_s > args.max_compile_s:
                dropped.add(mode)
                print(f"compile mode {mode} took {compile_s:.1f} s > --max-compile-s: dropped for the rest of the run",
                      file=sys.stderr, flush=True)
            seconds = median_time(run, args.repeats, device)
            r = {"seconds": seconds, "samples_per_s": batch / seconds}
            if compiled:
                r["compile_s"] = compile_s
            if ref is not None:
                if x_check.shape[0] != batch:  # rebuild on the check batch (recaptures or recompiles)
                    run_c, result_c, keep_c = build(impl, step, net, x_check, precision, activation, mode, args.fp16_loss_scale)
                    run_c()
                    sync(device)
                    got = result_c()
                    del run_c, keep_c
                else:
                    run()
                    sync(device)
                    got = result()
                e = rel_err(got, ref)
                r["out_rel_err" if step == "inference" else "grad_rel_err"] = e if math.isfinite(e) else str(e)
                if x_check.shape[0] != batch:
                    r["check_batch"] = x_check.shape[0]
            results[mode] = r
            del run, result, keep
        except Exception as e:
            if not compiled:
                raise
            errors[mode] = f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"[:300]
            print(f"{impl} {step} {precision} mode {mode}:", file=sys.stderr)
            traceback.print_exc(limit=4, file=sys.stderr)
        finally:
            for p in net.parameters():
                p.grad = None
            if device.type == "cuda":
                torch.cuda.synchronize()
                torch.cuda.empty_cache()
    if not compiled:
        return results[None]
    if not results:
        if not modes:
            raise RuntimeError("every compile mode was dropped (--max-compile-s)")
        raise RuntimeError("; ".join(f"{m}: {e}" for m, e in errors.items()))
    best = min(results, key=lambda m: results[m]["seconds"])
    out = dict(results[best], compile_mode=best)
    out["compile_modes"] = {m: r["samples_per_s"] for m, r in results.items()}
    out["compile_modes"].update({m: "error: " + e for m, e in errors.items()})
    return out


if __name__ == "__main__":
    main()
