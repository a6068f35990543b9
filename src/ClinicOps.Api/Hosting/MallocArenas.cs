using System.Runtime.InteropServices;

namespace ClinicOps.Api.Hosting;

/// <summary>
/// Caps glibc's malloc arenas at <see cref="Cap"/> for this process (docs/decisions/0018-malloc-arena-cap.md). glibc gives
/// each new thread an arena of its own, up to eight per core; SQLite and the runtime allocate natively from whichever
/// thread-pool thread runs them, and an arena keeps the most it ever held. Uncapped, the API's native memory kept
/// growing for minutes under a steady load (the soak in bench/results.md).
/// </summary>
internal static class MallocArenas
{
    /// <summary>Two arenas: the main one and one more, so that two threads allocating at once rarely wait on each other.</summary>
    public const int Cap = 2;

    private const int ArenaMaxOption = -8; // M_ARENA_MAX in glibc's malloc.h

    /// <summary>
    /// Applies the cap unless the operator set one (<c>MALLOC_ARENA_MAX</c>, or <c>arena_max</c> in
    /// <c>GLIBC_TUNABLES</c>). Call first thing: glibc fixes its limit once a process has more than eight arenas.
    /// Does nothing off Linux or on a C library without the option (musl).
    /// </summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux()
            || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null
            || Environment.GetEnvironmentVariable("GLIBC_TUNABLES")?.Contains("arena_max", StringComparison.Ordinal) == true)
        {
            return;
        }

        try
        {
            _ = SetOption(ArenaMaxOption, Cap);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc: nothing to cap.
        }
    }

    // DllImport rather than LibraryImport, which needs unsafe code enabled for the project; the signature is blittable.
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int SetOption(int option, int value);
}
