using System.Text.Json.Nodes;

namespace TinyNN.Tests.Alignment;

/// <summary>
/// One model of the alignment matrix: its tcnn config, input and output widths, and where inputs are drawn:
/// [−1, 1) for plain MLPs, [0, 1) for encodings (their domain). <see cref="CellScales"/> lists a grid's level
/// scales; inputs whose position scale·x + 0.5 lies within 1e-3 of a cell face at any level are redrawn, so the
/// comparison never hinges on how the last bit of a float32 position rounds (both sides emulate tcnn's fmaf, but
/// a cell flip would turn a rounding difference into a different vertex).
/// </summary>
internal sealed record AlignmentCase(string Name, JsonObject Config, int InputWidth, int OutputWidth, bool UnitInputs, float[] CellScales)
{
    public override string ToString() => Name;

    /// <summary>Seeded inputs [N, InputWidth], row-major, away from grid cell faces.</summary>
    public float[] DrawInputs(Random random, int samples)
    {
        var x = new float[samples * InputWidth];
        for (var i = 0; i < samples; i++)
        {
            float[] row;
            do
            {
                row = [.. Enumerable.Range(0, InputWidth).Select(_ => UnitInputs ? random.NextSingle() : 2 * random.NextSingle() - 1)];
            }
            while (row.Any(NearCellFace));
            row.CopyTo(x, i * InputWidth);
        }
        return x;
    }

    private bool NearCellFace(float x) => CellScales.Any(scale =>
    {
        var position = (double)(float)(scale * (double)x + 0.5);
        var fraction = position - Math.Floor(position);
        return fraction < 1e-3 || fraction > 1 - 1e-3;
    });
}
