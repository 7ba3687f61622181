using System.Globalization;
using TinyNN.CacheWriter;
using TinyNN.Devices;

// usage: TinyNN.CacheWriter DIRECTORY MAX_BYTES ROUNDS
// Reads every kernel of every target ROUNDS times through the cache in DIRECTORY, compiling (storing) on a miss; exits 3
// the moment the cache returns PTX other than the kernel's own (a torn, corrupted or foreign entry).
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: TinyNN.CacheWriter DIRECTORY MAX_BYTES ROUNDS");
    return 2;
}
var store = new KernelCacheStore(args[0], long.Parse(args[1], CultureInfo.InvariantCulture));
var rounds = int.Parse(args[2], CultureInfo.InvariantCulture);
using var compiler = new PtxCompiler();
var ptx = CacheWriterKernels.All.ToDictionary(kernel => kernel, kernel => compiler.Compile(kernel));
var caches = CacheWriterKernels.Targets.Select(target => new KernelCache(store, target)).ToList();
for (var round = 0; round < rounds; round++)
{
    foreach (var cache in caches)
    {
        foreach (var kernel in CacheWriterKernels.All)
        {
            var entry = cache.GetOrCompile(kernel, explicitlyGrouped: false, method => ptx[method]);
            if (entry.Ptx != ptx[kernel])
            {
                Console.Error.WriteLine($"round {round}: the cache returned other PTX for {kernel.Name} under {cache.Target.Trim()}");
                return 3;
            }
        }
    }
}
Console.WriteLine($"hits {caches.Sum(cache => cache.Hits)} misses {caches.Sum(cache => cache.Misses)} rejected {store.Rejected}");
return 0;
