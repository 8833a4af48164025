using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Wasmtime;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// Builds the one engine from the options, and its fingerprint: the Wasmtime version plus every setting that
/// changes compiled code, so a cached artifact from another version or configuration is never reused.
/// </summary>
internal static class EngineBuilder
{
    public static Engine Build(ComponentHostOptions options)
    {
        using var config = new Config()
            .WithComponentModel(true)
            .WithEpochInterruption(true)
            .WithFuelConsumption(options.ConsumeFuel)
            .WithMaximumStackSize(options.MaxWasmStackBytes);
        if (options.Pooling.Enabled)
        {
            var p = options.Pooling;
            using var pooling = new PoolingAllocationConfig()
                .WithTotalComponentInstances(p.TotalComponentInstances)
                .WithMaxCoreInstances(p.TotalCoreInstances)
                .WithMaxMemories(p.TotalMemories)
                .WithMaxTables(p.TotalTables)
                .WithMaxMemorySize((nuint)p.MaxMemoryBytes)
                .WithMaxCoreInstancesPerComponent(p.MaxCoreInstancesPerComponent)
                .WithMaxMemoriesPerComponent(p.MaxMemoriesPerComponent)
                .WithMaxTablesPerComponent(p.MaxTablesPerComponent)
                .WithMaxComponentInstanceSize((nuint)p.MaxComponentInstanceBytes)
                .WithMaxCoreInstanceSize((nuint)p.MaxCoreInstanceBytes);
            config.WithPoolingAllocationStrategy(pooling);
        }
        return new Engine(config);
    }

    public static string Fingerprint(ComponentHostOptions options)
    {
        var assembly = typeof(Engine).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "unknown";
        var settings = $"wasmtime={version};arch={System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture};" +
            $"fuel={options.ConsumeFuel};epoch=true;stack={options.MaxWasmStackBytes};pooling={options.Pooling.Enabled};" +
            $"maxmem={options.Pooling.MaxMemoryBytes}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings)))[..16];
    }
}
