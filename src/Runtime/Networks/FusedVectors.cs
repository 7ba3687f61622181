namespace TinyNN.Networks;

/// <summary>16 neurons in registers (generated).</summary>
[FusedVector(16)]
public partial struct Vector16;

/// <summary>32 neurons in registers (generated).</summary>
[FusedVector(32)]
public partial struct Vector32;

/// <summary>64 neurons in registers (generated).</summary>
[FusedVector(64)]
public partial struct Vector64;

/// <summary>128 neurons in registers (generated).</summary>
[FusedVector(128)]
public partial struct Vector128;
