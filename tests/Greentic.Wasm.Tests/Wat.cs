using System.Diagnostics;

namespace Greentic.Wasm.Tests;

/// <summary>Compiles WebAssembly text with wabt's wat2wasm (installed with wast2json) for readable tests.</summary>
internal static class Wat
{
    public static byte[] ToWasm(string wat)
    {
        var dir = Path.Combine(Path.GetTempPath(), "greentic-wasm-wat", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var src = Path.Combine(dir, "m.wat");
            var dst = Path.Combine(dir, "m.wasm");
            File.WriteAllText(src, wat);
            var psi = new ProcessStartInfo("wat2wasm") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add(src);
            psi.ArgumentList.Add("-o");
            psi.ArgumentList.Add(dst);
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"wat2wasm failed: {err}");
            return File.ReadAllBytes(dst);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static Instance Instantiate(string wat, Engine? engine = null, Store? store = null, Linker? linker = null)
    {
        engine ??= store?.Engine ?? new Engine();
        store ??= new Store(engine);
        linker ??= new Linker(engine);
        return linker.Instantiate(store, Module.FromBytes(engine, "test", ToWasm(wat)));
    }
}
