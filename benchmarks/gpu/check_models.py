"""`tinynn grad` on a device against the PyTorch float64 oracle (tests/alignment/torch_reference.py), for the
model kinds the GPU runs: MLPs and every encoding family. Run on the GPU machine (`--device cuda`; tolerance 1e-4:
PTX's approximate exp/log and float32 sums) or anywhere (`--device cpu`; the CI alignment tests use 1e-5).
Prints one line per model and exits 1 if any output is off."""
import argparse, json, os, subprocess, sys, tempfile
import numpy as np

GRID = {"otype": "HashGrid", "n_levels": 4, "n_features_per_level": 2, "log2_hashmap_size": 8, "base_resolution": 4,
        "per_level_scale": 1.5}
MODELS = {
    "FFMLP64-Softplus": {"network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 64, "n_hidden_layers": 3}},
    "FFMLP32-Sine-Sigmoid": {"network": {"otype": "FullyFusedMLP", "activation": "Sine", "output_activation": "Sigmoid",
                                          "n_neurons": 32, "n_hidden_layers": 2}},
    "MLP48-SiLU": {"network": {"otype": "CutlassMLP", "activation": "SiLU", "n_neurons": 48, "n_hidden_layers": 2}},
    "Frequency+FFMLP": {"encoding": {"otype": "Frequency", "n_frequencies": 4},
                        "network": {"otype": "FullyFusedMLP", "activation": "Tanh", "n_neurons": 16, "n_hidden_layers": 2}},
    "HashGrid-Smoothstep+FFMLP": {"encoding": dict(GRID, interpolation="Smoothstep"),
                                  "network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 64, "n_hidden_layers": 2}},
    "HashGrid-Linear+FFMLP": {"encoding": dict(GRID, interpolation="Linear"),
                              "network": {"otype": "FullyFusedMLP", "activation": "ReLU", "n_neurons": 16, "n_hidden_layers": 1}},
    "DenseGrid+MLP": {"encoding": {"otype": "DenseGrid", "n_levels": 2, "n_features_per_level": 4, "base_resolution": 4,
                                   "interpolation": "Smoothstep"},
                      "network": {"otype": "CutlassMLP", "activation": "Softplus", "n_neurons": 8, "n_hidden_layers": 1}},
    "OneBlob+FFMLP": {"encoding": {"otype": "OneBlob", "n_bins": 8},
                      "network": {"otype": "FullyFusedMLP", "activation": "SiLU", "n_neurons": 16, "n_hidden_layers": 1}},
    "SH+FFMLP": {"encoding": {"otype": "SphericalHarmonics", "degree": 4},
                 "network": {"otype": "FullyFusedMLP", "activation": "Tanh", "n_neurons": 16, "n_hidden_layers": 1}},
    "TriangleWave+FFMLP": {"encoding": {"otype": "TriangleWave", "n_frequencies": 4},
                           "network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 16, "n_hidden_layers": 1}},
    "Composite+FFMLP": {"encoding": {"otype": "Composite", "nested": [
                            {"otype": "Frequency", "n_frequencies": 2, "n_dims_to_encode": 1},
                            dict(GRID, otype="HashGrid", n_dims_to_encode=2, interpolation="Smoothstep")]},
                        "network": {"otype": "FullyFusedMLP", "activation": "Softplus", "n_neurons": 32, "n_hidden_layers": 2}},
}
FILES = ["output", "dl_dinput", "dl_dparams", "dl2_ddl1_doutput", "dl2_dinput", "dl2_dparams"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tinynn", required=True, help="how to start tinynn, e.g. 'dotnet .device/TinyNN.Cli/tinynn.dll'")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    oracle = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "alignment", "torch_reference.py")
    rng = np.random.default_rng(5)
    failures = 0
    for name, config in MODELS.items():
        with tempfile.TemporaryDirectory() as d:
            n_in, n = 3, 64
            # Inputs in [0.05, 0.95]³, away from grid cell faces (the oracle's cells could differ there by rounding).
            x = rng.uniform(0.05, 0.95, (n, n_in)).astype(np.float32)
            g = rng.uniform(-1, 1, (n, 2)).astype(np.float32)
            h = rng.uniform(-1, 1, (n, n_in)).astype(np.float32)
            for a, v in (("x", x), ("g", g), ("h", h)):
                np.save(os.path.join(d, a + ".npy"), v)
            json.dump(config, open(os.path.join(d, "model.json"), "w"))
            common = ["--config", f"{d}/model.json", "--input", f"{d}/x.npy", "--dl-doutput", f"{d}/g.npy", "--dl2-ddl1-dinput", f"{d}/h.npy"]
            run = subprocess.run(args.tinynn.split() + ["grad", *common, "--out", f"{d}/tinynn", "--device", args.device, "--seed", "3"],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(f"{name:28} tinynn failed: {run.stderr.strip()}"); failures += 1; continue
            run = subprocess.run([sys.executable, oracle, *common, "--params", f"{d}/tinynn/params.npy", "--out", f"{d}/torch"],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(f"{name:28} oracle failed: {run.stderr.strip()}"); failures += 1; continue
            errors = []
            for f in FILES:
                t, r = np.load(f"{d}/tinynn/{f}.npy").astype(np.float64), np.load(f"{d}/torch/{f}.npy")
                norm = np.linalg.norm(r)
                errors.append(np.linalg.norm(t - r) / norm if norm > 0 else np.linalg.norm(t))
            ok = max(errors) <= args.tolerance
            failures += not ok
            print(f"{name:28} " + " ".join(f"{e:8.1e}" for e in errors) + ("  ok" if ok else "  FAIL"), flush=True)
    print(f"{'columns:':28} " + " ".join(f"{f[:8]:>8}" for f in FILES))
    print("all models within tolerance" if failures == 0 else f"{failures} models FAILED")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
