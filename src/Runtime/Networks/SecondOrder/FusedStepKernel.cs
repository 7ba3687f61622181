using ILGPU;
using ILGPU.Algorithms;
using TinyNN.Activations;
using TinyNN.Losses;

namespace TinyNN.Networks.SecondOrder;

/// <summary>
/// The whole second-order training step of an MLP with one output in one kernel (issue 13, docs/fused-second-order.md):
/// per tile of 32 samples, the forward pass, the backward to ∇ₓf, the Eikonal term's direction, the data loss, the
/// tangent and second-order sweeps and the parameter gradient, with every layer vector kept on chip. A group has two warps
/// per 16 neurons, one for each half of the samples; each computes its 16 rows × 16 samples of every layer product on
/// tensor cores in 3×TF32 (<see cref="WarpTile"/>),
/// keeps its lanes' pₖ and aₖ₊₁ (later cₖ) in private shared-memory slots and exchanges layer vectors through two
/// [row][sample] tiles. The weights stay resident in shared memory for the group's life; groups are persistent (a few
/// an SM) and loop over the batch's tiles, each adding its tiles' outer products into its own partial parameter
/// gradient (zeroed before the launch; read-add-write by the lane that owns each element, in a fixed order), which
/// <see cref="TiledOuterProductKernel.ReducePartials"/> then sums over the groups in a fixed order.
/// The math is the contract of docs/second-order.md with dL₁/dy = 1 (∇ₓ of the output), g₀ the Eikonal direction and
/// the data loss's dL/dy folded into the second-order sweep as the trainer does (<see cref="ElementMath{TActivation}"/>).
/// </summary>
internal static class FusedStepKernel
{
    /// <summary>Samples a tile holds.</summary>
    public const int Samples = WarpTile.Samples;

    /// <summary>
    /// Launch: <see cref="FusedStepLayout.GroupSize"/> threads a group, <see cref="FusedStepLayout.Bytes"/> of dynamic shared memory;
    /// <typeparamref name="TCores"/> <see cref="WithTensorCores"/> on a GPU, <see cref="WithEmulatedTensorCores"/> on the simulator.
    /// </summary>
    public static void Step<THidden, TOutput, TLoss, TCores>(FusedStepViews v)
        where THidden : struct, IActivation where TOutput : struct, IActivation where TLoss : struct, IElementLoss where TCores : struct, ITensorCores
    {
        var shared = SharedMemory.GetDynamic<float>();
        var map = new FusedStepLayout(v.Width, v.PaddedInputs, v.HiddenLayers, Group.DimX);
        var thread = Group.IdxX;
        // Warp w: rows 16·(w mod width/16), samples 16·(w div width/16).
        var blocks = v.Width >> 4;
        var warp = thread >> 5;
        var lane = new FusedStepLane
        {
            Shared = shared, Map = map, Thread = thread, M0 = warp % blocks << 4, N0 = warp / blocks << 4, G = (thread & 31) >> 2, T = thread & 3,
        };
        var partial = v.Partials.SubView((long)Grid.IdxX * v.PartialLength, v.PartialLength);
        LoadWeights(shared, map, v);
        for (var tile = Grid.IdxX; tile < v.Tiles; tile += Grid.DimX)
        {
            Group.Barrier();
            Tile<THidden, TOutput, TLoss, TCores>(v, lane, partial, tile * Samples);
        }
    }

