using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/TinyNN.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(TinyNN.Benchmarks.GeneratorBenchmarks).Assembly).Run(args);
