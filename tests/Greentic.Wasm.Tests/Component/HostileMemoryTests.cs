using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>Lifting from memory a hostile guest filled with garbage: every outcome is a value or a
/// <see cref="TrapException"/>, never another exception (no index errors, no overflow, no out-of-memory).</summary>
public sealed class HostileMemoryTests
{
    private static readonly WitType[] Types =
    [
        GreenticWit.TenantCtx,
        GreenticWit.SpanContext,
        GreenticWit.SecretsGet.Result!,
        GreenticWit.StateRead.Result!,
        WitType.List(WitType.String),
        WitType.List(WitType.List(WitType.Char)),
        ProbeWit.MixedPoint,
        WitType.List(ProbeWit.Mixed),
        WitType.Tuple(WitType.Flags("a", "b"), WitType.Option(WitType.Result(WitType.String, WitType.Enum("x", "y")))),
    ];

    [Fact]
    public void GarbageMemoryLiftsToValuesOrTrapsOnly()
    {
        var g = AbiTestGuest.Instantiate();
        var memory = g.Core.GetMemory("memory")!;
        var cx = new CanonicalContext(memory, null) { MaxLiftedElements = 10_000 };
        var random = new Random(20261121);
        int values = 0, traps = 0;
        for (int round = 0; round < 400; round++)
        {
            var span = memory.GetSpan();
            random.NextBytes(span);
            // Small numbers make pointers and lengths land inside memory often enough to go deep.
            for (int i = 0; i < span.Length; i += 4)
                if (random.Next(3) == 0) BitConverter.TryWriteBytes(span[i..], random.Next(0, span.Length / 4));
            foreach (var type in Types)
            {
                long ptr = random.Next(0, span.Length) & ~(CanonicalLayout.Alignment(type) - 1);
                cx.BeginLift();
                try
                {
                    CanonicalLift.Load(cx, ptr, type);
                    values++;
                }
                catch (TrapException)
                {
                    traps++;
                }
            }
        }
        Assert.True(values > 0 && traps > 0, $"values {values}, traps {traps}: the garbage should produce both");
    }
}