    private static void Tile<THidden, TOutput, TLoss, TCores>(FusedStepViews v, FusedStepLane lane, ArrayView<float> partial, int first)
        where THidden : struct, IActivation where TOutput : struct, IActivation where TLoss : struct, IElementLoss where TCores : struct, ITensorCores
    {
        var shared = lane.Shared;
        var map = lane.Map;
        var layers = v.HiddenLayers;
        var warps = Group.DimX >> 5;
        var inputTiles = v.PaddedInputs >> 4;
        int current = map.Tile(0), other = map.Tile(1);
        LoadInput(shared, current, v, first);
        Group.Barrier();

        // Forward: pₖ kept, hₖ₊₁ to the other tile.
        for (var k = 0; k < layers; k++)
        {
            var p = FusedStepProducts.Layer<RowMajorWeights, TCores>(shared, Weights(map, k), current, k == 0 ? v.PaddedInputs : v.Width, lane.M0, lane.N0, lane.G, lane.T);
            var forward = new ForwardOp<THidden> { Lane = lane, Layer = k, Destination = other };
            p.ForEach(ref forward);
            Group.Barrier();
            (current, other) = (other, current);
        }
        OutputLayer<TOutput, TLoss>(v, lane, current, first);
        Group.Barrier();

        // Backward from dL₁/dy = 1 down to ∇ₓf: δₖ to alternate tiles, aₖ₊₁ kept.
        WarpTile a = default;
        var gradient = default(WarpTile);
        for (var k = layers - 1; k >= 0; k--)
        {
            var backward = new BackwardOp<THidden> { Lane = lane, Layer = k, Destination = other, FromOutput = k == layers - 1 };
            a.ForEach(ref backward);
            Group.Barrier();
            if (k > 0) a = FusedStepProducts.Layer<TransposedWeights, TCores>(shared, Transposed(map, k), other, v.Width, lane.M0, lane.N0, lane.G, lane.T);
            (current, other) = (other, current);
        }
        // current holds δ₀; ∇ₓf = W₀ᵀδ₀, rows of the padded input, into the other tile.
        for (var unit = Group.IdxX >> 5; unit < 2 * inputTiles; unit += warps)
        {
            gradient = FusedStepProducts.Layer<TransposedWeights, TCores>(shared, Transposed(map, 0), current, v.Width, unit >> 1 << 4, (unit & 1) << 4, lane.G, lane.T);
            var store = new StoreOp { Lane = lane with { M0 = unit >> 1 << 4, N0 = (unit & 1) << 4 }, Destination = other };
            gradient.ForEach(ref store);
        }
        Group.Barrier();
        EikonalDirection(v, shared, other, current, Group.IdxX, first);
        Group.Barrier();

        // Tangent sweep from g₀ (in current): uₖ = Wₖgₖ, gₖ₊₁ = σ′(pₖ)·uₖ in place; dWₖ += δₖgₖᵀ; cₖ replaces aₖ₊₁.
        for (var k = 0; k < layers; k++)
        {
            var delta = new DeltaOp<THidden> { Lane = lane, Layer = k, Destination = other };
            default(WarpTile).ForEach(ref delta);
            var u = FusedStepProducts.Layer<RowMajorWeights, TCores>(shared, Weights(map, k), current, k == 0 ? v.PaddedInputs : v.Width, lane.M0, lane.N0, lane.G, lane.T);
            Group.Barrier();
            FusedStepProducts.Outer<TCores>(shared, other, current, partial.SubView(PartialOffset(v, k)), Columns(v, k), lane.M0, lane.N0 >> 4, lane.G, lane.T);
            Group.Barrier();
            var tangent = new TangentOp<THidden> { Lane = lane, Layer = k, Destination = current };
            u.ForEach(ref tangent);
            Group.Barrier();
        }

        // The output layer's tangent, s_out, and dW_out += δ_out g_Lᵀ + s_out h_Lᵀ.
        var activation = new ActivationOp<THidden> { Lane = lane, Layer = layers - 1, Destination = other };
        default(WarpTile).ForEach(ref activation);
        Group.Barrier();
        OutputSecondOrder<TOutput>(v, shared, map, current, Group.IdxX);
        Group.Barrier();
        OutputGradient(v, shared, map, current, other, partial, Group.IdxX);
        Group.Barrier();

        // Second-order sweep: sₖ = σ′(pₖ)·Wₖ₊₁ᵀsₖ₊₁ + cₖ; dWₖ += sₖhₖᵀ; dL/dx = W₀ᵀs₀ where asked.
        var wantInputGradient = v.InputGradient.Length > 0;
        WarpTile e = default;
        for (var k = layers - 1; k >= 0; k--)
        {
            var second = new SecondOrderOp<THidden> { Lane = lane, Layer = k, Destination = current, FromOutput = k == layers - 1 };
            e.ForEach(ref second);
            if (k > 0)
            {
                var hidden = new ActivationOp<THidden> { Lane = lane, Layer = k - 1, Destination = other };
                default(WarpTile).ForEach(ref hidden);
            }
            else
            {
                LoadInput(shared, other, v, first);
            }
            Group.Barrier();
            FusedStepProducts.Outer<TCores>(shared, current, other, partial.SubView(PartialOffset(v, k)), Columns(v, k), lane.M0, lane.N0 >> 4, lane.G, lane.T);
            if (k > 0) e = FusedStepProducts.Layer<TransposedWeights, TCores>(shared, Transposed(map, k), current, v.Width, lane.M0, lane.N0, lane.G, lane.T);
            Group.Barrier();
        }
        if (!wantInputGradient) return;
        for (var unit = Group.IdxX >> 5; unit < 2 * inputTiles; unit += warps)
        {
            gradient = FusedStepProducts.Layer<TransposedWeights, TCores>(shared, Transposed(map, 0), current, v.Width, unit >> 1 << 4, (unit & 1) << 4, lane.G, lane.T);
            var store = new StoreOp { Lane = lane with { M0 = unit >> 1 << 4, N0 = (unit & 1) << 4 }, Destination = other };
            gradient.ForEach(ref store);
        }
        Group.Barrier();
        StoreInputGradient(v, shared, other, first);
    }

