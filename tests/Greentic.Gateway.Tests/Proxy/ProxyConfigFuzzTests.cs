using Greentic.Gateway.Proxy;
using Greentic.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Yarp.ReverseProxy.Configuration;

namespace Greentic.Gateway.Tests.Proxy;

/// <summary>
/// Thousands of truncated and mutated proxy config files (<c>Proxy:ConfigFile</c>): each is read and validated, or
/// refused with a <see cref="ProxyConfigException"/> naming the file — never another exception, which would stop the
/// gateway's reload loop.
/// </summary>
public sealed class ProxyConfigFuzzTests(ITestOutputHelper output)
{
    private const string Sample = """
        {
          "Routes": {
            "grpc": { "ClusterId": "cp", "Match": { "Path": "/{**grpc-path}", "Headers": [ { "Name": "content-type", "Values": [ "application/grpc" ], "Mode": "HeaderPrefix" } ] } }
          },
          "Clusters": {
            "cp": {
              "LoadBalancingPolicy": "PowerOfTwoChoices",
              "HealthCheck": {
                "AvailableDestinationsPolicy": "HealthyAndUnknown",
                "Active": { "Enabled": true, "Interval": "00:00:05", "Timeout": "00:00:03", "Policy": "ConsecutiveFailures" },
                "Passive": { "Enabled": true, "ReactivationPeriod": "00:00:30" }
              },
              "HttpRequest": { "Version": "2.0", "VersionPolicy": "RequestVersionExact", "ActivityTimeout": "00:01:00" },
              "Destinations": { "replica-0": { "Address": "http://127.0.0.1:7878" }, "replica-1": { "Address": "http://127.0.0.1:7880", "Health": "http://127.0.0.1:7881" } }
            }
          }
        }
        """;

    [Fact]
    public async Task Every_broken_config_file_is_read_or_refused_naming_the_file()
    {
        await using var services = new ServiceCollection().AddLogging().AddReverseProxy().Services.BuildServiceProvider();
        var validator = new ProxyConfigValidator(services.GetRequiredService<IConfigValidator>());
        var path = Path.Combine(Path.GetTempPath(), $"gateway-fuzz-{Guid.NewGuid():N}.json");
        int cases = 0, loaded = 0, refused = 0;
        try
        {
            File.WriteAllText(path, Sample);
            Assert.Empty(await validator.ValidateAsync(ProxyConfigReader.ReadFile(path, null)));
            foreach (var (name, text) in ConfigFuzzer.Cases(Sample, mutations: 2500))
            {
                cases++;
                File.WriteAllText(path, text);
                try
                {
                    var errors = await validator.ValidateAsync(ProxyConfigReader.ReadFile(path, null));
                    if (errors.Count == 0) loaded++; else refused++;
                }
                catch (ProxyConfigException e)
                {
                    refused++;
                    Assert.True(e.Errors.Count > 0 && e.Errors.All(x => x.Contains(path, StringComparison.Ordinal)), $"{name}: {e.Message}");
                }
                catch (Exception e)
                {
                    Assert.Fail($"{name}: {e.GetType().Name}: {e.Message}\n--- input ---\n{text}");
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
        output.WriteLine(FuzzReport.Record("gateway proxy config", cases, loaded, refused));
    }
}
