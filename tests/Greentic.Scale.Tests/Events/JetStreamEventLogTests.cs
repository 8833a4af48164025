using Greentic.ControlPlane.Events;
using Greentic.ControlPlane.Events.JetStream;
using Greentic.Scale.Tests.Support;
using Greentic.TestSupport;

namespace Greentic.Scale.Tests.Events;

/// <summary>The event log contract on a real nats-server -js.</summary>
public sealed class JetStreamEventLogTests(NatsServerFixture nats) : EventLogContract, IClassFixture<NatsServerFixture>, IAsyncDisposable
{
    private readonly List<JetStreamEventLog> _logs = [];

    protected override IEventLog Create(TimeProvider time)
    {
        var log = new JetStreamEventLog(new JetStreamOptions { Url = nats.Url }, time);
        _logs.Add(log);
        return log;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var log in _logs) await log.DisposeAsync();
    }
}
