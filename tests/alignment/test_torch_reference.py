#!/usr/bin/env python3
"""Checks of the oracle itself, each against something independent of it:

  * the MLP forward against a plain numpy forward written from the documented layout;
  * every first- and second-order output against central finite differences in float64;
  * the grid's tables, hash and interpolation against hand-computed cases;
  * spherical harmonics against tcnn's published constants and orthonormality on the sphere;
  * OneBlob, Frequency, TriangleWave and Composite layouts against direct formulas;
  * the command line: outputs written on success, one-line errors and nothing written on bad input.

Run: /usr/bin/python3 -m unittest discover -s tests/alignment  (a few seconds).
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_reference as ref  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_reference.py")


def numpy_activation(name, x):
    return {
        "None": x,
        "ReLU": np.maximum(x, 0),
        "Sigmoid": 1 / (1 + np.exp(-x)),
        "Tanh": np.tanh(x),
        "Sine": np.sin(x),
        "SiLU": x / (1 + np.exp(-x)),
        "Softplus": np.log(np.exp(10 * x) + 1) / 10,
        "Squareplus": (10 * x + np.sqrt((10 * x) ** 2 + 4)) / 20,
        "LeakyReLU": np.where(x > 0, x, 0.01 * x),
        "Exponential": np.exp(x),
    }[name]


def numpy_mlp(x, params, n_out, width, hidden, activation, output_activation):
    """The layout written out by hand: input padded with ones to 16, row-major [fan_out, fan_in], no biases."""
    n, n_in = x.shape
    padded_in = -(-n_in // 16) * 16
    h = np.concatenate([x, np.ones((n, padded_in - n_in))], axis=1)
    offset = 0
    fan_in = padded_in
    for layer in range(hidden + 1):
        fan_out = width if layer < hidden else -(-n_out // 16) * 16
        w = np.empty((fan_out, fan_in))
        for i in range(fan_out):
            for j in range(fan_in):
                w[i, j] = params[offset + i * fan_in + j]
        offset += fan_out * fan_in
        h = numpy_activation(activation if layer < hidden else output_activation, h @ w.T)
        fan_in = fan_out
    assert offset == len(params)
    return h[:, :n_out]


def finite_difference(f, point, indices, step=1e-6):
    point = point.copy()
    flat = point.reshape(-1)
    result = []
    for i in indices:
        saved = flat[i]
        flat[i] = saved + step
        up = f(point)
        flat[i] = saved - step
        down = f(point)
        flat[i] = saved
        result.append((up - down) / (2 * step))
    return np.array(result)


def relative_error(actual, expected):
    return np.linalg.norm(actual - expected) / max(np.linalg.norm(expected), 1e-300)


class MlpTest(unittest.TestCase):
    def test_forward_matches_numpy(self):
        rng = np.random.default_rng(1)
        for activation, output_activation, width, hidden, n_in, n_out in [
            ("ReLU", "None", 16, 1, 3, 1), ("Softplus", "Sigmoid", 32, 2, 5, 3), ("Sine", "Softplus", 7, 3, 3, 3),
            ("SiLU", "None", 48, 2, 5, 1), ("Tanh", "Tanh", 16, 0, 3, 17), ("Squareplus", "LeakyReLU", 16, 2, 20, 2),
            ("Exponential", "None", 16, 1, 3, 1),
        ]:
            cfg = {"network": {"otype": "CutlassMLP", "n_neurons": width, "n_hidden_layers": hidden,
                               "activation": activation, "output_activation": output_activation}}
            model = ref.Model(cfg, n_in, n_out)
            params = rng.uniform(-0.5, 0.5, model.n_params)
            x = rng.uniform(-1, 1, (6, n_in))
            expected = numpy_mlp(x, params, n_out, width, hidden, activation, output_activation)
            actual = ref.gradients(model, x, np.zeros((6, n_out)), params)["output"]
            with self.subTest(activation=activation, hidden=hidden):
                self.assertLess(np.abs(actual - expected).max(), 1e-12)

    def test_softplus_is_finite_where_the_literal_formula_overflows(self):
        y = ref.ACTIVATIONS["Softplus"](ref.torch.tensor([-100.0, 0.0, 100.0], dtype=ref.DTYPE))
        np.testing.assert_allclose(y.numpy(), [0.0, math.log(2) / 10, 100.0], atol=1e-15)


class FiniteDifferenceTest(unittest.TestCase):
    """Every output of gradients() against central differences of the quantity it differentiates."""

    def check_model(self, cfg, n_in, n_out, x, params, tolerance, x_step=1e-6):
        rng = np.random.default_rng(7)
        model = ref.Model(cfg, n_in, n_out)
        self.assertEqual(len(params), model.n_params)
        g = rng.normal(size=(x.shape[0], n_out))
        h = rng.normal(size=x.shape)
        r = ref.gradients(model, x, g, params, h)

        def l1(x_, p_):
            return float((ref.gradients(model, x_, g, p_)["output"] * g).sum())

        def l2(x_, g_, p_):
            return float((ref.gradients(model, x_, g_, p_)["dl_dinput"] * h).sum())

        # Some network weights and the encoding parameters these samples touch (grids touch few of theirs).
        touched = model.network.n_params + np.flatnonzero(r["dl_dparams"][model.network.n_params:])
        param_indices = np.unique(np.concatenate([rng.choice(model.network.n_params, 30, replace=False),
                                                  rng.choice(touched, min(30, len(touched)), replace=False)]))
        x_indices = range(x.size)
        checks = [
            ("dl_dinput", r["dl_dinput"].reshape(-1), finite_difference(lambda v: l1(v, params), x, x_indices, x_step)),
            ("dl_dparams", r["dl_dparams"][param_indices], finite_difference(lambda v: l1(x, v), params, param_indices)),
            ("dl2_ddl1_doutput", r["dl2_ddl1_doutput"].reshape(-1), finite_difference(lambda v: l2(x, v, params), g, range(g.size))),
            ("dl2_dinput", r["dl2_dinput"].reshape(-1), finite_difference(lambda v: l2(v, g, params), x, x_indices, x_step)),
            ("dl2_dparams", r["dl2_dparams"][param_indices], finite_difference(lambda v: l2(x, g, v), params, param_indices)),
        ]
        for name, actual, expected in checks:
            with self.subTest(quantity=name):
                self.assertGreater(np.linalg.norm(expected), 0)
                self.assertLess(relative_error(actual, expected), tolerance, name)

    def test_smooth_mlps(self):
        rng = np.random.default_rng(3)
        for activation, output_activation in [("Tanh", "None"), ("Softplus", "Sigmoid"), ("SiLU", "Softplus"), ("Sine", "None")]:
            cfg = {"network": {"otype": "FullyFusedMLP", "n_neurons": 16, "n_hidden_layers": 2,
                               "activation": activation, "output_activation": output_activation}}
            n_params = ref.Model(cfg, 3, 2).n_params
            with self.subTest(activation=activation):
                self.check_model(cfg, 3, 2, rng.uniform(-1, 1, (4, 3)), rng.uniform(-0.4, 0.4, n_params), 1e-7)

    NETWORK = {"otype": "FullyFusedMLP", "n_neurons": 16, "n_hidden_layers": 1, "activation": "Tanh"}

    def test_smooth_encodings(self):
        rng = np.random.default_rng(4)
        for encoding, n_in in [({"otype": "Frequency", "n_frequencies": 3}, 3), ({"otype": "OneBlob", "n_bins": 8}, 2),
                               ({"otype": "SphericalHarmonics", "degree": 4}, 3)]:
            cfg = {"encoding": encoding, "network": self.NETWORK}
            n_params = ref.Model(cfg, n_in, 1).n_params
            with self.subTest(encoding=encoding["otype"]):
                self.check_model(cfg, n_in, 1, rng.uniform(0.05, 0.95, (3, n_in)), rng.uniform(-0.5, 0.5, n_params), 1e-6)

    def test_grids(self):
        # Grid positions are rounded to float32 as in tcnn, so x and x +- step must be float32 values whose scaled
        # positions are exact: x on a 2^-14 lattice, step 2^-14, and every level's fraction away from cell faces.
        rng = np.random.default_rng(5)
        step = 2.0 ** -14
        cases = [
            ({"otype": "HashGrid", "n_levels": 3, "n_features_per_level": 2, "log2_hashmap_size": 6,
              "base_resolution": 3, "interpolation": "Smoothstep"}, 3),
            ({"otype": "HashGrid", "n_levels": 2, "n_features_per_level": 1, "log2_hashmap_size": 5, "base_resolution": 4}, 2),
            ({"otype": "DenseGrid", "n_levels": 2, "n_features_per_level": 4, "base_resolution": 4, "per_level_scale": 1.5}, 2),
            ({"otype": "Composite", "nested": [{"otype": "Identity", "n_dims_to_encode": 1},
                                               {"otype": "HashGrid", "n_levels": 2, "n_features_per_level": 4,
                                                "base_resolution": 3, "log2_hashmap_size": 5, "interpolation": "Smoothstep"}]}, 3),
        ]
        for encoding, n_in in cases:
            cfg = {"encoding": encoding, "network": self.NETWORK}
            model = ref.Model(cfg, n_in, 1)
            grid = model.encoding if encoding["otype"] != "Composite" else model.encoding.nested[1]
            x = []
            while len(x) < 3:
                candidate = np.round(rng.uniform(0.05, 0.95, n_in) / step) * step
                fractions = [np.float32(float(s) * candidate + 0.5) % 1 for s in grid.scales]
                if all(((f > 0.01) & (f < 0.99)).all() for f in fractions):
                    x.append(candidate)
            with self.subTest(encoding=encoding["otype"]):
                self.check_model(cfg, n_in, 1, np.array(x), rng.uniform(-0.5, 0.5, model.n_params), 1e-6, step)


class GridTest(unittest.TestCase):
    def test_level_tables(self):
        # base 4, scale 2: level scales 3, 7, 15, 31 and resolutions 4, 8, 16, 32; 3D dense sizes 64, 512, 4096,
        # 32768 entries, capped at 2^8 by the hash table.
        grid = ref.build_encoding(3, {"otype": "HashGrid", "n_levels": 4, "n_features_per_level": 2,
                                      "log2_hashmap_size": 8, "base_resolution": 4})
        self.assertEqual([float(s) for s in grid.scales], [3.0, 7.0, 15.0, 31.0])
        self.assertEqual(grid.resolutions, [4, 8, 16, 32])
        self.assertEqual(grid.sizes, [64, 256, 256, 256])
        self.assertEqual(grid.offsets, [0, 64, 320, 576])
        self.assertEqual(grid.n_params, 832 * 2)

    def test_dense_sizes_round_up_to_eight_and_tiled_caps_at_base(self):
        # 2D base 3, scale 2: resolutions 3 and 6, so 9 and 36 entries, rounded up to 16 and 40; Tiled keeps
        # min(that, 3^2 = 9).
        dense = ref.build_encoding(2, {"otype": "DenseGrid", "n_levels": 2, "base_resolution": 3, "per_level_scale": 2.0})
        self.assertEqual(dense.resolutions, [3, 6])  # scales 2 and 5
        self.assertEqual(dense.sizes, [16, 40])
        tiled = ref.build_encoding(2, {"otype": "TiledGrid", "n_levels": 2, "base_resolution": 3, "per_level_scale": 2.0})
        self.assertEqual(tiled.sizes, [9, 9])

    def test_hashed_level_by_hand(self):
        # One 2D level, F = 1, base 8: scale 7, resolution 8, 64 > 2^4 entries, so vertices are hashed:
        # index = (vx * 1 xor vy * 2654435761) mod 2^32 mod 16.
        cfg = {"otype": "HashGrid", "n_levels": 1, "n_features_per_level": 1, "log2_hashmap_size": 4, "base_resolution": 8}
        grid = ref.build_encoding(2, cfg)
        params = np.arange(16, dtype=np.float64) * 0.1 + 1.0
        x = np.array([[0.3, 0.6]])
        px, py = np.float32(np.float32(7) * np.float32(0.3) + np.float32(0.5)), np.float32(np.float32(7) * np.float32(0.6) + np.float32(0.5))
        self.assertEqual((int(px), int(py)), (2, 4))
        tx, ty = float(px) - 2, float(py) - 4

        def entry(vx, vy):
            return params[((vx * 1) ^ ((vy * 2654435761) % 2 ** 32)) % 16]

        expected = ((1 - tx) * (1 - ty) * entry(2, 4) + tx * (1 - ty) * entry(3, 4)
                    + (1 - tx) * ty * entry(2, 5) + tx * ty * entry(3, 5))
        d_dx = 7 * ((1 - ty) * (entry(3, 4) - entry(2, 4)) + ty * (entry(3, 5) - entry(2, 5)))
        xt = ref.torch.tensor(x, dtype=ref.DTYPE, requires_grad=True)
        y = grid.forward(xt, ref.torch.tensor(params, dtype=ref.DTYPE))
        self.assertEqual(y.shape, (1, 1))
        self.assertAlmostEqual(float(y[0, 0]), expected, places=14)
        (gx,) = ref.torch.autograd.grad(y.sum(), xt)
        self.assertAlmostEqual(float(gx[0, 0]), d_dx, places=12)

    def test_dense_level_by_hand_with_smoothstep(self):
        # One 2D dense level, F = 2, base 3: scale 2, resolution 3, index = vx + 3 vy; features interleaved.
        grid = ref.build_encoding(2, {"otype": "DenseGrid", "n_levels": 1, "n_features_per_level": 2,
                                      "base_resolution": 3, "interpolation": "Smoothstep"})
        self.assertEqual(grid.sizes, [16])
        params = np.linspace(-1, 1, 32)
        x = np.array([[0.2, 0.45]])
        tx, ty = 2 * 0.2 + 0.5, 2 * 0.45 + 0.5 - 1  # cells 0 and 1
        sx, sy = tx * tx * (3 - 2 * tx), ty * ty * (3 - 2 * ty)
        y = grid.forward(ref.torch.tensor(x, dtype=ref.DTYPE), ref.torch.tensor(params, dtype=ref.DTYPE)).numpy()
        for f in range(2):
            def entry(vx, vy):
                return params[(vx + 3 * vy) * 2 + f]
            expected = ((1 - sx) * (1 - sy) * entry(0, 1) + sx * (1 - sy) * entry(1, 1)
                        + (1 - sx) * sy * entry(0, 2) + sx * sy * entry(1, 2))
            self.assertAlmostEqual(y[0, f], expected, places=6)  # t from float32 positions

    def test_nearest_has_no_input_gradient(self):
        model = ref.Model({"encoding": {"otype": "HashGrid", "n_levels": 2, "base_resolution": 4, "interpolation": "Nearest"},
                           "network": {"otype": "FullyFusedMLP", "n_neurons": 16, "n_hidden_layers": 1}}, 2, 1)
        rng = np.random.default_rng(5)
        r = ref.gradients(model, rng.uniform(0, 1, (4, 2)), np.ones((4, 1)), rng.uniform(-1, 1, model.n_params), np.ones((4, 2)))
        self.assertEqual(np.abs(r["dl_dinput"]).max(), 0)
        self.assertEqual(np.abs(r["dl2_dparams"]).max(), 0)
        self.assertGreater(np.abs(r["dl_dparams"][model.network.n_params:]).max(), 0)


class EncodingValueTest(unittest.TestCase):
    def forward(self, cfg, x, params=None):
        e = ref.build_encoding(x.shape[1], cfg)
        e.set_alignment(16)
        p = np.zeros(e.n_params) if params is None else params
        return e, e.forward(ref.torch.tensor(x, dtype=ref.DTYPE), ref.torch.tensor(p, dtype=ref.DTYPE)).numpy()

    def test_frequency_layout(self):
        x = np.array([[0.3, -0.7]])
        e, y = self.forward({"otype": "Frequency", "n_frequencies": 3}, x)
        self.assertEqual(e.padded_width, 16)
        for d in range(2):
            for f in range(3):
                self.assertAlmostEqual(y[0, 6 * d + 2 * f], math.sin(x[0, d] * 2 ** f * math.pi), places=6)
                self.assertAlmostEqual(y[0, 6 * d + 2 * f + 1], math.cos(x[0, d] * 2 ** f * math.pi), places=6)
        np.testing.assert_array_equal(y[0, 12:], 1.0)

    def test_oneblob_is_a_partition_of_unity(self):
        x = np.array([[0.0], [0.13], [0.5], [0.97]])
        e, y = self.forward({"otype": "OneBlob", "n_bins": 8}, x)
        np.testing.assert_allclose(y[:, :8].sum(axis=1), 1.0, atol=1e-14)
        # x = 0.5 sits on the boundary of bins 3 and 4: the kernel (radius 1/8) splits evenly between them.
        np.testing.assert_allclose(y[2, 3:5], [0.5, 0.5], atol=1e-14)
        self.assertTrue((y[:, :8] >= 0).all())

    def test_triangle_wave(self):
        x = np.array([[0.1]])
        e, y = self.forward({"otype": "TriangleWave", "n_frequencies": 3}, x)
        for f in range(3):
            v = 0.1 * 2 ** (f - 1) + f / 4
            self.assertAlmostEqual(y[0, f], 4 * abs(v % 1 - 0.5) - 1, places=14)

    def test_spherical_harmonics_match_tcnn_constants(self):
        # A few entries of tcnn's sh_enc table (common_device.h), at u = 2x - 1.
        x = np.array([[0.9, 0.2, 0.65]])
        ux, uy, uz = 2 * x[0] - 1
        e, y = self.forward({"otype": "SphericalHarmonics", "degree": 5}, x)
        expected = {
            0: 0.28209479177387814, 1: -0.48860251190291987 * uy, 3: -0.48860251190291987 * ux,
            4: 1.0925484305920792 * ux * uy, 6: 0.94617469575755997 * uz ** 2 - 0.31539156525251999,
            8: 0.54627421529603959 * (ux ** 2 - uy ** 2), 9: 0.59004358992664352 * uy * (-3 * ux ** 2 + uy ** 2),
            13: 0.45704579946446572 * ux * (1 - 5 * uz ** 2), 17: 1.7701307697799304 * uy * uz * (-3 * ux ** 2 + uy ** 2),
            20: -3.1735664074561294 * uz ** 2 + 3.7024941420321507 * uz ** 4 + 0.31735664074561293,
            24: -3.7550144126950569 * ux ** 2 * uy ** 2 + 0.62583573544917614 * (ux ** 4 + uy ** 4),
        }
        for index, value in expected.items():
            self.assertAlmostEqual(y[0, index], value, places=13, msg=f"SH output {index}")
        np.testing.assert_array_equal(y[0, 25:32], 1.0)  # padded after the values

    def test_spherical_harmonics_are_orthonormal_on_the_sphere(self):
        # Gauss-Legendre in cos(theta) times a uniform phi grid integrates these polynomials (degree <= 14) exactly.
        nodes, weights = np.polynomial.legendre.leggauss(16)
        phis = np.arange(32) * 2 * math.pi / 32
        z, phi = np.meshgrid(nodes, phis, indexing="ij")
        w = np.repeat(weights, 32) * 2 * math.pi / 32
        s = np.sqrt(1 - z ** 2)
        u = np.stack([s * np.cos(phi), s * np.sin(phi), z], axis=-1).reshape(-1, 3)
        e = ref.build_encoding(3, {"otype": "SphericalHarmonics", "degree": 8})
        y = e.encode(ref.torch.tensor((u + 1) / 2, dtype=ref.DTYPE), None).numpy()
        gram = (y * w[:, None]).T @ y
        np.testing.assert_allclose(gram, np.eye(64), atol=1e-12)

    def test_composite_alignment_and_padding(self):
        # Identity (2 dims) then a grid with 4 features a level: identity is padded with 1.0 to 4 columns so the grid
        # starts aligned; the grid's 8 features end at 12, padded with 0.0 to 16 for the MLP.
        cfg = {"otype": "Composite", "nested": [{"otype": "Identity", "n_dims_to_encode": 2},
                                                {"otype": "HashGrid", "n_levels": 2, "n_features_per_level": 4,
                                                 "base_resolution": 2, "log2_hashmap_size": 4}]}
        x = np.array([[0.25, 0.75, 0.5, 0.125]])
        e, y = self.forward(cfg, x, np.full(2 * 4 * 16, 0.5))
        self.assertEqual([n.padded_width for n in e.nested], [4, 12])
        np.testing.assert_allclose(y[0, :4], [0.25, 0.75, 1.0, 1.0])
        np.testing.assert_allclose(y[0, 4:12], 0.5)
        np.testing.assert_array_equal(y[0, 12:], 0.0)

    def test_composite_sum_reduces_padded_outputs(self):
        cfg = {"otype": "Composite", "reduction": "Sum",
               "nested": [{"otype": "Identity", "n_dims_to_encode": 2}, {"otype": "Identity", "n_dims_to_encode": 2}]}
        e, y = self.forward(cfg, np.array([[1.0, 2.0, 10.0, 20.0]]))
        np.testing.assert_allclose(y[0], [11.0, 22.0] + [2.0] * 14)


class CommandLineTest(unittest.TestCase):
    @staticmethod
    def arguments(folder, x_dtype=np.float32):
        """Writes a small model's files into folder; returns the oracle's arguments for them."""
        config = {"network": {"otype": "FullyFusedMLP", "n_neurons": 16, "n_hidden_layers": 1, "activation": "Tanh"}}
        paths = {name: os.path.join(folder, name + ".npy") for name in ("x", "g", "h", "p")}
        with open(os.path.join(folder, "model.json"), "w") as f:
            json.dump(config, f)
        rng = np.random.default_rng(0)
        np.save(paths["x"], rng.uniform(size=(5, 3)).astype(x_dtype))
        np.save(paths["g"], rng.uniform(size=(5, 2)).astype(np.float32))
        np.save(paths["h"], rng.uniform(size=(5, 3)).astype(np.float32))
        np.save(paths["p"], rng.uniform(size=16 * 16 + 16 * 16).astype(np.float32))
        return ["--config", os.path.join(folder, "model.json"), "--input", paths["x"], "--dl-doutput", paths["g"],
                "--params", paths["p"], "--dl2-ddl1-dinput", paths["h"], "--out", os.path.join(folder, "out")]

    def run_script(self, folder, x_dtype=np.float32):
        return os.path.join(folder, "out"), subprocess.run([sys.executable, SCRIPT] + self.arguments(folder, x_dtype),
                                                            capture_output=True, text=True)

    def test_writes_every_output(self):
        with tempfile.TemporaryDirectory() as folder:
            out, run = self.run_script(folder)
            self.assertEqual(run.returncode, 0, run.stderr)
            shapes = {f[:-len(".npy")]: np.load(os.path.join(out, f)).shape for f in os.listdir(out)}
            self.assertEqual(shapes, {"output": (5, 2), "dl_dinput": (5, 3), "dl_dparams": (512,),
                                      "dl2_ddl1_doutput": (5, 2), "dl2_dinput": (5, 3), "dl2_dparams": (512,)})

    def test_bad_input_is_one_line_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as folder:
            out, run = self.run_script(folder, x_dtype=np.float64)
            self.assertEqual(run.returncode, 2)
            self.assertEqual(len(run.stderr.strip().splitlines()), 1)
            self.assertIn("x.npy", run.stderr)
            self.assertFalse(os.path.exists(out))

    def test_batch_runs_every_job_and_names_the_failed_one(self):
        with tempfile.TemporaryDirectory() as root:
            good, bad = os.path.join(root, "good"), os.path.join(root, "bad")
            os.makedirs(good)
            os.makedirs(bad)
            jobs = os.path.join(root, "jobs.json")
            with open(jobs, "w") as f:
                json.dump([self.arguments(bad, np.float64), self.arguments(good)], f)
            run = subprocess.run([sys.executable, SCRIPT, "--batch", jobs], capture_output=True, text=True)
            self.assertEqual(run.returncode, 2)
            self.assertEqual(run.stderr.strip().splitlines(), [run.stderr.strip()])
            self.assertIn(os.path.join(bad, "out"), run.stderr)
            self.assertFalse(os.path.exists(os.path.join(bad, "out")))
            self.assertEqual(len(os.listdir(os.path.join(good, "out"))), 6)


if __name__ == "__main__":
    unittest.main()
