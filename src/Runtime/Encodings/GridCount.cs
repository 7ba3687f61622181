namespace TinyNN.Encodings;

/// <summary>
/// A compile-time count for the grid kernels (position dimensions D or features per level F): ILGPU specialises a
/// kernel per struct type argument, so loops over 2^D corners get constant bounds and unused axes and features
/// fold away instead of living in local-memory arrays.
/// </summary>
internal interface IGridCount
{
    /// <summary>The count.</summary>
    static abstract int Value { get; }
}

/// <summary>1.</summary>
internal struct GridCount1 : IGridCount { public static int Value => 1; }

/// <summary>2.</summary>
internal struct GridCount2 : IGridCount { public static int Value => 2; }

/// <summary>3.</summary>
internal struct GridCount3 : IGridCount { public static int Value => 3; }

/// <summary>4.</summary>
internal struct GridCount4 : IGridCount { public static int Value => 4; }

/// <summary>8.</summary>
internal struct GridCount8 : IGridCount { public static int Value => 8; }
