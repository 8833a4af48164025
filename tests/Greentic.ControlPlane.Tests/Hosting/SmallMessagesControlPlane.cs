using Greentic.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.Hosting;

/// <summary>A control plane with a 64 KiB message limit and the <see cref="SizedAnswerProvider"/> in process.</summary>
public sealed class SmallMessagesControlPlane : InProcessControlPlane
{
    public const int Limit = 64 * 1024;

    protected override string RoutesYaml => Routes + """

          - name: sized-inproc
            match: { provider_type: sized.answer }
            binding: { transport: inproc, target: sized.answer }
        """;

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["Greentic:ControlPlane:MaxMessageSize"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<IProvider, SizedAnswerProvider>();
    }
}
