using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Greentic.Rpc.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
