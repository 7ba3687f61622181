namespace TinyNN.Networks;

/// <summary>
/// tcnn's initial weights: Xavier uniform ±√(6/(fan_in + fan_out)) per matrix; with a Sine hidden activation,
/// SIREN's scheme folded into the weights (first matrix ±30/fan_in, the others ±√(6/fan_in)).
/// </summary>
public static class MlpInitialization
{
    /// <summary>Fresh parameters for <paramref name="layout"/>, deterministic in <paramref name="seed"/>.</summary>
    public static float[] Create(MlpLayout layout, bool siren, int seed)
    {
        var random = new Random(seed);
        var parameters = new float[layout.ParameterCount];
        for (var layer = 0; layer <= layout.HiddenLayers; layer++)
        {
            int rows = layout.Rows(layer), columns = layout.Columns(layer);
            var bound = siren
                ? (layer == 0 ? 30.0 / columns : Math.Sqrt(6.0 / columns))
                : Math.Sqrt(6.0 / (columns + rows));
            var offset = layout.MatrixOffset(layer);
            for (long i = 0; i < (long)rows * columns; i++) parameters[offset + i] = (float)((random.NextDouble() * 2 - 1) * bound);
        }
        return parameters;
    }
}
