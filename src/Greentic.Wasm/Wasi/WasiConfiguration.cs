using System.Security.Cryptography;

namespace Greentic.Wasm.Wasi;

/// <summary>A host directory visible to the guest under <see cref="GuestPath"/>.</summary>
public sealed record WasiPreopenedDirectory(string HostPath, string GuestPath, bool ReadOnly = true);

/// <summary>Fills a buffer with random bytes for <c>random_get</c>.</summary>
public delegate void WasiRandomSource(Span<byte> buffer);

/// <summary>What a WASI preview-1 guest sees: arguments, environment, stdio, preopened directories, clock and
/// randomness. Nothing of the host is visible unless it is listed here (no filesystem without a preopen).</summary>
public sealed class WasiConfiguration
{
    /// <summary>argv, including the program name as the first element.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment variables as KEY=VALUE pairs, in this order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>fd 0. Empty when null.</summary>
    public Stream? StandardInput { get; init; }

    /// <summary>fd 1. Discarded when null.</summary>
    public Stream? StandardOutput { get; init; }

    /// <summary>fd 2. Discarded when null.</summary>
    public Stream? StandardError { get; init; }

    /// <summary>Directories opened for the guest as fds 3, 4, … in this order.</summary>
    public IReadOnlyList<WasiPreopenedDirectory> PreopenedDirectories { get; init; } = [];

    /// <summary>Source of <c>clock_time_get</c> (realtime from UTC now, monotonic from the timestamp).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Source of <c>random_get</c>; a cryptographic generator by default.</summary>
    public WasiRandomSource Random { get; init; } = RandomNumberGenerator.Fill;

    /// <summary>Ends blocking waits (<c>poll_oneoff</c> sleeps) with a <see cref="TrapCode.Interrupt"/> trap, so a
    /// sleeping guest can be stopped like a running one (epoch interruption only reaches guest code).</summary>
    public CancellationToken Cancellation { get; init; }
}