    private static RowMajorWeights Weights(FusedStepLayout map, int k) => new() { Base = map.Matrix(k), Stride = map.Stride(k) };

    private static TransposedWeights Transposed(FusedStepLayout map, int k) => new() { Base = map.Matrix(k), Stride = map.Stride(k) };

    /// <summary>Where matrix k's sums start in a group's partials (the parameter layout without the output's padded rows).</summary>
    private static long PartialOffset(FusedStepViews v, int k) =>
        k == 0 ? 0 : (long)v.Width * v.InputWidth + (long)(k - 1) * v.Width * v.Width;

    private static int Columns(FusedStepViews v, int k) => k == 0 ? v.InputWidth : v.Width;

    /// <summary>Every matrix into its resident place (columns of the first past the inputs are zeros), and W_out's first row.</summary>
    private static void LoadWeights(ArrayView<float> shared, FusedStepLayout map, FusedStepViews v)
    {
        for (var k = 0; k < v.HiddenLayers; k++)
        {
            var stride = map.Stride(k);
            var columns = Columns(v, k);
            var source = PartialOffset(v, k);
            var count = v.Width * stride;
            for (var e = Group.IdxX; e < count; e += Group.DimX)
            {
                var row = e / stride;
                var column = e - row * stride;
                shared[map.Matrix(k) + e] = column < columns ? v.Weights[source + (long)row * columns + column] : 0f;
            }
        }
        for (var r = Group.IdxX; r < v.Width; r += Group.DimX) shared[map.OutputRow + r] = v.Weights[v.OutputMatrixOffset + r];
    }

    /// <summary>The tile's inputs into rows 0 … padded inputs − 1 of a tile (zeros past the inputs and past the batch).</summary>
    private static void LoadInput(ArrayView<float> shared, int tile, FusedStepViews v, int first)
    {
        var count = v.PaddedInputs * Samples;
        for (var e = Group.IdxX; e < count; e += Group.DimX)
        {
            var s = e / v.PaddedInputs;
            var d = e - s * v.PaddedInputs;
            shared[tile + d * WarpTile.RowStride + s] =
                d < v.InputWidth && first + s < v.BatchSize ? v.Input[(long)(first + s) * v.InputWidth + d] : 0f;
        }
    }

    /// <summary>
    /// Threads 0 … 31, one sample each: q = W_out h_L, y = σ_out(q), δ_out = σ′_out(q) (dL₁/dy = 1; 0 past the batch), and
    /// with targets the data loss's value and ê = dL/dy, kept for the second-order sweep.
    /// </summary>
    private static void OutputLayer<TOutput, TLoss>(FusedStepViews v, FusedStepLane lane, int tile, int first)
        where TOutput : struct, IActivation where TLoss : struct, IElementLoss
    {
        var shared = lane.Shared;
        var map = lane.Map;
        var q = DotOverNeurons(v, shared, map, tile, lane.Thread);
        var s = lane.Thread;
        if (s >= Samples) return;
        var sample = first + s;
        var valid = sample < v.BatchSize;
        var y = ElementMath<TOutput>.Forward(q);
        var lossGradient = 0f;
        if (valid)
        {
            if (v.Output.Length > 0) v.Output[sample] = y;
            if (v.Target.Length > 0)
            {
                var target = v.Target[sample];
                lossGradient = TLoss.Gradient(y, target, v.LossParameter) * v.LossNormalization;
                if (v.LossValues.Length > 0) v.LossValues[sample] = TLoss.Value(y, target, v.LossParameter) * v.LossNormalization;
            }
        }
        shared[map.SampleRow(FusedStepLane.OutputPreActivation) + s] = q;
        shared[map.SampleRow(FusedStepLane.OutputDelta) + s] = valid ? ElementMath<TOutput>.DerivativeTimes(q, 1f) : 0f;
        shared[map.SampleRow(FusedStepLane.LossGradient) + s] = lossGradient;
    }

