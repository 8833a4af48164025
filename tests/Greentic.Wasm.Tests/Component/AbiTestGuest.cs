using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>A hand-written guest for canonical ABI edge cases. Its core exports are deliberately generic, so one
/// export serves many component signatures: <c>ident</c> returns its i32 (a flat value or a return-area pointer the
/// test prepared in memory), <c>echo</c> hands any (ptr, len) back through a return area.</summary>
internal static class AbiTestGuest
{
    public const string HostApi = "test:host/api";

    public const string Source = """
        (module
          (import "test:host/api" "greet" (func $greet (param i32 i32 i32)))
          (import "test:host/api" "many" (func $many (param i32) (result i32)))
          (import "test:host/api" "variant-in" (func $variant_in (param i32 i64) (result i32)))
          (memory (export "memory") 1)
          (global $heap (mut i32) (i32.const 4096))
          (global $posts (export "post-count") (mut i32) (i32.const 0))
          (global $allocs (export "alloc-count") (mut i32) (i32.const 0))
          (func (export "cabi_realloc") (param $old i32) (param $oldsz i32) (param $align i32) (param $size i32) (result i32)
            (local $p i32)
            (global.set $allocs (i32.add (global.get $allocs) (i32.const 1)))
            (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                                   (i32.sub (i32.const 0) (local.get $align))))
            (global.set $heap (i32.add (local.get $p) (local.get $size)))
            (block $fits
              (br_if $fits (i32.le_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
              (br_if $fits (i32.ne (memory.grow (i32.add (i32.shr_u (i32.sub (global.get $heap)
                  (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1))) (i32.const -1)))
              unreachable)
            (local.get $p))
          (func (export "ident") (param i32) (result i32) (local.get 0))
          (func (export "echo") (param i32 i32) (result i32)
            (i32.store (i32.const 16) (local.get 0))
            (i32.store (i32.const 20) (local.get 1))
            (i32.const 16))
          (func (export "cabi_post_echo") (param i32)
            (global.set $posts (i32.add (global.get $posts) (i32.const 1))))
          (func (export "sum16") (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
            (local $i i32) (local $s i32)
            (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3)))
              (i32.add (i32.add (i32.add (local.get 4) (local.get 5)) (i32.add (local.get 6) (local.get 7)))
                (i32.add (i32.add (i32.add (local.get 8) (local.get 9)) (i32.add (local.get 10) (local.get 11)))
                  (i32.add (i32.add (local.get 12) (local.get 13)) (i32.add (local.get 14) (local.get 15)))))))
          ;; 17 u32 parameters do not fit flat: they arrive as one pointer to a tuple
          (func (export "sum17") (param $p i32) (result i32)
            (local $i i32) (local $s i32)
            (loop $next
              (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $next (i32.lt_u (local.get $i) (i32.const 17))))
            (local.get $s))
          ;; greet(name: string) -> string: the import writes its result into our return area at 32
          (func (export "call-greet") (param i32 i32) (result i32)
            (call $greet (local.get 0) (local.get 1) (i32.const 32))
            (i32.const 32))
          ;; many(17 x u32) -> u32: the parameters go through memory
          (func (export "call-many") (result i32)
            (local $i i32)
            (loop $fill
              (i32.store (i32.add (i32.const 64) (i32.shl (local.get $i) (i32.const 2))) (i32.add (local.get $i) (i32.const 1)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $fill (i32.lt_u (local.get $i) (i32.const 17))))
            (call $many (i32.const 64)))
          (func (export "pass-variant") (param i32 i64) (result i32)
            (call $variant_in (local.get 0) (local.get 1))))
        """;

    public static ComponentFuncType Func(WitType? result, params WitType[] ps) =>
        new(ps.Select((t, i) => new ComponentParam("p" + i, t)), result);

    /// <summary>Instantiates the guest; <paramref name="define"/> adds the host imports (unused ones get stubs).</summary>
    public static ComponentInstance Instantiate(Action<Linker>? define = null)
    {
        var engine = new Engine();
        var linker = new Linker(engine) { AllowShadowing = true };
        linker.DefineComponentFunction(HostApi, "greet", Func(WitType.String, WitType.String), (_, a) => ComponentValue.String(""));
        linker.DefineComponentFunction(HostApi, "many", Func(WitType.U32, Enumerable.Repeat(WitType.U32, 17).ToArray()), (_, _) => ComponentValue.U32(0));
        linker.DefineComponentFunction(HostApi, "variant-in", Func(WitType.U32, MixedVariant), (_, _) => ComponentValue.U32(0));
        define?.Invoke(linker);
        return ComponentInstance.Instantiate(linker, new Store(engine), Module.FromBytes(engine, "abi-guest", Wat.ToWasm(Source)));
    }

    /// <summary>A variant whose cases flatten to i32, f32, i64 and f64: its flat form joins to [i32 disc, i64].</summary>
    public static readonly WitType MixedVariant = WitType.Variant(
        ("a", WitType.U32), ("b", WitType.F32), ("c", WitType.U64), ("d", WitType.F64), ("e", null));

    public static void Poke(ComponentInstance instance, int address, params byte[] bytes) =>
        bytes.CopyTo(instance.Core.GetMemory("memory")!.GetSpan().Slice(address));

    public static void PokeI32(ComponentInstance instance, int address, params int[] values)
    {
        var mem = instance.Core.GetMemory("memory")!;
        for (int i = 0; i < values.Length; i++) mem.WriteInt32(address + 4 * i, values[i]);
    }
}
