using System.Text;
using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>The host imports of the sample provider, behaving exactly like the JS imports in
/// tests/wasm-components/run-with-jco.mjs (same secrets, same state keys, same errors, same call records).</summary>
internal sealed class SampleProviderHost
{
    private static readonly Dictionary<string, string> Secrets = new() { ["api-token"] = "s3cr3t-value-42" };

    public List<string> HostCalls { get; } = [];
    public Dictionary<string, string> State { get; } = new();

    public void Define(Linker linker)
    {
        linker.DefineComponentFunction(GreenticWit.SecretsStore, "get", GreenticWit.SecretsGet, (_, a) => SecretsGet(a[0].AsString()));
        linker.DefineComponentFunction(GreenticWit.StateStore, "read", GreenticWit.StateRead, (_, a) => StateRead(a[0].AsString(), a[1]));
        linker.DefineComponentFunction(GreenticWit.StateStore, "write", GreenticWit.StateWrite, (_, a) => StateWrite(a[0].AsString(), a[1].AsBytes(), a[2]));
        linker.DefineComponentFunction(GreenticWit.LoggerApi, "log", GreenticWit.Log, (_, a) =>
        {
            HostCalls.Add($"log span={FormatSpan(a[0])} fields={FormatPairs(a[1])} ctx={FormatCtx(a[2])}");
            return ComponentValue.Ok(ComponentValue.Enum(0));
        });
    }

    private ComponentValue SecretsGet(string key)
    {
        HostCalls.Add($"secrets.get key={key}");
        if (key == "forbidden") return ComponentValue.Err(ComponentValue.Enum(1));
        if (key.Length == 0) return ComponentValue.Err(ComponentValue.Enum(2));
        return ComponentValue.Ok(Secrets.TryGetValue(key, out var v) ? ComponentValue.Some(ComponentValue.Utf8Bytes(v)) : ComponentValue.None());
    }

    private ComponentValue StateRead(string key, ComponentValue ctx)
    {
        HostCalls.Add($"state.read key={key} ctx={FormatCtx(ctx)}");
        if (!State.TryGetValue(StateKey(key, ctx), out var v))
            return ComponentValue.Err(ComponentValue.Record(ComponentValue.String("not-found"), ComponentValue.String($"no value for {key}")));
        return ComponentValue.Ok(ComponentValue.Utf8Bytes(v));
    }

    private ComponentValue StateWrite(string key, byte[] bytes, ComponentValue ctx)
    {
        string text = Encoding.UTF8.GetString(bytes);
        HostCalls.Add($"state.write key={key} bytes={text} ctx={FormatCtx(ctx)}");
        State[StateKey(key, ctx)] = text;
        return ComponentValue.Ok(ComponentValue.Enum(0));
    }

    private static string StateKey(string key, ComponentValue ctx) => $"{(ctx.IsNone ? "_" : ctx.Payload!.Items[1].AsString())}/{key}";

    private static string Opt(ComponentValue v) => v.IsNone ? "-" : Scalar(v.Payload!);

    private static string Scalar(ComponentValue v) => v.Kind == WitKind.String ? v.AsString() : v.ToString();

    private static string FormatPairs(ComponentValue list) =>
        "[" + string.Join(";", list.Items.Select(t => $"{t.Items[0].AsString()}={t.Items[1].AsString()}")) + "]";

    private static string FormatSpan(ComponentValue s)
    {
        var f = s.Items;
        return $"{{tenant={f[0].AsString()},session-id={Opt(f[1])},flow-id={f[2].AsString()},node-id={Opt(f[3])}," +
               $"provider={f[4].AsString()},start-ms={Opt(f[5])},end-ms={Opt(f[6])}}}";
    }

    public static string FormatCtx(ComponentValue ctx)
    {
        if (ctx.IsNone) return "none";
        var f = ctx.Payload!.Items;
        var imp = f[18];
        string impersonation = imp.IsNone ? "-" : $"{{actor-id={imp.Payload!.Items[0].AsString()},reason={Opt(imp.Payload.Items[1])}}}";
        return $"{{env={f[0].AsString()},tenant={f[1].AsString()},tenant-id={f[2].AsString()},team={Opt(f[3])},team-id={Opt(f[4])}," +
               $"user={Opt(f[5])},user-id={Opt(f[6])},trace-id={Opt(f[7])},i18n-id={Opt(f[8])}," +
               $"correlation-id={Opt(f[9])},attributes={FormatPairs(f[10])},session-id={Opt(f[11])}," +
               $"flow-id={Opt(f[12])},node-id={Opt(f[13])},provider-id={Opt(f[14])},deadline-ms={Opt(f[15])}," +
               $"attempt={f[16].AsUInt64()},idempotency-key={Opt(f[17])},impersonation={impersonation}}}";
    }
}
