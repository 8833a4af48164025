using System.Collections.Concurrent;
using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.Telemetry;

/// <summary>
/// A provider sidecar hosted in the test (an <see cref="InProcessSidecar"/>): answers Invoke like the sample echo
/// and keeps the request metadata of every call, so the test sees what the control plane forwarded.
/// </summary>
internal sealed class HeaderRecordingSidecar : IAsyncDisposable
{
    private readonly InProcessSidecar _sidecar;

    private HeaderRecordingSidecar(InProcessSidecar sidecar, Recorder calls)
    {
        _sidecar = sidecar;
        Calls = calls;
    }

    public string Socket => _sidecar.Socket;
    public Recorder Calls { get; }

    public static async Task<HeaderRecordingSidecar> StartAsync(string socket)
    {
        var calls = new Recorder();
        var sidecar = await InProcessSidecar.StartAsync<Service>(socket, services => services.AddSingleton(calls).AddSingleton<Service>());
        return new HeaderRecordingSidecar(sidecar, calls);
    }

    public async ValueTask DisposeAsync() => await _sidecar.DisposeAsync();

    internal sealed class Recorder
    {
        public ConcurrentQueue<(InvokeRequest Request, Metadata Headers)> Invokes { get; } = new();
    }

    private sealed class Service(Recorder recorder) : ProviderService.ProviderServiceBase
    {
        public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context)
        {
            recorder.Invokes.Enqueue((request, context.RequestHeaders));
            var output = $$"""{"ok":true,"op":"{{request.Op}}","input":{{request.InputJson.ToStringUtf8()}}}""";
            return Task.FromResult(new InvokeResponse { OutputJson = ByteString.CopyFromUtf8(output) });
        }
    }
}
