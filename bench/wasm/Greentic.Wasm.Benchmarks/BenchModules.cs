using System.Diagnostics;
using System.Text;

namespace Greentic.Wasm.Benchmarks;

/// <summary>The modules the call and instantiation benchmarks use, assembled with wabt's wat2wasm.</summary>
public static class BenchModules
{
    public const string Calls = """
        (module
          (import "env" "inc" (func $inc (param i32) (result i32)))
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "call_host") (param $n i32) (result i32)
            (local $acc i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $acc (call $inc (local.get $acc)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))
            (local.get $acc)))
        """;

    /// <summary>About 50 KB: a memory with a data segment, a table, globals and a few hundred small functions.</summary>
    public static string FiftyKilobytes(int memoryPages = 2)
    {
        var sb = new StringBuilder("(module\n  (import \"env\" \"inc\" (func $inc (param i32) (result i32)))\n");
        sb.Append($"  (memory (export \"memory\") {memoryPages})\n  (global $g (mut i32) (i32.const 0))\n");
        sb.Append("  (data (i32.const 1024) \"").Append(string.Concat(Enumerable.Repeat("greentic-", 2000))).Append("\")\n");
        const int functions = 400;
        for (int i = 0; i < functions; i++)
        {
            sb.Append($"  (func $f{i} (export \"f{i}\") (param i32 i32) (result i32) (local i32)\n");
            sb.Append($"    (local.set 2 (i32.add (local.get 0) (i32.const {i})))\n");
            sb.Append("    (if (i32.gt_s (local.get 2) (local.get 1)) (then (local.set 2 (i32.mul (local.get 2) (i32.const 3)))) (else (local.set 2 (call $inc (local.get 2)))))\n");
            sb.Append("    (global.set $g (i32.xor (global.get $g) (local.get 2)))\n");
            sb.Append("    (i32.store (i32.and (local.get 2) (i32.const 0xfffc)) (local.get 1))\n");
            sb.Append("    (i32.add (i32.load (i32.const 1024)) (local.get 2)))\n");
        }
        sb.Append($"  (table {functions} funcref)\n  (elem (i32.const 0)");
        for (int i = 0; i < functions; i++) sb.Append($" $f{i}");
        sb.Append("))\n");
        return sb.ToString();
    }

    public static byte[] Assemble(string wat)
    {
        var dir = Directory.CreateTempSubdirectory("greentic-wasm-bench-");
        try
        {
            var src = Path.Combine(dir.FullName, "m.wat");
            var dst = Path.Combine(dir.FullName, "m.wasm");
            File.WriteAllText(src, wat);
            using var p = Process.Start(new ProcessStartInfo("wat2wasm", [src, "-o", dst]) { RedirectStandardError = true })!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("wat2wasm failed: " + err);
            return File.ReadAllBytes(dst);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
