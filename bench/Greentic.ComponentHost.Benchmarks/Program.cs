using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Greentic.ComponentHost.Benchmarks -- --filter '*'
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithId("short"))
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(Greentic.ComponentHost.Benchmarks.Samples).Assembly).Run(args, config);
