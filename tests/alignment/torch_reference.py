#!/usr/bin/env python3
"""PyTorch autograd oracle for `tinynn grad`.

Reads the same files as `tinynn grad` (a tcnn JSON config, x.npy, dL1/doutput g.npy, the flat parameters p.npy and
optionally h.npy), builds the model in plain PyTorch float64 with tiny-cuda-nn's conventions, and writes what
autograd computes with create_graph=True:

    L1 = sum(output * g)            -> output.npy, dl_dinput.npy (dL1/dx), dl_dparams.npy (dL1/dtheta)
    L2 = sum(dL1/dx * h)            -> dl2_ddl1_doutput.npy (dL2/dg), dl2_dinput.npy, dl2_dparams.npy

The outputs are float64 .npy files. The conventions follow tcnn's sources (NVlabs/tiny-cuda-nn; file and function
named where they are used) and /work/shared/TCNN_LAYOUT.md:

  * tcnn.Network(n_in, n_out, network) is an Identity encoding followed by the MLP (src/cpp_api.cu: create_network).
  * NetworkWithInputEncoding pads the encoding output to a multiple of lcm(16, the encoding's required output
    alignment) (network_with_input_encoding.h, encoding.h: set_alignment); the padded columns hold 1.0 for
    Identity, Frequency, OneBlob, SphericalHarmonics and TriangleWave and 0.0 for grids.
  * Flat parameters: network first, then encoding. MLP weights are row-major [fan_out, fan_in] matrices, no biases,
    in the order [n_neurons, padded_in], (n_hidden_layers - 1) x [n_neurons, n_neurons], [padded_out, n_neurons]
    with padded_out the next multiple of 16 of n_out; only the first n_out outputs are returned.

Usage:
    torch_reference.py --config model.json --input x.npy --dl-doutput g.npy --params p.npy
                       [--dl2-ddl1-dinput h.npy] --out DIR
    torch_reference.py --batch jobs.json      (a JSON array of such argument lists, one process for all)

Needs only numpy and torch (any version with torch.autograd.grad; written against 1.13). Errors are one line on
stderr with exit code 2.
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import torch

DTYPE = torch.float64

# tcnn's activation sharpness constant K_ACT (common_device.h) for Squareplus and Softplus.
K_ACT = 10.0

# float32 pi, the constant tcnn's Frequency encoding multiplies by (PI() in common.h is a float).
PI_F32 = float(np.float32(math.pi))


class ReferenceError(Exception):
    """A bad input file or config; reported as one line."""


# ---------------------------------------------------------------------------------------------------------------
# Activations [common_device.h: warp_activation]. Each is a float64 torch function with autograd derivatives of
# every order. Siren is TinyNN's own (sin(30x)); tcnn has no such activation.
# ---------------------------------------------------------------------------------------------------------------

def _softplus(x):
    # ln(e^{Kx} + 1) / K, written as logaddexp so it neither overflows nor loses the derivative 1/2 at 0.
    return torch.logaddexp(K_ACT * x, torch.zeros_like(x)) / K_ACT


ACTIVATIONS = {
    "None": lambda x: x,
    "ReLU": torch.relu,
    "LeakyReLU": lambda x: torch.where(x > 0, x, 0.01 * x),
    "Exponential": torch.exp,
    "Sine": torch.sin,
    "Siren": lambda x: torch.sin(30.0 * x),
    "Sigmoid": torch.sigmoid,
    "Tanh": torch.tanh,
    "SiLU": lambda x: x * torch.sigmoid(x),
    "Squareplus": lambda x: (K_ACT * x + torch.sqrt((K_ACT * x) ** 2 + 4.0)) / (2.0 * K_ACT),
    "Softplus": _softplus,
}


def _activation(name, field):
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ReferenceError(f"network.{field}: unknown activation {name!r}; accepted: {', '.join(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def next_multiple(value, multiple):
    return (value + multiple - 1) // multiple * multiple


# ---------------------------------------------------------------------------------------------------------------
# Encodings. Each has n_input, n_output (unpadded width), required_output_alignment, padding_value, n_params and
# padded_width (set by set_padded_output_width, as in tcnn). forward(x, params) returns [N, padded_width].
# ---------------------------------------------------------------------------------------------------------------

class Encoding:
    padding_value = 1.0
    required_output_alignment = 1
    n_params = 0

    def __init__(self, n_input, n_output):
        self.n_input = n_input
        self.n_output = n_output
        self.padded_width = n_output

    def set_padded_output_width(self, width):
        if width < self.n_output:
            raise ReferenceError(f"padded width {width} is below the encoding's {self.n_output} outputs")
        self.padded_width = width

    def set_alignment(self, alignment):
        # encoding.h: set_alignment pads to a multiple of lcm(alignment, required_output_alignment).
        self.set_padded_output_width(next_multiple(self.padded_width, math.lcm(alignment, self.required_output_alignment)))

    def encode(self, x, params):
        """The n_output encoded values, [N, n_output]."""
        raise NotImplementedError

    def forward(self, x, params):
        y = self.encode(x, params)
        pad = self.padded_width - self.n_output
        if pad == 0:
            return y
        return torch.cat([y, torch.full((x.shape[0], pad), self.padding_value, dtype=DTYPE)], dim=1)


class IdentityEncoding(Encoding):
    """encodings/identity.h: y = x * scale + offset."""

    def __init__(self, n_input, cfg):
        super().__init__(n_input, n_input)
        self.scale = float(cfg.get("scale", 1.0))
        self.offset = float(cfg.get("offset", 0.0))

    def encode(self, x, params):
        return x * self.scale + self.offset


class FrequencyEncoding(Encoding):
    """encodings/frequency.h: output j = d*2F + 2f + p is sin(x_d * 2^f * pi + p * pi/2) (p = 0 sin, 1 cos)."""

    def __init__(self, n_input, cfg):
        self.n_frequencies = int(cfg.get("n_frequencies", 12))
        super().__init__(n_input, n_input * self.n_frequencies * 2)

    def encode(self, x, params):
        columns = []
        for d in range(self.n_input):
            for f in range(self.n_frequencies):
                argument = x[:, d] * (2.0 ** f) * PI_F32
                columns.append(torch.sin(argument))
                columns.append(torch.sin(argument + PI_F32 / 2))
        return torch.stack(columns, dim=1)


class OneBlobEncoding(Encoding):
    """
    encodings/oneblob.h: n_bins (a power of two) per input dim; bin k of dim d is C((k+1)/n - x) - C(k/n - x) with
    C(z) = sum over s in {-1, 0, 1} of quartic_cdf(z + s), which wraps the blob around [0, 1]. quartic_cdf(z) is
    the CDF of the quartic kernel of radius 1/n_bins (common_device.h: quartic_cdf):
    clamp(15/16 u (1 - 2/3 u^2 + 1/5 u^4) + 1/2, 0, 1) with u = z * n_bins.
    """

    def __init__(self, n_input, cfg):
        self.n_bins = int(cfg.get("n_bins", 16))
        if self.n_bins < 1 or self.n_bins & (self.n_bins - 1):
            raise ReferenceError(f"encoding.n_bins: must be a power of 2, got {self.n_bins}")
        super().__init__(n_input, n_input * self.n_bins)

    def _quartic_cdf(self, z):
        # The polynomial is increasing with value 0 at u = -1 and 1 at u = 1, so clamping u first equals tcnn's
        # clamp of the value and keeps autograd's derivatives exact (zero outside the kernel's support).
        u = torch.clamp(z * self.n_bins, -1.0, 1.0)
        u2 = u * u
        return 15.0 / 16.0 * u * (1.0 - 2.0 / 3.0 * u2 + 0.2 * u2 * u2) + 0.5

    def _wrapped_cdf(self, z):
        return self._quartic_cdf(z - 1.0) + self._quartic_cdf(z) + self._quartic_cdf(z + 1.0)

    def encode(self, x, params):
        columns = []
        for d in range(self.n_input):
            for k in range(self.n_bins):
                left = self._wrapped_cdf(k / self.n_bins - x[:, d])
                right = self._wrapped_cdf((k + 1) / self.n_bins - x[:, d])
                columns.append(right - left)
        return torch.stack(columns, dim=1)


class TriangleWaveEncoding(Encoding):
    """
    encodings/triangle_wave.h: output j = d*F + f is |frac(v) - 1/2| * 4 - 1 with v = x_d * 2^(f-1) + f/4
    (the f/4 phase shift disambiguates locations). Piecewise linear: autograd gives tcnn's slopes +-2^(f+1).
    """

    def __init__(self, n_input, cfg):
        self.n_frequencies = int(cfg.get("n_frequencies", 12))
        super().__init__(n_input, n_input * self.n_frequencies)

    def encode(self, x, params):
        columns = []
        for d in range(self.n_input):
            for f in range(self.n_frequencies):
                v = x[:, d] * (2.0 ** (f - 1)) + f * 0.25
                columns.append(torch.abs(v - torch.floor(v) - 0.5) * 4.0 - 1.0)
        return torch.stack(columns, dim=1)


class SphericalHarmonicsEncoding(Encoding):
    """
    encodings/spherical_harmonics.h: x in [0, 1]^3 becomes u = 2x - 1 and output l^2 + l + m (l < degree,
    -l <= m <= l) is tcnn's real spherical harmonic polynomial Y_l^m(u). tcnn's table (common_device.h: sh_enc,
    generated from Sloan's recurrences) is the real SH with the Condon-Shortley phase written as a polynomial that
    assumes |u| = 1 (z^2 terms stand for r^2 where they arise from the Legendre part):

        Y_l^m = c_l^m * A_m(u_x, u_y) * P_l^(|m|)(u_z),   c_l^m = K_l^|m| * (-1)^m * (sqrt 2 if m != 0 else 1)
        A_m = Re (u_x + i u_y)^m for m > 0, Im (u_x + i u_y)^|m| for m < 0, 1 for m = 0,
        K_l^m = sqrt((2l + 1) / (4 pi) * (l - m)! / (l + m)!), P_l^(m) the m-th derivative of the Legendre P_l.

    Here the polynomials are built from that formula (not copied), and tests check them against tcnn's published
    constants and orthonormality on the sphere. Padding: tcnn's JIT device function (and TinyNN) put the padded 1.0
    columns after the degree^2 values; tcnn's non-JIT kernel_sh writes them first. This follows the JIT layout.
    """

    def __init__(self, n_input, cfg):
        self.degree = int(cfg.get("degree", 4))
        if n_input != 3:
            raise ReferenceError(f"encoding: SphericalHarmonics encodes 3 input dims, got {n_input}")
        if not 1 <= self.degree <= 8:
            raise ReferenceError(f"encoding.degree: must be 1..8, got {self.degree}")
        super().__init__(n_input, self.degree * self.degree)
        self.terms = []  # (coefficient, m, power-series coefficients of P_l^(|m|) in u_z), in output order
        for l in range(self.degree):
            legendre_derivatives = [np.polynomial.legendre.Legendre.basis(l).deriv(m).convert(kind=np.polynomial.Polynomial).coef
                                    for m in range(l + 1)]
            for m in range(-l, l + 1):
                am = abs(m)
                k = math.sqrt((2 * l + 1) / (4 * math.pi) * math.factorial(l - am) / math.factorial(l + am))
                c = k * (-1) ** am * (math.sqrt(2.0) if m != 0 else 1.0)
                self.terms.append((c, m, legendre_derivatives[am]))

    def encode(self, x, params):
        u = 2.0 * x - 1.0
        ux, uy, uz = u[:, 0], u[:, 1], u[:, 2]
        re, im = [torch.ones_like(ux)], [torch.zeros_like(ux)]  # (u_x + i u_y)^m
        for _ in range(1, self.degree):
            re.append(re[-1] * ux - im[-1] * uy)
            im.append(re[-2] * uy + im[-1] * ux)
        columns = []
        for c, m, poly in self.terms:
            legendre = torch.zeros_like(uz)
            for coefficient in reversed(poly):  # Horner
                legendre = legendre * uz + float(coefficient)
            azimuthal = re[m] if m > 0 else (im[-m] if m < 0 else 1.0)
            columns.append(c * azimuthal * legendre)
        return torch.stack(columns, dim=1)


# Grid index overflow bounds per input dimension [common_device.h: grid_index, MAX_BASES].
GRID_MAX_BASES = [0x0, 0xFFFFFFFF, 0xFFFF, 0x659, 0xFF, 0x54, 0x28, 0x17, 0xF, 0xB, 0x9]
# CoherentPrime hash factors [common_device.h: coherent_prime_hash]; the first is 1 so that neighbouring cells
# along x stay neighbours in memory.
GRID_PRIMES = [1, 2654435761, 805459861, 3674653429, 2097192037, 1434869437, 2165219737]
UINT32 = 0xFFFFFFFF


class GridEncoding(Encoding):
    """
    encodings/grid.h (GridEncodingTemplated, kernel_grid) with common_device.h's grid_scale, grid_resolution,
    grid_index and pos_fract. All host-side level constants are float32 as in tcnn; the interpolation weights and
    the blend are float64 (the oracle's precision), on the same float32 cell and fraction tcnn computes.
    """

    padding_value = 0.0

    def __init__(self, n_input, cfg):
        otype = cfg.get("otype", "Grid")
        default_type = {"tiledgrid": "Tiled", "densegrid": "Dense"}.get(otype.lower(), "Hash")
        self.grid_type = cfg.get("type", default_type)
        if self.grid_type == "Tile":
            self.grid_type = "Tiled"
        if self.grid_type not in ("Hash", "Dense", "Tiled"):
            raise ReferenceError(f"encoding.type: must be Hash, Dense or Tiled, got {self.grid_type!r}")
        hash_name = cfg.get("hash", "CoherentPrime")
        if hash_name != "CoherentPrime":
            raise ReferenceError(f"encoding.hash: only CoherentPrime is supported, got {hash_name!r}")
        self.features = int(cfg.get("n_features_per_level", 2))
        if self.features not in (1, 2, 4, 8):
            raise ReferenceError(f"encoding.n_features_per_level: must be 1, 2, 4 or 8, got {self.features}")
        if "n_features" in cfg or "n_grid_features" in cfg:
            self.n_levels = int(cfg.get("n_features", cfg.get("n_grid_features"))) // self.features
        else:
            self.n_levels = int(cfg.get("n_levels", 16))
        self.log2_hashmap_size = int(cfg.get("log2_hashmap_size", 19))
        self.base_resolution = int(cfg.get("base_resolution", 16))
        # tcnn's default per_level_scale: 2, or for Dense the float32 scale reaching resolution 256 at the last level
        # (1 for a single level, where tcnn's formula divides by zero; TinyNN does the same).
        default_scale = np.float32(2.0)
        if self.grid_type == "Dense":
            default_scale = np.float32(1.0) if self.n_levels == 1 else np.float32(np.exp(
                np.float32(np.log(np.float32(256.0) / np.float32(self.base_resolution))) / np.float32(self.n_levels - 1)))
        self.per_level_scale = np.float32(cfg.get("per_level_scale", default_scale))
        self.interpolation = cfg.get("interpolation", "Linear")
        if self.interpolation not in ("Nearest", "Linear", "Smoothstep"):
            raise ReferenceError(f"encoding.interpolation: must be Nearest, Linear or Smoothstep, got {self.interpolation!r}")
        if not 1 <= n_input < len(GRID_MAX_BASES):
            raise ReferenceError(f"encoding: a grid encodes 1..{len(GRID_MAX_BASES) - 1} input dims, got {n_input}")
        super().__init__(n_input, self.n_levels * self.features)
        self.required_output_alignment = self.features

        # Per level: scale = exp2(l * log2(per_level_scale)) * base_resolution - 1 and resolution = ceil(scale) + 1,
        # in float32 [grid_scale, grid_resolution]; entries = res^D capped at 2^31 - 1, rounded up to a multiple of 8,
        # then limited to base_resolution^D (Tiled) or 2^log2_hashmap_size (Hash) [GridEncodingTemplated()].
        log2_scale = np.float32(math.log2(self.per_level_scale))
        self.scales, self.resolutions, self.offsets, self.sizes = [], [], [], []
        offset = 0
        max_params = UINT32 // 2
        for level in range(self.n_levels):
            exponent = np.float32(np.float32(level) * log2_scale)
            scale = np.float32(np.float32(2.0 ** float(exponent)) * np.float32(self.base_resolution) - np.float32(1.0))
            resolution = int(math.ceil(scale)) + 1
            dense = max_params if float(np.float32(resolution) ** n_input) > float(np.float32(max_params)) else resolution ** n_input
            size = next_multiple(dense, 8)
            if self.grid_type == "Tiled":
                size = min(size, self.base_resolution ** n_input)
            elif self.grid_type == "Hash":
                size = min(size, 1 << self.log2_hashmap_size)
            self.scales.append(scale)
            self.resolutions.append(resolution)
            self.offsets.append(offset)
            self.sizes.append(size)
            offset += size
        self.n_params = offset * self.features

    def vertex_index(self, level, vertex):
        """grid_index for integer vertices [N, D] (int64 holding uint32 values); returns the table entry [N]."""
        resolution, size = self.resolutions[level], self.sizes[level]
        index = np.zeros(vertex.shape[0], dtype=np.int64)
        if resolution <= GRID_MAX_BASES[self.n_input]:
            stride = 1
            for d in range(self.n_input):
                index = (index + vertex[:, d] * stride) & UINT32
                stride *= resolution
        else:
            stride = UINT32
        if self.grid_type == "Hash" and size < stride:
            index = np.zeros(vertex.shape[0], dtype=np.int64)
            for d in range(self.n_input):
                index ^= (vertex[:, d] * GRID_PRIMES[d]) & UINT32
        return index % size

    def cell_and_fraction(self, level, x):
        """
        pos_fract: p = fma(scale, x, 0.5) rounded once to float32, cell = floor(p) (as uint32), t = p - cell.
        In float64, scale * x + 0.5 is exact for float32 scale and x (48-bit product plus 0.5 within 53 bits for
        |scale * x| < 2^14), so rounding it to float32 is the fma. Returns cell [N, D] and t's float32 value [N, D].
        """
        x32 = x.detach().numpy().astype(np.float32).astype(np.float64)
        position = (float(self.scales[level]) * x32 + 0.5).astype(np.float32).astype(np.float64)
        floor = np.floor(position)
        return floor.astype(np.int64) & UINT32, position - floor

    def encode(self, x, params):
        table = params.view(-1, self.features)
        levels = []
        for level in range(self.n_levels):
            cell, fraction = self.cell_and_fraction(level, x)
            entries = lambda vertex: table[torch.from_numpy(self.offsets[level] + self.vertex_index(level, vertex))]
            if self.interpolation == "Nearest":
                levels.append(entries(cell))  # no interpolation, no gradient with respect to x
                continue
            # t has tcnn's float32 value and dt/dx = scale (its value is constant under autograd's d/dx otherwise).
            t = torch.from_numpy(fraction) + float(self.scales[level]) * (x - x.detach())
            w = t if self.interpolation == "Linear" else t * t * (3.0 - 2.0 * t)
            value = torch.zeros(x.shape[0], self.features, dtype=DTYPE)
            for corner in range(1 << self.n_input):
                bits = np.array([(corner >> d) & 1 for d in range(self.n_input)], dtype=np.int64)
                weight = torch.ones(x.shape[0], dtype=DTYPE)
                for d in range(self.n_input):
                    weight = weight * (w[:, d] if bits[d] else 1.0 - w[:, d])
                value = value + weight[:, None] * entries((cell + bits) & UINT32)
            levels.append(value)
        return torch.cat(levels, dim=1)  # column level * F + f


class CompositeEncoding(Encoding):
    """
    encodings/composite.h: nested encodings over input ranges (n_dims_to_encode, optional dims_to_encode_begin;
    one nested encoding may leave n_dims_to_encode out and takes the rest), combined by Concatenation, Sum or
    Product. Nested encodings are built with alignment 1, then each but the last is padded so that the next starts
    at a multiple of its required alignment; padding the composite pads the last one. Parameters: nested in order.
    """

    def __init__(self, n_input, cfg):
        nested = cfg.get("nested")
        if not isinstance(nested, list) or not nested:
            raise ReferenceError("encoding.nested: a Composite encoding needs a non-empty array of nested encodings")
        self.reduction = cfg.get("reduction", "Concatenation")
        if self.reduction not in ("Concatenation", "Sum", "Product"):
            raise ReferenceError(f"encoding.reduction: must be Concatenation, Sum or Product, got {self.reduction!r}")
        has_begin = any("dims_to_encode_begin" in item for item in nested)
        specified = sum(int(item.get("n_dims_to_encode", 0)) for item in nested)
        unspecified = None if has_begin else n_input - specified
        if not has_begin and specified > n_input:
            raise ReferenceError(f"encoding.nested: nested encodings encode {specified} dims, more than the {n_input} inputs")
        self.nested, self.begins = [], []
        offset = 0
        for item in nested:
            if "n_dims_to_encode" in item:
                offset = int(item.get("dims_to_encode_begin", offset))
                dims = int(item["n_dims_to_encode"])
            else:
                if unspecified is None:
                    raise ReferenceError("encoding.nested: only one nested encoding may leave n_dims_to_encode out")
                dims, unspecified = unspecified, None
            if dims > 0:
                if offset + dims > n_input:
                    raise ReferenceError(f"encoding.nested: dims {offset}..{offset + dims - 1} are past the {n_input} inputs")
                encoding = build_encoding(dims, item)
                encoding.set_alignment(1)
                self.nested.append(encoding)
                self.begins.append(offset)
            offset += dims
        if self.reduction == "Concatenation":
            done = 0
            for current, following in zip(self.nested, self.nested[1:]):
                current.set_padded_output_width(next_multiple(done + current.padded_width, following.required_output_alignment) - done)
                done += current.padded_width
            width = sum(e.padded_width for e in self.nested)
        else:
            for e in self.nested:
                e.set_alignment(self.composite_alignment())
            width = self.nested[0].padded_width
            if any(e.padded_width != width for e in self.nested):
                raise ReferenceError("encoding.nested: Sum and Product need nested encodings of one output width")
        super().__init__(n_input, width)
        self.required_output_alignment = self.composite_alignment()
        self.n_params = sum(e.n_params for e in self.nested)

    def composite_alignment(self):
        alignment = 1
        for e in self.nested:
            alignment = math.lcm(alignment, e.required_output_alignment)
        return alignment

    def set_padded_output_width(self, width):
        if self.reduction == "Concatenation":
            before = sum(e.padded_width for e in self.nested[:-1])
            self.nested[-1].set_padded_output_width(width - before)
        else:
            for e in self.nested:
                e.set_padded_output_width(width)
        self.padded_width = width

    def encode(self, x, params):
        raise AssertionError("CompositeEncoding pads through its nested encodings; use forward")

    def forward(self, x, params):
        outputs, offset = [], 0
        for e, begin in zip(self.nested, self.begins):
            outputs.append(e.forward(x[:, begin:begin + e.n_input], params[offset:offset + e.n_params]))
            offset += e.n_params
        if self.reduction == "Concatenation":
            return torch.cat(outputs, dim=1)
        result = outputs[0]
        for y in outputs[1:]:
            result = result + y if self.reduction == "Sum" else result * y
        return result


ENCODINGS = {
    "identity": IdentityEncoding,
    "frequency": FrequencyEncoding,
    "oneblob": OneBlobEncoding,
    "sphericalharmonics": SphericalHarmonicsEncoding,
    "trianglewave": TriangleWaveEncoding,
    "grid": GridEncoding,
    "hashgrid": GridEncoding,
    "densegrid": GridEncoding,
    "tiledgrid": GridEncoding,
    "composite": CompositeEncoding,
}


def build_encoding(n_input, cfg):
    if not isinstance(cfg, dict):
        raise ReferenceError("encoding: must be a JSON object")
    otype = cfg.get("otype", "OneBlob")  # tcnn's default otype [encoding.cu: create_encoding]
    if not isinstance(otype, str) or otype.lower() not in ENCODINGS:
        raise ReferenceError(f"encoding.otype: unsupported encoding {otype!r}")
    return ENCODINGS[otype.lower()](n_input, cfg)


# ---------------------------------------------------------------------------------------------------------------
# MLP [src/fully_fused_mlp.cu, src/cutlass_mlp.cu]: no biases, y = W x per layer.
# ---------------------------------------------------------------------------------------------------------------

NETWORK_TYPES = ("FullyFusedMLP", "CutlassMLP", "MLP", "MegakernelMLP")


class Mlp:
    def __init__(self, n_input, n_output, cfg):
        if not isinstance(cfg, dict):
            raise ReferenceError("network: must be a JSON object")
        otype = cfg.get("otype", "MLP")
        if otype not in NETWORK_TYPES:
            raise ReferenceError(f"network.otype: unsupported network {otype!r}; accepted: {', '.join(NETWORK_TYPES)}")
        self.activation = _activation(cfg.get("activation", "ReLU"), "activation")
        self.output_activation = _activation(cfg.get("output_activation", "None"), "output_activation")
        width = int(cfg.get("n_neurons", 128))
        hidden = int(cfg.get("n_hidden_layers", 5))
        self.n_output = n_output
        padded_output = next_multiple(n_output, 16)
        widths = [n_input] + [width] * hidden + [padded_output]
        self.shapes = list(zip(widths[1:], widths[:-1]))  # [fan_out, fan_in] per layer
        self.n_params = sum(o * i for o, i in self.shapes)

    def forward(self, z, params):
        offset = 0
        last = len(self.shapes) - 1
        for layer, (fan_out, fan_in) in enumerate(self.shapes):
            w = params[offset:offset + fan_out * fan_in].view(fan_out, fan_in)
            offset += fan_out * fan_in
            z = z @ w.T
            z = self.output_activation(z) if layer == last else self.activation(z)
        return z[:, :self.n_output]


class Model:
    """NetworkWithInputEncoding: encoding (Identity when the config has none) padded for the MLP, then the MLP."""

    def __init__(self, config, n_input, n_output):
        if not isinstance(config, dict) or "network" not in config:
            raise ReferenceError("config: needs a \"network\" object")
        self.encoding = build_encoding(n_input, config.get("encoding", {"otype": "Identity"}))
        self.encoding.set_alignment(16)  # minimum_alignment of FullyFusedMLP and CutlassMLP
        self.network = Mlp(self.encoding.padded_width, n_output, config["network"])
        self.n_params = self.network.n_params + self.encoding.n_params

    def forward(self, x, params):
        n = self.network.n_params
        return self.network.forward(self.encoding.forward(x, params[n:]), params[:n])


def gradients(model, x, g, params, h=None):
    """Autograd with create_graph=True; numpy float64 arrays in and out (a dict keyed by output file stem)."""
    x = torch.tensor(x, dtype=DTYPE, requires_grad=True)
    g = torch.tensor(g, dtype=DTYPE, requires_grad=True)
    params = torch.tensor(params, dtype=DTYPE, requires_grad=True)
    output = model.forward(x, params)
    l1 = (output * g).sum()
    dl_dinput, dl_dparams = torch.autograd.grad(l1, [x, params], create_graph=True, allow_unused=True)
    dl_dinput = torch.zeros_like(x) if dl_dinput is None else dl_dinput
    dl_dparams = torch.zeros_like(params) if dl_dparams is None else dl_dparams
    result = {"output": output, "dl_dinput": dl_dinput, "dl_dparams": dl_dparams}
    if h is not None:
        l2 = (dl_dinput * torch.tensor(h, dtype=DTYPE)).sum()
        wrt = [g, x, params]
        second = torch.autograd.grad(l2, wrt, allow_unused=True) if l2.requires_grad else [None] * 3
        for name, value, like in zip(["dl2_ddl1_doutput", "dl2_dinput", "dl2_dparams"], second, wrt):
            result[name] = torch.zeros_like(like) if value is None else value
    return {name: value.detach().numpy() for name, value in result.items()}


# ---------------------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------------------

def load_npy(path, role, rank):
    if not os.path.isfile(path):
        raise ReferenceError(f"{path}: {role} file not found")
    try:
        array = np.load(path, allow_pickle=False)
    except (ValueError, OSError) as e:
        raise ReferenceError(f"{path}: not a readable .npy file ({e})")
    if array.dtype != np.float32:
        raise ReferenceError(f"{path}: {role} must be float32, got {array.dtype}")
    if array.ndim != rank:
        raise ReferenceError(f"{path}: {role} must have rank {rank}, got shape {array.shape}")
    return array.astype(np.float64)


def run(argv):
    """One oracle run from command-line arguments; returns None or the error message (nothing written then)."""
    parser = argparse.ArgumentParser(description="PyTorch float64 autograd oracle for `tinynn grad`.")
    parser.add_argument("--config", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--dl-doutput", required=True)
    parser.add_argument("--params", required=True)
    parser.add_argument("--dl2-ddl1-dinput")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    try:
        try:
            with open(args.config, encoding="utf-8") as f:
                config = json.load(f)
        except OSError as e:
            raise ReferenceError(f"{args.config}: cannot read the config ({e.strerror})")
        except json.JSONDecodeError as e:
            raise ReferenceError(f"{args.config}: malformed JSON ({e})")
        x = load_npy(args.input, "input", 2)
        g = load_npy(args.dl_doutput, "dL/doutput", 2)
        params = load_npy(args.params, "params", 1)
        h = load_npy(args.dl2_ddl1_dinput, "dL2/d(dL1/dinput)", 2) if args.dl2_ddl1_dinput else None
        if g.shape[0] != x.shape[0]:
            raise ReferenceError(f"{args.dl_doutput}: {g.shape[0]} rows, but the input has {x.shape[0]}")
        if h is not None and h.shape != x.shape:
            raise ReferenceError(f"{args.dl2_ddl1_dinput}: shape {h.shape} must equal the input's {x.shape}")
        model = Model(config, x.shape[1], g.shape[1])
        if params.shape[0] != model.n_params:
            raise ReferenceError(f"{args.params}: {params.shape[0]} parameters, the model has {model.n_params}")
        results = gradients(model, x, g, params, h)
    except ReferenceError as e:
        return str(e)
    os.makedirs(args.out, exist_ok=True)
    for name, value in results.items():
        np.save(os.path.join(args.out, name + ".npy"), value)
    return None


def main(argv):
    """
    One run, or with `--batch FILE` one run per element of FILE's JSON array of argument lists (torch's import
    takes most of a run's time, so a test matrix goes through one process). Errors: one line each on stderr,
    prefixed in a batch with that run's --out folder; exit code 2 if any run failed.
    """
    if len(argv) == 2 and argv[0] == "--batch":
        with open(argv[1], encoding="utf-8") as f:
            jobs = json.load(f)
        failed = False
        for job in jobs:
            error = run(job)
            if error is not None:
                out = job[job.index("--out") + 1] if "--out" in job else "?"
                print(f"torch_reference: {out}: {error}", file=sys.stderr)
                failed = True
        return 2 if failed else 0
    error = run(argv)
    if error is not None:
        print(f"torch_reference: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
