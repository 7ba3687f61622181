using System.Runtime.CompilerServices;

// ILGPU's CPU accelerator emits its kernel wrappers into a dynamic assembly named ILGPURuntime, which must see the
// internal kernel argument types (basis structs, shapes) that the encodings keep out of the public API.
[assembly: InternalsVisibleTo("ILGPURuntime")]