    /// <summary>
    /// Threads 0 … 31, one sample each: from ∇ₓf (rows of <paramref name="gradient"/>), n = s‖∇ₓf‖, the residual (n − 1)²
    /// and g₀ = w·2(n − 1)·s²·∇ₓf / n into <paramref name="direction"/> (as <see cref="Training.EikonalRegularizer"/>).
    /// </summary>
    private static void EikonalDirection(FusedStepViews v, ArrayView<float> shared, int gradient, int direction, int thread, int first)
    {
        if (thread >= Samples) return;
        var squares = 0f;
        for (var d = 0; d < v.InputWidth; d++)
        {
            var x = shared[gradient + d * WarpTile.RowStride + thread];
            squares += x * x;
        }
        var n = v.EikonalScale * XMath.Sqrt(squares);
        var valid = first + thread < v.BatchSize;
        var factor = valid ? v.EikonalWeight * 2f * (n - 1f) * v.EikonalScale * v.EikonalScale / XMath.Max(n, 1e-12f) : 0f;
        if (valid && v.Residuals.Length > 0) v.Residuals[first + thread] = (n - 1f) * (n - 1f);
        for (var d = 0; d < v.PaddedInputs; d++)
        {
            shared[direction + d * WarpTile.RowStride + thread] = factor * shared[gradient + d * WarpTile.RowStride + thread];
        }
    }

    /// <summary>
    /// Threads 0 … 31, one sample each: the output tangent u = W_out g_L and s_out = σ″(q)·u·1 + σ′(q)·ê (past the batch
    /// g_L and ê are zeros, so s_out is too).
    /// </summary>
    private static void OutputSecondOrder<TOutput>(FusedStepViews v, ArrayView<float> shared, FusedStepLayout map, int tangents, int thread)
        where TOutput : struct, IActivation
    {
        var u = DotOverNeurons(v, shared, map, tangents, thread);
        if (thread >= Samples) return;
        var q = shared[map.SampleRow(FusedStepLane.OutputPreActivation) + thread];
        var terms = ElementMath<TOutput>.OutputSecondOrder(q, u, 1f);
        var second = ElementMath<TOutput>.WithFirstOrderTerm(terms, shared[map.SampleRow(FusedStepLane.LossGradient) + thread]);
        shared[map.SampleRow(FusedStepLane.OutputSecondAdjoint) + thread] = second;
    }

    /// <summary>Threads r &lt; width: dW_out[r] += Σ over the tile of δ_out g_L[r] + s_out h_L[r].</summary>
    private static void OutputGradient(FusedStepViews v, ArrayView<float> shared, FusedStepLayout map, int tangents, int activations,
        ArrayView<float> partial, int thread)
    {
        if (thread >= v.Width) return;
        var sum = 0f;
        var delta = map.SampleRow(FusedStepLane.OutputDelta);
        var second = map.SampleRow(FusedStepLane.OutputSecondAdjoint);
        for (var s = 0; s < Samples; s++)
        {
            sum += shared[delta + s] * shared[tangents + thread * WarpTile.RowStride + s]
                + shared[second + s] * shared[activations + thread * WarpTile.RowStride + s];
        }
        partial[PartialOffset(v, v.HiddenLayers) + thread] += sum;
    }

    /// <summary>
    /// W_out·(column s of a tile) for thread s &lt; 32 (the others get 0): warp w adds rows w, w + warps, … of its lane's
    /// sample into its own per-sample row, then the first warp adds the warps' rows in order. Every thread must call it
    /// (it holds a barrier); one warp alone spent most of a tile's output layer waiting on its 64 dependent loads.
    /// </summary>
    private static float DotOverNeurons(FusedStepViews v, ArrayView<float> shared, FusedStepLayout map, int tile, int thread)
    {
        var warps = Group.DimX >> 5;
        var warp = thread >> 5;
        var s = thread & 31;
        var sum = 0f;
        for (var r = warp; r < v.Width; r += warps) sum += shared[map.OutputRow + r] * shared[tile + r * WarpTile.RowStride + s];
        shared[map.SampleRow(4 + warp) + s] = sum;
        Group.Barrier();
        if (thread >= Samples) return 0f;
        var total = 0f;
        for (var w = 0; w < warps; w++) total += shared[map.SampleRow(4 + w) + s];
        return total;
    }

    /// <summary>dL/dx from the tile's rows to the [batch, inputs] array.</summary>
    private static void StoreInputGradient(FusedStepViews v, ArrayView<float> shared, int tile, int first)
    {
        var count = v.InputWidth * Samples;
        for (var e = Group.IdxX; e < count; e += Group.DimX)
        {
            var s = e / v.InputWidth;
            var d = e - s * v.InputWidth;
            if (first + s < v.BatchSize) v.InputGradient[(long)(first + s) * v.InputWidth + d] = shared[tile + d * WarpTile.RowStride + s];
        }
    }
}
