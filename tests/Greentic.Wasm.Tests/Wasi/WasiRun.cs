using System.Text;
using Greentic.Wasm.Wasi;

namespace Greentic.Wasm.Tests.Wasi;

/// <summary>One WASI command run: what to give the guest, and how to run it in our engine or in node.</summary>
internal sealed record WasiRun(string Wasm)
{
    public string[] Args { get; init; } = [];
    public (string Key, string Value)[] Env { get; init; } = [];
    public (string Host, string Guest)[] Dirs { get; init; } = [];
    public string Stdin { get; init; } = "";

    public ToolProcess.Result InEngine()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var wasi = linker.DefineWasi(new WasiConfiguration
        {
            Arguments = [Path.GetFileName(Wasm), .. Args],
            Environment = Env.Select(e => KeyValuePair.Create(e.Key, e.Value)).ToList(),
            StandardInput = new MemoryStream(Encoding.UTF8.GetBytes(Stdin)),
            StandardOutput = stdout,
            StandardError = stderr,
            PreopenedDirectories = Dirs.Select(d => new WasiPreopenedDirectory(d.Host, d.Guest)).ToList(),
        });
        var instance = linker.Instantiate(store, Module.FromBytes(engine, "program", File.ReadAllBytes(Wasm)));
        int code = wasi.RunStart(instance);
        return new ToolProcess.Result(code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    public ToolProcess.Result InNode(string runnerScript)
    {
        var args = new List<string> { "--no-warnings", runnerScript, Wasm };
        foreach (var (k, v) in Env) args.AddRange(["--env", $"{k}={v}"]);
        foreach (var (h, g) in Dirs) args.AddRange(["--dir", $"{h}::{g}"]);
        args.Add("--");
        args.AddRange(Args);
        return ToolProcess.Run("node", args, Stdin);
    }
}
