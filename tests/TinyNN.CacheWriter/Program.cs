using System.Diagnostics;
using System.Globalization;
using TinyNN.CacheWriter;
using TinyNN.Devices;

// usage: TinyNN.CacheWriter DIRECTORY MAX_BYTES ROUNDS WRITERS
// Once WRITERS processes are ready (compiled), reads every kernel of every target ROUNDS times through the cache in
// DIRECTORY, compiling (storing) on a miss; exits 3 the moment the cache returns PTX other than the kernel's own (a torn,
// corrupted or foreign entry).
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: TinyNN.CacheWriter DIRECTORY MAX_BYTES ROUNDS WRITERS");
    return 2;
}
var store = new KernelCacheStore(args[0], long.Parse(args[1], CultureInfo.InvariantCulture));
var rounds = int.Parse(args[2], CultureInfo.InvariantCulture);
var writers = int.Parse(args[3], CultureInfo.InvariantCulture);
using var compiler = new PtxCompiler();
var ptx = CacheWriterKernels.All.ToDictionary(kernel => kernel, kernel => compiler.Compile(kernel));
var caches = CacheWriterKernels.Targets.Select(target => new KernelCache(store, target)).ToList();
// Start together, so that the writers really overlap: each marks itself ready and waits for the others.
Directory.CreateDirectory(store.Directory);
File.WriteAllText(Path.Combine(store.Directory, $"{Environment.ProcessId}.ready"), "");
var waited = Stopwatch.StartNew();
while (Directory.GetFiles(store.Directory, "*.ready").Length < writers)
{
    if (waited.Elapsed > TimeSpan.FromMinutes(2))
    {
        Console.Error.WriteLine($"the other writers never became ready ({writers} expected)");
        return 4;
    }
    Thread.Sleep(10);
}
var loop = Stopwatch.StartNew();
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
Console.WriteLine($"hits {caches.Sum(cache => cache.Hits)} misses {caches.Sum(cache => cache.Misses)} rejected {store.Rejected} in {loop.ElapsedMilliseconds} ms");
return 0;
